"""The audit log: who did what, when, from where; append-only and hash-chained.

Each entry stores the SHA-256 of its own content together with the previous entry's hash, so
editing or deleting any entry breaks the chain at that point, which `verify` (and
`lurewatch audit verify`) reports. Deleting the newest entries leaves a shorter valid chain;
to catch that too, keep the head hash `verify` prints somewhere outside the database (a
ticket, a log shipper) and compare.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from .._errors import ConfigError
from ._time import aware, utcnow
from .store.schema import ROW_ID_MAX, audit_log

__all__ = ["GENESIS", "AuditCheck", "client_address", "count", "entries", "record", "verify"]

GENESIS = "0" * 64


def _digest(
    prev: str, at: datetime, actor: str, action: str, target: str, detail: Any, ip: str | None
) -> str:
    doc = [prev, aware(at).isoformat(), actor, action, target, detail, ip]
    blob = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def client_address(client: tuple[str, int] | None) -> str | None:
    """The address of a request's `client` (host, port) as the log records it and the login
    limits count it; None for anything else. Behind a trusted proxy the host comes from
    `X-Forwarded-For`, which a client may have written (any text, of any length)."""
    host = None if client is None else client[0]
    if host is None or len(host) > 64:
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def record(
    conn: Connection,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> str:
    """Append one entry in the caller's transaction; returns its hash."""
    if conn.dialect.name == "postgresql":  # one appender at a time, until commit
        conn.execute(text("SELECT pg_advisory_xact_lock(7265001)"))
    prev = (
        conn.execute(select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).scalar()
        or GENESIS
    )
    at = utcnow()
    detail = detail or {}
    digest = _digest(prev, at, actor, action, target, detail, ip)
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail,
            ip=ip,
            prev_hash=prev,
            hash=digest,
        )
    )
    return digest


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    entries: int
    head: str  # hash of the newest entry: keep it outside the database to detect truncation
    problem: str | None = None  # the first break found, with its sequence number


def verify(conn: Connection) -> AuditCheck:
    prev, expected_seq, count = GENESIS, None, 0
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
        count += 1
        if expected_seq is not None and row.seq != expected_seq:
            return AuditCheck(
                False, count, prev, f"entries {expected_seq}..{row.seq - 1} are missing"
            )
        if row.prev_hash != prev:
            return AuditCheck(
                False, count, prev, f"entry {row.seq} does not follow the entry before it"
            )
        digest = _digest(prev, row.at, row.actor, row.action, row.target, row.detail, row.ip)
        if digest != row.hash:
            return AuditCheck(
                False, count, prev, f"entry {row.seq} was changed after it was written"
            )
        prev, expected_seq = row.hash, row.seq + 1
    return AuditCheck(True, count, prev)


def entries(
    conn: Connection, *, limit: int = 200, before: int | None = None, actor: str | None = None
) -> list[dict[str, Any]]:
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if before is not None and not 1 <= before <= ROW_ID_MAX:  # the driver cannot ask for it
        raise ConfigError(f"before must be an entry number from 1 to {ROW_ID_MAX}")
    if before is not None:
        query = query.where(audit_log.c.seq < before)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    return [
        {
            "seq": r.seq,
            "at": aware(r.at).isoformat(),
            "actor": r.actor,
            "action": r.action,
            "target": r.target,
            "detail": r.detail,
            "ip": r.ip,
        }
        for r in conn.execute(query)
    ]


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())
