"""Webhook delivery: Standard Webhooks signatures, the SSRF guard, and the outbox dispatcher.

Ingest queues an event row (`webhook_events`, status `pending`) in the same transaction as the
alert it reports, so an event exists exactly when its alert does and survives restarts. The
dispatcher claims due events in a short write transaction (it pushes their `next_attempt_at`
forward by a lease, so no other dispatcher takes them meanwhile), commits, POSTs them, and
records each result in another short transaction: no write lock is ever held during HTTP, so
ingest never waits for a slow receiver. The lease outlasts one attempt, not the whole batch:
each record renews it for the batch's events still to go. A dispatcher that dies, or whose
round stops (the database away), leaves its events leased for at most one lease; then they
are due again, even one it delivered but could not record. Delivery is therefore at least
once, as the Standard Webhooks convention expects: receivers deduplicate on `webhook-id`.

Platforms choose their webhook URL, so the URL is an SSRF vector: it must not reach loopback,
private or link-local addresses (cloud metadata endpoints live there) unless the operator
allows it. The host is resolved and checked at delivery time too, and the request goes to the
checked address (the name is kept for `Host` and TLS), so a DNS answer that changes between
the check and the connection cannot redirect it. Redirects are not followed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import logging
import math
import random
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .._errors import ConfigError
from ._throttle import Throttled
from ._time import aware, utcnow
from .metrics import Metrics
from .settings import PlatformSettings, Settings
from .store.database import Database, driver_message, is_store_failure
from .store.schema import platforms, webhook_attempts, webhook_events

__all__ = [
    "Dispatcher",
    "check_webhook_secret",
    "check_webhook_url",
    "enqueue",
    "list_events",
    "queue_depth",
    "shown_url",
    "sign",
    "verify",
]

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
MIN_SECRET_BYTES = 16
USER_AGENT = "lurewatch-webhooks/1"
CLAIM_BATCH = 20  # events claimed per round
ROUND_LOG_INTERVAL = 60.0  # seconds between two log lines about failing dispatch rounds
ERROR_CHARS = 500  # longest error text kept per attempt

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


# Standard Webhooks signatures --------------------------------------------------------------


def _key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as exc:
        raise ConfigError(f"a webhook secret is {SECRET_PREFIX!r} followed by base64") from exc


def check_webhook_secret(secret: str) -> None:
    """Refuse a secret that cannot sign (every delivery would fail) or is too short to keep
    signatures unguessable: `whsec_` + base64 of at least 16 bytes, as Standard Webhooks has."""
    if len(_key(secret)) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"a webhook secret needs at least {MIN_SECRET_BYTES} random bytes after "
            f"{SECRET_PREFIX!r} (base64); leave it unset to have one generated"
        )


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    tolerance_s: float = 300,
    now: float | None = None,
) -> bool:
    """Whether `body` with these headers was signed with `secret` within `tolerance_s` of now.

    For receivers (platform integrators) and tests. Header names are matched case-insensitively;
    the signature header may list several space-separated signatures (secret rotation), any of
    which may match. A timestamp too far from `now` (unix seconds) is refused: it stops replays.
    """
    lower = {name.lower(): value for name, value in headers.items()}
    msg_id = lower.get("webhook-id")
    stamp = lower.get("webhook-timestamp", "")
    if not msg_id or not (stamp.isascii() and stamp.isdigit()):
        return False
    current = time.time() if now is None else now
    if abs(current - int(stamp)) > tolerance_s:
        return False
    try:
        expected = sign(secret, msg_id, int(stamp), body).encode()
    except ConfigError:
        return False
    candidates = lower.get("webhook-signature", "").split()
    return any(hmac.compare_digest(expected, c.encode()) for c in candidates)


# SSRF guard ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    """Where to connect (the checked address), and the name the receiver expects."""

    url: str
    host_header: str
    server_name: str


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, IPv4-compatible, 6to4, NAT64), if it
    stands for one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if int(address) >> 32 == 0:  # ::a.b.c.d, deprecated (RFC 4291) but still parsed
        return ipaddress.IPv4Address(int(address))
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (`is_global` alone lets multicast pass)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and not _public(inner):
            return False
    return address.is_global and not address.is_multicast


def _resolve(url: str, allow_private: bool) -> _Target:
    """Check `url` and pin it to one resolved address; raises ConfigError saying what is wrong."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise ConfigError(f"the webhook URL is malformed: {exc}") from exc
    if parts.scheme not in {"http", "https"}:
        raise ConfigError(f"a webhook URL must use http or https, not {parts.scheme or 'nothing'}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ConfigError(f"the webhook URL has an invalid port: {exc}") from exc
    if not host:
        raise ConfigError("a webhook URL needs a host")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"the webhook host {host} does not resolve: {exc}") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise ConfigError(f"the webhook host {host} does not resolve")
    if not allow_private:
        for address in addresses:
            if not _public(address):
                raise ConfigError(
                    f"the webhook host {host} resolves to {address}, which is not a public "
                    "address (loopback, private, link-local, multicast or reserved); set "
                    "allow_private_webhooks to allow it"
                )
    address = addresses[0]
    userinfo, _, hostport = parts.netloc.rpartition("@")
    netloc = f"[{address}]" if address.version == 6 else str(address)
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return _Target(pinned, hostport, host)


def shown_url(url: str) -> str:
    """The URL without credentials, for the attempts log and the audit log."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def check_webhook_url(url: str, allow_private: bool) -> None:
    """Refuse a webhook URL that is not http(s) or whose host resolves to a non-public address.

    Raises ConfigError with the reason. With `allow_private` only the scheme and the host's
    resolution are checked.
    """
    _resolve(url, allow_private)


# The dispatcher ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    seq: int
    id: str
    platform_id: str
    attempts: int
    payload: Any
    url: str
    secret: str


@dataclass(frozen=True, slots=True)
class _Result:
    status_code: int | None
    error: str | None
    duration_ms: float

    @property
    def delivered(self) -> bool:
        return self.error is None


_DEADLINE = threading.local()  # when this thread's delivery attempt must end (monotonic)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    _DEADLINE.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _DEADLINE.at = None


def _left(timeout: float | None) -> float | None:
    """`timeout` cut to what is left of this thread's attempt; ReadTimeout once none is."""
    at: float | None = getattr(_DEADLINE, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the attempt took longer than webhook_timeout_seconds")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the attempt has left: a
    receiver that answers a byte a second never trips a per-read timeout, and would hold the
    dispatcher (every platform's deliveries behind it) for as long as it liked."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, _left(timeout), local_address, socket_options)
        return _DeadlineStream(stream)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport on connections that keep the attempt's deadline. httpx takes no
    network backend, so its pool is rebuilt with one (a test proves the deadline holds)."""

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_DeadlineBackend(),
        )


class Dispatcher:
    """Delivers due webhook events; several may run against one database."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        metrics: Metrics | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.metrics = metrics
        self._owns_client = client is None
        # trust_env=False: a proxy from the environment would resolve the host itself and
        # bypass the address check.
        self.client = client or httpx.Client(
            transport=_DeadlineTransport(), trust_env=False, follow_redirects=False
        )
        # Long enough for one attempt (cut off at webhook_timeout_seconds, plus resolving the
        # host) and recording it; short, so that events of a stopped round are soon due again.
        self.lease = timedelta(seconds=3 * settings.webhook_timeout_seconds + 60)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def run_once(self, now: datetime | None = None) -> int:
        """Deliver up to CLAIM_BATCH due events; returns how many it handled.

        `now` (by default the clock's) is when the round starts. Each attempt is signed,
        recorded and retried from the time it starts, the round's start plus the time the
        earlier attempts took: behind a slow receiver a round takes minutes, and receivers
        refuse a timestamp over 5 minutes old as a replay.
        """
        start = now or utcnow()
        jobs, given_up = self._claim(start)
        self._count("given_up", given_up)
        at, began = start, time.monotonic()
        for i, job in enumerate(jobs):
            self._record(job, self._deliver(job, at), at, jobs[i + 1 :])
            at = start + timedelta(seconds=time.monotonic() - began)
        return len(jobs) + given_up

    def run_forever(self, stop: threading.Event) -> None:
        """Deliver until `stop` is set; a failing round (database down) is retried, and
        logged in one line at most every ROUND_LOG_INTERVAL seconds (a traceback only for
        a failure that is not the database's)."""
        failures = Throttled(ROUND_LOG_INTERVAL)
        while not stop.is_set():
            try:
                busy = self.run_once() >= CLAIM_BATCH
            except Exception as exc:
                if failures.due():
                    log.error(
                        "webhook dispatch round failed%s; retrying: %s",
                        failures.suppressed(),
                        driver_message(exc),
                        exc_info=not is_store_failure(exc),
                    )
                busy = False
            if not busy:
                stop.wait(self.settings.dispatch_interval_seconds)

    def retry_delay(self, attempts: int) -> timedelta:
        """Exponential backoff after the `attempts`-th failure, capped, minus up to 10% jitter.

        Jitter spreads retries of events that failed together (a receiver outage); it only
        shortens the delay, so the configured maximum holds.
        """
        base = self.settings.webhook_backoff_seconds * 2.0 ** min(attempts - 1, 64)
        delay = min(self.settings.webhook_backoff_max_seconds, base)
        return timedelta(seconds=delay * random.uniform(0.9, 1.0))

    def _claim(self, now: datetime) -> tuple[list[_Job], int]:
        """Lease due events in one short transaction; fail those with nowhere to go."""
        query = (
            select(
                webhook_events.c.seq,
                webhook_events.c.id,
                webhook_events.c.platform_id,
                webhook_events.c.attempts,
                webhook_events.c.payload,
            )
            .where(webhook_events.c.status == "pending", webhook_events.c.next_attempt_at <= now)
            .order_by(webhook_events.c.next_attempt_at, webhook_events.c.seq)
            .limit(CLAIM_BATCH)
        )
        if self.database.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        with self.database.transaction() as conn:
            rows = conn.execute(query).all()
            if not rows:
                return [], 0
            configured = _platform_settings(conn, {row.platform_id for row in rows})
            jobs: list[_Job] = []
            orphans: list[int] = []
            for row in rows:
                settings = configured[row.platform_id]
                if settings.webhook_url and settings.webhook_secret:
                    jobs.append(
                        _Job(
                            row.seq,
                            row.id,
                            row.platform_id,
                            row.attempts,
                            row.payload,
                            settings.webhook_url,
                            settings.webhook_secret,
                        )
                    )
                else:
                    orphans.append(row.seq)
            if jobs:
                conn.execute(
                    update(webhook_events)
                    .where(webhook_events.c.seq.in_([job.seq for job in jobs]))
                    .values(next_attempt_at=now + self.lease)
                )
            if orphans:
                conn.execute(
                    update(webhook_events)
                    .where(webhook_events.c.seq.in_(orphans))
                    .values(
                        status="failed",
                        next_attempt_at=None,
                        last_error="the platform has no webhook_url (or no webhook_secret) "
                        "any more",
                    )
                )
        return jobs, len(orphans)

    def _deliver(self, job: _Job, now: datetime) -> _Result:
        """One POST of one event; any failure to deliver is a failed attempt, never a crash."""
        body = json.dumps(job.payload, separators=(",", ":"), ensure_ascii=False).encode()
        timestamp = int(now.timestamp())
        started = time.perf_counter()
        status_code: int | None = None
        error: str | None
        try:
            target = _resolve(job.url, self.settings.allow_private_webhooks)
            headers = {
                "host": target.host_header,
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                "webhook-id": job.id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(job.secret, job.id, timestamp, body),
            }
            # Stream, and never read the body: a receiver cannot make us buffer a huge answer.
            # The whole attempt ends at the deadline (httpx's own timeout is per read).
            with (
                _deadline(self.settings.webhook_timeout_seconds),
                self.client.stream(
                    "POST",
                    target.url,
                    content=body,
                    headers=headers,
                    timeout=self.settings.webhook_timeout_seconds,
                    follow_redirects=False,
                    extensions={"sni_hostname": target.server_name},
                ) as response,
            ):
                status_code = response.status_code
            error = None if 200 <= status_code < 300 else f"HTTP {status_code}"
        except Exception as exc:  # whatever it was, this attempt failed; the next may not
            error = f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
        duration_ms = (time.perf_counter() - started) * 1000
        return _Result(status_code, error, duration_ms)

    def _record(self, job: _Job, result: _Result, now: datetime, rest: Sequence[_Job]) -> None:
        """Record an attempt made at `now`, and renew the lease of the round's events still
        to go (`rest`)."""
        attempts = job.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": result.error}
        if result.delivered:
            outcome = "delivered"
            values.update(status="delivered", next_attempt_at=None)
        elif attempts >= self.settings.webhook_max_attempts:
            outcome = "given_up"
            values.update(status="failed", next_attempt_at=None)
        else:
            outcome = "failed_attempt"
            values.update(next_attempt_at=now + self.retry_delay(attempts))
        with self.database.transaction() as conn:
            conn.execute(
                insert(webhook_attempts).values(
                    event_id=job.id,
                    platform_id=job.platform_id,
                    attempted_at=now,
                    url=shown_url(job.url),
                    status_code=result.status_code,
                    error=result.error,
                    duration_ms=result.duration_ms,
                )
            )
            # Only a still-pending event: another dispatcher may have delivered it after our
            # lease ran out.
            conn.execute(
                update(webhook_events)
                .where(webhook_events.c.seq == job.seq, webhook_events.c.status == "pending")
                .values(**values)
            )
            if rest:  # from the attempt's end: the next one starts then
                ended = now + timedelta(milliseconds=result.duration_ms)
                conn.execute(
                    update(webhook_events)
                    .where(
                        webhook_events.c.seq.in_([later.seq for later in rest]),
                        webhook_events.c.status == "pending",
                    )
                    .values(next_attempt_at=ended + self.lease)
                )
        if outcome != "delivered":
            log.info("webhook %s of %s: %s (%s)", job.id, job.platform_id, outcome, result.error)
        self._count(outcome)

    def _count(self, outcome: str, n: int = 1) -> None:
        if self.metrics is not None and n:
            self.metrics.webhook_deliveries.labels(outcome=outcome).inc(n)


def _platform_settings(conn: Connection, ids: set[str]) -> dict[str, PlatformSettings]:
    rows = conn.execute(select(platforms.c.id, platforms.c.settings).where(platforms.c.id.in_(ids)))
    return {row.id: PlatformSettings.model_validate(row.settings) for row in rows}


def enqueue(
    conn: Connection,
    platform_id: str,
    settings: PlatformSettings,
    kind: str,
    data: dict[str, Any],
    now: datetime,
) -> bool:
    """Queue an event in the caller's transaction (the outbox): it is sent if and only if the
    change it reports commits. Returns False when the platform has no webhook URL."""
    if not settings.webhook_url:
        return False
    conn.execute(
        insert(webhook_events).values(
            id=f"msg_{secrets.token_hex(12)}",
            platform_id=platform_id,
            event_type=kind,
            payload={"type": kind, "timestamp": now.isoformat(), "data": data},
            created_at=now,
            status="pending",
            attempts=0,
            next_attempt_at=now,
        )
    )
    return True


QUEUE_UNREAD_LOG_SECONDS = 600.0  # least time between two logs of an unreadable queue
_queue_unread = Throttled(QUEUE_UNREAD_LOG_SECONDS)


def queue_depth(database: Database) -> float:
    """Events still waiting for delivery (for `Metrics.watch_queue`); NaN, Prometheus's
    "unknown", while the database cannot be read, so that a scrape still serves the other
    metrics (logged at most every QUEUE_UNREAD_LOG_SECONDS, not at every scrape)."""
    try:
        with database.read() as conn:
            query = select(func.count()).where(webhook_events.c.status == "pending")
            return float(conn.execute(query).scalar_one())
    except (DatabaseError, PoolTimeout) as exc:
        if _queue_unread.due():
            log.warning(
                "webhook queue depth unknown%s, cannot read the database: %s",
                _queue_unread.suppressed(),
                driver_message(exc),
            )
        return math.nan


def _iso(value: datetime | None) -> str | None:
    return None if value is None else aware(value).isoformat()


def list_events(conn: Connection, platform_id: str, after: int, limit: int) -> list[dict[str, Any]]:
    """A platform's webhook events after cursor `after` (their `seq`), each with its attempts."""
    events = conn.execute(
        select(webhook_events)
        .where(webhook_events.c.platform_id == platform_id, webhook_events.c.seq > after)
        .order_by(webhook_events.c.seq)
        .limit(limit)
    ).all()
    attempts: dict[str, list[dict[str, Any]]] = {event.id: [] for event in events}
    if events:
        rows = conn.execute(
            select(webhook_attempts)
            .where(
                webhook_attempts.c.platform_id == platform_id,
                webhook_attempts.c.event_id.in_(list(attempts)),
            )
            .order_by(webhook_attempts.c.id)
        )
        for row in rows:
            attempts[row.event_id].append(
                {
                    "attempted_at": _iso(row.attempted_at),
                    "url": row.url,
                    "status_code": row.status_code,
                    "error": row.error,
                    "duration_ms": row.duration_ms,
                }
            )
    return [
        {
            "seq": event.seq,
            "id": event.id,
            "type": event.event_type,
            "status": event.status,
            "attempt_count": event.attempts,
            "next_attempt_at": _iso(event.next_attempt_at),
            "last_error": event.last_error,
            "created_at": _iso(event.created_at),
            "attempts": attempts[event.id],
        }
        for event in events
    ]
