"""The service on an SQLite file in trouble: the file deleted or replaced under it, another
process holding the write lock, a full disk. Nothing is acknowledged that is not stored,
clients get a 503 they can retry, and operators get a log line and a /readyz that says why."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from test_service_api import GROOMING, Api, messages, problem

from lurewatch.engine.detector import Detector
from lurewatch.service.console.casefile import load_case_file
from lurewatch.service.store.database import JOURNAL_SIZE_LIMIT, WRITE_FAILURE_HOLD, Database
from lurewatch.service.store.schema import alerts
from lurewatch.service.store.schema import messages as messages_table


def _api(template: Path, tmp_path: Path, detector: Detector, **database: Any) -> Api:
    path = tmp_path / "lurewatch.db"
    shutil.copy(template, path)
    return Api(Database(f"sqlite:///{path}", **database), detector)


@pytest.fixture
def api(sqlite_template: Path, tmp_path: Path, detector: Detector) -> Iterator[Api]:
    made = _api(sqlite_template, tmp_path, detector)
    yield made
    made.database.dispose()


@contextmanager
def write_lock(path: Path, release_after: float | None = None) -> Iterator[None]:
    """Another process's write transaction on the file, open until the block ends or, with
    `release_after`, until that many seconds have passed."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(release_after, holder.rollback) if release_after else None
    if timer is not None:
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
            timer.join()
        holder.rollback()
        holder.close()


def _stored(database: Database, conversation: str) -> int:
    with database.read() as conn:
        query = select(func.count()).where(messages_table.c.conversation_id == conversation)
        return int(conn.execute(query).scalar_one())


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_store_file_deleted_or_replaced_under_the_server_acknowledges_nothing_more(
    api: Api, tmp_path: Path, sqlite_template: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    """`rm lurewatch.db*`, or a backup moved onto the path while serving: a batch written
    now would be lost (an unlinked file) or corrupt the store (the old WAL with the new
    file). It is refused, /readyz says to restart (not to run `db upgrade`), and the log
    says so once."""
    assert api.post(messages("before", GROOMING[:2])).status_code == 200
    path = tmp_path / "lurewatch.db"
    if how == "deleted":
        for name in ("lurewatch.db", "lurewatch.db-wal", "lurewatch.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
    else:
        shutil.copy(sqlite_template, tmp_path / "restore.db")
        os.replace(tmp_path / "restore.db", path)
    with caplog.at_level(logging.ERROR):
        refused = [api.post(messages("after", GROOMING[:2])) for _ in range(2)]
        ready = api.client.get("/readyz")
    for response in refused:
        problem(response, 503)
        assert int(response.headers["Retry-After"]) > 0
    detail = problem(ready, 503)["detail"]
    assert "deleted or replaced" in detail and "restart" in detail
    assert "db upgrade" not in detail
    noticed = [r for r in caplog.records if r.name == "lurewatch.store"]
    assert len(noticed) == 1 and "while this process had it open" in noticed[0].getMessage()
    assert "hey there" not in caplog.text
    # the connections still on the file opened first: the refused batch was rolled back
    assert _stored(api.database, "before") == 2 and _stored(api.database, "after") == 0


def test_readiness_does_not_wait_for_another_process_holding_the_write_lock(
    api: Api, tmp_path: Path
) -> None:
    """/readyz (and every schema check: `db status`, the CLI's commands) only reads."""
    with write_lock(tmp_path / "lurewatch.db", release_after=2.0):
        started = time.monotonic()
        ready = api.client.get("/readyz")
        waited = time.monotonic() - started
    assert ready.status_code == 200
    assert waited < 1.0, f"/readyz waited {waited:.1f} s for the write lock"


def test_batches_queued_behind_a_held_lock_get_a_prompt_busy_answer(
    sqlite_template: Path, tmp_path: Path, detector: Detector
) -> None:
    """Waiting for this server's turn to write and then for the database's lock share one
    busy timeout: five batches behind a lock held longer get their 503 after about one
    timeout, not one after another, and none is stored."""
    api = _api(sqlite_template, tmp_path, detector, busy_timeout=1.0)
    answers: list[tuple[Any, float]] = []
    started = time.monotonic()

    def send(n: int) -> None:
        response = api.post(messages(f"queued-{n}", GROOMING[:2]))
        answers.append((response, time.monotonic() - started))

    with write_lock(tmp_path / "lurewatch.db"):
        senders = [threading.Thread(target=send, args=(n,)) for n in range(5)]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join(10.0)
    assert len(answers) == 5
    for response, _ in answers:
        assert int(problem(response, 503)["status"]) == 503
        assert int(response.headers["Retry-After"]) > 0
    assert {response.json()["detail"] for response, _ in answers} == {
        "the database is unavailable; retry later"
    }
    slowest = max(took for _, took in answers)
    assert slowest < 2.0, f"the last batch waited {slowest:.1f} s"
    assert all(_stored(api.database, f"queued-{n}") == 0 for n in range(5))
    api.database.dispose()


def test_a_write_failing_on_a_full_disk_is_logged_and_makes_the_server_unready(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """A full disk (here: the file may not grow) answers 503 and logs the driver's words,
    once for a burst and without chat text; /readyz is 503 until a write succeeds again."""
    with api.database.read() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
    limit = [pages]
    big = messages("full", [(sender, text * 200) for sender, text in GROOMING])

    def cap(conn: Any) -> None:
        conn.exec_driver_sql(f"PRAGMA max_page_count={limit[0]}")

    event.listen(api.database.engine, "begin", cap)
    with caplog.at_level(logging.WARNING, logger="lurewatch.service"):
        refused = [api.post(big) for _ in range(3)]
        unready = api.client.get("/readyz")
    for response in refused:
        problem(response, 503)
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("database")]
    assert logged == ["database error: OperationalError: database or disk is full"]
    assert all(text not in caplog.text for _, text in GROOMING)
    assert "writes to the database fail" in problem(unready, 503)["detail"]
    limit[0] = 1_000_000_000
    assert api.post(big).status_code == 200
    assert api.client.get("/readyz").status_code == 200
    # Where no write comes (a load balancer stopped sending batches on the 503), the failure
    # stops counting after WRITE_FAILURE_HOLD seconds: the server is tried again.
    with api.database.read() as conn:
        limit[0] = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
    problem(api.post(messages("full-again", [(s, t * 200) for s, t in GROOMING])), 503)
    assert api.client.get("/readyz").status_code == 503
    failed, at = api.database.write_failure or ("", 0.0)
    api.database.write_failure = (failed, at - WRITE_FAILURE_HOLD)
    assert api.client.get("/readyz").status_code == 200


def test_the_wal_is_truncated_back_after_a_checkpoint(api: Api) -> None:
    """A long reader lets the WAL grow; once it ended, the file shrinks back to the limit."""
    with api.database.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar_one() == JOURNAL_SIZE_LIMIT
    with api.database.transaction() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar_one() == JOURNAL_SIZE_LIMIT


def test_a_conversation_s_or_sender_s_rows_are_found_by_index_not_among_all(api: Api) -> None:
    """Ingest reads a conversation's alerts (closed ones too) on every batch in which its
    warning is on, the case page and the sender document a sender's alerts, and the sender
    document the conversations they wrote in: on a platform with months of alerts and
    millions of messages, going through all of the platform's each time."""
    assert api.post(messages("g", GROOMING)).status_code == 200
    with api.database.read() as conn:
        alert = conn.execute(select(alerts)).one()
    asked: list[tuple[str, Any]] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            asked.append((statement, parameters))

    event.listen(api.database.engine, "before_cursor_execute", note)
    try:
        more = messages("g", GROOMING[:2], start=len(GROOMING))
        assert api.post(more).status_code == 200
        assert api.client.get(f"/v1/senders/{alert.sender_id}").status_code == 200
        with api.database.read() as conn:
            load_case_file(conn, alert)
    finally:
        event.remove(api.database.engine, "before_cursor_execute", note)
    assert asked
    raw = sqlite3.connect(api.database.engine.url.database)
    try:
        plans = [
            row[3]
            for statement, parameters in asked
            for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]
    finally:
        raw.close()
    whole = [
        p
        for p in plans
        if p.startswith(("SCAN alerts", "SCAN messages"))
        or (p.startswith(("SEARCH alerts ", "SEARCH messages ")) and p.endswith("(platform_id=?)"))
    ]
    assert not whole, plans
