"""`lurewatch serve`'s process setup."""

from __future__ import annotations

import gc

from lurewatch.service.server import keep_gc_off_the_ingest_path


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
