"""Ingest from a Redis Stream: the platform's chat backend adds each message to a stream, and
`lurewatch consume` workers of one consumer group score and store them.

For a platform that already runs Redis, this takes lurewatch off its chat path (an `XADD`
instead of an HTTP call) and scales by starting more consumers. Each entry has one field,
`message`: the JSON object `POST /v1/messages` takes for one message. The guarantees are the
API's:

- an entry is acknowledged (`XACK`) only once its batch is durably committed, so a consumer
  killed at any point leaves it pending, and it is read again: by the same consumer name on
  restart, or claimed by another consumer once it has been idle for `claim_idle_ms`;
- a message read twice is stored once (idempotent on the platform and `message_id`), and
  its alerts are raised once;
- an entry that cannot be a message (not JSON, a missing or invalid field, a text over
  `max_text_bytes`) is copied, with the reason and its entry id, to the dead-letter stream
  `<stream>:dead` before it is acknowledged: nothing read is lost, nothing bad blocks the rest
  (a producer's own `entry_id` or `error` field is kept as `producer_entry_id` or
  `producer_error`);
- while the database is unreachable, or the platform's scores are being moved to another
  model (`admin set-model`, `db rescore`), the batch is retried with backoff and nothing is
  acknowledged. A store whose scores are another model's stops the consumer (as `serve`
  refuses to start): the entries stay pending;
- once running, a Redis that stops answering or refuses commands for a while (restarted,
  stalled, loading, out of memory, read-only after a failover) is waited for with backoff:
  the consumer then reads its own pending entries again (stored once, acknowledged now) and
  goes on; a consumer group destroyed meanwhile is created again. A refusal no retry mends
  (`redis_client.TRANSIENT_REFUSALS` says which pass) stops it, at start-up or later, with
  what Redis said and what to do: a wrong password (`WRONGPASS`, `NOAUTH`), an ACL
  (`NOPERM`), a key of another type (`WRONGTYPE`), a Redis without a command it uses
  (`ERR`). What it read and did not acknowledge stays pending for the next consumer.

Logs carry entry ids and counts, never message text.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from .._errors import LurewatchError
from ..engine.detector import Detector
from ._throttle import Throttled
from .api.models import MessageIn, incoming, oversized, problems
from .ingest import IncomingMessage, Ingestor, IngestResult
from .metrics import Metrics
from .redis_client import RedisRefusedError, RedisUnavailableError, call
from .scoring_model import RescoreUnderWayError
from .settings import Settings
from .store.database import Database, StoreUnavailableError
from .tenants import Platform, find_platform

if TYPE_CHECKING:
    import redis

__all__ = [
    "BLOCK_MS",
    "FIELD",
    "ConsumeReport",
    "ConsumerStoppedError",
    "StreamConsumer",
    "dead_letter",
    "dead_letter_stream",
    "default_consumer",
    "stop_if_permanent",
]

FIELD: Final = "message"
# How long a read waits in Redis for new entries; the client must wait longer than this
# for the answer (`connect(url, wait=BLOCK_MS / 1000)`), or an idle stream reads as an outage.
BLOCK_MS: Final = 1000
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS: Final = 30.0
REDIS_LOG_INTERVAL: Final = 10.0  # seconds between two log lines about a Redis outage

log = logging.getLogger("lurewatch.streams")

Entry = tuple[bytes, dict[bytes, bytes]]


TAKEN_ID: Final = (
    "its message id is another message's, stored already or earlier in this read (its "
    "conversation, sender or text differ), so it was not stored: message ids are unique per "
    "platform; give each message its own id"
)


def dead_letter_stream(stream: str) -> str:
    return f"{stream}:dead"


def dead_letter(entry_id: bytes, fields: dict[bytes, bytes], reason: str) -> dict[Any, Any]:
    """The dead-letter copy of an entry: its fields, with where it came from (`entry_id`) and
    why (`error`). A producer's own field of either name is kept as `producer_entry_id` or
    `producer_error` (prefixed again while that is taken too), not overwritten."""
    kept: dict[Any, Any] = dict(fields)
    for name in (b"entry_id", b"error"):
        if name in kept:
            moved = b"producer_" + name
            while moved in kept:
                moved = b"producer_" + moved
            kept[moved] = kept.pop(name)
    return {**kept, b"entry_id": entry_id, b"error": reason}


def default_consumer() -> str:
    """This process's consumer name: unique per process, so two never share pending entries."""
    return f"{socket.gethostname()}-{os.getpid()}"


class ConsumerStoppedError(RedisRefusedError):
    """A refusal no retry mends stopped the consumer: `lurewatch consume` exits with 3, the
    status to tell a supervisor not to restart it (systemd `RestartPreventExitStatus=3`)
    until the cause is fixed."""

    exit_status = 3


def stop_if_permanent(exc: RedisUnavailableError, client: redis.Redis, stream: str) -> None:
    """Raise what stops a consumer of `stream` if `exc` is a refusal no retry mends: one line
    with what Redis said (its code and reply, never an entry's content), the stream, and what
    to do. Return for anything else, which the caller retries or raises."""
    if not (isinstance(exc, RedisRefusedError) and exc.permanent):
        return
    raise ConsumerStoppedError(
        f"{exc}; consuming {stream} stopped, since retrying cannot mend this (entries read and "
        f"not acknowledged stay pending for the next consumer): "
        f"{_remedy(exc.code, client, stream)}",
        exc.code,
    ) from None


def _remedy(code: str, client: redis.Redis, stream: str) -> str:
    dead = dead_letter_stream(stream)
    user = client.connection_pool.connection_kwargs.get("username") or "default"
    if code in ("WRONGPASS", "NOAUTH"):
        return (
            "give the ACL user and password this Redis expects in the Redis URL "
            "(--redis or LUREWATCH_REDIS_URL: redis://USER:PASSWORD@HOST:6379/0)"
        )
    if code == "NOPERM":
        keys = " ".join("~" + re.sub(r"([*?\[\]\\])", r"\\\1", k) for k in (stream, dead))
        return (
            f"grant the ACL user {user} the stream commands and keys a consumer uses: "
            f"ACL SETUSER {user} +@stream +multi +exec +ping {keys}"
        )
    if code == "WRONGTYPE":
        return f"{_not_a_stream(client, stream)}: rename or delete it, or consume another --stream"
    if code == "ERR":
        return (
            "this Redis lacks a command or option the consumer uses: it needs Redis 6.2 or "
            "later (XAUTOCLAIM), with the stream commands neither renamed nor disabled"
        )
    return "correct what Redis reports, then start the consumer again"


def _not_a_stream(client: redis.Redis, stream: str) -> str:
    """Which of the consumer's keys is not a stream (XLEN, which its ACL allows, refuses it),
    and what it is where TYPE may be asked."""
    for key in (stream, dead_letter_stream(stream)):
        try:
            call(client, client.xlen, key)
            continue
        except RedisRefusedError as exc:
            if exc.code != "WRONGTYPE":
                break
        except RedisUnavailableError:
            break
        try:
            kind = call(client, client.type, key)
        except RedisUnavailableError:
            return f"the key {key} is not a stream"
        kind = kind.decode() if isinstance(kind, bytes) else kind
        return f"the key {key} holds a {kind}, not a stream"
    return f"the key {stream} or {dead_letter_stream(stream)} is not a stream"


class _Backoff:
    """Capped exponential waits between retries of one failing step, from the first again
    once it succeeds."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.seconds = BACKOFF_FIRST_SECONDS

    def wait(self, stop: threading.Event) -> bool:
        """Wait the next delay; True if stopped meanwhile."""
        seconds, self.seconds = self.seconds, min(self.seconds * 2, BACKOFF_MAX_SECONDS)
        return stop.wait(seconds)


@dataclass
class ConsumeReport:
    """What a consumer did: entries read, messages stored or found already stored, entries
    sent to the dead-letter stream, batches committed."""

    entries: int = 0
    accepted: int = 0
    duplicates: int = 0
    dead: int = 0
    batches: int = 0


class StreamConsumer:
    """One consumer of `group` on `stream`, ingesting for one platform."""

    def __init__(
        self,
        client: redis.Redis,
        database: Database,
        detector: Detector,
        settings: Settings,
        platform: str,
        stream: str,
        *,
        group: str = "lurewatch",
        consumer: str | None = None,
        batch: int = 500,
        block_ms: int = BLOCK_MS,
        claim_idle_ms: int = 60_000,
        metrics: Metrics | None = None,
    ) -> None:
        self.client = client
        self.database = database
        self.settings = settings
        self.stream = stream
        self.group = group
        self.consumer = consumer or default_consumer()
        self.batch = batch
        self.block_ms = block_ms
        self.claim_idle_ms = claim_idle_ms
        self.ingestor = Ingestor(database, detector)
        with database.read() as conn:
            self.platform_id = find_platform(conn, platform).id
        self.report = ConsumeReport()
        self.metrics = metrics
        self._claim_from = "0-0"  # XAUTOCLAIM's cursor: where the last scan of pending ended
        self._redis_log = Throttled(REDIS_LOG_INTERVAL)
        if metrics is not None:
            metrics.stream_backlog.set_function(self.backlog)

    def backlog(self) -> float:
        """Entries the group has not acknowledged: never delivered (Redis 7's `lag`) plus
        delivered and pending. NaN when unknown: Redis does not answer, is older than 7, or
        cannot tell the lag (entries deleted from the middle of the stream)."""
        try:
            groups = self._redis("xinfo_groups", self.stream)
        except LurewatchError:
            return float("nan")
        for group in groups:
            if group["name"].decode() == self.group:
                lag = group.get("lag")
                return float("nan") if lag is None else float(lag + group["pending"])
        return float("nan")

    def _redis(self, command: str, *args: Any, **kwargs: Any) -> Any:
        return call(self.client, getattr(self.client, command), *args, **kwargs)

    def ensure_group(self) -> None:
        """Create the group at the stream's start if it is new: entries added before the
        first consumer ran are read too."""
        try:
            self._redis("xgroup_create", self.stream, self.group, id="0", mkstream=True)
        except RedisRefusedError as exc:
            if exc.code != "BUSYGROUP":  # BUSYGROUP: it exists, nothing to do
                raise

    def run(self, stop: threading.Event, *, until_idle: bool = False) -> ConsumeReport:
        """Consume until `stop` is set (or, with `until_idle`, until nothing is left).

        A Redis it cannot use at start-up raises (a wrong URL, a key of another type); one
        that fails later is retried with backoff, and this consumer's own pending entries
        (read, perhaps stored, not acknowledged) are read again first. A refusal no retry
        mends (`stop_if_permanent`) raises at any time, leaving those entries pending."""
        try:
            self.ensure_group()
        except RedisUnavailableError as exc:
            stop_if_permanent(exc, self.client, self.stream)
            raise
        backoff = _Backoff()
        no_group = False
        own_pending = True  # entries read before a restart, or before the outage
        while not stop.is_set():
            try:
                if no_group:  # destroyed, or the stream deleted, while running
                    self.ensure_group()
                    no_group = False
                if own_pending:
                    self._drain("0", stop)
                    own_pending = False
                if not self._step(stop, until_idle):
                    break
            except RedisUnavailableError as exc:
                stop_if_permanent(exc, self.client, self.stream)
                self._redis_failed(exc, backoff.seconds)
                no_group = no_group or (
                    isinstance(exc, RedisRefusedError) and exc.code == "NOGROUP"
                )
                own_pending = True
                if backoff.wait(stop):
                    break
                continue
            backoff.reset()
        return self.report

    def _step(self, stop: threading.Event, until_idle: bool) -> bool:
        """Handle one batch of idle entries claimed, or else of new ones; False once idle
        with `until_idle` (nothing new, and the scan for idle entries back at the start)."""
        claimed = self._claim()
        if claimed:
            self._handle(claimed, stop)
            return True
        read = self._read(">", self.block_ms if not until_idle else None)
        if read:
            self._handle(read, stop)
            return True
        return not until_idle or self._claim_from != "0-0"

    def _redis_failed(self, exc: RedisUnavailableError, wait: float) -> None:
        """One throttled line: the error names the command's failure and the server, never
        an entry's content."""
        if self._redis_log.due():
            log.warning(
                "Redis unavailable%s; retrying in %.0f s: %s",
                self._redis_log.suppressed(),
                wait,
                exc,
            )

    def _read(self, start: str, block_ms: int | None) -> list[Entry]:
        answer = self._redis(
            "xreadgroup",
            self.group,
            self.consumer,
            {self.stream: start},
            count=self.batch,
            block=block_ms,
        )
        return list(answer[0][1]) if answer else []

    def _drain(self, start: str, stop: threading.Event) -> None:
        while not stop.is_set() and (entries := self._read(start, None)):
            self._handle(entries, stop)

    def _claim(self) -> list[Entry]:
        """Entries another consumer read and left idle (it died): this one takes them over."""
        answer = self._redis(
            "xautoclaim",
            self.stream,
            self.group,
            self.consumer,
            min_idle_time=self.claim_idle_ms,
            start_id=self._claim_from,
            count=self.batch,
        )
        # Each call scans a part of the pending entries: the next one goes on from there
        # (back at the start once the cursor says 0-0), so idle entries far along are found.
        cursor = answer[0]
        self._claim_from = cursor.decode() if isinstance(cursor, bytes) else str(cursor)
        entries: list[Entry] = answer[1]
        if entries:
            log.warning(
                "claimed %d idle entries of %s from another consumer", len(entries), self.stream
            )
        return entries

    def _handle(self, entries: Sequence[Entry], stop: threading.Event) -> None:
        """Store the valid entries in one transaction, dead-letter the rest, then acknowledge."""
        good: list[IncomingMessage] = []
        kept: list[Entry] = []  # the entries of `good`, in its order
        dead: list[tuple[bytes, dict[bytes, bytes], str]] = []
        for entry_id, fields in entries:
            if not fields:  # trimmed from the stream before anyone stored it
                continue
            reason, message = self._parse(fields)
            if message is None:
                dead.append((entry_id, fields, reason))
            else:
                good.append(message)
                kept.append((entry_id, fields))
        if good:
            result = self._store(good, stop)
            if result is None:
                return  # stopped while the database was away: all stay pending
            # an id that is another message's (stored before, or earlier in this read): not
            # stored, so kept here with its text
            statuses = result.body["results"]
            dead += [
                (*kept[i], TAKEN_ID) for i, r in enumerate(statuses) if r["status"] == "conflict"
            ]
        if dead:
            # A MULTI runs its commands even after one fails: with a dead-letter key of
            # another type, its XADD would fail and the XACK still drop the entry. XLEN
            # refuses (WRONGTYPE) such a key first; a missing one is a stream to be.
            self._redis("xlen", dead_letter_stream(self.stream))
        # the dead letters and the acknowledgement in one MULTI: a Redis failing in between
        # leaves neither, so the entries read again are not dead-lettered twice
        pipe = self.client.pipeline(transaction=True)
        for entry_id, fields, reason in dead:
            pipe.xadd(dead_letter_stream(self.stream), dead_letter(entry_id, fields, reason))
        pipe.xack(self.stream, self.group, *(e[0] for e in entries))
        call(self.client, pipe.execute)
        if dead:
            log.warning(
                "%d entries of %s moved to %s: %s",
                len(dead),
                self.stream,
                dead_letter_stream(self.stream),
                ", ".join(e[0].decode() for e in dead[:5]),
            )
        self.report.entries += len(entries)
        self.report.dead += len(dead)
        if self.metrics is not None:
            self.metrics.stream_entries.labels(outcome="stored").inc(len(entries) - len(dead))
            self.metrics.stream_entries.labels(outcome="dead").inc(len(dead))

    def _parse(self, fields: dict[bytes, bytes]) -> tuple[str, IncomingMessage | None]:
        raw = fields.get(FIELD.encode())
        if raw is None:
            return f"no field {FIELD!r}: add each message as one JSON object in it", None
        try:
            message = MessageIn.model_validate_json(raw)
        except ValidationError as exc:
            return f"not a valid message ({problems(exc)})", None
        too_long = oversized(message.text, self.settings.max_text_bytes)
        return (too_long, None) if too_long else ("", incoming(message))

    def _platform(self) -> Platform:
        with self.database.read() as conn:  # settings may have changed since the last batch
            return find_platform(conn, self.platform_id)

    def _store(self, messages: list[IncomingMessage], stop: threading.Event) -> IngestResult | None:
        """Commit `messages`, retrying while the database is away; None if stopped first.

        A unique-key conflict (the producer added a message twice and two consumers stored
        it at once) is taken again by the ingestor itself, which then finds it a duplicate;
        one that outlasts those tries has another cause and stops the consumer."""
        backoff = _Backoff()
        while True:
            started = time.perf_counter()
            try:
                result = self.ingestor.ingest(self._platform(), messages)
            except (OperationalError, StoreUnavailableError, RescoreUnderWayError) as exc:
                # Away, or this platform's scores being moved to another model (`admin
                # set-model`, `db rescore`): nothing acknowledged, taken again afterwards.
                # Once it has finished, a model this worker cannot serve stops it.
                log.warning(
                    "database unavailable or re-scoring (%s); retrying in %.0f s",
                    type(exc).__name__,
                    backoff.seconds,
                )
                if backoff.wait(stop):
                    return None
                continue
            self.report.accepted += result.accepted
            self.report.duplicates += result.duplicates
            self.report.batches += 1
            if self.metrics is not None:
                self.metrics.ingested(self.platform_id, result, time.perf_counter() - started)
            return result
