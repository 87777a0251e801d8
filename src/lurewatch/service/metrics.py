"""Prometheus metrics of one service instance (its own registry, so tests can run several)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["Metrics"]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "lurewatch_messages_ingested",
            "Messages received by POST /v1/messages, by result and platform.",
            ["result", "platform"],
            registry=self.registry,
        )
        self.scoring_seconds = Histogram(
            "lurewatch_scoring_seconds",
            "Time to score one ingested batch (engine only, excluding storage).",
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

    def watch_queue(self, depth: Callable[[], float]) -> None:
        """Read the queue depth at scrape time (it lives in the database)."""
        self.webhook_queue.set_function(depth)
