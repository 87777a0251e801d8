"""Opening the store: engine, connection settings, transactions, schema version.

SQLite (the embedded default) runs in WAL mode with `synchronous=FULL`, so a committed batch
survives a crash or power loss; writers take the lock at `BEGIN IMMEDIATE`, so a batch reads
and writes the scoring state it needs without another writer slipping in between.
PostgreSQL uses row locks (`SELECT ... FOR UPDATE`) for the same purpose.

The store holds chat transcripts and moderators' notes: SQL parameters (that text) are kept
out of logs and error messages (`hide_parameters`), and a new SQLite file, with its WAL and
shared-memory files (SQLite gives them the database file's mode), is readable by its owner
only.

A server must not acknowledge a batch into a file that is no longer the store: before each
write transaction commits, the SQLite file at the configured path is checked to still be the
one the server opened (deleted or replaced under a running server, it refuses to write).

Waits are bounded so that a database in trouble gives a prompt, retryable error rather than a
hang: a write transaction waits for locks (SQLite's write lock, PostgreSQL's row locks) at
most its `wait`; a request waits for a pooled connection at most POOL_TIMEOUT; PostgreSQL
connections give up connecting after a while and notice a dead peer (TCP keepalives and
`tcp_user_timeout`). A PostgreSQL server that is alive but does not answer (stopped, not
crashed) still holds a connection's statement for as long as it does not answer.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, DateTime, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

from ..._errors import ConfigError
from ..settings import mask_url

__all__ = [
    "Database",
    "SchemaAheadError",
    "SchemaOutdatedError",
    "StoreBusyError",
    "StoreReplacedError",
    "StoreUnavailableError",
    "StoreWritesFailingError",
    "driver_message",
    "executemany",
    "is_busy",
    "is_store_failure",
    "unavailable",
]

log = logging.getLogger("lurewatch.store")

BUSY_TIMEOUT = 30.0  # seconds a writer waits for a lock another holds before giving up
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024  # bytes the WAL is truncated back to after a checkpoint
# Seconds a failed write keeps the store "not writable" (/readyz 503) unless a write succeeds
# first: long enough for a load balancer to see it, short enough that a server it stopped
# sending batches to (so none can succeed) is tried again once the cause may be fixed.
WRITE_FAILURE_HOLD = 30.0
# Seconds a request waits for a pooled PostgreSQL connection (all busy, the server stalled)
# before it gets a busy answer: SQLAlchemy's 30 s would outlast most clients' patience.
POOL_TIMEOUT = 10.0
# libpq connection parameters that bound a PostgreSQL connection's waits on the network:
# give up connecting after 10 s; find a dead peer or a partition within about 30 s, idle
# (keepalives: 10 s, then 3 probes 5 s apart) or sending (tcp_user_timeout, milliseconds).
# Parameters the URL gives (or, for connect_timeout, PGCONNECT_TIMEOUT) win.
PG_NETWORK_LIMITS: dict[str, int] = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}


class SchemaOutdatedError(ConfigError):
    """The database schema is not the one this version of lurewatch needs."""


class SchemaAheadError(SchemaOutdatedError):
    """The database schema is newer than this version of lurewatch knows: a newer lurewatch
    migrated it, and only a newer lurewatch can use it."""


class StoreUnavailableError(ConfigError):
    """The database cannot be reached or opened."""


class StoreBusyError(StoreUnavailableError):
    """Another writer held the database (or this process's turn to write) for longer than
    the busy timeout: nothing was written; retrying later can succeed."""


class StoreReplacedError(StoreUnavailableError):
    """The SQLite file at the store's path is not the one this process opened (deleted or
    replaced while it ran): writing would go to a file no one reads again, or mix the old
    WAL with the new file. Only a restart opens the file now there."""


class StoreWritesFailingError(StoreUnavailableError):
    """The last write transaction failed for a reason other than a busy lock (a full disk,
    an I/O error) and none has succeeded since."""


def is_busy(exc: DBAPIError) -> bool:
    """Whether a driver error says another transaction holds what this one needs (SQLite's
    busy or locked; PostgreSQL's lock timeout, deadlock or serialization failure): a retry
    can succeed, nothing is wrong with the store."""
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    state = getattr(orig, "sqlstate", None) or ""
    return state == "55P03" or state.startswith("40")


def unavailable(exc: DBAPIError, safe_url: str) -> StoreUnavailableError:
    """The error to report for a driver error that kept a command from the database at
    `safe_url`: busy (retry in a moment) or cannot be opened, with the driver's words."""
    if is_busy(exc):
        return StoreBusyError(
            f"the database {safe_url} is busy: another process holds its lock "
            f"({exc.orig}); retry in a moment"
        )
    return StoreUnavailableError(f"cannot open the database {safe_url}: {exc.orig}")


def driver_message(exc: Exception) -> str:
    """The driver's own words about an error (its first line: "database or disk is full"),
    with the error's class; never the statement or its parameters. For an error of the pool
    (no connection free) or another that is not the driver's, its own first line."""
    cause = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = str(cause).strip().splitlines() or [""]
    return f"{type(cause).__name__}: {lines[0]}"


def is_store_failure(exc: BaseException) -> bool:
    """Whether `exc` is the database's trouble (a driver error, no pooled connection free,
    the store unavailable), which its message explains, rather than a bug, whose traceback
    does: a worker that fails each round while the database is away logs the one in a line."""
    return isinstance(exc, (DBAPIError, PoolTimeout, StoreUnavailableError))


def _compact_json(value: Any) -> str:
    """JSON columns, compact and fast (states are written per batch): orjson, with tuples
    of subclasses (the engine's NamedTuples) written as arrays and non-string keys as text,
    as the standard library would."""
    return orjson.dumps(value, default=tuple, option=orjson.OPT_NON_STR_KEYS).decode()


def _migrations_dir() -> Path:
    return Path(str(resources.files("lurewatch.service.store") / "migrations"))


def _migrations_config() -> Any:
    """Alembic's configuration: where this lurewatch's migrations are."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_migrations_dir()))
    return config


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """(head, every revision) of the migrations this lurewatch ships: read once, since they
    cannot change while it runs (`/readyz` checks the schema on every probe)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_migrations_config())
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(script.revision for script in scripts.walk_revisions())


def _sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL; None for an in-memory database, or a URI filename
    (`?uri=true`), which SQLite reads itself."""
    parsed = make_url(url)
    path = parsed.database
    if not path or path == ":memory:" or parsed.query.get("uri") in ("true", "1"):
        return None
    return path


def _private_sqlite_file(path: str) -> Callable[..., None]:
    """A `do_connect` hook that creates the database file, if it does not exist yet, readable
    and writable by its owner only, before SQLite opens it (an empty file is a new database;
    SQLite creates the -wal and -shm files with the database file's mode)."""

    def create(*_args: Any) -> None:
        # OSError: it exists; or SQLite, opening it, will say why it cannot be made
        with suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    return create


def _utc_session(url: URL) -> str:
    """libpq's `options` of a PostgreSQL URL (or, as libpq reads them when the URL has none,
    of `PGOPTIONS`), with the session's TimeZone set to UTC last (the last wins). In another
    zone (the server's default) psycopg cannot read back an instant whose local time falls
    outside years 1 to 9999 (`9999-12-31T23:30:00Z` in Berlin)."""
    given = url.query.get("options") or os.environ.get("PGOPTIONS") or ()
    return " ".join([*([given] if isinstance(given, str) else given), "-c TimeZone=UTC"])


def _postgres_connect_args(url: URL) -> dict[str, Any]:
    """psycopg's connection arguments: plans per statement, the session in UTC, and the
    network limits the URL (or the environment, for connect_timeout) does not set itself
    (SQLAlchemy lets connect_args override the URL's query)."""
    limits = {name: value for name, value in PG_NETWORK_LIMITS.items() if name not in url.query}
    if os.environ.get("PGCONNECT_TIMEOUT"):
        limits.pop("connect_timeout", None)
    # Plan each statement with its own parameters: generic plans of prepared statements,
    # made while a table was small, can stay slow as it grows.
    return {"prepare_threshold": None, "options": _utc_session(url), **limits}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy not issue BEGIN itself; `transaction()` issues BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A long reader stops checkpoints from reaching the WAL's end, so it grows; without a
    # limit the file keeps that size for good after the reader ended.
    cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
    cursor.close()


def _file_id(path: str) -> tuple[int, int] | None:
    """The (device, inode) of the file at `path`; None where there is none."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


class Database:
    """One store: an SQLAlchemy engine plus the schema-version checks.

    `busy_timeout`: seconds a write waits for SQLite's write lock or PostgreSQL's row locks
    (and an ingest for its turn) before it gives up with a busy error."""

    def __init__(self, url: str, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise ConfigError(f"database_url {url!r} is not a database URL: {exc}") from exc
        self.url = url
        self.busy_timeout = busy_timeout
        self.dialect = parsed.get_backend_name()
        self._path = _sqlite_path(url) if self.dialect == "sqlite" else None
        self._opened: tuple[int, int] | None = None  # the file the first connection opened
        self._replaced_reported = False
        # Why the last write failed and when (monotonic), while no write succeeded since
        # (busy locks excepted).
        self.write_failure: tuple[str, float] | None = None
        if self.dialect not in {"sqlite", "postgresql"}:
            raise ConfigError(
                f"database_url uses {self.dialect!r}; lurewatch supports sqlite and postgresql"
            )
        try:
            # hide_parameters: statements' parameters are chat text, notes and the like;
            # SQLAlchemy's errors and logs would otherwise quote them.
            if self.dialect == "sqlite":
                self.engine: Engine = create_engine(
                    url,
                    connect_args={"timeout": busy_timeout},
                    json_serializer=_compact_json,
                    hide_parameters=True,
                )
                if self._path is not None:
                    event.listen(self.engine, "do_connect", _private_sqlite_file(self._path))
                    event.listen(self.engine, "connect", self._remember_file)
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(
                    url,
                    pool_pre_ping=True,
                    pool_size=8,
                    pool_timeout=POOL_TIMEOUT,
                    connect_args=_postgres_connect_args(parsed),
                    json_serializer=_compact_json,
                    hide_parameters=True,
                )
            event.listen(self.engine, "begin", self._begin)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise ConfigError(f"cannot use database_url: {exc}") from exc

    def missing_file(self) -> str | None:
        """The path of an SQLite store whose file does not exist yet (opening it would make
        an empty one), else None."""
        if self.dialect != "sqlite":
            return None
        path = _sqlite_path(self.url)
        if path is None or Path(path).exists():
            return None
        return path

    def check_exists(self) -> None:
        """Raise SchemaOutdatedError for an SQLite store whose file does not exist, before
        anything opens it: opening would make an empty one (in the current directory, for
        a relative path) and the command would fail on a missing table."""
        if self.missing_file() is not None:
            raise SchemaOutdatedError(
                f"the database {self.described} does not exist yet: {self.missing_hint()}"
            )

    def missing_hint(self) -> str:
        """What to do about a `missing_file()`: create it, or name the one meant."""
        meant = (
            "one made from another directory, run there or set"
            if self.relative_file() is not None
            else "another, set"
        )
        return (
            f"if you meant {meant} LUREWATCH_DATABASE_URL (setting `database_url`) to it, "
            "e.g. sqlite:////ABSOLUTE/PATH/lurewatch.db; else run `lurewatch db upgrade` to "
            "create this one"
        )

    def _remember_file(self, _dbapi_connection: Any, _record: Any) -> None:
        if self._opened is None and self._path is not None:
            self._opened = _file_id(self._path)

    def _begin(self, conn: Connection) -> None:
        """Bound a write transaction's lock waits by its `wait`: SQLite's write lock, taken
        at BEGIN IMMEDIATE, and PostgreSQL's row and table locks (`lock_timeout`, whose
        error is a busy one): a lock another session holds gets a prompt busy answer."""
        options = conn.get_execution_options()
        read = options.get("lurewatch_read", False)
        # at least 1 ms: 0 turns PostgreSQL's lock_timeout off
        wait_ms = max(1, int(options.get("lurewatch_wait", self.busy_timeout) * 1000))
        if self.dialect == "postgresql":
            if not read:  # SET LOCAL: this transaction only
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
        elif read:
            conn.exec_driver_sql("BEGIN")
        else:
            # set per transaction: a pooled connection keeps what the previous one set
            conn.exec_driver_sql(f"PRAGMA busy_timeout={wait_ms}")
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @contextmanager
    def transaction(self, wait: float | None = None) -> Iterator[Connection]:
        """A write transaction; on SQLite it holds the write lock from its first statement,
        waiting for it at most `wait` seconds (default `busy_timeout`). It commits only into
        the file this process opened (StoreReplacedError otherwise, rolled back); a failure
        other than a busy lock is kept in `write_failure` until a write succeeds."""
        options = {} if wait is None else {"lurewatch_wait": wait}
        try:
            with self.engine.connect().execution_options(**options) as conn, conn.begin():
                yield conn
                self.check_file()
        except OperationalError as exc:
            if not is_busy(exc):
                self.write_failure = (driver_message(exc), time.monotonic())
            raise
        self.write_failure = None

    def check_file(self) -> None:
        """StoreReplacedError if the SQLite file at the store's path is no longer the one
        this process opened (deleted, or another file moved there); logged once."""
        if self._opened is None or self._path is None:
            return
        now = _file_id(self._path)
        if now == self._opened:
            return
        what = "deleted" if now is None else "replaced by another file"
        message = (
            f"the database file {self._path} was {what} while this process had it open: "
            "nothing more is written; restart the server to open the file now there "
            "(restore a backup only with the server stopped)"
        )
        if not self._replaced_reported:
            self._replaced_reported = True
            log.error("%s", message)
        raise StoreReplacedError(message)

    def check_writable(self) -> None:
        """Raise what stops writes now: the file replaced, or the last write failed, less
        than WRITE_FAILURE_HOLD seconds ago and none succeeded since, for a reason other than
        a busy lock."""
        self.check_file()
        failure = self.write_failure
        if failure is not None and time.monotonic() - failure[1] < WRITE_FAILURE_HOLD:
            raise StoreWritesFailingError(
                f"the last write to the database {self.safe_url} failed: {failure[0]}"
            )

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection; on SQLite it never waits for the write lock (WAL)."""
        with self.engine.connect().execution_options(lurewatch_read=True) as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    # Schema management (Alembic) --------------------------------------------------------------

    def _alembic_config(self, conn: Connection) -> Any:
        config = _migrations_config()
        config.attributes["connection"] = conn
        return config

    def head_revision(self) -> str:
        return _revisions()[0]

    def current_revision(self) -> str | None:
        """The schema's revision; None for an empty database, or an SQLite file that does
        not exist yet (which looking does not create)."""
        from alembic.runtime.migration import MigrationContext

        if self.missing_file() is not None:
            return None
        try:
            with self.read() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except DatabaseError as exc:  # unreachable, or (SQLite) a file that is no database
            raise unavailable(exc, self.safe_url) from exc

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the schema to the newest revision; returns (before, after). SchemaAheadError
        for a database that a newer lurewatch migrated."""
        from alembic import command

        before = self.current_revision()
        self._refuse_ahead(before)
        with self.engine.begin() as conn:
            command.upgrade(self._alembic_config(conn), "head")
        return before, self.head_revision()

    def _refuse_ahead(self, current: str | None) -> None:
        if current is not None and current not in _revisions()[1]:
            raise SchemaAheadError(
                f"the database {self.safe_url} is at revision {current}, which this lurewatch "
                f"does not know (it knows revisions up to {self.head_revision()}): the "
                "database is newer than this lurewatch, migrated by a newer version; upgrade "
                "lurewatch to use it (`lurewatch db upgrade` cannot take a database back to an "
                "older schema)"
            )

    def check_schema(self) -> None:
        """Raise SchemaOutdatedError unless the schema is exactly at this code's revision
        (SchemaAheadError if a newer lurewatch migrated it). Looking never creates an SQLite
        file that does not exist."""
        current, head = self.current_revision(), self.head_revision()
        self._refuse_ahead(current)
        if current != head:
            self.check_exists()
            if current is None:  # nothing to lose: no backup to advise
                state, backup = "is empty", ""
            else:
                state, backup = f"is at revision {current}", " (back up the database first)"
            raise SchemaOutdatedError(
                f"the database {self.described} {state}, this lurewatch needs revision {head}: "
                f"run `lurewatch db upgrade`{backup}"
            )

    @property
    def safe_url(self) -> str:
        return mask_url(self.url)

    def relative_file(self) -> str | None:
        """The absolute path of an SQLite store named by a relative path (the default
        `sqlite:///lurewatch.db`), which SQLite reads from the current directory: the same
        URL is another file in another directory. None for any other database."""
        path = self._path
        if path is None or os.path.isabs(path):
            return None
        return os.path.abspath(path)

    @property
    def described(self) -> str:
        """The database as messages name it: its masked URL and, for an SQLite path relative
        to the current directory, the file that is from here."""
        relative = self.relative_file()
        if relative is None:
            return self.safe_url
        return f"{self.safe_url} (the file {relative}: a path relative to the current directory)"


def executemany(conn: Connection, statement: ClauseElement, rows: Sequence[dict[str, Any]]) -> None:
    """Run `statement` once per row, like `conn.execute(statement, rows)` but faster for big
    batches: compiled once per statement shape (cached like SQLAlchemy's own statement cache,
    so constants such as a platform id may differ between calls), each row goes through just
    the column types' own conversions (JSON, timestamps) straight to the driver's
    executemany. Every bound parameter must be a named `bindparam` or a constant.
    """
    if not rows:
        return
    cache_key = statement._generate_cache_key()
    assert cache_key is not None, "executemany needs a cacheable statement"
    plan = _PLANS.get((conn.dialect.name, cache_key.key))
    if plan is None:
        plan = _PLANS[(conn.dialect.name, cache_key.key)] = _Plan(
            statement, cache_key, conn.dialect
        )
        if len(_PLANS) > 256:  # shapes are few; this only guards against a leak
            del _PLANS[next(iter(_PLANS))]
    conn.exec_driver_sql(plan.sql, plan.parameters(rows, cache_key.bindparams))


class _Plan:
    """A compiled statement and, per parameter, the conversion its type needs."""

    def __init__(self, statement: ClauseElement, cache_key: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect, cache_key=cache_key)
        assert isinstance(compiled, SQLCompiler)
        self.compiled = compiled
        self.sql = str(compiled)
        self.positional = compiled.positional
        self.keys = (
            list(compiled.positiontup or []) if compiled.positional else list(compiled.binds)
        )
        self.converters = [_converter(compiled.binds[key].type, dialect) for key in self.keys]

    def parameters(self, rows: Sequence[dict[str, Any]], extracted: Sequence[Any]) -> list[Any]:
        defaults = self.compiled.construct_params(extracted_parameters=extracted, _check=False)
        plan = [
            (key, convert, defaults.get(key))
            for key, convert in zip(self.keys, self.converters, strict=True)
        ]

        def values(row: dict[str, Any]) -> list[Any]:
            out = []
            for key, convert, default in plan:
                raw = row.get(key, default)
                out.append(raw if convert is None or raw is None else convert(raw))
            return out

        if self.positional:
            return [tuple(values(row)) for row in rows]
        return [dict(zip(self.keys, values(row), strict=True)) for row in rows]


_PLANS: dict[tuple[str, Any], _Plan] = {}


def _converter(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The bind conversion of `type_`; for SQLite timestamps a faster equivalent of
    SQLAlchemy's (the same text: wall-clock fields, microseconds, no offset)."""
    if dialect.name == "sqlite" and isinstance(type_, DateTime):
        return _sqlite_stamp
    convert: Callable[[Any], Any] | None = type_._cached_bind_processor(dialect)
    return convert


def _sqlite_stamp(value: datetime) -> str:
    return value.isoformat(" ", "microseconds")[:26]
