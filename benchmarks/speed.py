"""Scoring speed of the shipped detector on this machine: load time, throughput, p99, memory.

    python benchmarks/speed.py [--data DIR] [--split test] [--model DIR] [--messages 20000]

Reads real chat lines from the benchmark data so the text mix is realistic, and prints one
JSON object; `lurewatch evaluate` reports the same measurement in its `speed` section.
"""

from lurewatch.evaluation.speed import main

if __name__ == "__main__":
    main()
