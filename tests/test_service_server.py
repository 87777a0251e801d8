"""`lurewatch serve`'s process setup."""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from lurewatch.engine.detector import Detector
from lurewatch.service import server
from lurewatch.service.api.app import Service
from lurewatch.service.server import keep_gc_off_the_ingest_path
from lurewatch.service.settings import Settings
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
