"""Read models: what the API returns about alerts, conversations and senders.

Every function takes the platform id and filters on it; an id of another platform's object
simply is not found.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, update

from ..engine.signals import Timeline
from ._time import aware, utcnow
from .behaviour import summarise, timeline_from
from .conversation_states import ranked, riskiest, whole_state
from .store.schema import alerts, conversations, messages, participant_states, senders

__all__ = [
    "CONVERSATIONS",
    "CONVERSATIONS_MAX",
    "OUTCOMES",
    "PARTICIPANTS",
    "PARTICIPANTS_MAX",
    "alert_document",
    "close_alert",
    "conversation_document",
    "disclosure_order",
    "get_alert",
    "list_alerts",
    "listed_participants",
    "sender_document",
]

OUTCOMES = ("dismissed", "monitored", "actioned", "reported")
HISTORY_LIMIT = 500
PARTICIPANTS = 100  # listed in a conversation's document unless asked for more
PARTICIPANTS_MAX = 10_000
CONVERSATIONS = 100  # listed in a sender's document unless asked for more
CONVERSATIONS_MAX = 10_000


def _iso(value: Any) -> str | None:
    return None if value is None else aware(value).isoformat()


def alert_document(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "sender_id": row.sender_id,
        "status": row.status,
        "outcome": row.outcome,
        "risk": row.risk,
        "level": row.level,
        "trigger_message_id": row.trigger_message_id,
        "evidence": row.evidence,
        "labels": list(row.labels),
        "model_version": row.model_version,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "closed_at": _iso(row.closed_at),
    }


def list_alerts(
    conn: Connection, platform_id: str, after: int, limit: int, status: str | None
) -> list[dict[str, Any]]:
    query = (
        select(alerts)
        .where(alerts.c.platform_id == platform_id, alerts.c.id > after)
        .order_by(alerts.c.id)
        .limit(limit)
    )
    if status is not None:
        query = query.where(alerts.c.status == status)
    return [alert_document(row) for row in conn.execute(query)]


def get_alert(conn: Connection, platform_id: str, alert_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(alerts).where(alerts.c.platform_id == platform_id, alerts.c.id == alert_id)
    ).first()
    return None if row is None else alert_document(row)


def close_alert(
    conn: Connection, platform_id: str, alert_id: int, outcome: str
) -> tuple[dict[str, Any] | None, bool]:
    """Close an open alert with the platform's outcome: the alert (None when there is no
    such alert) and whether this closed it (False: it was closed already, and keeps the
    outcome it was closed with)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    now = utcnow()
    closed = conn.execute(
        update(alerts)
        .where(
            alerts.c.platform_id == platform_id,
            alerts.c.id == alert_id,
            alerts.c.status == "open",
        )
        .values(status="closed", outcome=outcome, closed_at=now, updated_at=now)
    ).rowcount
    return get_alert(conn, platform_id, alert_id), bool(closed)


def conversation_document(
    conn: Connection, platform_id: str, conversation_id: str, participants: int = PARTICIPANTS
) -> dict[str, Any] | None:
    """The conversation as `GET /v1/conversations/{id}` returns it, with at most
    `participants` participants and their behaviour (`listed_participants`), and at most as many of
    those who said they are minors, in the order they said it: a public room's thousands
    would make a document of megabytes."""
    row = conn.execute(
        select(conversations).where(
            conversations.c.platform_id == platform_id,
            conversations.c.conversation_id == conversation_id,
        )
    ).first()
    if row is None:
        return None
    rows = conn.execute(
        select(
            messages.c.message_id,
            messages.c.sender_id,
            messages.c.sent_at,
            messages.c.sender_risk,
            messages.c.conversation_risk,
            messages.c.text,
            messages.c.labels,
        )
        .where(
            messages.c.platform_id == platform_id,
            messages.c.conversation_id == conversation_id,
        )
        .order_by(messages.c.seq)
    ).all()
    history = rows[-HISTORY_LIMIT:]
    open_alert = conn.execute(
        select(alerts.c.id).where(
            alerts.c.platform_id == platform_id,
            alerts.c.conversation_id == conversation_id,
            alerts.c.status == "open",
        )
    ).scalar()
    state = whole_state(conn, platform_id, row)
    alert_sender = (
        conn.execute(select(alerts.c.sender_id).where(alerts.c.id == open_alert)).scalar()
        if open_alert is not None
        else None
    )
    risks = {sender: pair["risk"] for sender, pair in state["pairs"].items()}
    flagged = alert_sender or (riskiest(risks) if risks else None)
    index = {r.message_id: i for i, r in enumerate(rows, 1)}
    evidence = [
        index[e[0]] for e in state["pairs"].get(flagged, {}).get("evidence", []) if e[0] in index
    ]
    timeline = timeline_from((r.sender_id, r.text, r.labels) for r in rows)
    minors = disclosure_order(state["minors"], timeline)
    shown = listed_participants(risks, participants, flagged, minors)
    behaviour = summarise(timeline, flagged, evidence, shown)
    listed = {}
    for sender in shown:
        pair = state["pairs"][sender]
        listed[sender] = {
            "risk": pair["risk"],
            "messages": pair["count"],
            "warned_at": pair["warned_at"],
            "evidence": [{"message_id": e[0], "weight": e[3]} for e in pair["evidence"]],
        }
    return {
        "conversation_id": row.conversation_id,
        "risk": row.risk,
        "level": row.level,
        "warning": row.warning,
        "warned_message_id": row.warned_message_id,
        "alert_id": open_alert,
        "message_count": row.message_count,
        "first_message_at": _iso(row.first_message_at),
        "last_message_at": _iso(row.last_message_at),
        "minors": minors[:participants],
        "minor_count": len(minors),
        "flagged_sender": flagged,
        "explanation": behaviour["explanation"],
        "participant_count": len(state["pairs"]),
        "participants": listed,
        "behaviour": behaviour["senders"],
        "risk_history": [
            {
                "message_id": h.message_id,
                "sender_id": h.sender_id,
                "sent_at": _iso(h.sent_at),
                "sender_risk": h.sender_risk,
                "conversation_risk": h.conversation_risk,
            }
            for h in history
        ],
    }


def disclosure_order(minors: Iterable[str], timeline: Timeline) -> list[str]:
    """Those who said they are minors in the order they said it; those whose words were
    purged (known from the state alone) last."""
    said = timeline.minors
    return sorted(minors, key=lambda sender: (said.get(sender, math.inf), sender))


def listed_participants(
    risks: dict[str, float], limit: int, flagged: str | None, minors: list[str]
) -> list[str]:
    """The participants a document lists, at most `limit`, in this order: the flagged one;
    those who said they are minors (at most half the places, in the order they said it),
    whom a reviewer looks for next; then the riskiest (`ranked`)."""
    chosen: dict[str, None] = {}
    if flagged in risks:
        chosen[flagged] = None
    for sender in minors:
        if len(chosen) >= max(1, limit // 2):
            break
        if sender in risks:
            chosen.setdefault(sender)
    for sender in ranked(risks, limit):
        if len(chosen) >= limit:
            break
        chosen.setdefault(sender)
    return list(chosen)


def sender_document(
    conn: Connection, platform_id: str, sender_id: str, limit: int = CONVERSATIONS
) -> dict[str, Any] | None:
    """The sender as `GET /v1/senders/{id}` returns it, with at most `limit` of their
    conversations: those with an open alert on them first, then by the conversation's risk
    (at least any participant's: a child's document shows first where they are at risk, a
    groomer's where they are risky), ties by id. Chosen by the store, which reads no
    scoring state beyond those listed: a sender may have spoken in tens of thousands."""
    row = conn.execute(
        select(senders).where(
            senders.c.platform_id == platform_id, senders.c.sender_id == sender_id
        )
    ).first()
    if row is None:
        return None
    open_alert = (  # theirs, in that conversation: at most one (uq_alerts_open_conversation)
        (alerts.c.platform_id == conversations.c.platform_id)
        & (alerts.c.conversation_id == conversations.c.conversation_id)
        & (alerts.c.sender_id == sender_id)
        & (alerts.c.status == "open")
    )
    place = func.row_number().over(
        order_by=(
            alerts.c.id.is_(None),
            conversations.c.risk.desc(),
            conversations.c.conversation_id,
        )
    )
    chosen = (  # only ids and places: the sort carries no scoring state
        select(
            conversations.c.conversation_id,
            place.label("place"),
            func.count().over().label("total"),
        )
        .select_from(conversations.outerjoin(alerts, open_alert))
        .where(
            conversations.c.platform_id == platform_id,
            conversations.c.conversation_id.in_(
                select(messages.c.conversation_id)
                .where(messages.c.platform_id == platform_id, messages.c.sender_id == sender_id)
                .distinct()
            ),
        )
        .order_by("place")
        .limit(limit)
        .subquery()
    )
    own = participant_states  # this sender's state in a conversation that keeps them as rows
    in_conversations = conn.execute(
        select(
            conversations.c.conversation_id,
            conversations.c.risk,
            conversations.c.state,
            conversations.c.pairs_in_rows,
            own.c.state.label("own"),
            chosen.c.total,
        )
        .select_from(
            chosen.join(
                conversations,
                (conversations.c.platform_id == platform_id)
                & (conversations.c.conversation_id == chosen.c.conversation_id),
            ).outerjoin(
                own,
                (own.c.platform_id == platform_id)
                & (own.c.conversation_id == chosen.c.conversation_id)
                & (own.c.sender_id == sender_id),
            )
        )
        .order_by(chosen.c.place)
    ).all()
    theirs = (
        (alerts.c.platform_id == platform_id)
        & (alerts.c.sender_id == sender_id)
        & (alerts.c.status == "open")
    )
    open_alerts = (  # as many as conversations listed, the latest first
        conn.execute(select(alerts.c.id).where(theirs).order_by(alerts.c.id.desc()).limit(limit))
        .scalars()
        .all()
    )
    open_count = len(open_alerts)
    if open_count == limit:
        open_count = conn.execute(select(func.count()).where(theirs)).scalar_one()
    return {
        "sender_id": row.sender_id,
        "risk": row.risk,
        "message_count": row.message_count,
        "declared_age": row.declared_age,
        "age_band": row.age_band,
        "account_created_at": _iso(row.account_created_at),
        "last_message_at": _iso(row.last_message_at),
        "alert_ids": list(open_alerts),
        "open_alert_count": open_count,
        "conversation_count": in_conversations[0].total if in_conversations else 0,
        "conversations": [
            {
                "conversation_id": c.conversation_id,
                "conversation_risk": c.risk,
                "sender_risk": (
                    (c.own or {}) if c.pairs_in_rows else c.state["pairs"].get(sender_id, {})
                ).get("risk"),
            }
            for c in in_conversations
        ],
    }
