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
  `<stream>:dead` before it is acknowledged: nothing read is lost, nothing bad blocks the rest;
- while the database is unreachable, or the platform's scores are being moved to another
  model (`admin set-model`, `db rescore`), the batch is retried with backoff and nothing is
  acknowledged. A store whose scores are another model's stops the consumer (as `serve`
  refuses to start): the entries stay pending.

Logs carry entry ids and counts, never message text.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from .._errors import ConfigError, LurewatchError
from ..engine.detector import Detector
from .api.models import MessageIn, incoming, oversized, problems
from .ingest import IncomingMessage, Ingestor
from .metrics import Metrics
from .redis_client import call
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
    "StreamConsumer",
    "dead_letter_stream",
    "default_consumer",
]

FIELD: Final = "message"
# How long a read waits in Redis for new entries; the client must wait longer than this
# for the answer (`connect(url, wait=BLOCK_MS / 1000)`), or an idle stream reads as an outage.
BLOCK_MS: Final = 1000
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS: Final = 30.0

log = logging.getLogger("lurewatch.streams")

Entry = tuple[bytes, dict[bytes, bytes]]


def dead_letter_stream(stream: str) -> str:
    return f"{stream}:dead"


def default_consumer() -> str:
    """This process's consumer name: unique per process, so two never share pending entries."""
    return f"{socket.gethostname()}-{os.getpid()}"


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
        import redis

        try:
            self.client.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):  # the group exists: nothing to do
                raise ConfigError(f"cannot create consumer group {self.group!r}: {exc}") from None
        except redis.RedisError:
            self._redis("ping")  # raises RedisUnavailableError with the address

    def run(self, stop: threading.Event, *, until_idle: bool = False) -> ConsumeReport:
        """Consume until `stop` is set (or, with `until_idle`, until nothing is left)."""
        self.ensure_group()
        self._drain("0", stop)  # this consumer's own entries read before a restart
        while not stop.is_set():
            claimed = self._claim()
            if claimed:
                self._handle(claimed, stop)
                continue
            read = self._read(">", self.block_ms if not until_idle else None)
            if read:
                self._handle(read, stop)
            elif until_idle:
                break
        return self.report

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
            start_id="0-0",
            count=self.batch,
        )
        entries: list[Entry] = answer[1]
        if entries:
            log.warning(
                "claimed %d idle entries of %s from another consumer", len(entries), self.stream
            )
        return entries

    def _handle(self, entries: Sequence[Entry], stop: threading.Event) -> None:
        """Store the valid entries in one transaction, dead-letter the rest, then acknowledge."""
        good: list[IncomingMessage] = []
        dead: list[tuple[bytes, dict[bytes, bytes], str]] = []
        for entry_id, fields in entries:
            if not fields:  # trimmed from the stream before anyone stored it
                continue
            reason, message = self._parse(fields)
            if message is None:
                dead.append((entry_id, fields, reason))
            else:
                good.append(message)
        if good and not self._store(good, stop):
            return  # stopped while the database was away: all stay pending
        if dead:
            pipe = self.client.pipeline(transaction=False)
            for entry_id, fields, reason in dead:
                kept: dict[Any, Any] = {**fields, b"entry_id": entry_id, b"error": reason}
                pipe.xadd(dead_letter_stream(self.stream), kept)
            call(self.client, pipe.execute)
            log.warning(
                "%d entries of %s moved to %s: %s",
                len(dead),
                self.stream,
                dead_letter_stream(self.stream),
                ", ".join(e[0].decode() for e in dead[:5]),
            )
        self._redis("xack", self.stream, self.group, *(e[0] for e in entries))
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

    def _store(self, messages: list[IncomingMessage], stop: threading.Event) -> bool:
        """Commit `messages`, retrying while the database is away; False if stopped first.

        A unique-key conflict (the producer added a message twice and two consumers stored
        it at once) is taken again by the ingestor itself, which then finds it a duplicate;
        one that outlasts those tries has another cause and stops the consumer."""
        wait = BACKOFF_FIRST_SECONDS
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
                    wait,
                )
                if stop.wait(wait):
                    return False
                wait = min(wait * 2, BACKOFF_MAX_SECONDS)
                continue
            self.report.accepted += result.accepted
            self.report.duplicates += result.duplicates
            self.report.batches += 1
            if self.metrics is not None:
                self.metrics.ingested(self.platform_id, result, time.perf_counter() - started)
            return True
