"""`lurewatch db rescore`: recompute every stored score with the model being served; and
`lurewatch admin set-model`: give one platform a model of its own and re-score its scores.

See `service.scoring_model` for why scores of two models must not mix. Alerts are left as
they are: they record what a model said when it raised them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from ..engine.detector import Detector
from ..engine.streaming import ScoreUpdate, SenderState, StreamingScorer
from .conversation_states import stored_form, write_rows
from .ingest import level_for, rule_for, stored_labels
from .replay import Progress, declared_minors, pages, replay
from .scoring_model import check_own_labels, forget, record, recorded, version_of
from .store.database import Database, executemany
from .store.schema import conversations, messages, platforms, senders
from .tenants import Platform, find_platform, list_platforms

__all__ = ["Rescore", "rescore", "set_model"]


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
    """Recompute every stored score with `detector`, as if it had scored all along (the
    scores of platforms with a model of their own excepted: `set_model`).

    Each platform's messages are replayed with its warning rule, declared minors marked
    from the message on which ingest knew them (`replay`; in messages stored before
    migration 0006, from their first message, by the age stored now): conversations a page
    at a time (a conversation's states depend only on its own messages), then senders a
    page at a time (a sender's overall state only on theirs). The store first records the
    re-score as under way, so every server refuses batches until it has finished; each page
    commits on its own; the model is recorded as the scores' after the last page, so an
    interrupted re-score leaves `serve` refusing until it is run again. Stop the servers
    before: they would only answer 503 meanwhile.
    """
    fingerprint = detector.fingerprint()
    with database.transaction() as conn:  # from here on, no server ingests (`verify`)
        doc = recorded(conn)
        tenants = [p for p, _ in list_platforms(conn) if p.model_dir is None]
        record(conn, fingerprint, model_dir, rescoring=True)
    counts = {"conversations": 0, "senders": 0, "messages": 0}
    for platform in tenants:
        _rescore_platform(database, detector, platform, counts, progress)
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


def set_model(
    database: Database,
    name: str,
    model_dir: str | None,
    default: Detector,
    progress: Progress | None = None,
) -> Rescore:
    """Give platform `name` a model of its own (`model_dir`), or with None the deployment's
    (`default`) again, and re-score its stored messages with it.

    As for `rescore`, the platform's record says a re-score is under way before anything
    changes, so servers refuse its batches (503) meanwhile, and an interrupted run leaves
    them refusing until it is run again; other platforms go on. Running servers need no
    restart: they read the platform's model_dir with each batch and load the model then.
    A model of its own may have learnt from no other platform's moderators' labels
    (`scoring_model.check_own_labels`): ForeignLabelsError, before anything changes.
    """
    detector = default if model_dir is None else Detector.load(model_dir)
    fingerprint = detector.fingerprint()
    with database.transaction() as conn:
        platform = find_platform(conn, name)
        if model_dir is not None:
            check_own_labels(detector, platform.name, model_dir)
        doc = recorded(conn, platform.id) or recorded(conn)
        conn.execute(
            update(platforms).where(platforms.c.id == platform.id).values(model_dir=model_dir)
        )
        record(conn, fingerprint, model_dir, rescoring=True, platform_id=platform.id)
    counts = {"conversations": 0, "senders": 0, "messages": 0}
    _rescore_platform(database, detector, platform, counts, progress)
    with database.transaction() as conn:
        if model_dir is None:
            forget(conn, platform.id)  # its scores are the deployment's model's again
        else:
            record(conn, fingerprint, model_dir, platform_id=platform.id)
    return Rescore(
        previous=None if doc is None else doc["version"],
        current=version_of(fingerprint),
        platforms=1,
        **counts,
    )


def _rescore_platform(
    database: Database,
    detector: Detector,
    platform: Platform,
    counts: dict[str, int],
    progress: Progress | None,
) -> None:
    with database.read() as conn:
        minors = declared_minors(conn, platform.id)
    scorer = detector.scorer(rule_for(detector, platform.settings))
    for page in pages(database, platform.id):
        updates = dict(
            zip(
                (stored.message.message_id for stored in page),
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
    # Every participant's state is new: all of them are written. (A conversation never has
    # fewer participants than when it was stored, so one kept in rows stays in rows.)
    forms = {cid: stored_form(scorer, cid, False, ()) for cid in last}
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
                "state": forms[cid].state,
                "pairs_in_rows": forms[cid].pairs_in_rows,
                "risk": u.conversation_risk,
                "level": level_for(u.conversation_risk, platform.settings),
                "warning": u.warning,
                "warned_message_id": scorer.warned.get(cid),
            }
            for cid, u in last.items()
        ],
    )
    write_rows(conn, platform.id, [row for form in forms.values() for row in form.rows])
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
                "labels": stored_labels(u),
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


_CONVERSATION_COLUMNS = ("state", "pairs_in_rows", "risk", "level", "warning", "warned_message_id")
_MESSAGE_COLUMNS = ("sender_risk", "conversation_risk", "labels")
