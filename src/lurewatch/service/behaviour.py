"""A stored conversation's behaviour signals as the engine's timeline: who showed which
behaviour when, the stages reached, and the plain-language explanation. The API's
conversation view and the console's case view both read it from here."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..engine.signals import Signal, Timeline, explain

__all__ = ["summarise", "timeline_from"]


def timeline_from(rows: Iterable[tuple[str, str, list[Any] | None]]) -> Timeline:
    """Rebuild the timeline from (sender, text, stored labels) rows in conversation order."""
    timeline = Timeline()
    for sender, text, labels in rows:
        timeline.add(
            sender, text, [Signal(str(a), int(b), int(c), float(d)) for a, b, c, d in labels or ()]
        )
    return timeline


def summarise(
    timeline: Timeline,
    flagged: str | None,
    evidence: Collection[int],
    only: Collection[str] | None = None,
) -> dict[str, Any]:
    """Per sender (of `only`, when given): labels with the message where each first fired,
    stages in the order reached, and the minor + sexual/meeting combination; the
    explanation for `flagged`."""
    senders = {}
    minors = timeline.minors  # a copy: once, not per sender
    names = timeline.senders
    if only is not None:
        wanted = set(only)
        names = [name for name in names if name in wanted]
    for sender in names:
        features = timeline.features(sender)
        senders[sender] = {
            "labels": timeline.first_fired(sender),
            "stages": [{"stage": name, "message": index} for name, index in features.stages],
            "minor_disclosed_at": minors.get(sender),
            "heavy_combination_at": features.heavy_combination_at,
        }
    return {
        "senders": senders,
        "explanation": explain(timeline, flagged, evidence) if flagged else None,
    }
