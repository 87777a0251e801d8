"""Several servers share their limits through Redis (`redis_url`): API rate limits and failed
console logins count once across them, nothing identifying is written to Redis, and a Redis
that stops answering refuses requests (503, nothing stored) instead of letting them through
uncounted. Run against the real Redis on 127.0.0.1:6379 (`.ci/run` starts one)."""

from __future__ import annotations

import logging
import re
import shutil
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_service_api import GROOMING, messages

from lurewatch._errors import ConfigError
from lurewatch.cli import main
from lurewatch.engine.detector import Detector
from lurewatch.service.api.app import create_app
from lurewatch.service.launch import free_port
from lurewatch.service.redis_client import (
    RedisRefusedError,
    RedisUnavailableError,
    call,
    connect,
)
from lurewatch.service.redis_limits import Breaker, RedisLoginLimiter, RedisRateLimiter
from lurewatch.service.server import serve
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import messages as messages_table
from lurewatch.service.tenants import create_platform, create_user

PASSWORD = "correct horse battery"


@pytest.fixture
def store(sqlite_template: Path, tmp_path: Path) -> Database:
    """A SQLite store with a console account (the limits do not depend on the database)."""
    shutil.copy(sqlite_template, tmp_path / "store.db")
    database = Database(f"sqlite:///{tmp_path / 'store.db'}")
    with database.transaction() as conn:
        create_user(conn, "mo", "moderator", PASSWORD)
    return database


def _servers(
    store: Database, detector: Detector, count: int, **settings: object
) -> tuple[list[TestClient], str]:
    """`count` apps on one store, as separate `serve` processes would be, and a key."""
    with store.transaction() as conn:
        _, key = create_platform(conn, f"p{time.monotonic_ns()}")
    assert key.secret
    apps = [
        create_app(Settings(database_url=store.url, **settings), database=store, detector=detector)
        for _ in range(count)
    ]
    clients = [
        TestClient(app, base_url="https://testserver", headers={"X-API-Key": key.secret})
        for app in apps
    ]
    return clients, key.secret


def test_servers_sharing_redis_allow_one_rate_limit_between_them(
    store: Database, detector: Detector, redis_url: str, redis_prefix: str
) -> None:
    shared = {"redis_url": redis_url, "redis_key_prefix": redis_prefix}
    (a, b), _ = _servers(store, detector, 2, rate_limit_per_minute=3, **shared)
    codes = [c.get("/v1/alerts").status_code for c in (a, b, a, b)]
    assert codes == [200, 200, 200, 429]
    limited = a.get("/v1/alerts")
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 20
    # the reason for sharing: two servers counting alone allow the limit each
    (c, d), _ = _servers(store, detector, 2, rate_limit_per_minute=3)
    assert [x.get("/v1/alerts").status_code for x in (c, d, c, d)] == [200] * 4


def test_the_shared_token_bucket_refills_at_its_rate(redis_url: str, redis_prefix: str) -> None:
    limiter = RedisRateLimiter(connect(redis_url), per_minute=120, prefix=redis_prefix)
    assert all(limiter.check("key-1") == 0.0 for _ in range(120))  # a full burst
    wait = limiter.check("key-1")
    assert 0.0 < wait <= 0.5  # 2 tokens a second
    assert limiter.check("key-2") == 0.0  # another key, another bucket
    time.sleep(wait + 0.05)
    assert limiter.check("key-1") == 0.0
    assert RedisRateLimiter(connect(redis_url), 0, redis_prefix).check("key-1") == 0.0  # off


def _login_as_mo(client: TestClient, password: str) -> int:
    """The status of one console login as "mo" with `password`, CSRF token and all."""
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    data = {"name": "mo", "password": password, "csrf_token": token.group(1)}
    return client.post("/console/login", data=data, follow_redirects=False).status_code


def test_failed_logins_count_across_servers_sharing_redis(
    store: Database, detector: Detector, redis_url: str, redis_prefix: str
) -> None:
    shared = {"redis_url": redis_url, "redis_key_prefix": redis_prefix}
    servers, _ = _servers(store, detector, 2, login_attempts_per_15_minutes=3, **shared)

    a, b = servers
    assert [_login_as_mo(c, "wrong password!") for c in (a, b, a)] == [401, 401, 401]
    assert _login_as_mo(b, PASSWORD) == 429  # the right password too, on the other server


def test_the_login_window_blocks_for_its_remaining_time(redis_url: str, redis_prefix: str) -> None:
    one, two = (
        RedisLoginLimiter(connect(redis_url), 2, 900, redis_prefix, per_address=3, per_account=4)
        for _ in range(2)
    )
    assert one.attempt("Mo", "203.0.113.9")[0] == 0.0  # counted as failed from here on
    assert two.attempt("MO", "203.0.113.9")[0] == 0.0  # names count case-insensitively
    wait, ticket = one.attempt("mo", "203.0.113.9")
    assert 899.0 < wait <= 900.0 and ticket == ""  # refused, and not counted
    # someone else's failures from elsewhere do not lock mo out here
    wait, ticket = two.attempt("mo", "198.51.100.1")
    assert wait == 0.0 and ticket
    two.succeeded("mo", "198.51.100.1", ticket)  # a login that succeeds counts for nothing
    assert one.attempt("ada", "203.0.113.9")[0] == 0.0  # the address's third failure
    assert 899.0 < two.attempt("zoe", "203.0.113.9")[0] <= 900.0  # the address's limit
    assert one.attempt("mo", "192.0.2.1")[0] == 0.0  # mo's third failure in all
    assert one.attempt("mo", "192.0.2.2")[0] == 0.0  # and fourth
    assert 899.0 < two.attempt("mo", "192.0.2.3")[0] <= 900.0  # mo's ceiling, from anywhere


def test_someone_elses_failures_on_another_server_do_not_lock_the_owner_out(
    store: Database, detector: Detector, redis_url: str, redis_prefix: str
) -> None:
    shared = {"redis_url": redis_url, "redis_key_prefix": redis_prefix}
    (a, b), _ = _servers(store, detector, 2, login_attempts_per_15_minutes=3, **shared)
    guesser = TestClient(a.app, base_url="https://testserver", client=("10.0.0.66", 1))
    again = TestClient(b.app, base_url="https://testserver", client=("10.0.0.66", 1))
    owner = TestClient(b.app, base_url="https://testserver", client=("10.0.0.7", 1))

    assert [_login_as_mo(guesser, "wrong password!") for _ in range(3)] == [401, 401, 401]
    assert _login_as_mo(again, "wrong password!") == 429  # the guesser, counted on both servers
    assert _login_as_mo(owner, PASSWORD) == 303  # the owner, from elsewhere, logs in


def test_redis_holds_no_identifiers(redis_url: str, redis_prefix: str) -> None:
    client = connect(redis_url)
    RedisRateLimiter(client, 60, redis_prefix).check("key-abc123")
    RedisLoginLimiter(client, 5, 900, redis_prefix).attempt("Alice", "203.0.113.9")
    written = [k.decode() for k in client.scan_iter(match=f"{redis_prefix}*")]
    assert len(written) == 4  # the bucket; name from address, address, name
    for key in written:
        assert not any(s in key.lower() for s in ("abc123", "alice", "203.0.113"))
        assert client.ttl(key) > 0  # nothing stays for good


def _silent_redis() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def test_a_silent_redis_refuses_batches_and_stores_nothing(
    store: Database, detector: Detector
) -> None:
    (api,), _ = _servers(store, detector, 1, redis_url=_silent_redis())
    answer = api.post("/v1/messages", json={"messages": messages("g", GROOMING)})
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["Retry-After"] == "5"
    assert "cannot be counted" in answer.json()["detail"]
    assert "127.0.0.1" not in answer.text  # where Redis runs is for operators, not tenants
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(messages_table)).scalar() == 0
    ready = api.get("/readyz")
    assert ready.status_code == 503 and "Redis" in ready.json()["detail"]
    page = api.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    login = api.post(
        "/console/login", data={"name": "mo", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert login.status_code == 503 and "not possible right now" in login.text
    assert "127.0.0.1" not in login.text


def test_serve_refuses_to_start_with_a_silent_redis(store: Database) -> None:
    url = _silent_redis()
    with pytest.raises(RedisUnavailableError, match="does not answer"):
        serve(Settings(database_url=store.url, redis_url=url))
    env = {"LUREWATCH_DATABASE_URL": store.url, "LUREWATCH_REDIS_URL": url}
    started = CliRunner().invoke(main, ["serve", "--port", str(free_port())], env=env)
    assert started.exit_code == 2 and "does not answer" in started.stderr
    assert "lurewatch API on" not in started.output  # no banner for a server that never ran


def test_redis_settings_are_checked_and_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="not a Redis URL"):
        connect("http://127.0.0.1:6379")
    shown = Settings(redis_url="redis://:hunter2@cache:6379/0").public()
    assert shown["redis_url"] == "redis://:***@cache:6379/0"
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(ConfigError, match=r"lurewatch\[redis\]"):
        connect("redis://127.0.0.1:6379/0")


def test_a_redis_error_names_the_server_not_the_password() -> None:
    client = redis.Redis.from_url(f"redis://:hunter2@127.0.0.1:{free_port()}/0")
    with pytest.raises(RedisUnavailableError) as raised:
        RedisRateLimiter(client, 10, "x:").check("k")
    assert "127.0.0.1" in str(raised.value) and "hunter2" not in str(raised.value)


@contextmanager
def _hung_redis() -> Iterator[str]:
    """A Redis that takes connections and never answers (stopped, or behind a hung proxy);
    its URL."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


def test_after_redis_did_not_answer_the_limits_fail_at_once_for_a_moment() -> None:
    """During an outage every request waited out Redis's 1 s timeout, so a burst held the
    whole thread pool (health checks included); now the first waits, the next ones fail at
    once, and after the breaker's moment one tries Redis again."""
    with _hung_redis() as url:
        breaker = Breaker(seconds=0.5)
        client = connect(url)
        rate = RedisRateLimiter(client, 60, "x:", breaker)
        login = RedisLoginLimiter(client, 5, 900, "x:", breaker=breaker)

        def timed(check: Callable[[], object]) -> float:
            started = time.monotonic()
            with pytest.raises(RedisUnavailableError, match="does not answer"):
                check()
            return time.monotonic() - started

        assert timed(lambda: rate.check("k")) >= 0.9  # waited out the timeout
        assert timed(lambda: rate.check("k")) < 0.1
        assert timed(lambda: login.attempt("mo", "203.0.113.9")) < 0.1  # one Redis, one breaker
        time.sleep(0.6)
        assert timed(lambda: rate.check("k")) >= 0.9  # asked again


@contextmanager
def _refusing_redis(error: str) -> Iterator[str]:
    """A Redis that takes a connection's handshake and PING (so a PING alone finds it well)
    and refuses every other command with `error`, as a full (`noeviction`) or read-only one
    refuses writes; its URL."""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            while header := self.rfile.readline():  # *N, then N bulk strings ($len, data)
                words = []
                for _ in range(int(header[1:])):
                    self.rfile.readline()
                    words.append(self.rfile.readline().strip().upper())
                if words[0] == b"PING":
                    self.wfile.write(b"+PONG\r\n")
                elif words[0] == b"HELLO":  # redis-py's handshake: a RESP3 map
                    self.wfile.write(b"%1\r\n$5\r\nproto\r\n:3\r\n")
                elif words[0] == b"CLIENT":  # redis-py's CLIENT SETINFO on connecting
                    self.wfile.write(b"+OK\r\n")
                else:
                    self.wfile.write(f"-{error}\r\n".encode())

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "error",
    [
        "OOM command not allowed when used memory > 'maxmemory'.",
        "READONLY You can't write against a read only replica.",
        "NOPERM User lw has no permissions to run the 'evalsha' command",
    ],
)
def test_a_redis_that_refuses_commands_answers_503_and_is_not_ready(
    store: Database, detector: Detector, error: str
) -> None:
    with _refusing_redis(error) as url:
        (api,), _ = _servers(store, detector, 1, redis_url=url)
        answer = api.post("/v1/messages", json={"messages": messages("g", GROOMING)})
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.headers["Retry-After"] == "5"
        assert "127.0.0.1" not in answer.text
        with store.read() as conn:
            assert conn.execute(select(func.count()).select_from(messages_table)).scalar() == 0
        ready = api.get("/readyz")  # a PING passes: the check writes
        assert ready.status_code == 503 and "refuses writes" in ready.json()["detail"]
        assert "127.0.0.1" not in ready.text
        page = api.get("/console/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        login = api.post(
            "/console/login",
            data={"name": "mo", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert login.status_code == 503 and "not possible right now" in login.text
        assert login.headers["Retry-After"] == "5"
        assert "127.0.0.1" not in login.text and error.split()[0] not in login.text
        # nor does `serve` start on it: a PING passed there too
        with pytest.raises(RedisUnavailableError, match="refused a command"):
            serve(Settings(database_url=store.url, redis_url=url))


def test_a_login_stands_when_redis_fails_after_its_session_is_made(
    store: Database,
    detector: Detector,
    redis_url: str,
    redis_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (api,), _ = _servers(store, detector, 1, redis_url=redis_url, redis_key_prefix=redis_prefix)
    limiter = api.app.state.service.login_limiter  # type: ignore[attr-defined]

    def gone(*_: object) -> None:
        raise RedisUnavailableError("Redis at 127.0.0.1:6379 does not answer")

    monkeypatch.setattr(limiter, "succeeded", gone)
    assert _login_as_mo(api, PASSWORD) == 303  # the session made is the user's
    assert "a successful login stays counted as failed" in caplog.text
    assert api.get("/console/", follow_redirects=False).status_code == 200


def test_requests_refused_during_a_redis_outage_are_logged_once_per_interval(
    store: Database, detector: Detector, caplog: pytest.LogCaptureFixture
) -> None:
    (api,), _ = _servers(store, detector, 1, redis_url=_silent_redis())
    with caplog.at_level(logging.ERROR, logger="lurewatch.service"):
        for _ in range(5):
            assert api.get("/v1/alerts").status_code == 503
            assert _login_as_mo(api, PASSWORD) == 503
    lines = [r.getMessage() for r in caplog.records if "cannot be counted" in r.getMessage()]
    assert len(lines) == 1 and "127.0.0.1" in lines[0]  # the next one says how many were left out


def _answered(error: Exception) -> Exception:
    """What `call` makes of a command that failed with `error`."""

    def fail() -> None:
        raise error

    with pytest.raises(RedisUnavailableError) as raised:
        call(redis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0"), fail)
    return raised.value


def _coded(code: str, text: str) -> Exception:
    """As recent redis-py raises a refusal: the code in `status_code`, not in the text."""
    error = redis.ResponseError(text)
    error.status_code = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("error", "code", "permanent"),
    [
        # refusals no retry mends: credentials, ACLs, a key's type, a command Redis lacks
        (
            redis.AuthenticationError("invalid username-password pair or user is disabled."),
            "WRONGPASS",
            True,
        ),
        (redis.AuthenticationError("Authentication required."), "NOAUTH", True),
        (
            redis.exceptions.NoPermissionError(
                "this user has no permissions to run the 'xautoclaim' command"
            ),
            "NOPERM",
            True,
        ),
        (
            _coded("NOPERM", "this user has no permissions to access one of the keys"),
            "NOPERM",
            True,
        ),
        (
            redis.ResponseError(
                "WRONGTYPE Operation against a key holding the wrong kind of value"
            ),
            "WRONGTYPE",
            True,
        ),
        (
            redis.ResponseError("unknown command 'XAUTOCLAIM', with args beginning with: 'k' "),
            "ERR",
            True,
        ),
        (
            _coded("ERR", "unknown command 'XAUTOCLAIM', with args beginning with: 'k' "),
            "ERR",
            True,
        ),
        # refusals that pass, or that the consumer mends (NOGROUP: a group created again)
        (redis.ResponseError("NOGROUP No such key 'k' or consumer group 'g'"), "NOGROUP", False),
        (redis.ReadOnlyError("You can't write against a read only replica."), "READONLY", False),
        (redis.BusyLoadingError("Redis is loading the dataset in memory"), "LOADING", False),
        (
            redis.exceptions.OutOfMemoryError(
                "command not allowed when used memory > 'maxmemory'."
            ),
            "OOM",
            False,
        ),
        (redis.ResponseError("BUSY Redis is busy running a script."), "BUSY", False),
        (
            redis.ResponseError("MISCONF Redis is configured to save RDB snapshots"),
            "MISCONF",
            False,
        ),
        (
            redis.exceptions.TryAgainError("Multiple keys request during rehashing of slot"),
            "TRYAGAIN",
            False,
        ),
        (redis.exceptions.MasterDownError("Link with MASTER is down"), "MASTERDOWN", False),
    ],
)
def test_redis_refusals_are_coded_and_classed_permanent_or_passing(
    error: Exception, code: str, permanent: bool
) -> None:
    """The one classification (`redis_client.TRANSIENT_REFUSALS`): Redis's error code as
    Redis wrote it, whether redis-py keeps it in the text, in `status_code` (recent ones) or
    in its class alone (older ones); `lurewatch consume` stops on a permanent refusal."""
    refused = _answered(error)
    assert isinstance(refused, RedisRefusedError)
    assert (refused.code, refused.permanent) == (code, permanent)
    assert f"refused a command: {code} " in str(refused)
    assert "with args" not in str(refused)  # Redis echoes an unknown command's arguments


def test_a_refused_pipeline_never_names_its_commands_arguments() -> None:
    """redis-py names a pipeline's failed command with its arguments: for the consumer's
    dead letters, an entry's text. The refusal keeps Redis's reply alone."""
    error = redis.exceptions.OutOfMemoryError(
        'Command # 1 (XADD chat:dead * message {"text": "a child\'s words"}) of pipeline '
        "caused error: command not allowed when used memory > 'maxmemory'."
    )
    refused = _answered(error)
    assert isinstance(refused, RedisRefusedError) and refused.code == "OOM"
    assert "child" not in str(refused) and "XADD" not in str(refused)
    assert str(refused).endswith("OOM command not allowed when used memory > 'maxmemory'.")
