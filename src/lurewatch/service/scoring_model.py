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

A platform with a model of its own (`lurewatch admin set-model`, `platforms.model_dir`) has
its own record (`scoring_model:<platform id>`), which `verify` consults before the
deployment's: so one platform can move to an adapted model, or back, while the others go
on. A platform's own model may have learnt from no other platform's moderators' decisions
(`check_own_labels`): a model trained on several platforms' labels can only be the
deployment's. Alerts are moderators' records of what a model said when it raised them: a
re-score leaves them as they are. A store without a record (new, or from before the record existed)
adopts the model it is first served with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .._errors import ConfigError, LurewatchError, ModelError
from ..engine.detector import Detector, default_model_dir
from ..engine.training import FEEDBACK_PREFIX
from ._time import utcnow
from .store.database import Database
from .store.schema import conversations, platforms, store_meta

__all__ = [
    "ForeignLabelsError",
    "RescoreUnderWayError",
    "ScoringModelChangedError",
    "check",
    "check_own_labels",
    "check_platforms",
    "forget",
    "label_sources",
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


class RescoreUnderWayError(ScoringModelChangedError):
    """The store's (or a platform's) scores are being moved to another model right now: a
    batch may be taken again once that has finished."""


class ForeignLabelsError(ConfigError):
    """A model learnt from other platforms' moderators' decisions than the platform's own."""


def label_sources(detector: Detector) -> list[str]:
    """The moderators' labels (`lurewatch:<platform>` sources, as `export-labels` names
    them) that a detector learnt from, by its training record: those `train --labels`
    trained on and those each `adapt` fine-tuned on."""
    record = detector.training
    rounds = record.get("adapted")
    found: set[str] = set()
    for part in [record, *(rounds if isinstance(rounds, list) else [])]:
        sources = part.get("sources") if isinstance(part, dict) else None
        if isinstance(sources, list):
            found.update(s for s in sources if isinstance(s, str) and s.startswith(FEEDBACK_PREFIX))
    return sorted(found)


def check_own_labels(detector: Detector, platform_name: str, where: str) -> None:
    """ForeignLabelsError unless every moderators' label the detector learnt from is
    `platform_name`'s: a platform's own model (`lurewatch admin set-model`) must not score
    it with what other platforms' moderators decided, nor carry their chats' n-grams. A
    model trained on several platforms' labels can only be the deployment's (`model_dir`),
    the operator's choice."""
    foreign = [s for s in label_sources(detector) if s != f"{FEEDBACK_PREFIX}{platform_name}"]
    if foreign:
        raise ForeignLabelsError(
            f"the model at {where} learnt from moderators' decisions of other platforms than "
            f"{platform_name!r} ({', '.join(foreign)}, by its training record): a platform's "
            "own model may learn only from that platform's labels (`lurewatch export-labels "
            f"--platform {platform_name}`); a model trained on several platforms' labels can "
            "only be the deployment's default (setting `model_dir`)"
        )


def version_of(fingerprint: str) -> str:
    """The short name of a detector in messages, reports and the store's record."""
    return f"model {fingerprint[:12]}"


def model_version(detector: Detector) -> str:
    """`version_of` the detector's fingerprint."""
    return version_of(detector.fingerprint())


def _key(platform_id: str | None) -> str:
    return KEY if platform_id is None else f"{KEY}:{platform_id}"


def recorded(conn: Connection, platform_id: str | None = None) -> dict[str, Any] | None:
    """The record of a scoring model: the deployment's, or with `platform_id` that
    platform's own (None if it has none): fingerprint, version, model_dir, since."""
    value = conn.execute(
        select(store_meta.c.value).where(store_meta.c.key == _key(platform_id))
    ).scalar()
    return None if value is None else dict(value)


# PostgreSQL advisory lock (a constant id): every ingest transaction holds it shared from
# its `verify` to its commit, and marking a re-score takes it exclusively, so the mark waits
# for batches that verified before it instead of racing them (a batch verified just before
# the mark would otherwise write the old model's states while the re-score reads the
# messages). SQLite needs none: its write transactions never overlap.
_LOCK_ID = 0x6C7753636F7265  # "lwScore"


def _lock(conn: Connection, *, exclusive: bool) -> None:
    if conn.dialect.name == "postgresql":
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.exec_driver_sql(f"SELECT {function}({_LOCK_ID})")


def record(
    conn: Connection,
    fingerprint: str,
    model_dir: str | None,
    *,
    rescoring: bool = False,
    platform_id: str | None = None,
) -> None:
    """Note the detector of `fingerprint` as the model of the store's scores (with
    `platform_id`: of that platform's); `rescoring`: as the model a re-score is moving them
    to, which no server may ingest with until it has finished."""
    if rescoring:
        _lock(conn, exclusive=True)
    now = utcnow()
    value = {
        "fingerprint": fingerprint,
        "version": version_of(fingerprint),
        "model_dir": str(Path(model_dir) if model_dir else default_model_dir()),
        "since": now.isoformat(),
        "rescoring": rescoring,
    }
    key = _key(platform_id)
    if recorded(conn, platform_id) is None:
        conn.execute(insert(store_meta).values(key=key, value=value, updated_at=now))
    else:
        conn.execute(
            update(store_meta).where(store_meta.c.key == key).values(value=value, updated_at=now)
        )


def forget(conn: Connection, platform_id: str) -> None:
    """Drop a platform's own record: its scores are the deployment's model's again."""
    conn.execute(delete(store_meta).where(store_meta.c.key == _key(platform_id)))


def verify(conn: Connection, fingerprint: str, platform_id: str | None = None) -> None:
    """Raise ScoringModelChangedError unless `fingerprint` is the model of the scores:
    `platform_id`'s own record if it has one, else the deployment's. Called first in an
    ingest transaction: it holds the re-score lock shared until that commits."""
    _lock(conn, exclusive=False)
    keys = [KEY] if platform_id is None else [KEY, _key(platform_id)]
    found = dict(
        conn.execute(
            select(store_meta.c.key, store_meta.c.value).where(store_meta.c.key.in_(keys))
        ).all()
    )
    own = found.get(_key(platform_id)) if platform_id else None
    doc = own or found.get(KEY)
    if doc is not None and doc.get("rescoring"):
        after = (
            "this platform's batches are taken again once `lurewatch admin set-model` has finished"
            if own
            else "restart this server with that model_dir once `lurewatch db rescore` has finished"
        )
        raise RescoreUnderWayError(
            f"the stored scores are being re-scored with {doc['version']} (since "
            f"{doc['since']}); {after}"
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


def check_platforms(database: Database, load: Callable[[str], Detector]) -> None:
    """At startup: every platform with a model of its own can load it, its scores are
    that model's (`load(model_dir)` loads one), and it learnt from no other platform's
    labels (`check_own_labels`); a platform's record without a model of its own is an
    unfinished move back to the deployment's model."""
    with database.read() as conn:
        rows = conn.execute(select(platforms.c.id, platforms.c.name, platforms.c.model_dir)).all()
        docs = {row.id: recorded(conn, row.id) for row in rows}
    for row in rows:
        doc = docs[row.id]
        if row.model_dir is None:
            if doc is not None:
                raise ScoringModelChangedError(
                    f"platform {row.name!r} was being moved back to the deployment's model "
                    f"(since {doc['since']}) and that has not finished: run `lurewatch admin "
                    f"set-model {row.name} --default` again, then serve"
                )
            continue
        try:
            detector = load(row.model_dir)
            fingerprint = detector.fingerprint()
        except LurewatchError as exc:
            raise ModelError(
                f"platform {row.name!r} is scored by the model at {row.model_dir}, which "
                f"cannot be loaded ({exc}): restore it, or run `lurewatch admin set-model "
                f"{row.name} DIR` (or `--default`)"
            ) from None
        if doc is None or doc.get("rescoring") or doc["fingerprint"] != fingerprint:
            state = (
                "has no record of its scores' model"
                if doc is None
                else f"was being re-scored with {doc['version']} since {doc['since']}"
                if doc.get("rescoring")
                else f"has scores from {doc['version']}, not from the model now at {row.model_dir}"
            )
            raise ScoringModelChangedError(
                f"platform {row.name!r} {state}: run `lurewatch admin set-model {row.name} "
                f"{row.model_dir}` to re-score it with that model, then serve"
            )
        # as `admin set-model` checks it; again here for models it assigned before it did
        check_own_labels(detector, row.name, row.model_dir)
