"""How does the shipped operating point do on kinds of chat it never saw? CV on `split=train`.

    python benchmarks/transfer_cv.py [--data DIR] [--behaviour-log-ratio 0 --behaviour-log-ratio 2]
    # about 10 minutes on 2 cores

`model_cv.py --folds cross-domain` and `signals_cv.py --cross-domain` both re-choose the
warning rule on cross-domain out-of-fold scores, which no deployed model does: the shipped
detector's prior strength and rule are chosen by grouped CV (`lurewatch train`), then meet a
platform's chat. This script measures exactly that, for each behaviour log ratio given:

1. train the detector as `lurewatch train` does (grouped folds: prior strength, rule);
2. fit the line model once more under `cross_domain_folds`, so every ordinary source (and
   each offender group) is scored by a model that never saw it;
3. turn those out-of-fold logits into risks with the detector's own prior and calibration,
   apply its own rule (and behaviour boost), and report F_latency, recall, median latency
   and false warnings per source.

With `--budget`, each line also carries `budget`: what `lurewatch admin calibrate` would do
on each ordinary source as if it were a platform's own traffic (an alert budget of 0.5%,
1% and 2% of senders). Each source's authors are cut into 5 folds; the threshold is
calibrated on 4 (their transfer scores only, no labels, never below the rule's own) and
measured on the 5th, so no author is warned by a threshold its own chat helped set. At each
fold's threshold, offenders (all, out-of-fold) and decoys are measured too: what the budget
costs in detection. Sources too small for a budget (fewer than 2 / rate authors in 4
folds) say so.

With `--priors`, each line also carries `priors`: for every prior strength training chooses
among, the rule grouped CV picks with it and what that rule does under transfer. Training
picks the prior by grouped CV alone (2, though 3 and 5 come within 0.003). The rule for
acting on it was fixed before its first run (2026-11-29, stop 12), as for the other
configuration changes: another prior ships only if its transfer F_latency is at least 0.05
above the chosen prior's and its grouped CV F_latency at most 0.01 below.

With `--caps`, each line also carries `caps`: each message's logit capped at the median
ordinary logit plus c before it enters the sender's evidence (so a burst of very explicit
lines cannot carry a sender alone), recalibrated, prior and rule re-chosen by grouped CV as
training does, then applied under transfer. Same rule for acting on it, fixed before the
first run (2026-11-29, stop 12): at least +0.05 transfer F_latency over no cap, grouped CV
F_latency at most 0.01 lower.

Prints one JSON line per ratio, with `unseen_chat_rule`: the rule `choose_rule` picks on
these transfer scores (same prior and calibration, same ceilings), a stricter setting for
a platform whose chat is unlike the training sources (docs/configuration.md). The rule for
using the script to decide was fixed before its first run (2026-11-29): the behaviour boost
ships only if its transfer F_latency is at least 0.05 above the words alone and its grouped
CV F_latency at most 0.01 below (the rule `model_cv.py` states for configuration changes).
"""

from __future__ import annotations

import argparse
import copy
import json
from typing import Any

import numpy as np

from lurewatch._errors import ConfigError
from lurewatch._paths import find_data_dir
from lurewatch.engine.calibration import rule_score, threshold_for_budget
from lurewatch.engine.model import RiskModel
from lurewatch.engine.streaming import WarningRule
from lurewatch.engine.training import (
    PRIOR_STRENGTHS,
    TRAINABLE_SOURCES,
    TrainingTargets,
    _class_weights,
    behaviour_shown,
    choose_prior_and_rule,
    choose_rule,
    cross_domain_folds,
    train_detector,
    with_behaviour,
)
from lurewatch.evaluation.protocols import _early, runs_of_curves
from lurewatch.readers import read_streams
from lurewatch.records import Stream

BUDGETS = (0.005, 0.01, 0.02)
BUDGET_FOLDS = 5


def budget_experiment(
    streams: list[Stream], curves: list[np.ndarray], rule: WarningRule
) -> dict[str, Any]:
    """Per ordinary source and budget: held-out false warnings and offenders caught."""
    runs = runs_of_curves(streams, curves)
    others = [r for r in runs if r.stream.role != "ordinary"]
    out: dict[str, Any] = {}
    for source in sorted({s.source for s in streams if s.role == "ordinary"}):
        own = [r for r in runs if r.stream.role == "ordinary" and r.stream.source == source]
        scores = np.array([rule_score(r.rule_risks, rule.k, rule.n) for r in own])
        fold = np.random.default_rng(0).permutation(len(own)) % BUDGET_FOLDS
        for rate in BUDGETS:
            try:
                thresholds = [
                    threshold_for_budget(scores[fold != f], rate, rule.threshold).threshold
                    for f in range(BUDGET_FOLDS)
                ]
            except ConfigError:
                out[f"{source}@{rate}"] = {"authors": len(own), "calibrated": False}
                continue
            results = [
                _early(others + [r for r, g in zip(own, fold, strict=True) if g == f], rule_f)
                for f, rule_f in enumerate(WarningRule(t, rule.k, rule.n) for t in thresholds)
            ]
            warned = sum(
                int(np.count_nonzero(scores[fold == f] >= t)) for f, t in enumerate(thresholds)
            )
            out[f"{source}@{rate}"] = {
                "authors": len(own),
                "calibrated": True,
                "thresholds": thresholds,
                "held_out_false_warning_rate": warned / len(own),
                "offender_recall": float(np.mean([r["recall"] for r in results])),
                "f_latency": float(np.mean([r["f_latency"] for r in results])),
                "median_latency": float(np.median([r["median_latency"] for r in results])),
                "decoys_warned": float(
                    np.mean([r["false_warning_rate_by_source"]["pj-decoy"] for r in results])
                ),
            }
    return out


def transfer(streams: list[Stream], curves: list[np.ndarray], rule: WarningRule) -> dict[str, Any]:
    """Protocol 2 of `lurewatch evaluate` on the cross-domain scores (it reads the rule's risks)."""
    found = _early(runs_of_curves(streams, curves), rule)
    return {
        "transfer_f_latency": found["f_latency"],
        "transfer_recall": found["recall"],
        "transfer_precision": found["precision"],
        "transfer_median_latency": found["median_latency"],
        "transfer_false_warning_rate": found["false_warning_rate_by_source"],
    }


def prior_experiment(
    streams: list[Stream],
    grouped: RiskModel,
    unseen: RiskModel,
    shown: list[np.ndarray],
    ratio: float,
) -> dict[str, Any]:
    """Per prior strength: the rule grouped CV chooses with it, and that rule under transfer."""
    roles, sources = [s.role for s in streams], [s.source for s in streams]
    out: dict[str, Any] = {}
    for strength in PRIOR_STRENGTHS:
        model = grouped.with_prior_strength(strength)

        def risks(logits: np.ndarray, seen: np.ndarray, model: RiskModel = model) -> np.ndarray:
            curve = model.risk_curve(logits)
            return with_behaviour(curve, seen, ratio)

        rule, record = choose_rule(
            [risks(x, b) for x, b in zip(model.oof_logits_, shown, strict=True)],
            roles,
            sources,
            TrainingTargets(),
        )
        curves = [risks(x, b) for x, b in zip(unseen.oof_logits_, shown, strict=True)]
        out[str(strength)] = {
            "rule": rule.to_dict(),
            "grouped_cv_f_latency": record["cv_f_latency"],
            **transfer(streams, curves, rule),
        }
    return out


CAPS = (2.0, 4.0, 6.0, 8.0)


def cap_experiment(streams: list[Stream], grouped: RiskModel, unseen: RiskModel) -> dict[str, Any]:
    """Per cap: prior and rule chosen by grouped CV on capped logits, then under transfer."""
    roles, sources = [s.role for s in streams], [s.source for s in streams]
    offenders = np.concatenate(
        [x for x, s in zip(grouped.oof_logits_, streams, strict=True) if s.is_predator]
    )
    out: dict[str, Any] = {
        "offender_logit_above_median_ordinary_quantiles": {
            q: float(np.quantile(offenders - grouped.prior_mean_, q)) for q in (0.5, 0.9, 0.99)
        }
    }
    for cap in CAPS:
        top = grouped.prior_mean_ + cap
        capped = copy.copy(grouped)
        capped.oof_logits_ = [np.minimum(x, top) for x in grouped.oof_logits_]
        model, rule, _, record = choose_prior_and_rule(capped, roles, sources, TrainingTargets())
        moved = [model.risk_curve(np.minimum(x, top)) for x in unseen.oof_logits_]
        out[str(cap)] = {
            "prior_strength": model.prior_strength,
            "rule": rule.to_dict(),
            "grouped_cv_f_latency": record["cv_f_latency"],
            **transfer(streams, moved, rule),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--behaviour-log-ratio", type=float, action="append")
    parser.add_argument("--budget", action="store_true", help="Also run the alert-budget test.")
    parser.add_argument("--priors", action="store_true", help="Also compare prior strengths.")
    parser.add_argument("--caps", action="store_true", help="Also try capped message logits.")
    args = parser.parse_args()
    ratios = args.behaviour_log_ratio or [0.0, 2.0]
    streams = list(read_streams(find_data_dir(args.data), split="train", sources=TRAINABLE_SOURCES))
    unseen = RiskModel()
    unseen.fit(
        [s.lines for s in streams],
        np.array([int(s.role == "predator") for s in streams]),
        sample_weight=_class_weights(streams, TrainingTargets().decoy_weight),
        groups=cross_domain_folds(streams, unseen.cv),
    )
    shown = [behaviour_shown(s.lines) for s in streams]
    for ratio in ratios:
        detector = train_detector(streams, targets=TrainingTargets(behaviour_log_ratio=ratio))
        shipped = detector.model
        curves = [
            with_behaviour(
                shipped.risk_curve(logits),
                seen,
                detector.behaviour_log_ratio,
            )
            for logits, seen in zip(unseen.oof_logits_, shown, strict=True)
        ]
        record: dict[str, Any] = {
            "behaviour_log_ratio": ratio,
            "prior_strength": shipped.prior_strength,
            "rule": detector.rule.to_dict(),
            "grouped_cv_f_latency": detector.training["warning_rule"]["cv_f_latency"],
            **transfer(streams, curves, detector.rule),
            "unseen_chat_rule": choose_rule(
                curves, [s.role for s in streams], [s.source for s in streams], TrainingTargets()
            )[1],
        }
        if args.budget:
            record["budget"] = budget_experiment(streams, curves, detector.rule)
        if args.priors:
            record["priors"] = prior_experiment(streams, shipped, unseen, shown, ratio)
        if args.caps:
            record["caps"] = cap_experiment(streams, shipped, unseen)
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
