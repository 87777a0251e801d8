"""Fit a platform's warning threshold to its own traffic: `lurewatch admin calibrate`.

Replays every stored message of the platform through a fresh scorer (the detector and the
platform's warning rule, as ingest would score them today), keeps each conversation's and
each sender's rule score (`engine.calibration`), and proposes the lowest threshold, never
below the detector's own, that would have warned at most `max_rate` of the platform's
senders and alerted at most `max_rate` of its conversations. No label is needed: grooming
is rare among senders, so nearly all of them are ordinary. Senders and conversations that
moderators labelled grooming are left out of the shares and reported apart: how many of the
platform's confirmed cases the proposed threshold still catches is the price it costs.

Conversations are replayed a page at a time (`service.replay`; a pair's risk depends only
on its own conversation), so memory holds one page of messages and a score per sender.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from .._errors import ConfigError
from ..engine.calibration import Budget, pair_scores, share_warned, threshold_for_budget
from ..engine.detector import Detector
from ..engine.streaming import WarningRule
from . import audit
from .ingest import rule_for
from .replay import Progress, declared_minors, pages, replay
from .store.database import Database
from .store.schema import labels
from .tenants import Platform, find_platform, save_platform_settings

__all__ = ["OPTION_RATES", "Calibration", "Outcome", "apply_calibration", "calibrate"]

# Budgets shown side by side, so one replay shows what each would cost.
OPTION_RATES = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05)


@dataclass(frozen=True)
class Outcome:
    """What one threshold would do on this traffic."""

    threshold: float
    senders_rate: float  # share of ordinary senders it warns
    conversations_rate: float  # share of ordinary conversations it alerts on
    confirmed_warned: int  # senders moderators confirmed as grooming that it still warns
    max_rate: float | None = None  # the budget that set it (None: the threshold in force)


@dataclass(frozen=True)
class Calibration:
    """What a platform's own traffic says about its warning threshold."""

    platform_id: str
    max_rate: float
    k: int
    n: int
    model_threshold: float  # the detector's, chosen by cross-validation: the floor
    messages: int
    senders: Budget  # the budget on ordinary senders alone
    conversations: Budget  # ... on ordinary conversations alone (proposed: the stricter)
    confirmed_senders: int  # senders moderators confirmed as grooming (left out of shares)
    current: Outcome  # the threshold in force (the platform's setting, or the model's)
    proposed: Outcome  # the budget's
    options: tuple[Outcome, ...]  # every budget of OPTION_RATES this traffic can hold

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _confirmed(conn: Connection, platform_id: str) -> tuple[set[str], set[str]]:
    """Senders whose latest label is grooming, and the conversations they were judged in."""
    latest: dict[tuple[str, str], str] = {}
    for row in conn.execute(
        select(labels.c.conversation_id, labels.c.sender_id, labels.c.label)
        .where(labels.c.platform_id == platform_id)
        .order_by(labels.c.id)
    ):
        latest[(row.conversation_id, row.sender_id)] = row.label
    pairs = [pair for pair, label in latest.items() if label == "grooming"]
    return {s for _, s in pairs}, {c for c, _ in pairs}


def _replay(
    database: Database,
    detector: Detector,
    platform_id: str,
    rule: WarningRule,
    progress: Progress | None,
) -> tuple[int, dict[str, float], dict[str, float]]:
    """Rule scores of every conversation and every sender (the max over their pairs)."""
    with database.read() as conn:
        minors = declared_minors(conn, platform_id)
    scorer = detector.scorer(rule)
    by_conversation: dict[str, float] = {}
    by_sender: dict[str, float] = defaultdict(float)
    replayed = 0
    for page in pages(database, platform_id):
        updates = replay(scorer, page, minors, progress)
        # A page holds whole conversations: every pair's series is complete.
        for (cid, sid), score in pair_scores(updates, rule.k, rule.n).items():
            by_conversation[cid] = max(by_conversation.get(cid, 0.0), score)
            by_sender[sid] = max(by_sender[sid], score)
        scorer.forget(list(scorer.conversations), list(scorer.senders))
        replayed += len(page)
    return replayed, by_conversation, dict(by_sender)


def calibrate(
    database: Database,
    detector: Detector,
    platform: Platform,
    max_rate: float = 0.005,
    progress: Progress | None = None,
) -> Calibration:
    """Propose the platform's warning threshold from its stored traffic (changes nothing)."""
    rule = rule_for(detector, platform.settings)
    with database.read() as conn:
        confirmed_senders, confirmed_conversations = _confirmed(conn, platform.id)
    replayed, by_conversation, by_sender = _replay(database, detector, platform.id, rule, progress)
    ordinary_senders = np.array([s for sid, s in by_sender.items() if sid not in confirmed_senders])
    ordinary_conversations = np.array(
        [s for cid, s in by_conversation.items() if cid not in confirmed_conversations]
    )
    floor = detector.rule.threshold
    confirmed = np.array([s for sid, s in by_sender.items() if sid in confirmed_senders])

    def budgets(rate: float) -> tuple[Budget, Budget, float]:
        """Each unit's budget at `rate`, and the threshold holding both."""
        on_senders = threshold_for_budget(ordinary_senders, rate, floor)
        on_conversations = threshold_for_budget(ordinary_conversations, rate, floor)
        return on_senders, on_conversations, max(on_senders.threshold, on_conversations.threshold)

    def outcome(threshold: float, rate: float | None) -> Outcome:
        return Outcome(
            threshold,
            share_warned(ordinary_senders, threshold),
            share_warned(ordinary_conversations, threshold),
            int(np.count_nonzero(confirmed >= threshold)),
            rate,
        )

    by_senders, by_conversations, proposed = budgets(max_rate)
    options = []
    for rate in OPTION_RATES:
        try:
            options.append(outcome(budgets(rate)[2], rate))
        except ConfigError:  # too little traffic for this budget
            continue
    return Calibration(
        platform_id=platform.id,
        max_rate=max_rate,
        k=rule.k,
        n=rule.n,
        model_threshold=floor,
        messages=replayed,
        senders=by_senders,
        conversations=by_conversations,
        confirmed_senders=len(confirmed),
        current=outcome(rule.threshold, None),
        proposed=outcome(proposed, max_rate),
        options=tuple(options),
    )


def apply_calibration(
    conn: Connection, result: Calibration, actor: str, ip: str | None = None
) -> None:
    """Save the proposed threshold as the platform's `warning_threshold`, and audit it."""
    current = find_platform(conn, result.platform_id, for_update=True)
    changed = current.settings.model_copy(update={"warning_threshold": result.proposed.threshold})
    save_platform_settings(conn, result.platform_id, changed)
    audit.record(
        conn,
        actor,
        "settings.calibrate",
        f"platform:{result.platform_id}",
        {"max_rate": result.max_rate, "warning_threshold": result.proposed.threshold},
        ip=ip,
    )
