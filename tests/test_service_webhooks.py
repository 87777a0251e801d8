"""Webhook signing, the SSRF guard and the outbox dispatcher, against a real local receiver."""

from __future__ import annotations

import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from prometheus_client import generate_latest
from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError

from lurewatch._errors import ConfigError
from lurewatch.service import webhooks
from lurewatch.service._throttle import Throttled
from lurewatch.service._time import aware, utcnow
from lurewatch.service.metrics import Metrics
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import webhook_attempts, webhook_events
from lurewatch.service.tenants import Platform, create_platform, save_platform_settings
from lurewatch.service.webhooks import (
    CLAIM_BATCH,
    Dispatcher,
    check_webhook_url,
    list_events,
    queue_depth,
    sign,
    verify,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SETTINGS = Settings(
    allow_private_webhooks=True,
    webhook_timeout_seconds=2,
    webhook_backoff_seconds=10,
    webhook_max_attempts=3,
    dispatch_interval_seconds=0.02,
)
PAYLOAD = {"type": "alert.created", "timestamp": NOW.isoformat(), "data": {"id": 7, "risk": 0.97}}


# Fixtures ------------------------------------------------------------------------------------


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records requests and answers scripted statuses."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []  # header names lowercased
        self.statuses: list[int] = []  # answered in order, then 200
        self.on_request: Callable[[], None] | None = None  # called once, on the next request
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append((self.path, headers, body))
                hook, receiver.on_request = receiver.on_request, None
                if hook is not None:
                    hook()
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def platform(database: Database, receiver: Receiver) -> Platform:
    with database.transaction() as conn:
        created, _ = create_platform(conn, "acme")
    return configure(database, created, webhook_url=receiver.url)


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def dispatcher(database: Database, metrics: Metrics) -> Iterator[Dispatcher]:
    running = Dispatcher(database, SETTINGS, metrics)
    yield running
    running.close()


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[str]]]:
    """Fake DNS: per name, its successive answers (the last one repeats; [] is no such name)."""
    answers: dict[str, list[list[str]]] = {}
    real = socket.getaddrinfo

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return real(host, port, *args, **kwargs)
        queue = answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return answers


def configure(database: Database, platform: Platform, **changes: Any) -> Platform:
    settings = platform.settings.model_copy(update=changes)
    with database.transaction() as conn:
        save_platform_settings(conn, platform.id, settings)
    return Platform(platform.id, platform.name, settings)


def queue(database: Database, platform: Platform, at: datetime = NOW) -> str:
    """Queue an event the way ingest does (pending, due at once)."""
    event_id = f"msg_{secrets.token_hex(12)}"
    with database.transaction() as conn:
        conn.execute(
            insert(webhook_events).values(
                id=event_id,
                platform_id=platform.id,
                event_type="alert.created",
                payload=PAYLOAD,
                created_at=at,
                status="pending",
                attempts=0,
                next_attempt_at=at,
            )
        )
    return event_id


def event(database: Database, event_id: str) -> Any:
    with database.read() as conn:
        return conn.execute(select(webhook_events).where(webhook_events.c.id == event_id)).one()


def attempts(database: Database, event_id: str) -> list[Any]:
    with database.read() as conn:
        query = select(webhook_attempts).where(webhook_attempts.c.event_id == event_id)
        return list(conn.execute(query.order_by(webhook_attempts.c.id)))


def counted(metrics: Metrics, outcome: str) -> float:
    value = metrics.registry.get_sample_value(
        "lurewatch_webhook_deliveries_total", {"outcome": outcome}
    )
    return value or 0.0


# Signatures ----------------------------------------------------------------------------------


def test_sign_matches_the_standard_webhooks_reference_vector() -> None:
    signature = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_verify_accepts_only_a_fresh_untampered_signature() -> None:
    secret, other = "whsec_" + "A" * 44, "whsec_" + "B" * 44
    body, stamp = b'{"a":1}', 1_700_000_000
    headers = {
        "Webhook-Id": "msg_1",  # any case
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret, "msg_1", stamp, body),
    }
    assert verify(secret, headers, body, now=stamp + 299)
    assert not verify(secret, headers, body + b" ", now=stamp)
    assert not verify(other, headers, body, now=stamp)
    assert not verify(secret, headers, body, now=stamp + 301)  # replayed too late
    assert not verify(secret, headers, body, now=stamp - 301)
    assert not verify(secret, {**headers, "webhook-id": "msg_2"}, body, now=stamp)
    for bad in ("x", "", "\u00b2"):  # "²" is a digit to str.isdigit, not to int()
        assert not verify(secret, {**headers, "webhook-timestamp": bad}, body, now=stamp)
    rotated = {**headers, "webhook-signature": f"{sign(other, 'msg_1', stamp, body)} v1,AAAA"}
    assert not verify(secret, rotated, body, now=stamp)
    rotated["webhook-signature"] += " " + headers["webhook-signature"]
    assert verify(secret, rotated, body, now=stamp)


# SSRF guard ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:8080/",
        "http://224.0.0.1/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:a9fe:a9fe]/",  # 169.254.169.254, IPv4-mapped
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[::a00:1]/",  # 10.0.0.1, IPv4-compatible
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[ff02::1]/",
        "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://localhost:8000/hook",
    ],
)
def test_webhook_urls_to_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="not a public address"):
        check_webhook_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["https://93.184.216.34/hooks", "http://[2606:2800:220:1:248:1893:25c8:1946]:8443/"]
)
def test_webhook_urls_to_public_addresses_are_accepted(url: str) -> None:
    check_webhook_url(url, allow_private=False)  # resolution only: nothing is contacted


@pytest.mark.parametrize("url", ["ftp://93.184.216.34/", "file:///etc/passwd", "93.184.216.34"])
def test_webhook_urls_need_http_or_https_even_when_private_is_allowed(url: str) -> None:
    with pytest.raises(ConfigError, match="http or https"):
        check_webhook_url(url, allow_private=True)


def test_private_addresses_pass_when_allowed() -> None:
    check_webhook_url("http://127.0.0.1:9/hook", allow_private=True)
    check_webhook_url("http://localhost/hook", allow_private=True)


def test_a_host_with_any_private_address_is_refused(dns: dict[str, list[list[str]]]) -> None:
    dns["hooks.example"] = [["93.184.216.34", "10.0.0.7"]]
    with pytest.raises(ConfigError, match=r"10\.0\.0\.7"):
        check_webhook_url("https://hooks.example/x", allow_private=False)


def test_a_host_that_does_not_resolve_is_refused(dns: dict[str, list[list[str]]]) -> None:
    dns["nowhere.example"] = [[]]
    with pytest.raises(ConfigError, match="does not resolve"):
        check_webhook_url("https://nowhere.example/x", allow_private=True)


# Delivery ------------------------------------------------------------------------------------


def test_delivery_is_signed_with_the_platform_secret(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    metrics: Metrics,
) -> None:
    event_id = queue(database, platform)
    assert queue_depth(database) == 1
    assert dispatcher.run_once(NOW) == 1

    [(path, headers, body)] = receiver.requests
    assert path == "/hook"
    assert headers["webhook-id"] == event_id
    assert headers["webhook-timestamp"] == str(int(NOW.timestamp()))
    assert headers["content-type"] == "application/json"
    assert platform.settings.webhook_secret is not None
    assert verify(platform.settings.webhook_secret, headers, body, now=NOW.timestamp())
    assert json.loads(body) == PAYLOAD
    row = event(database, event_id)
    assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (
        "delivered",
        1,
        None,
        None,
    )
    [attempt] = attempts(database, event_id)
    assert (attempt.status_code, attempt.error, attempt.url) == (200, None, receiver.url)
    assert attempt.duration_ms > 0
    assert queue_depth(database) == 0
    assert counted(metrics, "delivered") == 1
    assert dispatcher.run_once(NOW + timedelta(days=1)) == 0


def test_queue_depth_is_unknown_not_an_error_while_the_database_cannot_be_read(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A database outage must not fail the whole /metrics scrape; nor log at every scrape."""
    (tmp_path / "broken.db").write_bytes(b"this is not a database" * 100)
    broken = Database(f"sqlite:///{tmp_path / 'broken.db'}")
    monkeypatch.setattr(webhooks, "_queue_unread", Throttled(webhooks.QUEUE_UNREAD_LOG_SECONDS))
    metrics = Metrics()
    metrics.watch_queue(lambda: queue_depth(broken))
    metrics.scoring_seconds.observe(0.5)
    try:
        with caplog.at_level(logging.WARNING, logger="lurewatch.service.webhooks"):
            scrapes = [generate_latest(metrics.registry).decode() for _ in range(3)]
    finally:
        broken.dispose()
    assert all("lurewatch_webhook_queue_depth NaN" in text for text in scrapes)
    assert all("lurewatch_scoring_seconds_count 1.0" in text for text in scrapes)
    assert caplog.text.count("webhook queue depth unknown") == 1


def test_a_failed_delivery_is_retried_after_the_backoff(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    receiver.statuses = [500]
    event_id = queue(database, platform)
    assert dispatcher.run_once(NOW) == 1
    row = event(database, event_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 500")
    due = aware(row.next_attempt_at)
    assert NOW + timedelta(seconds=9) <= due <= NOW + timedelta(seconds=10)

    assert dispatcher.run_once(NOW + timedelta(seconds=8)) == 0  # not due yet
    assert len(receiver.requests) == 1
    assert dispatcher.run_once(NOW + timedelta(seconds=10)) == 1
    assert event(database, event_id).status == "delivered"
    first, second = (headers for _, headers, _ in receiver.requests)
    assert first["webhook-id"] == second["webhook-id"] == event_id  # receivers dedupe on it
    assert int(second["webhook-timestamp"]) == int(NOW.timestamp()) + 10

    with database.read() as conn:
        [listed] = list_events(conn, platform.id, after=0, limit=10)
    assert (listed["id"], listed["status"], listed["attempt_count"]) == (event_id, "delivered", 2)
    assert [(a["status_code"], a["error"]) for a in listed["attempts"]] == [
        (500, "HTTP 500"),
        (200, None),
    ]
    assert listed["attempts"][1]["attempted_at"] == (NOW + timedelta(seconds=10)).isoformat()


def test_each_attempt_is_signed_recorded_and_retried_from_the_time_it_is_made(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    """Behind a slow receiver a round of events takes a while (up to
    `webhook_timeout_seconds` each): a later event signed with the round's start would reach
    its receiver stale, over Standard Webhooks' 5 minutes with the default timeout."""
    arrived: list[float] = []

    def slow() -> None:
        arrived.append(time.time())
        time.sleep(0.7)
        receiver.on_request = slow  # and the next request too

    receiver.on_request = slow
    receiver.statuses = [200, 200, 200, 500]
    ids = [queue(database, platform, at=utcnow()) for _ in range(4)]
    assert dispatcher.run_once() == 4
    signed = [int(headers["webhook-timestamp"]) for _, headers, _ in receiver.requests]
    assert all(0 <= at - stamp < 1.5 for at, stamp in zip(arrived, signed, strict=True))
    recorded = [aware(attempts(database, i)[0].attempted_at).timestamp() for i in ids]
    assert all(abs(at - stamp) < 0.5 for at, stamp in zip(arrived, recorded, strict=True))
    retry = aware(event(database, ids[-1]).next_attempt_at).timestamp()
    assert retry >= arrived[-1] - 0.5 + 0.9 * SETTINGS.webhook_backoff_seconds


def test_backoff_doubles_up_to_its_maximum(tmp_path: Any) -> None:
    settings = SETTINGS.model_copy(
        update={"webhook_backoff_seconds": 2.0, "webhook_backoff_max_seconds": 10.0}
    )
    dispatcher = Dispatcher(Database(f"sqlite:///{tmp_path}/unused.db"), settings)
    for attempt, full in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (10_000, 10.0)]:
        delay = dispatcher.retry_delay(attempt).total_seconds()
        assert 0.9 * full <= delay <= full
    dispatcher.close()


def test_an_event_is_given_up_after_the_last_attempt(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    metrics: Metrics,
) -> None:
    receiver.statuses = [500, 503, 500, 500]
    event_id = queue(database, platform)
    now = NOW
    for _ in range(SETTINGS.webhook_max_attempts):
        assert dispatcher.run_once(now) == 1
        row = event(database, event_id)
        now = aware(row.next_attempt_at) if row.next_attempt_at else now
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)
    assert [a.status_code for a in attempts(database, event_id)] == [500, 503, 500]
    assert dispatcher.run_once(now + timedelta(days=30)) == 0
    assert len(receiver.requests) == 3
    assert (counted(metrics, "failed_attempt"), counted(metrics, "given_up")) == (2, 1)


def test_a_redirect_is_not_followed(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    receiver.statuses = [302]
    event_id = queue(database, platform)
    dispatcher.run_once(NOW)
    assert [path for path, _, _ in receiver.requests] == ["/hook"]
    row = event(database, event_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 302")


def test_an_unreachable_receiver_is_a_failed_attempt(
    database: Database, platform: Platform, dispatcher: Dispatcher
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    configure(database, platform, webhook_url=closed)
    event_id = queue(database, platform)
    dispatcher.run_once(NOW)
    [attempt] = attempts(database, event_id)
    assert attempt.status_code is None
    assert attempt.error.startswith("ConnectError")
    assert event(database, event_id).status == "pending"


def test_a_receiver_that_answers_a_byte_at_a_time_is_cut_off_at_the_attempts_limit(
    database: Database, platform: Platform, metrics: Metrics
) -> None:
    """httpx's timeout is per read: a receiver sending a byte every 0.2 s never trips it, and
    held the one dispatcher thread (every platform's deliveries) as long as it liked."""
    answer = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
    stop = threading.Event()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()

        def trickle() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(65536)
                for byte in answer:
                    if stop.wait(0.2):
                        return
                    connection.sendall(bytes([byte]))

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        configure(database, platform, webhook_url=f"http://127.0.0.1:{server.getsockname()[1]}/h")
        event_id = queue(database, platform)
        settings = SETTINGS.model_copy(update={"webhook_timeout_seconds": 1.0})
        slow = Dispatcher(database, settings, metrics)
        started = time.monotonic()
        try:
            slow.run_once(NOW)
        finally:
            slow.close()
            stop.set()
            thread.join(5)
    assert time.monotonic() - started < 4  # the whole answer would take about 8 s
    [attempt] = attempts(database, event_id)
    assert attempt.status_code is None and attempt.error.startswith("ReadTimeout")
    assert event(database, event_id).status == "pending"  # retried later


def test_an_event_fails_when_its_platform_dropped_the_webhook_url(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    metrics: Metrics,
) -> None:
    event_id = queue(database, platform)
    configure(database, platform, webhook_url=None)
    assert dispatcher.run_once(NOW) == 1
    row = event(database, event_id)
    assert row.status == "failed"
    assert "no webhook_url" in row.last_error
    assert receiver.requests == []
    assert attempts(database, event_id) == []
    assert counted(metrics, "given_up") == 1


def test_delivery_goes_to_the_address_that_was_checked(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    dns: dict[str, list[list[str]]],
) -> None:
    # The name resolves once, then no more: had the HTTP client looked it up again (the
    # window a rebinding DNS server exploits), it could not have connected.
    dns["hooks.example"] = [["127.0.0.1"], []]
    configure(database, platform, webhook_url=f"http://hooks.example:{receiver.port}/hook")
    event_id = queue(database, platform)
    dispatcher.run_once(NOW)
    [(_, headers, _)] = receiver.requests
    assert headers["host"] == f"hooks.example:{receiver.port}"
    assert event(database, event_id).status == "delivered"


def test_the_address_is_checked_again_at_delivery(
    database: Database, platform: Platform, receiver: Receiver, dns: dict[str, list[list[str]]]
) -> None:
    # Accepted when configured, then the name was pointed at the internal network.
    dns["hooks.example"] = [["10.0.0.7"]]
    configure(database, platform, webhook_url="http://hooks.example/hook")
    event_id = queue(database, platform)
    strict = Dispatcher(database, SETTINGS.model_copy(update={"allow_private_webhooks": False}))
    strict.run_once(NOW)
    strict.close()
    [attempt] = attempts(database, event_id)
    assert attempt.status_code is None
    assert "10.0.0.7" in attempt.error
    assert "not a public address" in attempt.error
    assert event(database, event_id).attempts == 1


def test_credentials_in_the_url_stay_out_of_the_attempts_log(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    configure(database, platform, webhook_url=f"http://user:pw@127.0.0.1:{receiver.port}/hook")
    event_id = queue(database, platform)
    dispatcher.run_once(NOW)
    [(_, headers, _)] = receiver.requests
    assert headers["authorization"].startswith("Basic ")
    [attempt] = attempts(database, event_id)
    assert attempt.url == receiver.url


# Concurrency and restarts --------------------------------------------------------------------


def test_no_write_lock_is_held_while_delivering(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    """A second dispatcher, running while the first waits on the receiver, gets the write lock
    at once and finds the event claimed."""
    queue(database, platform)
    second = Dispatcher(database, SETTINGS)
    seen: list[tuple[int, float]] = []

    def meanwhile() -> None:
        started = time.perf_counter()
        seen.append((second.run_once(NOW), time.perf_counter() - started))

    receiver.on_request = meanwhile
    assert dispatcher.run_once(NOW) == 1
    second.close()
    [(handled, seconds)] = seen
    assert handled == 0
    assert seconds < 2
    assert len(receiver.requests) == 1


def test_dispatchers_running_side_by_side_deliver_each_event_once(
    database: Database, platform: Platform, receiver: Receiver
) -> None:
    queued = sorted(queue(database, platform) for _ in range(CLAIM_BATCH + 5))
    dispatchers = [Dispatcher(database, SETTINGS) for _ in range(3)]

    def drain(dispatcher: Dispatcher) -> None:
        while dispatcher.run_once(NOW):
            pass

    workers = [threading.Thread(target=drain, args=(d,)) for d in dispatchers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)
    for dispatcher in dispatchers:
        dispatcher.close()
    assert sorted(headers["webhook-id"] for _, headers, _ in receiver.requests) == queued
    assert queue_depth(database) == 0


def test_an_event_claimed_by_a_dispatcher_that_died_is_delivered_after_its_lease(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    class Crash(BaseException):
        pass

    def die(request: httpx.Request) -> httpx.Response:
        raise Crash

    event_id = queue(database, platform)
    dying = Dispatcher(database, SETTINGS, client=httpx.Client(transport=httpx.MockTransport(die)))
    with pytest.raises(Crash):
        dying.run_once(NOW)
    row = event(database, event_id)
    assert (row.status, row.attempts) == ("pending", 0)
    assert dispatcher.run_once(NOW) == 0  # still leased
    assert dispatcher.run_once(NOW + dying.lease) == 1
    assert event(database, event_id).status == "delivered"


def round_stopped_by_an_outage(
    database: Database, dispatcher: Dispatcher, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """A round at NOW during which the database goes away after `after` transactions (the
    claim is the first); afterwards it is back."""
    real = database.transaction
    calls = 0

    def away(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > after:
            raise OperationalError("UPDATE", {}, Exception("server closed the connection"))
        return real(*args, **kwargs)

    monkeypatch.setattr(database, "transaction", away)
    with pytest.raises(OperationalError):
        dispatcher.run_once(NOW)
    monkeypatch.setattr(database, "transaction", real)


def test_a_round_whose_recording_fails_leaves_its_other_events_due_within_a_lease(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database goes away after a round claimed its events: recording the first attempt
    fails and the round stops. The events it did not get to are due again about a minute
    later, not after a lease long enough for the whole batch; the one it delivered but could
    not record is delivered again, with the same webhook-id (at least once)."""
    queued = [queue(database, platform) for _ in range(3)]
    round_stopped_by_an_outage(database, dispatcher, monkeypatch, after=1)
    assert len(receiver.requests) == 1
    assert dispatcher.run_once(NOW + timedelta(seconds=90)) == 3
    assert all(event(database, event_id).status == "delivered" for event_id in queued)
    ids = [headers["webhook-id"] for _, headers, _ in receiver.requests]
    assert sorted(ids) == sorted([ids[0], *queued])


def test_each_record_renews_the_lease_of_the_events_the_round_has_still_to_deliver(
    database: Database,
    platform: Platform,
    receiver: Receiver,
    dispatcher: Dispatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lease outlasts one attempt, not a whole batch: recording an attempt renews it for
    the events still to go, from that attempt's end, so a slow receiver does not let the
    batch's later events fall due to another dispatcher meanwhile."""
    queued = [queue(database, platform) for _ in range(2)]
    receiver.on_request = lambda: time.sleep(1.0)  # the first attempt takes a second
    round_stopped_by_an_outage(database, dispatcher, monkeypatch, after=2)  # 1 recorded
    leased = aware(event(database, queued[1]).next_attempt_at) - NOW
    assert dispatcher.lease + timedelta(seconds=0.9) <= leased
    assert leased <= dispatcher.lease + timedelta(seconds=5)


def test_a_database_outage_of_many_rounds_is_logged_in_a_line_not_a_traceback_a_round(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "broken.db").write_bytes(b"this is not a database" * 100)
    broken = Database(f"sqlite:///{tmp_path / 'broken.db'}")
    dispatcher = Dispatcher(broken, SETTINGS)
    stop = threading.Event()
    rounds = 0
    real = dispatcher.run_once

    def counted_round() -> int:
        nonlocal rounds
        rounds += 1
        if rounds == 10:
            stop.set()
        return real()

    dispatcher.run_once = counted_round  # type: ignore[method-assign]
    try:
        with caplog.at_level(logging.INFO, logger="lurewatch.service.webhooks"):
            dispatcher.run_forever(stop)
    finally:
        dispatcher.close()
        broken.dispose()
    assert rounds == 10
    logged = [r for r in caplog.records if r.name == "lurewatch.service.webhooks"]
    assert len(logged) == 1 and not logged[0].exc_info
    assert "file is not a database" in logged[0].getMessage()


def test_a_scrape_does_not_wait_for_a_database_that_does_not_answer() -> None:
    """/metrics while the database stalls: the queue depth is unknown (NaN) after a short
    wait, and the other metrics are served."""
    release = threading.Event()
    metrics = Metrics()
    metrics.watch_queue(lambda: 7.0 if release.wait(10) else 0.0)
    try:
        started = time.monotonic()
        text = generate_latest(metrics.registry).decode()
        took = time.monotonic() - started
    finally:
        release.set()
    assert "lurewatch_webhook_queue_depth NaN" in text and took < 5.0
    deadline = time.monotonic() + 5
    while "depth 7.0" not in generate_latest(metrics.registry).decode():
        assert time.monotonic() < deadline, "the reading never came back"


def test_run_forever_delivers_until_stopped(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    event_id = queue(database, platform, at=utcnow())
    stop = threading.Event()
    worker = threading.Thread(target=dispatcher.run_forever, args=(stop,))
    worker.start()
    deadline = time.monotonic() + 5
    while not receiver.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    worker.join(timeout=2)
    assert not worker.is_alive()
    assert event(database, event_id).status == "delivered"


# Listing ---------------------------------------------------------------------------------------


def test_list_events_pages_and_shows_only_the_platforms_own(
    database: Database, platform: Platform, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    with database.transaction() as conn:
        other, _ = create_platform(conn, "other")
    other = configure(database, other, webhook_url=receiver.url)
    mine = [queue(database, platform) for _ in range(3)]
    theirs = queue(database, other)
    dispatcher.run_once(NOW)
    with database.read() as conn:
        first = list_events(conn, platform.id, after=0, limit=2)
        rest = list_events(conn, platform.id, after=first[-1]["seq"], limit=2)
        foreign = list_events(conn, other.id, after=0, limit=10)
    assert [e["id"] for e in first + rest] == mine
    assert [e["id"] for e in foreign] == [theirs]
    assert all(len(e["attempts"]) == 1 for e in first + rest + foreign)
    assert first[0]["type"] == "alert.created"
    assert first[0]["created_at"] == NOW.isoformat()


def test_alert_from_the_api_reaches_the_receiver_signed_and_is_listed(
    database: Database, detector: Any, receiver: Receiver
) -> None:
    """End to end: ingest through the API, the outbox event, delivery, the attempts listing."""
    from fastapi.testclient import TestClient
    from test_service_api import GROOMING, messages

    from lurewatch.service.api.app import create_app

    with database.transaction() as conn:
        _, key = create_platform(conn, "e2e")
    settings = SETTINGS.model_copy(update={"database_url": database.url})
    app = create_app(settings, database=database, detector=detector)
    client = TestClient(app, headers={"X-API-Key": key.secret or ""})
    secret = client.patch("/v1/settings", json={"webhook_url": receiver.url}).json()[
        "webhook_secret"
    ]
    client.post("/v1/messages", json={"messages": messages("g", GROOMING)}).raise_for_status()
    sender = Dispatcher(database, settings)
    try:
        assert sender.run_once() >= 1
    finally:
        sender.close()
    (_, headers, body) = receiver.requests[0]
    assert verify(secret, headers, body)
    event = json.loads(body)
    assert event["type"] == "alert.created" and event["data"]["conversation_id"] == "g"
    listed = client.get("/v1/webhooks/events").json()["events"]
    assert listed[0]["status"] == "delivered" and listed[0]["attempts"][0]["status_code"] == 200
