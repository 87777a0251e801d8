"""Scoring texts in worker processes: same numbers as in the server process, used only while
another batch holds the scorer, and a broken pool degrades to in-process scoring."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import TextScore, score_texts
from lurewatch.service.ingest import IncomingMessage, Ingestor, IngestResult
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import messages
from lurewatch.service.tenants import Platform, create_platform
from lurewatch.service.textpool import TextPool

TEXTS = [
    "hey whats up",
    "how old are you? asl",
    "add me on sn@p, dont tell your mom",
    "im 13 and in 8th grade",
    "lol ok",
]


def _copy(template: Path, path: Path) -> Iterator[Database]:
    shutil.copy(template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def sqlite_database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    yield from _copy(sqlite_template, tmp_path / "pooled.db")


@pytest.fixture
def other_sqlite_database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    yield from _copy(sqlite_template, tmp_path / "plain.db")


@pytest.fixture(scope="module")
def pool() -> Iterator[TextPool]:
    pool = TextPool(None, 1)
    pool.start(wait=True)
    yield pool
    pool.close()


class _Counting(TextPool):
    """A pool that notes each call, so a test can tell the worker was used."""

    def __init__(self, inner: TextPool) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []
        self.called = threading.Event()

    def score(self, texts: list[str]) -> dict[str, TextScore] | None:
        self.calls.append(texts)
        self.called.set()
        return self.inner.score(texts)


def test_worker_scores_texts_exactly_as_the_server_process(
    pool: TextPool, detector: Detector
) -> None:
    assert pool.score(TEXTS) == dict(zip(TEXTS, score_texts(detector.model, TEXTS), strict=True))
    assert pool.score([]) == {}


def _batch(prefix: str) -> list[IncomingMessage]:
    at = datetime(2026, 5, 1, 10, tzinfo=UTC)
    return [
        IncomingMessage(f"{prefix}c", f"{prefix}m{i}", f"{prefix}s{i % 2}", at, f"{text} {prefix}")
        for i, text in enumerate(TEXTS)
    ]


def _stored(database: Database) -> list[tuple[Any, ...]]:
    with database.read() as conn:
        query = select(
            messages.c.message_id,
            messages.c.sender_risk,
            messages.c.conversation_risk,
            messages.c.labels,
        ).order_by(messages.c.message_id)
        return [tuple(row) for row in conn.execute(query)]


def _setup(database: Database, detector: Detector) -> tuple[Ingestor, Platform]:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "p")
    return Ingestor(database, detector), platform


def test_a_batch_waiting_for_the_scorer_is_scored_by_the_worker_with_the_same_result(
    sqlite_database: Database, other_sqlite_database: Database, pool: TextPool, detector: Detector
) -> None:
    plain, plain_platform = _setup(other_sqlite_database, detector)
    for prefix in ("a", "b"):
        plain.ingest(plain_platform, _batch(prefix))

    pooled, platform = _setup(sqlite_database, detector)
    counting = _Counting(pool)
    pooled.pool = counting
    pooled.ingest(platform, _batch("a"))  # the scorer is free: scored in this process
    assert counting.calls == []
    results: list[IngestResult] = []
    with pooled._lock:  # another batch holds the scorer ...
        waiting = threading.Thread(
            target=lambda: results.append(pooled.ingest(platform, _batch("b")))
        )
        waiting.start()
        assert counting.called.wait(30)  # ... so this one's texts go to the worker meanwhile
    waiting.join(30)
    assert counting.calls == [[f"{text} b" for text in TEXTS]]
    assert results[0].texts_scored_by_worker == len(TEXTS)
    assert _stored(sqlite_database) == _stored(other_sqlite_database)


class _Slow(_Counting):
    """A worker that takes `seconds` longer for a batch's texts."""

    def __init__(self, inner: TextPool, seconds: float) -> None:
        super().__init__(inner)
        self.seconds = seconds

    def score(self, texts: list[str]) -> dict[str, TextScore] | None:
        scores = super().score(texts)
        time.sleep(self.seconds)
        return scores


def test_scoring_seconds_include_the_time_a_worker_scored_the_texts(
    sqlite_database: Database, pool: TextPool, detector: Detector
) -> None:
    """Otherwise the histogram drops exactly when the server is busy."""
    pooled, platform = _setup(sqlite_database, detector)
    pooled.pool = slow = _Slow(pool, 0.5)
    results: list[IngestResult] = []
    with pooled._lock:
        waiting = threading.Thread(
            target=lambda: results.append(pooled.ingest(platform, _batch("a")))
        )
        waiting.start()
        assert slow.called.wait(30)
    waiting.join(30)
    assert results[0].texts_scored_by_worker == len(TEXTS)
    assert results[0].scoring_seconds >= 0.5


def test_a_broken_pool_is_logged_and_the_batch_scored_in_process(
    sqlite_database: Database,
    other_sqlite_database: Database,
    detector: Detector,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    failures: list[int] = []
    broken = TextPool(
        str(tmp_path / "no-model-here"), 1, timeout=30, on_failure=lambda: failures.append(1)
    )
    try:
        with caplog.at_level(logging.ERROR, logger="lurewatch.service"):
            assert broken.score(TEXTS) is None
        assert "scoring worker failed" in caplog.text and failures == [1]
        assert not any(text in caplog.text for text in TEXTS)  # no chat text in logs

        plain, plain_platform = _setup(other_sqlite_database, detector)
        plain.ingest(plain_platform, _batch("a"))
        pooled, platform = _setup(sqlite_database, detector)
        pooled.pool = broken
        with pooled._lock:
            waiting = threading.Thread(target=pooled.ingest, args=(platform, _batch("a")))
            waiting.start()
            waiting.join(0.5)
        waiting.join(30)
        assert _stored(sqlite_database) == _stored(other_sqlite_database)
    finally:
        broken.close()


_HANG = "this text hangs the worker"
_HANG_SITE = f"""
import time
import lurewatch.engine.streaming as streaming
score_texts = streaming.score_texts
def hanging(model, texts):
    if {_HANG!r} in texts:
        time.sleep(3600)
    return score_texts(model, texts)
streaming.score_texts = hanging
"""


def test_a_hung_worker_is_ended_and_the_batch_scored_in_process_once(
    sqlite_database: Database,
    other_sqlite_database: Database,
    detector: Detector,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker past the timeout must not outlive it: a hung one kept the server from
    exiting."""
    (tmp_path / "sitecustomize.py").write_text(_HANG_SITE)  # loaded by the spawned worker
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    hung = TextPool(None, 1, timeout=30)
    hung.start(wait=True)
    hung.timeout = 1
    workers = list(hung._pool()._processes)  # type: ignore[union-attr]
    batch = [*_batch("a"), IncomingMessage("ac", "am9", "as0", _batch("a")[0].sent_at, _HANG)]
    try:
        plain, plain_platform = _setup(other_sqlite_database, detector)
        plain.ingest(plain_platform, batch)
        pooled, platform = _setup(sqlite_database, detector)
        counting = _Counting(hung)
        pooled.pool = counting
        with pooled._lock:
            waiting = threading.Thread(target=pooled.ingest, args=(platform, batch))
            waiting.start()
            assert counting.called.wait(30)
        waiting.join(30)
        assert not waiting.is_alive() and len(counting.calls) == 1
        assert not any(_running(pid) for pid in workers)
        started = time.monotonic()
        hung.close()
        assert time.monotonic() - started < 5
        assert _stored(sqlite_database) == _stored(other_sqlite_database)
    finally:
        for pid in workers:  # before the fix, so the test run can still exit
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        hung.close()


_ORPHAN_SCRIPT = """
import sys, time
from lurewatch.service.textpool import TextPool
pool = TextPool(None, 1)
pool.start(wait=True)
print(*pool._pool()._processes, flush=True)
time.sleep(120)
"""


def test_workers_exit_when_the_server_is_killed() -> None:
    """A kill -9 of the server runs no shutdown code; its workers must not live on."""
    server = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        workers = [int(pid) for pid in server.stdout.readline().split()]
        assert workers and all(_running(pid) for pid in workers)
    finally:
        server.kill()
        server.wait(10)
    deadline = time.monotonic() + 15
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(pid) for pid in workers)


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited worker's entry lasts until init reaps it)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_closed_pool_starts_no_new_workers() -> None:
    """A batch racing the server's shutdown is scored in process, not by a new pool."""
    pool = TextPool(None, 1)
    pool.close()
    assert pool.score(TEXTS) is None
    assert pool._executor is None
