"""Scoring speed and memory of a detector, measured in a process of its own.

    python -m lurewatch.evaluation.speed [--data DIR] [--split test] [--model DIR] [--messages N]

A separate process makes the memory number the scorer's own (not the evaluation's, which
holds whole corpora) and the load time a cold load. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np

from .._errors import LurewatchError
from .._paths import find_data_dir
from ..engine.detector import Detector
from ..readers import BadRows, read_streams
from ..records import Message

__all__ = ["main", "measure_in_subprocess", "measure_lines", "measure_speed"]

BATCH = 500


def measure_speed(detector: Detector, lines: Sequence[str]) -> dict[str, Any]:
    """Throughput through the streaming update (batches of 500) and single-message latency.

    Each scorer caches the logits of texts it has seen, as the service does, so repeated
    chat lines ("hi", "lol") are counted at their real, cached cost.
    """
    messages = [
        Message(f"c{i % 97}", str(i), f"s{i % 211}", text, None, i) for i, text in enumerate(lines)
    ]
    scorer = detector.scorer()
    start = time.perf_counter()
    for i in range(0, len(messages), BATCH):
        scorer.process(messages[i : i + BATCH])
    elapsed = time.perf_counter() - start
    single = detector.scorer()
    timings = []
    for message in messages[:2000]:
        t0 = time.perf_counter()
        single.process([message])
        timings.append((time.perf_counter() - t0) * 1000)
    return {
        "messages_per_second": len(messages) / elapsed if elapsed else None,
        "p99_update_ms": float(np.percentile(timings, 99)) if timings else None,
        "messages": len(messages),
    }


def measure_lines(data_dir: Path, split: str, count: int, skip_bad: bool = False) -> list[str]:
    """Real chat lines of `split` for speed measurements: the first 50 of each stream,
    taken from every source in turn, so that each source weighs alike (the corpus lists
    sources one after another, and their lines differ in length and in signals)."""
    by_source: dict[str, list[str]] = {}
    for stream in read_streams(data_dir, split=split, bad=BadRows() if skip_bad else None):
        by_source.setdefault(stream.source, []).extend(stream.lines[:50])
    turns = zip_longest(*by_source.values())
    return [line for turn in turns for line in turn if line is not None][:count]


def _rss_mb() -> float | None:
    """Resident memory now (Linux); the peak would count reading the corpus, not scoring."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(
    data_dir: Path,
    split: str,
    model: str | None,
    count: int,
    skip_bad: bool = False,
    warm: bool = False,
) -> dict[str, Any]:
    """Load time, speed and memory in this (fresh) process.

    The n-gram memos of each word are module-wide, shared by every scorer, and fill as
    chat is scored. With `warm`, `count` other lines of `split` are scored first, so the
    measured lines meet memos filled as a long-running service's are, not by themselves.
    """
    lines = measure_lines(data_dir, split, 2 * count if warm else count, skip_bad)
    measured, other = lines[:count], lines[count:]
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    detector = Detector.load(model)
    result: dict[str, Any] = {"model_load_seconds": time.perf_counter() - start}
    if warm:
        measure_speed(detector, other)
    result.update(measure_speed(detector, measured))
    result["rss_mb"] = _rss_mb()
    result["rss_before_load_mb"] = before
    return result


def measure_in_subprocess(
    data_dir: Path, split: str, model: str | None, count: int = 20000, *, skip_bad: bool = False
) -> dict[str, Any]:
    """The cold measurement (a fresh process, empty memos), with the warm one's speed and
    memory added as ``warm_*`` (another fresh process: the same lines, after others)."""
    result = _run(data_dir, split, model, count, skip_bad, warm=False)
    warm = _run(data_dir, split, model, count, skip_bad, warm=True)
    for key in ("messages_per_second", "p99_update_ms", "rss_mb"):
        result[f"warm_{key}"] = warm[key]
    return result


def _run(
    data_dir: Path, split: str, model: str | None, count: int, skip_bad: bool, warm: bool
) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "lurewatch.evaluation.speed",
        "--data",
        str(data_dir),
        "--split",
        split,
        "--messages",
        str(count),
    ]
    if model is not None:
        command += ["--model", model]
    if skip_bad:
        command.append("--skip-bad")
    if warm:
        command.append("--warm")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LurewatchError(f"speed measurement failed: {done.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Scoring speed and memory of a detector.")
    parser.add_argument("--data", default=None)
    parser.add_argument("--split", default="test")
    parser.add_argument("--model", default=None)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--skip-bad", action="store_true", help="skip bad corpus rows")
    parser.add_argument(
        "--warm", action="store_true", help="score as many other lines first (filled memos)"
    )
    args = parser.parse_args(argv)
    result = measure(
        find_data_dir(args.data), args.split, args.model, args.messages, args.skip_bad, args.warm
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
