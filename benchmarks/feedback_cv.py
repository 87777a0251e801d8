"""Does learning from moderators' decisions cut a new platform's false alarms? Train only.

    python benchmarks/feedback_cv.py [--data DIR] [--platform chitchat] [--seed S]   # ~8 minutes

A platform whose chat the model never saw is simulated with one trainable source (chit-chat
by default), all on `split=train`:

1. the model is trained as `lurewatch train` does, without that source at all;
2. the source's conversations are cut in two by id: the platform's history and its future;
3. history is replayed through the model; every conversation it alerts on is dismissed by
   the "moderators" (there is no grooming in these sources), which is what `lurewatch
   export-labels` would write for them;
4. the model is retrained with those labels, as `lurewatch train --labels` does;
5. both models replay the future half: the share of its conversations alerted on, and the
   offenders' cross-validated recall, F_latency and median latency from each training.

For comparison, an alert budget (`lurewatch admin calibrate`, 0.5% of conversations)
calibrated on the history with the first model, measured on the future the same way, its
recall from that model's out-of-fold offender curves.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from typing import Any

import numpy as np

from lurewatch._paths import find_data_dir
from lurewatch.engine.calibration import pair_scores, threshold_for_budget
from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import WarningRule
from lurewatch.engine.training import (
    FEEDBACK_PREFIX,
    TRAINABLE_SOURCES,
    feedback_streams,
    train_detector,
)
from lurewatch.evaluation.protocols import StreamRun, _early
from lurewatch.readers import read_conversations, read_streams
from lurewatch.records import Conversation, Stream

BUDGET = 0.005


def conversation_score(detector: Detector, conv: Conversation) -> float:
    """The highest threshold at which the detector's rule would alert on the conversation."""
    rule = detector.rule
    scores = pair_scores(detector.scorer().process(conv.messages), rule.k, rule.n)
    return max(scores.values(), default=0.0)


def offenders(detector: Detector, streams: list[Stream], threshold: float) -> dict[str, Any]:
    """Protocol 2 on the model's out-of-fold curves of the training streams, at `threshold`."""
    model = detector.model
    curves = [model.risk_curve(logits) for logits in model.oof_logits_]
    runs = [StreamRun(s, c, c, None) for s, c in zip(streams, curves, strict=True)]
    rule = WarningRule(threshold, detector.rule.k, detector.rule.n)
    found = _early([r for r in runs if r.stream.role != "ordinary"], rule)
    return {k: found[k] for k in ("recall", "f_latency", "median_latency")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--platform", default="chitchat", help="Trainable source to play it.")
    parser.add_argument("--seed", default="", help="Salt of the history/future cut.")
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
    feedback = feedback_streams(dismissed)
    retrained = train_detector([*streams, *feedback])
    budget = threshold_for_budget(past, BUDGET, base.rule.threshold).threshold

    def measured(detector: Detector, threshold: float, trained_on: list[Stream]) -> dict[str, Any]:
        scores = np.array([conversation_score(detector, c) for c in future])
        return {
            "threshold": threshold,
            "future_alert_rate": float(np.mean(scores >= threshold)),
            "offenders_out_of_fold": offenders(detector, trained_on, threshold),
        }

    doc = {
        "platform": args.platform,
        "seed": args.seed,
        "history_conversations": len(history),
        "future_conversations": len(future),
        "history_alerted": len(dismissed),
        "feedback_streams": len(feedback),
        "model": measured(base, base.rule.threshold, streams),
        "alert_budget": {"max_rate": BUDGET, **measured(base, budget, streams)},
        "retrained_with_dismissals": measured(
            retrained, retrained.rule.threshold, [*streams, *feedback]
        ),
    }
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
