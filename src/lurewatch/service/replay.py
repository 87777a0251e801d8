"""Replaying a platform's stored messages through a fresh scorer, as ingest scored them.

What `admin calibrate` (a threshold from the platform's own traffic) and `db rescore` (every
stored score recomputed with a new model) share: the messages a page at a time, each page
read in its own short transaction (a long replay never holds one open: on SQLite that would
keep the WAL from being checkpointed while `serve` writes), and scored in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from sqlalchemy import Connection, select

from ..engine.streaming import ScoreUpdate, StreamingScorer
from ..records import Message
from .ingest import SenderContext, score_in_order
from .store.database import Database
from .store.schema import messages, senders

__all__ = ["BATCH", "PAGE", "Progress", "Stored", "declared_minors", "pages", "replay"]

BATCH = 2000  # messages scored together
PAGE = 500  # conversations (or senders) read per transaction
Progress = Callable[[int], None]  # called with the number of messages just replayed


class Stored(NamedTuple):
    """A stored message, and whether ingest knew its sender as a minor when it arrived
    (`messages.sender_minor`; None: stored before that was recorded)."""

    message: Message
    sender_minor: bool | None


def declared_minors(conn: Connection, platform_id: str) -> set[str]:
    """Senders whose declared age or age band, as stored now, says they are minors: how
    `replay` counts messages stored without `sender_minor`."""
    query = select(senders.c.sender_id, senders.c.declared_age, senders.c.age_band).where(
        senders.c.platform_id == platform_id
    )
    return {
        row.sender_id
        for row in conn.execute(query)
        if SenderContext(row.declared_age, row.age_band).minor
    }


def pages(
    database: Database, platform_id: str, by: Any = messages.c.conversation_id
) -> Iterator[list[Stored]]:
    """The platform's messages, PAGE values of `by` (a conversation, or a sender, whose
    states depend only on their own messages) at a time, each page in arrival order."""
    after = ""
    while True:
        with database.read() as conn:
            keys = list(
                conn.execute(
                    select(by)
                    .where(messages.c.platform_id == platform_id, by > after)
                    .group_by(by)
                    .order_by(by)
                    .limit(PAGE)
                ).scalars()
            )
            if not keys:
                return
            rows = conn.execute(
                select(
                    messages.c.conversation_id,
                    messages.c.message_id,
                    messages.c.sender_id,
                    messages.c.text,
                    messages.c.sent_at,
                    messages.c.sender_minor,
                )
                .where(messages.c.platform_id == platform_id, by.in_(keys))
                .order_by(messages.c.seq)
            ).all()
        yield [
            Stored(
                Message(
                    r.conversation_id, r.message_id, r.sender_id, r.text, r.sent_at.isoformat()
                ),
                r.sender_minor,
            )
            for r in rows
        ]
        after = keys[-1]


def replay(
    scorer: StreamingScorer, page: list[Stored], minors: set[str], progress: Progress | None
) -> list[ScoreUpdate]:
    """Score a page, BATCH messages at a time; the update of each of its messages. A sender
    is marked a minor in a conversation from the first of their messages there that ingest
    stored knowing them as one (`sender_minor`), and stays one, as in ingest: a later
    adult age does not unmark them. In messages stored without it (before migration 0006)
    `minors`, the declared minors as stored now, count from their first message on."""
    updates: list[ScoreUpdate] = []
    for start in range(0, len(page), BATCH):
        batch = page[start : start + BATCH]
        minor_at = [m.sender_id in minors if known is None else known for m, known in batch]
        updates += score_in_order(scorer, [m for m, _ in batch], minor_at)
        if progress:
            progress(len(batch))
    return updates
