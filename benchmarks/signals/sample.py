"""Sample the lines of the hand-annotated behaviour-signal set (issue 3), reproducibly.

    python benchmarks/signals/sample.py [--data ../shared/data]

Only `split=train` records of trainable sources are sampled, so the set never leaks test data and
may ship in the repository. Strata (each line keeps its stratum in the output):

- `pj-uniform`: 300 predator + 150 decoy lines drawn uniformly from PJ train streams;
- `pj-enriched`: 300 predator lines drawn uniformly from the quarter of PJ train predator lines
  the shipped word model scores highest (a different mechanism from the signal detectors, so
  enrichment does not favour them), because behaviours such as secrecy or coercion are too rare
  in a uniform sample to measure;
- `ordinary`: 600 lines, 150 from each of chitchat, nus-sms, irc-ubuntu, irc-linux.

Each line carries up to two preceding lines of its stream as context (not annotated).
The test part is a fixed third chosen by a hash of the line id, independent of content.
Lines shorter than 2 characters are skipped. Writes `unlabelled.jsonl` beside this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

import numpy as np

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.readers import read_streams

HERE = Path(__file__).resolve().parent
SEED = 20261128
ORDINARY = ("chitchat", "nus-sms", "irc-ubuntu", "irc-linux")
CONTEXT = 2


def part_of(line_id: str) -> str:
    """A fixed third of the lines is the test part, by hash of the id (content-independent)."""
    digest = hashlib.sha256(line_id.encode()).digest()
    return "test" if digest[0] % 3 == 0 else "train"


def _candidates(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    pools: dict[str, list[dict[str, object]]] = {}
    for stream in read_streams(data_dir, split="train"):
        if stream.source == "pj":
            pool = f"pj-{stream.role}"
        elif stream.source in ORDINARY:
            pool = stream.source
        else:
            continue
        for i, text in enumerate(stream.lines):
            if len(text.strip()) < 2:
                continue
            pools.setdefault(pool, []).append(
                {
                    "id": f"{stream.id}#{i}",
                    "source": stream.source,
                    "role": stream.role,
                    "lang": stream.lang,
                    "context": list(stream.lines[max(0, i - CONTEXT) : i]),
                    "text": text,
                }
            )
    return pools


def sample(data_dir: Path) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    pools = _candidates(data_dir)
    chosen: list[dict[str, object]] = []

    def take(pool: list[dict[str, object]], n: int, stratum: str) -> None:
        taken = {row["id"] for row in chosen}
        fresh = [row for row in pool if row["id"] not in taken]
        for row in rng.sample(fresh, n):
            chosen.append({**row, "stratum": stratum})

    take(pools["pj-predator"], 300, "pj-uniform")
    take(pools["pj-decoy"], 150, "pj-uniform")
    predators = pools["pj-predator"]
    logits = Detector.load().model.message_logits([str(row["text"]) for row in predators])
    cut = float(np.quantile(logits, 0.75))
    take([row for row, z in zip(predators, logits, strict=True) if z >= cut], 300, "pj-enriched")
    for source in ORDINARY:
        take(pools[source], 150, "ordinary")
    for row in chosen:
        row["part"] = part_of(str(row["id"]))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    rows = sample(find_data_dir(args.data))
    out = HERE / "unlabelled.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} lines to {out}")


if __name__ == "__main__":
    main()
