"""`lurewatch serve`'s process setup."""

from __future__ import annotations

import gc
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from lurewatch._errors import ConfigError
from lurewatch.engine.detector import Detector
from lurewatch.service import audit, server
from lurewatch.service.api.app import Service, create_app
from lurewatch.service.server import keep_gc_off_the_ingest_path
from lurewatch.service.settings import Settings, load_settings
from lurewatch.service.store.database import Database


def test_the_server_keeps_the_garbage_collector_off_the_ingest_path() -> None:
    """Long-lived objects (the model's tables) are frozen out of collection and young ones
    collected less often: full collections over them paused batches by 100 ms."""
    before = gc.get_threshold()
    try:
        keep_gc_off_the_ingest_path()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] > before[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_failed_retention_purge_is_retried_soon_not_an_interval_later(
    sqlite_template: Path, tmp_path: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database away at the hourly purge: it is tried again after PURGE_RETRY_SECONDS,
    not an hour later; after a purge that worked, the interval holds again."""
    shutil.copy(sqlite_template, tmp_path / "lurewatch.db")
    database = Database(f"sqlite:///{tmp_path / 'lurewatch.db'}")
    settings = Settings(database_url=database.url, purge_interval_seconds=3600)
    service = Service(settings, database, detector)
    purges: list[float] = []

    def purge(*_: Any) -> str:
        purges.append(time.monotonic())
        if len(purges) == 1:
            raise OperationalError("DELETE", {}, Exception("server closed the connection"))
        return "nothing to purge"

    monkeypatch.setattr(server, "purge", purge)
    monkeypatch.setattr(server, "PURGE_RETRY_SECONDS", 0.2)
    monkeypatch.setattr(server, "keep_gc_off_the_ingest_path", lambda: None)
    steps = server.workers(service)
    next(steps)
    try:
        deadline = time.monotonic() + 5
        while len(purges) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        next(steps, None)
        database.dispose()
    assert len(purges) == 2, purges


@contextmanager
def _uvicorn(app: Any, settings: Settings) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, with `serve`'s proxy options."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        access_log=False,
        **server.proxy_options(settings),
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        assert thread.is_alive(), "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{running.servers[0].sockets[0].getsockname()[1]}"
    finally:
        running.should_exit = True
        thread.join()


@pytest.mark.parametrize(
    ("trusted", "forwarded", "recorded"),
    [
        ("127.0.0.1,::1", "203.0.113.7", "203.0.113.7"),  # the default: a proxy on this host
        ("127.0.0.0/8", "203.0.113.7", "203.0.113.7"),
        ("*", "203.0.113.7", "203.0.113.7"),  # anyone
        ("10.0.0.0/8", "203.0.113.7", "127.0.0.1"),  # a proxy elsewhere: this client is not it
        (None, "203.0.113.7", "127.0.0.1"),  # believe no one
        # what the client wrote, then what the proxy appended: the proxy's word counts
        ("127.0.0.1,::1", "1.1.1.1, 198.51.100.9", "198.51.100.9"),
        ("*", "A" * 100, "unknown"),  # not an address: neither recorded nor counted as one
    ],
)
def test_the_client_address_comes_from_forwarded_headers_of_trusted_proxies_only(
    sqlite_template: Path,
    tmp_path: Path,
    detector: Detector,
    trusted: str | None,
    forwarded: str,
    recorded: str,
) -> None:
    """Behind a reverse proxy every request comes from the proxy: the login limits and the
    audit log need the client's address from `X-Forwarded-For`, believed only from
    `trusted_proxies` (anyone else could write any address there)."""
    shutil.copy(sqlite_template, tmp_path / "lurewatch.db")
    database = Database(f"sqlite:///{tmp_path / 'lurewatch.db'}")
    settings = Settings(database_url=database.url, cookie_secure=False, trusted_proxies=trusted)
    app = create_app(settings, database=database, detector=detector)
    with _uvicorn(app, settings) as url, httpx.Client(base_url=url) as client:
        page = client.get("/console/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        answer = client.post(
            "/console/login",
            data={"name": "nobody", "password": "wrong", "csrf_token": token.group(1)},
            headers={"X-Forwarded-For": forwarded},
        )
    assert answer.status_code == 401
    with database.read() as conn:
        (entry,) = [e for e in audit.entries(conn) if e["action"] == "login.failed"]
    database.dispose()
    assert entry["ip"] == recorded


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("proxy.local", "is not an IP address or network"),
        ("10.0.0.5/8", "is not an IP address or network"),
        ("10.0.0.0/33", "is not an IP address or network"),
        ("::1,nginx", "is not an IP address or network"),
        ("10.0.0.1, *", "stands alone"),  # a leftover "*" would trust anyone, unsaid
    ],
)
def test_a_trusted_proxy_that_is_no_address_is_refused_at_start(value: str, why: str) -> None:
    """uvicorn would compare such a value as text and silently trust nobody."""
    named = r"trusted_proxies \(from environment variable LUREWATCH_TRUSTED_PROXIES\): "
    with pytest.raises(ConfigError, match=rf"{named}.*{why}"):
        load_settings(environ={"LUREWATCH_TRUSTED_PROXIES": value})


def test_trusted_proxies_read_from_a_list_or_a_string_alike() -> None:
    as_list = Settings(trusted_proxies=[" 10.0.0.0/8", "fd00::/8 "])
    assert as_list.trusted_proxies == "10.0.0.0/8,fd00::/8"
    assert (
        Settings(trusted_proxies=" 10.0.0.0/8 , fd00::/8").trusted_proxies == "10.0.0.0/8,fd00::/8"
    )
    assert load_settings(environ={"LUREWATCH_TRUSTED_PROXIES": ""}).trusted_proxies is None
    assert Settings(trusted_proxies=" * ").trusted_proxies == "*"
    assert server.proxy_options(Settings(trusted_proxies=None))["proxy_headers"] is False


@pytest.mark.parametrize(
    ("host", "recorded"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:DB8::1", "2001:db8::1"),  # one spelling per address, for the limits' counts
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("nginx", None),
        ("1" * 70, None),
        (None, None),
    ],
)
def test_only_an_address_is_recorded_as_the_clients(host: str | None, recorded: str | None) -> None:
    assert audit.client_address(None if host is None else (host, 50000)) == recorded
