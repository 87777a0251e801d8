"""Replaying a platform's stored messages through a fresh scorer, as ingest scored them.

What `admin calibrate` (a threshold from the platform's own traffic) and `db rescore` (every
stored score recomputed with a new model) share: the messages a page at a time, each page
read in its own short transaction (a long replay never holds one open: on SQLite that would
keep the WAL from being checkpointed while `serve` writes), and scored in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, select

from ..engine.streaming import ScoreUpdate, StreamingScorer
from ..records import Message
from .ingest import SenderContext, score_in_order
from .store.database import Database
from .store.schema import messages, senders

__all__ = ["BATCH", "PAGE", "Progress", "declared_minors", "pages", "replay"]

BATCH = 2000  # messages scored together
PAGE = 500  # conversations (or senders) read per transaction
Progress = Callable[[int], None]  # called with the number of messages just replayed


def declared_minors(conn: Connection, platform_id: str) -> set[str]:
    """Senders whose declared age or age band says they are minors."""
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
) -> Iterator[list[Message]]:
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
                )
                .where(messages.c.platform_id == platform_id, by.in_(keys))
                .order_by(messages.c.seq)
            ).all()
        yield [
            Message(r.conversation_id, r.message_id, r.sender_id, r.text, r.sent_at.isoformat())
            for r in rows
        ]
        after = keys[-1]


def replay(
    scorer: StreamingScorer, page: list[Message], minors: set[str], progress: Progress | None
) -> list[ScoreUpdate]:
    """Score a page, BATCH messages at a time; the update of each of its messages. Declared
    minors count from their first message in each conversation, as in ingest (which knew
    them from then on where the platform sent their age with it or before)."""
    updates: list[ScoreUpdate] = []
    for start in range(0, len(page), BATCH):
        batch = page[start : start + BATCH]
        updates += score_in_order(scorer, batch, [m.sender_id in minors for m in batch])
        if progress:
            progress(len(batch))
    return updates
