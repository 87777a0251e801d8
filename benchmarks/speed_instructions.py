"""Instructions per message of the streaming scorer, for comparing two versions of the code
on a machine whose speed swings (a shared VM): instruction counts vary far less than time.

    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 valgrind --tool=callgrind \\
        --callgrind-out-file=/dev/null python benchmarks/speed_instructions.py N [--data DIR]

Loads the shipped detector and scores the first N ordinary lines of `split=test` (as the
speed benchmark's mix starts) in batches of 500, over 200 conversations of two participants.
Run it with N and with 0: the difference of the two "refs" counts divided by N is the cost
of a message. Point PYTHONPATH at another checkout's `src` to measure that code. One BLAS
thread: OpenBLAS's idle worker threads spin, which moves the count by about 2,500 per
message from run to run.
"""

from __future__ import annotations

import argparse

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.readers import read_streams
from lurewatch.records import Message

BATCH = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", type=int)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    lines: list[str] = []
    for stream in read_streams(find_data_dir(args.data), split="test"):
        if stream.source != "pj":
            lines.extend(stream.lines[: args.messages - len(lines)])
        if len(lines) >= args.messages:
            break
    messages = [
        Message(f"c{i % 200}", f"m{i}", f"s{i % 200}-{i // 200 % 2}", text, "")
        for i, text in enumerate(lines)
    ]
    scorer = Detector.load().scorer()
    for start in range(0, len(messages), BATCH):
        scorer.process(messages[start : start + BATCH])


if __name__ == "__main__":
    main()
