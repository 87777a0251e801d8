"""Retention: delete what a platform's retention period no longer lets us keep.

Per platform, with R = its `retention_days`:

- a conversation that never raised an alert is deleted (its messages and its row) R days after
  its last message;
- one with alerts is kept while any alert is open, then until R days after the last one was
  closed, or at least 365 days if any was reported (the report may lead to a request for the
  evidence); never sooner than R days after its last message either, so a conversation that
  goes on after its case closed is not cut off mid-stream;
- a sender's row (it holds only scores) goes once its last message is R days old and none of
  its messages remain;
- delivered or failed webhook events go R days after they were created (attempts cascade),
  and `Idempotency-Key` answers after `idempotency_ttl_hours`; expired console sessions go too.

Alerts themselves are kept: they are the moderators' case record and hold no message text.

Every deletion runs in chunks of CHUNK rows, each in its own short transaction that re-checks
the rule while holding the write lock (SQLite) or the rows' locks (PostgreSQL, skipping rows
an ingest has locked), so purging never blocks ingest for long and never deletes a
conversation a concurrent batch just extended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, exists, or_, select

from .._words import counted
from ._time import utcnow
from .settings import PlatformSettings, Settings
from .store.database import Database
from .store.schema import (
    alerts,
    conversations,
    idempotency,
    messages,
    platforms,
    senders,
    sessions,
    webhook_events,
)

__all__ = ["REPORTED_KEEP_DAYS", "PurgeReport", "purge"]

CHUNK = 200  # rows picked per transaction
REPORTED_KEEP_DAYS = 365


@dataclass
class PurgeReport:
    """How many rows one purge deleted."""

    messages: int = 0
    conversations: int = 0
    senders: int = 0
    webhook_events: int = 0
    idempotency_keys: int = 0
    sessions: int = 0

    def __str__(self) -> str:
        counts = ", ".join(
            counted(n, name.replace("_", " ")[:-1], name.replace("_", " "))
            for name, n in vars(self).items()
        )
        return f"deleted {counts}"


def purge(database: Database, settings: Settings, now: datetime | None = None) -> PurgeReport:
    """Apply every platform's retention rules once; safe to run while the service ingests.

    Logs nothing itself (callers print or log the report); never touches message text.
    """
    now = now or utcnow()
    with database.read() as conn:
        rows = conn.execute(select(platforms.c.id, platforms.c.settings)).all()
    report = PurgeReport()
    idempotency_cutoff = now - timedelta(hours=settings.idempotency_ttl_hours)
    for row in rows:
        platform = _Purge(database, row.id, PlatformSettings.model_validate(row.settings), now)
        platform.conversations(report)
        platform.senders(report)
        platform.webhook_events(report)
        platform.idempotency_keys(report, idempotency_cutoff)
    with database.transaction() as conn:  # console logins that expired (not per platform)
        report.sessions = conn.execute(delete(sessions).where(sessions.c.expires_at < now)).rowcount
    return report


class _Purge:
    """The retention rules of one platform at one moment."""

    def __init__(
        self, database: Database, platform_id: str, settings: PlatformSettings, now: datetime
    ) -> None:
        self.database = database
        self.platform_id = platform_id
        self.cutoff = now - timedelta(days=settings.retention_days)
        self.reported_cutoff = now - timedelta(
            days=max(settings.retention_days, REPORTED_KEEP_DAYS)
        )

    def _drain(
        self, pick: Select[Any], remove: Callable[[Connection, Sequence[Any]], None]
    ) -> None:
        """Pick up to CHUNK keys and remove them, one transaction per chunk, until none is left."""
        pick = pick.limit(CHUNK)
        if self.database.dialect == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        while True:
            with self.database.transaction() as conn:
                keys = conn.execute(pick).scalars().all()
                if keys:
                    remove(conn, keys)
            if len(keys) < CHUNK:
                return

    def conversations(self, report: PurgeReport) -> None:
        def alert_where(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
            return exists().where(
                alerts.c.platform_id == self.platform_id,
                alerts.c.conversation_id == conversations.c.conversation_id,
                *conditions,
            )

        # An alert still counts while open, or closed within R days (or without a closing
        # time, which should not happen: kept rather than guessed).
        case_live = alert_where(
            or_(
                alerts.c.status == "open",
                alerts.c.closed_at.is_(None),
                alerts.c.closed_at >= self.cutoff,
            )
        )
        reported_live = alert_where(alerts.c.outcome == "reported") & alert_where(
            alerts.c.closed_at >= self.reported_cutoff
        )
        pick = select(conversations.c.conversation_id).where(
            conversations.c.platform_id == self.platform_id,
            conversations.c.last_message_at < self.cutoff,
            ~case_live,
            ~reported_live,
        )

        def remove(conn: Connection, ids: Sequence[Any]) -> None:
            report.messages += conn.execute(
                delete(messages).where(
                    messages.c.platform_id == self.platform_id,
                    messages.c.conversation_id.in_(ids),
                )
            ).rowcount
            report.conversations += conn.execute(
                delete(conversations).where(
                    conversations.c.platform_id == self.platform_id,
                    conversations.c.conversation_id.in_(ids),
                )
            ).rowcount

        self._drain(pick, remove)

    def senders(self, report: PurgeReport) -> None:
        has_messages = exists().where(
            messages.c.platform_id == self.platform_id,
            messages.c.sender_id == senders.c.sender_id,
        )
        pick = select(senders.c.sender_id).where(
            senders.c.platform_id == self.platform_id,
            senders.c.last_message_at < self.cutoff,
            ~has_messages,
        )

        def remove(conn: Connection, ids: Sequence[Any]) -> None:
            report.senders += conn.execute(
                delete(senders).where(
                    senders.c.platform_id == self.platform_id, senders.c.sender_id.in_(ids)
                )
            ).rowcount

        self._drain(pick, remove)

    def webhook_events(self, report: PurgeReport) -> None:
        pick = select(webhook_events.c.seq).where(
            webhook_events.c.platform_id == self.platform_id,
            webhook_events.c.status.in_(("delivered", "failed")),
            webhook_events.c.created_at < self.cutoff,
        )

        def remove(conn: Connection, seqs: Sequence[Any]) -> None:
            # Their attempts go with them (ON DELETE CASCADE).
            report.webhook_events += conn.execute(
                delete(webhook_events).where(webhook_events.c.seq.in_(seqs))
            ).rowcount

        self._drain(pick, remove)

    def idempotency_keys(self, report: PurgeReport, cutoff: datetime) -> None:
        pick = select(idempotency.c.key).where(
            idempotency.c.platform_id == self.platform_id, idempotency.c.created_at < cutoff
        )

        def remove(conn: Connection, keys: Sequence[Any]) -> None:
            report.idempotency_keys += conn.execute(
                delete(idempotency).where(
                    idempotency.c.platform_id == self.platform_id, idempotency.c.key.in_(keys)
                )
            ).rowcount

        self._drain(pick, remove)
