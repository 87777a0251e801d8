"""Which model the store's scoring states come from, and re-scoring them with another.

A conversation's scoring state holds running sums of one model's message logits, so that
each new message costs the same however long the chat. Continuing those sums with another
model (after `lurewatch adapt` or an upgrade) would mix two scales for as long as the
conversation lasts. The store therefore records the fingerprint of the detector its states
were computed with (`store_meta`, key `scoring_model`):

- `serve` refuses to start with another model (`check`) and says what to run;
- every ingest batch compares it inside its own transaction (`verify`), so a server still
  running the old model refuses batches (503) from the moment a re-score starts, instead
  of writing old-model states into re-scored rows;
- `lurewatch db rescore` (`service.rescore`) replays every stored message with the new
  model, rewrites the stored scores, and records the model.

Alerts are moderators' records of what a model said when it raised them: a re-score leaves
them as they are. A store without a record (new, or from before the record existed)
adopts the model it is first served with.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .._errors import ConfigError
from ..engine.detector import Detector, default_model_dir
from ._time import utcnow
from .store.database import Database
from .store.schema import conversations, store_meta

__all__ = [
    "ScoringModelChangedError",
    "check",
    "model_version",
    "record",
    "recorded",
    "verify",
    "version_of",
]

log = logging.getLogger("lurewatch.service")

KEY = "scoring_model"


class ScoringModelChangedError(ConfigError):
    """The store's scoring states come from another model than the one being served."""


def version_of(fingerprint: str) -> str:
    """The short name of a detector in messages, reports and the store's record."""
    return f"model {fingerprint[:12]}"


def model_version(detector: Detector) -> str:
    """`version_of` the detector's fingerprint."""
    return version_of(detector.fingerprint())


def recorded(conn: Connection) -> dict[str, Any] | None:
    """The store's record of its scoring model: fingerprint, version, model_dir, since."""
    value = conn.execute(select(store_meta.c.value).where(store_meta.c.key == KEY)).scalar()
    return None if value is None else dict(value)


def record(
    conn: Connection, fingerprint: str, model_dir: str | None, *, rescoring: bool = False
) -> None:
    """Note the detector of `fingerprint` as the model of the store's scores; `rescoring`:
    as the model a re-score is moving them to, which no server may ingest with until it has
    finished."""
    now = utcnow()
    value = {
        "fingerprint": fingerprint,
        "version": version_of(fingerprint),
        "model_dir": str(Path(model_dir) if model_dir else default_model_dir()),
        "since": now.isoformat(),
        "rescoring": rescoring,
    }
    if recorded(conn) is None:
        conn.execute(insert(store_meta).values(key=KEY, value=value, updated_at=now))
    else:
        conn.execute(
            update(store_meta).where(store_meta.c.key == KEY).values(value=value, updated_at=now)
        )


def verify(conn: Connection, fingerprint: str) -> None:
    """Raise ScoringModelChangedError if the store records another model than `fingerprint`."""
    doc = recorded(conn)
    if doc is not None and doc.get("rescoring"):
        raise ScoringModelChangedError(
            f"the stored scores are being re-scored with {doc['version']} (since "
            f"{doc['since']}); restart this server with that model_dir once "
            "`lurewatch db rescore` has finished"
        )
    if doc is not None and doc["fingerprint"] != fingerprint:
        raise ScoringModelChangedError(
            f"the stored scores now come from {doc['version']} (at {doc['model_dir']}, "
            f"since {doc['since']}), not from the model this server loaded; restart it with "
            "that model_dir"
        )


def check(database: Database, detector: Detector, model_dir: str | None) -> None:
    """At startup: adopt the model if the store records none, refuse another one."""
    fingerprint = detector.fingerprint()
    try:
        with database.transaction() as conn:
            doc = recorded(conn)
            if doc is None:
                if conn.execute(select(func.count()).select_from(conversations)).scalar_one():
                    log.warning(
                        "the store holds scores but no record of their model (created before "
                        "lurewatch kept one); taking them as %s's",
                        version_of(fingerprint),
                    )
                record(conn, fingerprint, model_dir)
                return
    except IntegrityError:  # another server, starting at the same moment, recorded first
        with database.read() as conn:
            doc = recorded(conn)
    assert doc is not None
    if doc.get("rescoring"):
        raise ScoringModelChangedError(
            f"a re-score of {database.safe_url} with {doc['version']} (at "
            f"{doc['model_dir']}) started {doc['since']} and has not finished: run "
            "`lurewatch db rescore` with that model_dir again (it starts over), then serve"
        )
    if doc["fingerprint"] != fingerprint:
        raise ScoringModelChangedError(
            f"the scores in {database.safe_url} were computed by {doc['version']} (at "
            f"{doc['model_dir']}, since {doc['since']}); this server loads "
            f"{version_of(fingerprint)}, whose scores do not mix with them: run "
            "`lurewatch db rescore` to re-score the stored messages with it (stop every "
            "server of this store first), or serve the recorded model_dir"
        )
