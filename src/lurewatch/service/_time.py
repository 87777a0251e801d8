"""Time helpers: the store keeps UTC; SQLite hands timestamps back without a zone."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["aware", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite drops the zone, PostgreSQL keeps it)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
