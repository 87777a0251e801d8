"""Where a conversation's scoring state lives in the store.

Most conversations have two or three participants, and their whole state is one JSON value
(`conversations.state`), written with each batch. Written that way, a room of thousands of
participants would cost megabytes per message. So once a conversation has more than
SPILL_AT participants, each participant's state becomes a row of `participant_states`,
written only when that participant speaks (a message changes its sender's state and the
conversation's own, nothing else), and `conversations.state` keeps the rest, with
`pairs_in_rows` set. It stays so for the conversation's life.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from ..engine.streaming import StreamingScorer
from .store.database import executemany
from .store.schema import participant_states

__all__ = [
    "SPILL_AT",
    "Stored",
    "ranked",
    "riskiest",
    "stored_form",
    "whole_state",
    "with_participants",
    "write_rows",
]

SPILL_AT = 48  # participants a conversation's own JSON value holds; beyond, rows
CHUNK = 500  # conversation ids per IN (...) query


class Stored(NamedTuple):
    """What to write for one conversation: its `state` and `pairs_in_rows` columns, and the
    participants whose rows must be written (as `participant_states` row values)."""

    state: dict[str, Any]
    pairs_in_rows: bool
    rows: list[dict[str, Any]]


def stored_form(
    scorer: StreamingScorer, conversation_id: str, in_rows: bool, speakers: Iterable[str]
) -> Stored:
    """How to store `conversation_id`'s state after a batch in which `speakers` spoke.

    `in_rows`: whether the store keeps its participants as rows already. When it does, only
    the speakers' rows changed; when it first goes over SPILL_AT, every participant's is
    written.
    """
    participants = scorer.conversations.get(conversation_id, {})
    if not in_rows and len(participants) <= SPILL_AT:
        return Stored(scorer.conversation_state(conversation_id), False, [])
    who = sorted(speakers) if in_rows else sorted(participants)
    rows = [
        {
            "conversation_id": conversation_id,
            "sender_id": sender,
            "state": scorer.participant_state(conversation_id, sender),
        }
        for sender in who
    ]
    return Stored(scorer.conversation_state(conversation_id, pairs=False), True, rows)


def write_rows(conn: Connection, platform_id: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace participant rows (after their conversations' rows exist)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = participant_states
    statement = dialect.insert(table).values(
        platform_id=platform_id,
        conversation_id=bindparam("conversation_id"),
        sender_id=bindparam("sender_id"),
        state=bindparam("state", type_=table.c.state.type),
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.platform_id, table.c.conversation_id, table.c.sender_id],
        set_={"state": statement.excluded.state},
    )
    executemany(conn, statement, rows)


def with_participants(
    conn: Connection, platform_id: str, states: dict[str, dict[str, Any]], in_rows: set[str]
) -> dict[str, dict[str, Any]]:
    """`states` (conversation id -> stored `state`) made whole: the participants of those
    in `in_rows` read from their rows."""
    table = participant_states
    spilled = sorted(cid for cid in states if cid in in_rows)
    pairs: dict[str, dict[str, Any]] = {cid: {} for cid in spilled}
    for start in range(0, len(spilled), CHUNK):
        query = select(table.c.conversation_id, table.c.sender_id, table.c.state).where(
            table.c.platform_id == platform_id,
            table.c.conversation_id.in_(spilled[start : start + CHUNK]),
        )
        # in a fixed order, so that two reads of a room give its participants alike
        query = query.order_by(table.c.conversation_id, table.c.sender_id)
        for cid, sender, state in conn.execute(query):
            pairs[cid][sender] = state
    return {
        cid: {**state, "pairs": pairs[cid]} if cid in pairs else state
        for cid, state in states.items()
    }


def whole_state(conn: Connection, platform_id: str, row: Any) -> dict[str, Any]:
    """The whole stored state of one `conversations` row (its participants read from their
    rows when it keeps them so)."""
    cid = row.conversation_id
    in_rows = {cid} if row.pairs_in_rows else set()
    return with_participants(conn, platform_id, {cid: row.state}, in_rows)[cid]


def ranked(risks: dict[str, float], count: int) -> list[str]:
    """The `count` riskiest participants, riskiest first; of equal risks the greatest id
    first, as the scorer's conversation risk picks them, so that the answer does not depend
    on the order the participants were read in (spoken, or from their rows)."""
    return heapq.nlargest(count, risks, key=lambda sender: (risks[sender], sender))


def riskiest(risks: dict[str, float]) -> str:
    """The participant with the highest risk (`ranked`'s first)."""
    (first,) = ranked(risks, 1)
    return first
