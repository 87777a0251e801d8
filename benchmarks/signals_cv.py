"""Would behaviour signals help the sender warning rule? Grouped CV on `split=train` only.

    python benchmarks/signals_cv.py [--data DIR] [--cross-domain]   # about 10 minutes on 2 cores

Fits the risk model as `lurewatch train` does (3-fold grouped CV, the shipped model's prior
strength), then re-chooses the warning rule (same `choose_rule`, same ceilings) on
out-of-fold risk curves changed by the sender's behaviour signals so far, two ways:

- gate: no warning before the sender showed at least `need` distinct grooming-specific
  behaviours (age probing, personal info, secrecy, isolation, moving off-platform, image
  requests, meeting, coercion, gifts);
- boost: the risk's log-odds raised by `beta` for each distinct such behaviour (at most
  `cap`), over all of them or only the six high-severity ones;
- progression: raised by `beta` for each step of the stage progression so far beyond the
  first (`Timeline.features(...).progression`: the longest run of O'Connell's stages reached
  in order, at most `cap` steps), the feature issue 3 asks the rule to be able to use.

With `--cross-domain`, the folds are `lurewatch train --cross-domain`'s: each ordinary
source is scored by a model that never saw that kind of chat, as a platform's chat is to
the shipped model.

Prints one JSON line per variant with the CV operating point; "none" is the words alone.
`lurewatch train --behaviour-log-ratio B` trains the boost variant over specific behaviours
at most 1 (`TrainingTargets.behaviour_log_ratio`); the shipped model has it at 0 (MODEL_CARD,
"Behaviour signals in the rule?"). Signals are one-sided here (author streams): the minor +
sexual/meeting combination needs the other side and is measured by `lurewatch evaluate`
(synthetic predator+victim conversations) instead.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from numpy.typing import NDArray

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.engine.model import RiskModel
from lurewatch.engine.signals import GROOMING_SPECIFIC, HIGH_SEVERITY, Signal, Timeline, detect
from lurewatch.engine.training import (
    TRAINABLE_SOURCES,
    TrainingTargets,
    _class_weights,
    choose_rule,
    cross_domain_folds,
)
from lurewatch.readers import read_streams


def distinct_so_far(labels: list[frozenset[str]], which: frozenset[str]) -> NDArray[np.float64]:
    seen: set[str] = set()
    out = np.zeros(len(labels))
    for i, found in enumerate(labels):
        seen |= found & which
        out[i] = len(seen)
    return out


def progression_so_far(signals: list[list[Signal]]) -> NDArray[np.float64]:
    """The sender's stage progression after each of their lines."""
    timeline = Timeline()
    out = np.zeros(len(signals))
    for i, found in enumerate(signals):
        timeline.add("sender", "", found)
        out[i] = timeline.features("sender").progression if found or i == 0 else out[i - 1]
    return out


def boosted(
    curves: list[NDArray[np.float64]], counts: list[NDArray[np.float64]], beta: float, cap: int
) -> list[NDArray[np.float64]]:
    """Each curve with its log-odds raised by `beta` per count, at most `cap` counts."""
    out = []
    for c, n in zip(curves, counts, strict=True):
        p = np.clip(c, 1e-12, 1 - 1e-12)
        out.append(1 / (1 + np.exp(-(np.log(p / (1 - p)) + beta * np.minimum(n, cap)))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument(
        "--cross-domain",
        action="store_true",
        help="Score each ordinary source with a model that never saw it.",
    )
    args = parser.parse_args()
    streams = [
        s
        for s in read_streams(find_data_dir(args.data), split="train")
        if s.source in TRAINABLE_SOURCES
    ]
    roles = [s.role for s in streams]
    sources = [s.source for s in streams]
    targets = TrainingTargets()
    shipped = Detector.load().model.prior_strength
    model = RiskModel()
    model.fit(
        [s.lines for s in streams],
        np.array([int(r == "predator") for r in roles]),
        sample_weight=_class_weights(streams, targets.decoy_weight),
        groups=(
            cross_domain_folds(streams, model.cv)
            if args.cross_domain
            else [s.group for s in streams]
        ),
    )
    model = model.with_prior_strength(shipped)
    curves = [model.risk_curve(logits) for logits in model.oof_logits_]
    signals = [[detect(line) for line in s.lines] for s in streams]
    labels = [[frozenset(x.label for x in found) for found in stream] for stream in signals]

    def report(variant: dict[str, object], changed: list[NDArray[np.float64]]) -> None:
        _, record = choose_rule(changed, roles, sources, targets)
        print(json.dumps({**variant, **record}), flush=True)

    report({"variant": "none"}, curves)
    for need in (1, 2):
        gated = [
            np.where(distinct_so_far(lab, GROOMING_SPECIFIC) >= need, c, 0.0)
            for c, lab in zip(curves, labels, strict=True)
        ]
        report({"variant": "gate", "need": need}, gated)
    for name, which in (("specific", GROOMING_SPECIFIC), ("high", frozenset(HIGH_SEVERITY))):
        counts = [distinct_so_far(lab, which) for lab in labels]
        for cap in (1, 3):
            for beta in (0.5, 1.0, 2.0):
                variant = {"variant": "boost", "labels": name, "cap": cap, "beta": beta}
                report(variant, boosted(curves, counts, beta, cap))
    steps = [np.maximum(progression_so_far(stream) - 1, 0) for stream in signals]
    for cap in (1, 3):
        for beta in (0.5, 1.0, 2.0):
            variant = {"variant": "progression", "cap": cap, "beta": beta}
            report(variant, boosted(curves, steps, beta, cap))


if __name__ == "__main__":
    main()
