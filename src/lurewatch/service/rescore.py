"""`lurewatch db rescore`: recompute every stored score with the model being served.

See `service.scoring_model` for why scores of two models must not mix. Alerts are left as
they are: they record what a model said when it raised them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from ..engine.detector import Detector
from ..engine.streaming import ScoreUpdate, SenderState, StreamingScorer
from .ingest import level_for, rule_for
from .replay import Progress, declared_minors, pages, replay
from .scoring_model import record, recorded, version_of
from .store.database import Database, executemany
from .store.schema import conversations, messages, senders
from .tenants import Platform, list_platforms

__all__ = ["Rescore", "rescore"]


@dataclass(frozen=True)
class Rescore:
    """What `rescore` did."""

    previous: str | None  # the recorded model's version, if any
    current: str
    platforms: int
    conversations: int
    senders: int
    messages: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rescore(
    database: Database,
    detector: Detector,
    model_dir: str | None,
    progress: Progress | None = None,
) -> Rescore:
    """Recompute every stored score with `detector`, as if it had scored all along.

    Each platform's messages are replayed with its warning rule and declared minors (a
    sender's declared age counts from their first message on, as `admin calibrate`
    replays them): conversations a page at a time (a conversation's states depend only on
    its own messages), then senders a page at a time (a sender's overall state only on
    theirs). The store first records the re-score as under way, so every server refuses
    batches until it has finished; each page commits on its own; the model is recorded as
    the scores' after the last page, so an interrupted re-score leaves `serve` refusing
    until it is run again. Stop the servers before: they would only answer 503 meanwhile.
    """
    fingerprint = detector.fingerprint()
    with database.transaction() as conn:  # from here on, no server ingests (`verify`)
        doc = recorded(conn)
        tenants = [platform for platform, _ in list_platforms(conn)]
        record(conn, fingerprint, model_dir, rescoring=True)
    counts = {"conversations": 0, "senders": 0, "messages": 0}
    for platform in tenants:
        with database.read() as conn:
            minors = declared_minors(conn, platform.id)
        scorer = detector.scorer(rule_for(detector, platform.settings))
        for page in pages(database, platform.id):
            updates = dict(
                zip(
                    (m.message_id for m in page),
                    replay(scorer, page, minors, progress),
                    strict=True,
                )
            )
            with database.transaction() as conn:
                _save_conversations(conn, platform, scorer, updates)
            counts["messages"] += len(page)
            counts["conversations"] += len(scorer.conversations)
            scorer.forget(list(scorer.conversations), list(scorer.senders))
        for page in pages(database, platform.id, messages.c.sender_id):
            replay(scorer, page, minors, None)  # the senders' overall states
            with database.transaction() as conn:
                _save_senders(conn, platform.id, scorer)
            counts["senders"] += len(scorer.senders)
            scorer.forget(list(scorer.conversations), list(scorer.senders))
        with database.transaction() as conn:  # senders left without any stored message
            conn.execute(
                update(senders)
                .where(
                    senders.c.platform_id == platform.id,
                    ~senders.c.sender_id.in_(
                        select(messages.c.sender_id).where(messages.c.platform_id == platform.id)
                    ),
                )
                .values(state=SenderState().to_dict(), risk=0.0, version=senders.c.version + 1)
            )
    with database.transaction() as conn:
        record(conn, fingerprint, model_dir)
    return Rescore(
        previous=None
        if doc is None
        else f"{doc['version']}{' (an unfinished re-score)' if doc.get('rescoring') else ''}",
        current=version_of(fingerprint),
        platforms=len(tenants),
        **counts,
    )


def _save_conversations(
    conn: Connection,
    platform: Platform,
    scorer: StreamingScorer,
    updates: dict[str, ScoreUpdate],
) -> None:
    """Rewrite the page's conversations and the scores stored with each of its messages."""
    last: dict[str, ScoreUpdate] = {}
    for u in updates.values():  # in arrival order: the last one of each conversation wins
        last[u.conversation_id] = u
    table = conversations
    executemany(
        conn,
        update(table)
        .where(table.c.platform_id == platform.id, table.c.conversation_id == bindparam("b_id"))
        .values(
            {
                **{name: bindparam(name) for name in _CONVERSATION_COLUMNS},
                "version": table.c.version + 1,
            }
        ),
        [
            {
                "b_id": cid,
                "state": scorer.conversation_state(cid),
                "risk": u.conversation_risk,
                "level": level_for(u.conversation_risk, platform.settings),
                "warning": u.warning,
                "warned_message_id": scorer.warned.get(cid),
            }
            for cid, u in last.items()
        ],
    )
    executemany(
        conn,
        update(messages)
        .where(messages.c.platform_id == platform.id, messages.c.message_id == bindparam("b_id"))
        .values({name: bindparam(name) for name in _MESSAGE_COLUMNS}),
        [
            {
                "b_id": message_id,
                "sender_risk": u.sender_risk,
                "conversation_risk": u.conversation_risk,
                "labels": [[g.label, g.start, g.end, g.confidence] for g in u.signals] or None,
            }
            for message_id, u in updates.items()
        ],
    )


def _save_senders(conn: Connection, platform_id: str, scorer: StreamingScorer) -> None:
    table = senders
    executemany(
        conn,
        update(table)
        .where(table.c.platform_id == platform_id, table.c.sender_id == bindparam("b_id"))
        .values(state=bindparam("state"), risk=bindparam("risk"), version=table.c.version + 1),
        [
            {"b_id": sid, "state": state, "risk": state["risk"]}
            for sid, state in ((sid, scorer.sender_state(sid)) for sid in scorer.senders)
        ],
    )


_CONVERSATION_COLUMNS = ("state", "risk", "level", "warning", "warned_message_id")
_MESSAGE_COLUMNS = ("sender_risk", "conversation_risk", "labels")
