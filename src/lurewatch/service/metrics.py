"""Prometheus metrics of one service instance (its own registry, so tests can run several)."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

if TYPE_CHECKING:
    from .ingest import IngestResult

__all__ = ["Metrics"]

SCRAPE_READ_WAIT = 2.0  # seconds a scrape waits for a reading from the database


class _Prompt:
    """A reading taken on a thread of its own, which a scrape waits for at most `wait`
    seconds: a stalled database must not hang /metrics (whose other metrics say why), so a
    reading that is late is NaN, Prometheus's "unknown". One reading at a time: a scrape
    while one is still under way waits for that one, so a stall holds one thread, not one
    per scrape."""

    def __init__(self, read: Callable[[], float], wait: float) -> None:
        self._read = read
        self._wait = wait
        self._lock = threading.Lock()
        self._pending: tuple[threading.Event, list[float]] | None = None

    def __call__(self) -> float:
        with self._lock:
            if self._pending is None:
                self._pending = (threading.Event(), [])
                threading.Thread(
                    target=self._take, args=self._pending, name="metrics-read", daemon=True
                ).start()
            done, value = self._pending
        return value[0] if done.wait(self._wait) and value else math.nan

    def _take(self, done: threading.Event, value: list[float]) -> None:
        try:
            value.append(self._read())
        finally:
            with self._lock:
                self._pending = None
            done.set()


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "lurewatch_messages_ingested",
            "Messages received (POST /v1/messages or a Redis Stream), by result and platform.",
            ["result", "platform"],
            registry=self.registry,
        )
        self.scoring_seconds = Histogram(
            "lurewatch_scoring_seconds",
            "Time to score one ingested batch (engine only, excluding storage), including its "
            "texts' scoring by a worker process (wall time) while another batch held the scorer.",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )
        self.ingest_seconds = Histogram(
            "lurewatch_ingest_seconds",
            "Time to validate, store and score one batch, until it is committed.",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.alerts = Counter(
            "lurewatch_alerts",
            "Alerts created or updated, by platform (with messages_ingested: each platform's "
            "alert rate, to watch against its alert budget).",
            ["event", "platform"],
            registry=self.registry,
        )
        self.console_logins = Counter(
            "lurewatch_console_logins",
            "Console login attempts, by outcome (ok; failed: a wrong name or password; "
            "refused: too many failed ones). The audit log writes at most one row a minute "
            "for the refusals of one name and address; this counts every one.",
            ["outcome"],
            registry=self.registry,
        )
        self.webhook_deliveries = Counter(
            "lurewatch_webhook_deliveries",
            "Webhook delivery attempts, by outcome (delivered, failed_attempt, given_up).",
            ["outcome"],
            registry=self.registry,
        )
        self.worker_batches = Counter(
            "lurewatch_worker_scored_batches",
            "Batches whose texts a scoring worker process scored while another batch held the "
            "scorer.",
            registry=self.registry,
        )
        self.worker_failures = Counter(
            "lurewatch_worker_failures",
            "Scoring worker failures (the batch was then scored in the server process).",
            registry=self.registry,
        )
        self.webhook_queue = Gauge(
            "lurewatch_webhook_queue_depth",
            "Webhook events waiting for delivery.",
            registry=self.registry,
        )

        self.stream_entries = Counter(
            "lurewatch_stream_entries",
            "Redis Stream entries `lurewatch consume` acknowledged, by outcome (stored: in a "
            "committed batch; dead: copied to the dead-letter stream).",
            ["outcome"],
            registry=self.registry,
        )
        self.stream_backlog = Gauge(
            "lurewatch_stream_backlog",
            "Entries of the stream the consumer group has not acknowledged yet (not yet read, "
            "or read and not yet stored).",
            registry=self.registry,
        )

    def ingested(self, platform_id: str, result: IngestResult, seconds: float) -> None:
        """Count one stored batch (not a replayed one)."""
        self.messages.labels(result="accepted", platform=platform_id).inc(result.accepted)
        self.messages.labels(result="duplicate", platform=platform_id).inc(result.duplicates)
        self.messages.labels(result="conflict", platform=platform_id).inc(result.conflicts)
        self.scoring_seconds.observe(result.scoring_seconds)
        self.alerts.labels(event="created", platform=platform_id).inc(result.alerts_created)
        self.alerts.labels(event="updated", platform=platform_id).inc(result.alerts_updated)
        self.ingest_seconds.observe(seconds)

    def watch_queue(self, depth: Callable[[], float]) -> None:
        """Read the queue depth at scrape time (it lives in the database), NaN if the reading
        takes longer than SCRAPE_READ_WAIT seconds."""
        self.webhook_queue.set_function(_Prompt(depth, SCRAPE_READ_WAIT))
