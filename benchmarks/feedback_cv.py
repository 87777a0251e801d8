"""Does learning from moderators' decisions cut a new platform's false alarms? Train only.

    python benchmarks/feedback_cv.py [--data DIR] [--platform chitchat] [--seed S]   # ~8 minutes

A platform whose chat the model never saw is simulated with one trainable source (chit-chat
by default), all on `split=train`:

1. the model is trained as `lurewatch train` does, without that source at all;
2. the source's conversations are cut in two by id: the platform's history and its future;
3. history is replayed through the model; every conversation it alerts on is dismissed by
   the "moderators" (there is no grooming in these sources): the alert's sender, whose
   warning fired first, becomes ordinary chat, the conversation's other participants are
   judged by no one and left out, which is what `lurewatch export-labels` writes for them;
4. the model is retrained with those labels, as `lurewatch train --labels` does;
5. both models replay the future half: the share of its conversations alerted on, and the
   offenders' cross-validated recall, F_latency and median latency from each training.

For comparison, an alert budget (`lurewatch admin calibrate`, 0.5% of conversations)
calibrated on the history with the first model, measured on the future the same way, its
recall from that model's out-of-fold offender curves.

And the first model adapted on the dismissed alerts alone, as `lurewatch adapt` does for a
platform without the benchmark data (`RiskModel.fine_tuned`), for each C of `--adapt-c`
and anchor weight of `--anchor-weights`. Its offenders' curves are the first model's
out-of-fold logits plus what the fine-tuning changed in each line's logit (the change was
fitted on top of the final weights, not each fold's: close, not exact). Beside each, the
first model with only its threshold raised to the same offender recall. The defaults of
`training.ADAPT_C` and `ADAPT_ANCHOR_WEIGHT` follow a rule fixed before this grid's first
run (the form of the penalty had been explored on the default cut before that): the pair
with the fewest future alerts among those whose offender recall stays within 0.03 of the
first model's (ties: the higher recall), on the default cut; `--seed 1` checks it on
another cut.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lurewatch._paths import find_data_dir
from lurewatch.engine.calibration import pair_scores, rule_score, threshold_for_budget
from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import WarningRule
from lurewatch.engine.training import (
    FEEDBACK_PREFIX,
    TRAINABLE_SOURCES,
    adapt_detector,
    feedback_streams,
    train_detector,
)
from lurewatch.evaluation.protocols import _early, runs_of_curves
from lurewatch.readers import read_conversations, read_streams
from lurewatch.records import Conversation, Stream

BUDGET = 0.005


def conversation_score(detector: Detector, conv: Conversation) -> float:
    """The highest threshold at which the detector's rule would alert on the conversation."""
    rule = detector.rule
    scores = pair_scores(detector.scorer().process(conv.messages), rule.k, rule.n)
    return max(scores.values(), default=0.0)


def alerted_sender(detector: Detector, conv: Conversation) -> str:
    """The sender an alert on the conversation names: the one whose warning fired first (as
    the service's alerts do); the conversation must be one the detector alerts on."""
    updates = detector.scorer().process(conv.messages)
    return next(u.sender_id for u in updates if u.warning_fired)


def offenders(
    detector: Detector,
    streams: list[Stream],
    threshold: float,
    logits: list[NDArray[np.float64]] | None = None,
) -> dict[str, Any]:
    """Protocol 2 on the model's out-of-fold curves of the training streams, at `threshold`
    (or on these `logits` of the streams, if given)."""
    model = detector.model
    curves = [model.risk_curve(x) for x in (model.oof_logits_ if logits is None else logits)]
    runs = runs_of_curves(streams, curves)
    rule = WarningRule(threshold, detector.rule.k, detector.rule.n)
    found = _early([r for r in runs if r.stream.role != "ordinary"], rule)
    return {k: found[k] for k in ("recall", "f_latency", "median_latency")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--platform", default="chitchat", help="Trainable source to play it.")
    parser.add_argument("--seed", default="", help="Salt of the history/future cut.")
    parser.add_argument("--adapt-c", default="30,100,300,1000", help="C values to adapt with.")
    parser.add_argument("--anchor-weights", default="0,3,10", help="Anchor weights to adapt with.")
    args = parser.parse_args()
    data = find_data_dir(args.data)
    streams = [
        s
        for s in read_streams(data, split="train", sources=TRAINABLE_SOURCES)
        if s.source != args.platform
    ]
    convs = list(read_conversations(data, split="train", sources={args.platform}))
    half = [int(hashlib.sha256((args.seed + c.id).encode()).hexdigest(), 16) % 2 for c in convs]
    history = [c for c, h in zip(convs, half, strict=True) if h == 0]
    future = [c for c, h in zip(convs, half, strict=True) if h == 1]

    base = train_detector(streams)
    past = np.array([conversation_score(base, c) for c in history])
    dismissed = [
        Conversation(c.id, c.messages, f"{FEEDBACK_PREFIX}{args.platform}", "train", c.lang)
        for c, score in zip(history, past, strict=True)
        if score >= base.rule.threshold
    ]
    # A dismissal judges the alert's sender alone, as `export-labels` writes it (`dismissed`).
    judged = {c.id: {alerted_sender(base, c)} for c in dismissed}
    feedback = feedback_streams(dismissed, judged)
    retrained = train_detector([*streams, *feedback])
    budget = threshold_for_budget(past, BUDGET, base.rule.threshold).threshold

    def future_scores(detector: Detector) -> NDArray[np.float64]:
        return np.array([conversation_score(detector, c) for c in future])

    def measured(
        detector: Detector,
        scores: NDArray[np.float64],
        threshold: float,
        trained_on: list[Stream],
        logits: list[NDArray[np.float64]] | None = None,
    ) -> dict[str, Any]:
        """The future's share alerted (from its conversation `scores`) and offenders found."""
        return {
            "threshold": threshold,
            "future_alert_rate": float(np.mean(scores >= threshold)),
            "offenders_out_of_fold": offenders(detector, trained_on, threshold, logits),
        }

    base_future = future_scores(base)  # one replay serves every threshold of the first model

    # The first model with only its threshold raised until its offender recall falls to an
    # adapted model's: what adapting buys over a stricter threshold.
    k, n = base.rule.k, base.rule.n
    reached = np.sort(
        [
            rule_score(base.model.risk_curve(x), k, n)
            for s, x in zip(streams, base.model.oof_logits_, strict=True)
            if s.role == "predator"
        ]
    )[::-1]

    def threshold_only(recall: float) -> dict[str, Any]:
        threshold = float(reached[max(0, math.ceil(recall * len(reached)) - 1)])
        return measured(base, base_future, threshold, streams)

    featurizer = base.model._featurizer()
    lines = {
        i: featurizer.transform(list(s.lines))
        for i, s in enumerate(streams)
        if s.role != "ordinary"  # protocol 2 reads offenders and decoys
    }
    adapted: dict[str, Any] = {}
    grid = [
        (float(c), float(a))
        for c in args.adapt_c.split(",")
        for a in args.anchor_weights.split(",")
    ]
    for c, a in grid:
        tuned = adapt_detector(base, feedback, C=c, anchor_weight=a)
        change = tuned.model.coef_.astype(np.float64) - base.model.coef_
        logits = [
            x + lines[i] @ change if i in lines else x for i, x in enumerate(base.model.oof_logits_)
        ]
        result = measured(tuned, future_scores(tuned), base.rule.threshold, streams, logits)
        adapted[f"C={c:g} anchors={a:g}"] = {
            "fine_tuning": tuned.model.fine_tuning_,
            **result,
            "threshold_only_at_same_recall": threshold_only(
                result["offenders_out_of_fold"]["recall"]
            ),
        }

    doc = {
        "platform": args.platform,
        "seed": args.seed,
        "history_conversations": len(history),
        "future_conversations": len(future),
        "history_alerted": len(dismissed),
        "feedback_streams": len(feedback),
        "model": measured(base, base_future, base.rule.threshold, streams),
        "alert_budget": {"max_rate": BUDGET, **measured(base, base_future, budget, streams)},
        "retrained_with_dismissals": measured(
            retrained, future_scores(retrained), retrained.rule.threshold, [*streams, *feedback]
        ),
        "adapted_on_dismissals": adapted,
    }
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
