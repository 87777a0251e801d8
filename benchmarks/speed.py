"""Scoring speed of the shipped detector on this machine: load time, throughput, p99, memory.

    python benchmarks/speed.py [--data DIR] [--messages 20000]

Reads real chat lines from split=test of the benchmark data (so the text mix is realistic)
and prints one JSON object; `lurewatch evaluate` reports the same numbers in its `speed`
section.
"""

from __future__ import annotations

import argparse
import json
import time

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.evaluation.protocols import measure_speed
from lurewatch.readers import read_streams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--messages", type=int, default=20000)
    args = parser.parse_args()
    lines: list[str] = []
    for stream in read_streams(find_data_dir(args.data), split="test"):
        lines.extend(stream.lines[:50])
        if len(lines) >= args.messages:
            break
    start = time.perf_counter()
    detector = Detector.load()
    load_seconds = time.perf_counter() - start
    print(json.dumps(measure_speed(detector, lines[: args.messages], load_seconds), indent=2))


if __name__ == "__main__":
    main()
