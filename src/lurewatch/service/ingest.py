"""Accept a batch of chat messages: store it durably, score it, raise or update alerts.

Everything a batch changes (its messages, the scoring state of the conversations and senders
it touches, alerts, webhook events, the idempotency record) is written in ONE transaction, and
the answer goes out only after that transaction committed. So an acknowledged message is
stored exactly once, and a crash before the commit leaves nothing half-done: the client's
retry is processed as if for the first time, and an alert is raised exactly once.

The database is the truth for scoring state. Memory keeps the states this process wrote last
(`_HotState`), and a batch reads only the version of each row it touches: a state whose
stored version is not the one held is loaded from the store. Several processes can
therefore ingest into one PostgreSQL database (rows are locked for the transaction).

The state-free half of scoring (`score_texts`) may run before the lock is taken, in a worker
process (`TextPool`), when another batch holds it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..engine.detector import Detector
from ..engine.streaming import LABEL_BITS, ScoreUpdate, StreamingScorer, TextScore, WarningRule
from ..records import Message
from ._time import aware, utcnow
from .conversation_states import riskiest, stored_form, with_participants, write_rows
from .scoring_model import verify, version_of
from .settings import PlatformSettings
from .store.database import Database, StoreBusyError, executemany
from .store.schema import Stamp, alerts, conversations, idempotency, messages, senders
from .tenants import Platform
from .textpool import TextPool
from .views import alert_document
from .webhooks import enqueue

__all__ = [
    "IdempotencyConflict",
    "IncomingMessage",
    "IngestResult",
    "Ingestor",
    "SenderContext",
    "level_for",
    "rule_for",
    "same_message_key",
    "score_in_order",
    "stored_labels",
]

MINOR_AGE_BANDS = frozenset({"under13", "13-15", "16-17"})
CHUNK = 500  # ids per IN (...) query
MESSAGE_COLUMNS = (
    "labels",
    "platform_id",
    "message_id",
    "conversation_id",
    "sender_id",
    "recipient_ids",
    "sent_at",
    "received_at",
    "text",
    "sender_risk",
    "conversation_risk",
    "sender_minor",
)
CONFLICT_ATTEMPTS = 3  # tries of a batch that lost a unique-key race to another server
HOT_LIMIT = 200_000  # conversations (and senders) whose scoring state stays in memory


@dataclass(frozen=True, slots=True)
class SenderContext:
    declared_age: int | None = None
    age_band: str | None = None
    account_created_at: datetime | None = None

    @property
    def minor(self) -> bool:
        if self.declared_age is not None:
            return self.declared_age < 18
        return self.age_band in MINOR_AGE_BANDS


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    conversation_id: str
    message_id: str
    sender_id: str
    sent_at: datetime
    text: str
    recipient_ids: tuple[str, ...] | None = None
    sender: SenderContext | None = None


@dataclass
class IngestResult:
    """The answer to a batch, JSON-ready in `body`; `replayed` when served from idempotency."""

    body: dict[str, Any]
    accepted: int = 0
    duplicates: int = 0
    conflicts: int = 0  # ids already stored for another message: not stored
    alerts_created: int = 0
    alerts_updated: int = 0
    scoring_seconds: float = 0.0
    texts_scored_by_worker: int = 0
    replayed: bool = False


class IdempotencyConflict(Exception):
    """An Idempotency-Key was reused with a different request body."""


def level_for(risk: float, settings: PlatformSettings) -> str:
    if risk >= settings.level_critical:
        return "critical"
    if risk >= settings.level_high:
        return "high"
    if risk >= settings.level_medium:
        return "medium"
    return "low"


def rule_for(detector: Detector, settings: PlatformSettings) -> WarningRule:
    """The warning rule a platform's batches are scored with: its settings over the model's."""
    base = detector.rule
    return WarningRule(
        settings.warning_threshold if settings.warning_threshold is not None else base.threshold,
        settings.warning_k if settings.warning_k is not None else base.k,
        settings.warning_n if settings.warning_n is not None else base.n,
    )


def stored_labels(update: ScoreUpdate) -> list[list[Any]] | None:
    """A message's behaviour signals as its `labels` column holds them."""
    return [[g.label, g.start, g.end, g.confidence] for g in update.signals] or None


def same_message_key(message: Any) -> int:
    """What makes two messages sent with one `message_id` (an `IncomingMessage` or a stored
    row) the same message: their conversation, sender and text (a hash of them). The same id
    again with the same key is a repeat, a client's harmless resend, stored once; with
    another key it is another message, which an import and an API batch refuse, and which,
    against a message already stored, is answered `conflict` and not stored. Not its time,
    recipients or sender context: a resend may date or describe a message again. A 64-bit
    hash, since an import holds one for each of its messages; compared within a process only
    (two different messages read as one: odds of about 1 in 10^19 per comparison)."""
    return hash((message.conversation_id, message.sender_id, message.text))


def request_hash(batch: Sequence[IncomingMessage]) -> str:
    doc = [
        [
            m.conversation_id,
            m.message_id,
            m.sender_id,
            m.sent_at.isoformat(),
            m.text,
            m.recipient_ids,
            None
            if m.sender is None
            else [
                m.sender.declared_age,
                m.sender.age_band,
                m.sender.account_created_at and m.sender.account_created_at.isoformat(),
            ],
        ]
        for m in batch
    ]
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode()).hexdigest()


def _first_version() -> int:
    """The version of a new conversation or sender row: random, not 1. A purged row that
    another process writes anew must not look, to a process that held the old one, like the
    version it holds (it would go on from the purged messages' state)."""
    return secrets.randbelow(2**30) + 1  # the column is a 32-bit integer; room to count up


def score_in_order(
    scorer: StreamingScorer,
    batch: Sequence[Message],
    minor_at: Sequence[bool],
    known: dict[str, TextScore] | None = None,
) -> list[ScoreUpdate]:
    """`scorer.process(batch)`, with each sender whose `minor_at` is set marked a minor in
    their conversation just before that message: not before the batch, where earlier
    messages would be scored as if the minor were already known, and scores would depend on
    how the messages happened to be batched. Ingest and replay (`db rescore`) share it."""
    updates: list[ScoreUpdate] = []
    start = 0
    for i, (m, minor) in enumerate(zip(batch, minor_at, strict=True)):
        if minor and m.sender_id not in scorer.minors.get(m.conversation_id, ()):
            updates += scorer.process(batch[start:i], known)
            scorer.mark_minor(m.conversation_id, m.sender_id)
            start = i
    return updates + scorer.process(batch[start:], known)


def _still_stored(conn: Connection, platform_id: str, message_id: str) -> bool:
    found = conn.execute(
        select(messages.c.seq).where(
            messages.c.platform_id == platform_id, messages.c.message_id == message_id
        )
    ).first()
    return found is not None


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _stored_risks(
    conn: Connection, platform: Platform, conversation_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The answer's entry for conversations a batch named only in duplicates, as stored: a
    batch sent again (its answer lost) gets their risk, not an empty list. Shaped as a
    scored conversation's entry: the level by the settings of now, and the open alert only
    where a scored one would name it (warning on, not in shadow mode)."""
    open_alert = (alerts.c.platform_id == conversations.c.platform_id) & (
        alerts.c.conversation_id == conversations.c.conversation_id
    )
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(conversation_ids):
        query = (
            select(
                conversations.c.conversation_id,
                conversations.c.risk,
                conversations.c.warning,
                alerts.c.id.label("alert_id"),
            )
            .select_from(conversations.outerjoin(alerts, open_alert & (alerts.c.status == "open")))
            .where(
                conversations.c.platform_id == platform.id,
                conversations.c.conversation_id.in_(chunk),
            )
        )
        for row in conn.execute(query):
            named = row.warning and not platform.settings.shadow_mode
            found[row.conversation_id] = _answer_entry(
                row.conversation_id,
                row.risk,
                row.warning,
                row.alert_id if named else None,
                platform.settings,
            )
    return found


def _answer_entry(
    conversation_id: str,
    risk: float,
    warning: bool,
    alert_id: int | None,
    settings: PlatformSettings,
) -> dict[str, Any]:
    """One conversation's entry in the ingest answer (`IngestResponse.conversations`)."""
    return {
        "conversation_id": conversation_id,
        "risk": risk,
        "level": level_for(risk, settings),
        "warning": warning,
        "alert_id": alert_id,
    }


class Ingestor:
    """Scores batches for every platform of one store; safe to call from many threads."""

    def __init__(
        self, database: Database, detector: Detector, idempotency_ttl_hours: float = 24.0
    ) -> None:
        self.database = database
        # An Idempotency-Key answers for this long (purges delete it later, at their pace).
        self.idempotency_ttl = timedelta(hours=idempotency_ttl_hours)
        self._default = _Model.of(detector)  # the deployment's; a platform may have its own
        self.fingerprint = self._default.fingerprint  # the deployment's, for /readyz
        self._models: dict[str, _Model] = {}  # platforms' own, by model_dir
        self._loading = threading.Lock()
        self._scorers: dict[tuple[str, str | None, WarningRule], _HotState] = {}
        self._lock = threading.Lock()
        # Set by `serve`: scores texts in other processes while another batch holds the lock.
        self.pool: TextPool | None = None

    def model_for(self, platform: Platform) -> Detector:
        """The detector that scores `platform`: its own (`admin set-model`) or the default."""
        return self._model(platform).detector

    def detector_at(self, model_dir: str) -> Detector:
        """A platform's own model, loaded once (at `serve`'s start-up check, or when the
        platform's first batch needs it) and kept."""
        return self._loaded(model_dir).detector

    def _loaded(self, model_dir: str) -> _Model:
        with self._loading:
            model = self._models.get(model_dir)
            if model is None:
                model = self._models[model_dir] = _Model.of(Detector.load(model_dir))
        return model

    def _model(self, platform: Platform) -> _Model:
        return self._default if platform.model_dir is None else self._loaded(platform.model_dir)

    @staticmethod
    def _key(platform: Platform, model: _Model) -> tuple[str, str | None, WarningRule]:
        """Which scorer a platform's batches use: one per platform, model and warning rule."""
        return (platform.id, platform.model_dir, rule_for(model.detector, platform.settings))

    def _hot(self, platform: Platform) -> _HotState:
        model = self._model(platform)
        key = self._key(platform, model)
        hot = self._scorers.get(key)
        if hot is None:
            for stale in [k for k in self._scorers if k[0] == platform.id]:
                del self._scorers[stale]  # the platform's previous model or rule
            hot = self._scorers[key] = _HotState(model.detector.scorer(key[2]), model)
        return hot

    def ingest(
        self,
        platform: Platform,
        batch: Sequence[IncomingMessage],
        idempotency_key: str | None = None,
    ) -> IngestResult:
        digest = request_hash(batch) if idempotency_key else ""
        started = time.perf_counter()
        known = self._score_elsewhere(platform, batch) if self._lock.locked() else None
        # the texts' half of scoring, when a worker did it: counted in scoring_seconds too
        elsewhere = time.perf_counter() - started if known else 0.0
        # One batch at a time per process: the scorer's memory is shared, and on SQLite the
        # database admits one writer anyway. Waiting for the turn and then for the database's
        # write lock share one budget, so queued batches get their busy answer in time
        # rather than one busy timeout after another.
        deadline = started + self.database.busy_timeout
        attempt = 1
        while True:
            if not self._lock.acquire(timeout=max(0.0, deadline - time.perf_counter())):
                raise StoreBusyError(
                    f"other batches held this server's turn to write for more than "
                    f"{self.database.busy_timeout:g} s; nothing was stored: retry later"
                )
            try:
                hot = self._hot(platform)
                try:
                    wait = max(0.0, deadline - time.perf_counter())
                    result = self._transaction(
                        platform, hot, batch, idempotency_key, digest, known, wait
                    )
                    result.scoring_seconds += elsewhere
                    hot.commit()
                    return result
                except BaseException as exc:
                    # The database rolled back; the scorer's memory of what this batch
                    # touched may not have: drop it, the next batch reloads it from the store.
                    hot.drop({m.conversation_id for m in batch}, {m.sender_id for m in batch})
                    # Another server committed the same message (or conversation, alert,
                    # key) first, between this batch's reads and its writes: taken again,
                    # those are found and answered as duplicates.
                    if not isinstance(exc, IntegrityError) or attempt == CONFLICT_ATTEMPTS:
                        raise
            finally:
                self._lock.release()
            attempt += 1

    def _score_elsewhere(
        self, platform: Platform, batch: Sequence[IncomingMessage]
    ) -> dict[str, TextScore] | None:
        """While another batch holds the scorer, score this one's texts in the pool (whose
        workers hold the deployment's model)."""
        if self.pool is None or platform.model_dir is not None:
            return None
        hot = self._scorers.get(self._key(platform, self._default))
        texts = (m.text for m in batch)
        unseen = hot.scorer.unseen(texts) if hot else list(dict.fromkeys(texts))
        return self.pool.score(unseen) if unseen else None

    def _transaction(
        self,
        platform: Platform,
        hot: _HotState,
        batch: Sequence[IncomingMessage],
        idempotency_key: str | None,
        digest: str,
        known: dict[str, TextScore] | None,
        wait: float,
    ) -> IngestResult:
        with self.database.transaction(wait) as conn:
            verify(conn, hot.model.fingerprint, platform.id)
            if idempotency_key:
                record = (
                    idempotency.c.platform_id == platform.id,
                    idempotency.c.key == idempotency_key,
                )
                stored = conn.execute(
                    select(
                        idempotency.c.request_hash, idempotency.c.response, idempotency.c.created_at
                    ).where(*record)
                ).first()
                if (
                    stored is not None
                    and aware(stored.created_at) <= utcnow() - self.idempotency_ttl
                ):
                    conn.execute(delete(idempotency).where(*record))  # expired: the key is free
                    stored = None
                if stored is not None:
                    if stored.request_hash != digest:
                        raise IdempotencyConflict(idempotency_key)
                    body = dict(stored.response)
                    body.setdefault("conflicts", 0)  # an answer stored before there were any
                    return IngestResult(body=body, replayed=True)
            result = self._ingest(conn, platform, hot, batch, known)
            result.texts_scored_by_worker = len(known) if known else 0
            if idempotency_key:
                conn.execute(
                    insert(idempotency).values(
                        platform_id=platform.id,
                        key=idempotency_key,
                        request_hash=digest,
                        response=result.body,
                        created_at=utcnow(),
                    )
                )
        return result

    def _ingest(
        self,
        conn: Connection,
        platform: Platform,
        hot: _HotState,
        batch: Sequence[IncomingMessage],
        known: dict[str, TextScore] | None,
    ) -> IngestResult:
        now = utcnow()
        scorer = hot.scorer
        # message id -> its message (a stored row, or one earlier in the batch), whose
        # `same_message_key` is worked out only when the id comes again
        existing: dict[str, Any] = {}
        ids = [m.message_id for m in batch]
        for chunk in _chunks(list(dict.fromkeys(ids))):
            stored = conn.execute(
                select(
                    messages.c.message_id,
                    messages.c.conversation_id,
                    messages.c.sender_id,
                    messages.c.text,
                ).where(messages.c.platform_id == platform.id, messages.c.message_id.in_(chunk))
            )
            existing.update((row.message_id, row) for row in stored)
        fresh: list[IncomingMessage] = []
        statuses: list[dict[str, str]] = []
        conflicts = 0
        for m in batch:
            earlier = existing.get(m.message_id)
            if earlier is None:
                existing[m.message_id] = m
                fresh.append(m)
                statuses.append({"message_id": m.message_id, "status": "accepted"})
            elif same_message_key(earlier) == same_message_key(m):
                statuses.append({"message_id": m.message_id, "status": "duplicate"})
            else:  # not stored either: the id is another message's (ids unique per platform)
                conflicts += 1
                statuses.append({"message_id": m.message_id, "status": "conflict"})

        conv_ids = list(dict.fromkeys(m.conversation_id for m in fresh))
        sender_ids = list(dict.fromkeys(m.sender_id for m in fresh))
        in_rows: set[str] = set()  # of them, those whose participants are rows
        conv_rows = self._load(conn, conversations, platform, conv_ids, in_rows=in_rows)
        stored_minors: set[str] = set()  # of them, the store's declared minors
        sender_rows = self._load(conn, senders, platform, sender_ids, minors=stored_minors)
        stale = dict(self._stale(conn, conversations, platform, conv_rows, hot.conversations))
        for cid, state in with_participants(conn, platform.id, stale, in_rows).items():
            scorer.load_conversation(cid, state)
        for sid, state in self._stale(conn, senders, platform, sender_rows, hot.senders):
            scorer.load_sender(sid, state)
        # Gone from the store (purged) but still in memory: start those afresh.
        scorer.forget(
            [c for c in conv_ids if c not in conv_rows],
            [s for s in sender_ids if s not in sender_rows],
        )
        contexts: dict[str, SenderContext] = {}
        for m in fresh:
            if m.sender is not None:
                contexts[m.sender_id] = m.sender

        # A declared minor counts from their first message once known: from that message's
        # own context, an earlier one's in this batch, or the store's (a context replaces it).
        said: dict[str, bool] = {}
        minor_at = []
        for m in fresh:
            if m.sender is not None:
                said[m.sender_id] = m.sender.minor
            minor_at.append(said.get(m.sender_id, m.sender_id in stored_minors))
        started = time.perf_counter()
        updates = score_in_order(
            scorer,
            [
                Message(m.conversation_id, m.message_id, m.sender_id, m.text, m.sent_at.isoformat())
                for m in fresh
            ],
            minor_at,
            known,
        )
        scoring_seconds = time.perf_counter() - started

        if fresh:
            executemany(
                conn,
                insert(messages).values({name: bindparam(name) for name in MESSAGE_COLUMNS}),
                [
                    {
                        "platform_id": platform.id,
                        "message_id": m.message_id,
                        "conversation_id": m.conversation_id,
                        "sender_id": m.sender_id,
                        "recipient_ids": list(m.recipient_ids) if m.recipient_ids else None,
                        "sent_at": m.sent_at,
                        "received_at": now,
                        "text": m.text,
                        "sender_risk": u.sender_risk,
                        "conversation_risk": u.conversation_risk,
                        "labels": stored_labels(u),
                        "sender_minor": minor,  # what a re-score marks them from
                    }
                    for m, u, minor in zip(fresh, updates, minor_at, strict=True)
                ],
            )
        last: dict[str, tuple[IncomingMessage, ScoreUpdate]] = {}
        first: dict[str, datetime] = {}
        latest: dict[str, datetime] = {}
        counts: dict[str, int] = {}
        fired: dict[str, ScoreUpdate] = {}
        speakers: dict[str, set[str]] = {}
        for m, u in zip(fresh, updates, strict=True):
            last[m.conversation_id] = (m, u)
            speakers.setdefault(m.conversation_id, set()).add(m.sender_id)
            first[m.conversation_id] = min(first.get(m.conversation_id, m.sent_at), m.sent_at)
            latest[m.conversation_id] = max(latest.get(m.conversation_id, m.sent_at), m.sent_at)
            counts[m.conversation_id] = counts.get(m.conversation_id, 0) + 1
            if u.warning_fired:
                fired[m.conversation_id] = u
        self._save_conversations(
            conn,
            platform,
            hot,
            conv_rows,
            in_rows,
            _Touched(last, first, latest, counts, fired, speakers),
            now,
        )
        self._save_senders(conn, platform, hot, sender_rows, fresh, contexts, now)

        result = IngestResult(body={}, scoring_seconds=scoring_seconds)
        alert_ids: dict[str, int] = {}
        if not platform.settings.shadow_mode:
            alert_ids = self._alerts(conn, platform, hot, last, fired, result, now)
        result.accepted = len(fresh)
        result.conflicts = conflicts
        result.duplicates = len(batch) - len(fresh) - conflicts
        risks = {
            cid: _answer_entry(
                cid, u.conversation_risk, u.warning, alert_ids.get(cid), platform.settings
            )
            for cid, (_, u) in last.items()
        }
        named = list(dict.fromkeys(m.conversation_id for m in batch))
        risks.update(_stored_risks(conn, platform, [c for c in named if c not in risks]))
        result.body = {
            "accepted": result.accepted,
            "duplicates": result.duplicates,
            "conflicts": result.conflicts,
            "results": statuses,
            "conversations": [risks[cid] for cid in named if cid in risks],
        }
        return result

    def _load(
        self,
        conn: Connection,
        table: Any,
        platform: Platform,
        ids: list[str],
        *,
        minors: set[str] | None = None,
        in_rows: set[str] | None = None,
    ) -> dict[str, int]:
        """The store version of each row of `ids` that exists (locked on PostgreSQL); with
        `minors` (senders), the senders the store knows as declared minors are added to it;
        with `in_rows` (conversations), those whose participants' states are rows.

        Only that: everything else a batch changes in these rows is computed by the UPDATE
        itself (`_grown`), so nothing else needs reading (or parsing) first.
        """
        key = table.primary_key.columns.values()[1]
        columns = [key, table.c.version]
        if minors is not None:
            columns += [table.c.declared_age, table.c.age_band]
        if in_rows is not None:
            columns.append(table.c.pairs_in_rows)
        versions: dict[str, int] = {}
        for chunk in _chunks(sorted(ids)):
            query = select(*columns).where(table.c.platform_id == platform.id, key.in_(chunk))
            if self.database.dialect == "postgresql":
                # Locked as returned: in one order for every batch (Python's, code points),
                # or two batches sharing rows may each wait for the other (a deadlock).
                query = query.with_for_update().order_by(key.collate("C"))
            for row in conn.execute(query):
                versions[row[0]] = row.version
                if minors is not None and SenderContext(row.declared_age, row.age_band).minor:
                    minors.add(row[0])
                if in_rows is not None and row.pairs_in_rows:
                    in_rows.add(row[0])
        return versions

    def _stale(
        self,
        conn: Connection,
        table: Any,
        platform: Platform,
        stored: dict[str, int],
        held: OrderedDict[str, int],
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """States held in the store that this process's memory does not have (or not as is)."""
        key = table.primary_key.columns.values()[1]
        stale = [i for i, version in stored.items() if held.get(i) != version]
        for chunk in _chunks(stale):
            query = select(key, table.c.state).where(
                table.c.platform_id == platform.id, key.in_(chunk)
            )
            for found_id, state in conn.execute(query):
                yield str(found_id), state

    def _save_conversations(
        self,
        conn: Connection,
        platform: Platform,
        hot: _HotState,
        stored: dict[str, int],
        in_rows: set[str],
        touched: _Touched,
        now: datetime,
    ) -> None:
        new_rows: list[dict[str, Any]] = []
        changed = []
        participants: list[dict[str, Any]] = []
        fired = touched.fired
        for cid, (_, u) in touched.last.items():
            version = stored[cid] + 1 if cid in stored else _first_version()
            hot.pending_conversations[cid] = version
            form = stored_form(hot.scorer, cid, cid in in_rows, touched.speakers[cid])
            participants += form.rows
            values = {
                "version": version,
                "risk": u.conversation_risk,
                "level": level_for(u.conversation_risk, platform.settings),
                "warning": u.warning,
                "warned_message_id": fired[cid].message_id if cid in fired else None,
                "message_count": touched.counts[cid],
                "first_message_at": touched.first[cid],
                # Retention counts from it: a client's clock in the future must not keep a
                # conversation for ever, so no later than it was received.
                "last_message_at": min(touched.latest[cid], now),
                "state": form.state,
                "pairs_in_rows": form.pairs_in_rows,
                "updated_at": now,
            }
            if cid in stored:
                changed.append(_folded(values, cid))
            else:
                new_rows.append({**values, "platform_id": platform.id, "conversation_id": cid})
        if new_rows:  # in key order, as `_load` locks rows
            new_rows.sort(key=lambda row: row["conversation_id"])
            conn.execute(insert(conversations), new_rows)
        if changed:
            table = conversations
            first, earliest = table.c.first_message_at, bindparam("first_message_at", type_=Stamp)
            executemany(
                conn,
                update(table)
                .where(table.c.platform_id == platform.id, table.c.conversation_id == _B_ID)
                .values(
                    {
                        **_set(changed[0]),
                        **_grown(table),
                        # an earlier message may arrive later, as `_grown` folds the newest
                        "first_message_at": case((first <= earliest, first), else_=earliest),
                        "warned_message_id": func.coalesce(
                            bindparam("warned_message_id"), table.c.warned_message_id
                        ),
                    }
                ),
                changed,
            )
        write_rows(conn, platform.id, participants)  # after the rows they belong to

    def _save_senders(
        self,
        conn: Connection,
        platform: Platform,
        hot: _HotState,
        stored: dict[str, int],
        fresh: Sequence[IncomingMessage],
        contexts: dict[str, SenderContext],
        now: datetime,
    ) -> None:
        latest: dict[str, datetime] = {}
        counts: dict[str, int] = {}
        for m in fresh:
            latest[m.sender_id] = max(latest.get(m.sender_id, m.sent_at), m.sent_at)
            counts[m.sender_id] = counts.get(m.sender_id, 0) + 1
        new_rows: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        described: list[dict[str, Any]] = []
        for sid, at in latest.items():
            state = hot.scorer.sender_state(sid)
            version = stored[sid] + 1 if sid in stored else _first_version()
            hot.pending_senders[sid] = version
            values: dict[str, Any] = {
                "version": version,
                "risk": state["risk"],
                "state": state,
                "message_count": counts[sid],
                "last_message_at": min(at, now),  # as for conversations
            }
            ctx = contexts.get(sid)
            if ctx is not None:  # a context sent with this batch replaces the stored one
                values["declared_age"] = ctx.declared_age
                values["age_band"] = ctx.age_band
                values["account_created_at"] = ctx.account_created_at
            if sid not in stored:  # every new row with the same keys: one executemany
                context = {"declared_age": None, "age_band": None, "account_created_at": None}
                row = {**context, **values, "platform_id": platform.id, "sender_id": sid}
                new_rows.append(row)
            else:
                (changed if ctx is None else described).append(_folded(values, sid))
        if new_rows:
            new_rows.sort(key=lambda row: row["sender_id"])
            conn.execute(insert(senders), new_rows)
        for rows in (changed, described):
            if rows:
                executemany(
                    conn,
                    update(senders)
                    .where(senders.c.platform_id == platform.id, senders.c.sender_id == _B_ID)
                    .values({**_set(rows[0]), **_grown(senders)}),
                    rows,
                )

    def _alerts(
        self,
        conn: Connection,
        platform: Platform,
        hot: _HotState,
        last: dict[str, tuple[IncomingMessage, ScoreUpdate]],
        fired: dict[str, ScoreUpdate],
        result: IngestResult,
        now: datetime,
    ) -> dict[str, int]:
        """Open an alert when a conversation's warning is on, or update the open one."""
        scorer = hot.scorer
        settings = platform.settings
        warned = [cid for cid, (_, u) in last.items() if u.warning]
        if not warned:
            return {}
        latest: dict[str, Any] = {}
        for chunk in _chunks(warned):
            for found in conn.execute(
                select(alerts)
                .where(alerts.c.platform_id == platform.id, alerts.c.conversation_id.in_(chunk))
                .order_by(alerts.c.id)
            ):
                latest[found.conversation_id] = found  # the newest alert of each conversation
        ids: dict[str, int] = {}
        for cid in warned:
            _, u = last[cid]
            level = level_for(u.conversation_risk, settings)
            row = latest.get(cid)
            if row is not None and row.status == "open":
                ids[cid] = row.id
                labels = _labels_of(scorer, cid, row.sender_id)
                # Updated as the risk grows, and when the flagged sender shows a behaviour
                # the alert does not name yet (a moderator must hear of sexual talk or a
                # meeting proposed after the alert was raised); the risk never goes down.
                if (
                    _rose(u.conversation_risk, row.risk, settings.alert_update_delta)
                    or (level != row.level and u.conversation_risk > row.risk)
                    or set(labels) - set(row.labels or ())
                ):
                    risk = max(u.conversation_risk, row.risk)
                    conn.execute(
                        update(alerts)
                        .where(alerts.c.id == row.id)
                        .values(
                            risk=risk,
                            level=level_for(risk, settings),
                            evidence=_evidence(scorer, cid, row.sender_id, u),
                            labels=labels,
                            model_version=hot.model.version,
                            updated_at=now,
                        )
                    )
                    result.alerts_updated += 1
                    self._event(conn, platform, "alert.updated", row.id, now)
                continue
            if (
                row is not None
                and not _rose(u.conversation_risk, row.risk, settings.alert_update_delta)
                and _still_stored(conn, platform.id, row.trigger_message_id)
            ):
                # Closed after review: raise again only if the risk grows further. Unless
                # retention has deleted that conversation since: one begun again under its id
                # is new, and its risk is not measured against the old case.
                continue
            flagged = fired[cid].sender_id if cid in fired else _riskiest(scorer, cid)
            created = conn.execute(
                insert(alerts).values(
                    platform_id=platform.id,
                    conversation_id=cid,
                    sender_id=flagged,
                    status="open",
                    risk=u.conversation_risk,
                    level=level,
                    trigger_message_id=fired[cid].message_id if cid in fired else u.message_id,
                    evidence=_evidence(scorer, cid, flagged, u),
                    labels=_labels_of(scorer, cid, flagged),
                    model_version=hot.model.version,
                    created_at=now,
                    updated_at=now,
                )
            )
            key = created.inserted_primary_key
            assert key is not None
            ids[cid] = int(key[0])
            result.alerts_created += 1
            self._event(conn, platform, "alert.created", ids[cid], now)
        return ids

    def _event(
        self, conn: Connection, platform: Platform, kind: str, alert_id: int, now: datetime
    ) -> None:
        row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).one()
        enqueue(conn, platform.id, platform.settings, kind, alert_document(row), now)


class _Model(NamedTuple):
    """A detector with its fingerprint (checked per batch) and version (kept with alerts)."""

    detector: Detector
    fingerprint: str
    version: str

    @classmethod
    def of(cls, detector: Detector) -> _Model:
        fingerprint = detector.fingerprint()
        return cls(detector, fingerprint, version_of(fingerprint))


@dataclass
class _HotState:
    """The scorer of one platform (and rule) and the store versions of the states it holds.

    A state is used from memory only when its row's version in the store is the one this
    process wrote last; otherwise (another process wrote it, or it was never loaded) it is
    read from the store. Memory holds at most HOT_LIMIT conversations and as many senders.
    """

    scorer: StreamingScorer
    model: _Model
    conversations: OrderedDict[str, int] = field(default_factory=OrderedDict)
    senders: OrderedDict[str, int] = field(default_factory=OrderedDict)
    pending_conversations: dict[str, int] = field(default_factory=dict)
    pending_senders: dict[str, int] = field(default_factory=dict)

    def commit(self) -> None:
        """The batch's transaction committed: its versions are now the store's."""
        for held, pending in (
            (self.conversations, self.pending_conversations),
            (self.senders, self.pending_senders),
        ):
            for key, version in pending.items():
                held[key] = version
                held.move_to_end(key)
            pending.clear()
        evict_c = _oldest(self.conversations, HOT_LIMIT)
        evict_s = _oldest(self.senders, HOT_LIMIT)
        if evict_c or evict_s:
            self.scorer.forget(evict_c, evict_s)

    def drop(self, conversation_ids: Iterable[str], sender_ids: Iterable[str]) -> None:
        cids, sids = list(conversation_ids), list(sender_ids)
        self.scorer.forget(cids, sids)
        for cid in cids:
            self.conversations.pop(cid, None)
        for sid in sids:
            self.senders.pop(sid, None)
        self.pending_conversations.clear()
        self.pending_senders.clear()


def _oldest(held: OrderedDict[str, int], limit: int) -> list[str]:
    evicted = []
    while len(held) > limit:
        key, _ = held.popitem(last=False)
        evicted.append(key)
    return evicted


@dataclass(frozen=True, slots=True)
class _Touched:
    """What a batch did to each conversation it touched."""

    last: dict[str, tuple[IncomingMessage, ScoreUpdate]]  # its last message and scores
    first: dict[str, datetime]  # earliest sent_at in the batch
    latest: dict[str, datetime]  # latest sent_at in the batch (batches may be out of order)
    counts: dict[str, int]
    fired: dict[str, ScoreUpdate]  # where the warning fired in this batch
    speakers: dict[str, set[str]]  # who sent its messages


_B_ID: Any = bindparam("b_id")
_GROWN = ("message_count", "last_message_at")


def _grown(table: Any) -> dict[str, Any]:
    """SET clauses that fold a batch into a stored row: counts add up, the newest time wins
    (batches may arrive out of order)."""
    last, newest = table.c.last_message_at, bindparam("newest", type_=Stamp)
    return {
        "message_count": table.c.message_count + bindparam("added"),
        "last_message_at": case((last >= newest, last), else_=newest),
    }


def _set(row: dict[str, Any]) -> dict[str, Any]:
    """SET column = :column for the plain values of an UPDATE row."""
    return {name: bindparam(name) for name in row if name not in ("b_id", "added", "newest")}


def _folded(values: dict[str, Any], key: str) -> dict[str, Any]:
    """An UPDATE's parameters: `values` with the batch's count and newest time renamed for
    `_grown`, and the row's key as `b_id`."""
    row = {name: value for name, value in values.items() if name not in _GROWN}
    row["added"], row["newest"], row["b_id"] = (
        values["message_count"],
        values["last_message_at"],
        key,
    )
    return row


def _rose(risk: float, before: float, delta: float) -> bool:
    """Whether `risk` rose above `before` by at least `delta` (setting `alert_update_delta`):
    a rise it must be, so 0 means any rise, not every batch."""
    return risk > before and risk >= before + delta


def _riskiest(scorer: StreamingScorer, conversation_id: str) -> str:
    risks = scorer.conversations.get(conversation_id, {})
    return riskiest(risks)


def _labels_of(scorer: StreamingScorer, conversation_id: str, sender_id: str) -> list[str]:
    """The behaviour labels the sender showed in this conversation (from its scoring state)."""
    bits = scorer.pairs[(conversation_id, sender_id)].labels
    return [label for label, bit in LABEL_BITS.items() if bits & bit]


def _evidence(
    scorer: StreamingScorer, conversation_id: str, sender_id: str, update_: ScoreUpdate
) -> dict[str, Any]:
    pair = scorer.pairs[(conversation_id, sender_id)]
    return {
        "sender_id": sender_id,
        "sender_risk": pair.risk,
        "messages": [{"message_id": e.message_id, "weight": e.weight} for e in pair.evidence],
        "minors": list(update_.minors),
    }
