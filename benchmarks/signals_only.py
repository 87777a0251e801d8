"""Could behaviour signals alone warn where the word model cannot (another language, say)?

    python benchmarks/signals_only.py [--data DIR]   # about a minute; split=train only

The detectors have rules in six languages; the word model learned English. A fallback that
warns once a sender has shown at least m distinct high-severity behaviours would work in any
of them, if it told offenders from everyone else. Prints, for m = 1..4, the share of each
kind of training stream it would warn and the offenders' median warning line.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

import numpy as np

from lurewatch._paths import find_data_dir
from lurewatch.engine.signals import HIGH_SEVERITY, detect
from lurewatch.engine.training import TRAINABLE_SOURCES
from lurewatch.readers import read_streams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    streams = read_streams(find_data_dir(args.data), split="train", sources=TRAINABLE_SOURCES)
    shown: list[tuple[str, list[int]]] = []  # kind, distinct behaviours so far per line
    for stream in streams:
        seen: set[str] = set()
        counts = []
        for line in stream.lines:
            seen.update(s.label for s in detect(line) if s.label in HIGH_SEVERITY)
            counts.append(len(seen))
        shown.append((stream.role if stream.role != "ordinary" else stream.source, counts))
    for m in (1, 2, 3, 4):
        total, warned, latency = Counter[str](), Counter[str](), []
        for kind, counts in shown:
            total[kind] += 1
            at = next((i for i, c in enumerate(counts, 1) if c >= m), None)
            warned[kind] += at is not None
            if at is not None and kind == "predator":
                latency.append(at)
        print(
            json.dumps(
                {
                    "at_least": m,
                    "warned": {k: warned[k] / total[k] for k in sorted(total)},
                    "offender_median_line": float(np.median(latency)) if latency else None,
                }
            )
        )


if __name__ == "__main__":
    main()
