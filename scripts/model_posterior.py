"""Add the training posterior to a model saved before lurewatch kept it; weights unchanged.

    python scripts/model_posterior.py [--model DIR] [--data DIR]   # default: the shipped model

`lurewatch adapt` fine-tunes a model held by a Laplace approximation of its training
objective, its curvature and offender anchors (`RiskModel.fine_tuned`); `lurewatch train`
saves them since they exist. For an older model this recomputes them from the data the
weights were fitted on (`split=train` of the trainable sources, weighted as `train_detector`
weighs them) at the saved weights, which stay as they were, so every figure measured with
the model still holds. Refuses a model trained on other data (such as moderators' labels),
whose training streams it cannot rebuild.
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector, default_model_dir
from lurewatch.engine.training import TRAINABLE_SOURCES, _class_weights
from lurewatch.readers import read_streams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="Model directory (default: shipped).")
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    path = args.model or default_model_dir()
    detector = Detector.load(path)
    record = detector.training
    streams = list(
        tqdm(
            read_streams(find_data_dir(args.data), split="train", sources=TRAINABLE_SOURCES),
            desc="reading train streams",
            unit=" streams",
        )
    )
    roles = {r: sum(s.role == r for s in streams) for r in sorted({s.role for s in streams})}
    if record.get("sources") != sorted(TRAINABLE_SOURCES) or record.get("by_role") != roles:
        sys.exit(
            f"{path} was trained on {record.get('sources')} {record.get('by_role')}, not on "
            f"these streams ({roles}): retrain it with `lurewatch train` instead"
        )
    weights = _class_weights(streams, float(record["decoy_weight"]))
    labels = [int(s.role == "predator") for s in streams]
    detector.model.fit_posterior([s.lines for s in streams], labels, sample_weight=weights)
    record["posterior"] = "added at the saved weights by scripts/model_posterior.py"
    detector.save(path)  # weights.npz as it was, and posterior.npz
    print(f"curvature and anchors added to {path}")


if __name__ == "__main__":
    main()
