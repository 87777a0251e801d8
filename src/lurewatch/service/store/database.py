"""Opening the store: engine, connection settings, transactions, schema version.

SQLite (the embedded default) runs in WAL mode with `synchronous=FULL`, so a committed batch
survives a crash or power loss; writers take the lock at `BEGIN IMMEDIATE`, so a batch reads
and writes the scoring state it needs without another writer slipping in between.
PostgreSQL uses row locks (`SELECT ... FOR UPDATE`) for the same purpose.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

from ..._errors import ConfigError

__all__ = ["Database", "SchemaOutdatedError", "StoreUnavailableError", "executemany"]


class SchemaOutdatedError(ConfigError):
    """The database schema is not the one this version of lurewatch needs."""


class StoreUnavailableError(ConfigError):
    """The database cannot be reached or opened."""


def _compact_json(value: Any) -> str:
    """JSON columns without the default separators' spaces (states are written per batch)."""
    return json.dumps(value, separators=(",", ":"))


def _migrations_dir() -> Path:
    return Path(str(resources.files("lurewatch.service.store") / "migrations"))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy not issue BEGIN itself; `transaction()` issues BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Database:
    """One store: an SQLAlchemy engine plus the schema-version checks."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise ConfigError(f"database_url {url!r} is not a database URL: {exc}") from exc
        self.url = url
        self.dialect = parsed.get_backend_name()
        if self.dialect not in {"sqlite", "postgresql"}:
            raise ConfigError(
                f"database_url uses {self.dialect!r}; lurewatch supports sqlite and postgresql"
            )
        try:
            if self.dialect == "sqlite":
                self.engine: Engine = create_engine(
                    url, connect_args={"timeout": 30}, json_serializer=_compact_json
                )
                event.listen(self.engine, "connect", _sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
            else:
                # Plan each statement with its own parameters: generic plans of prepared
                # statements, made while a table was small, can stay slow as it grows.
                self.engine = create_engine(
                    url,
                    pool_pre_ping=True,
                    pool_size=8,
                    connect_args={"prepare_threshold": None},
                    json_serializer=_compact_json,
                )
        except (ArgumentError, NoSuchModuleError) as exc:
            raise ConfigError(f"cannot use database_url: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it holds the write lock from its first statement."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection; on SQLite it never waits for the write lock (WAL)."""
        with self.engine.connect().execution_options(lurewatch_read=True) as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    # Schema management (Alembic) --------------------------------------------------------------

    def _alembic_config(self, conn: Connection) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_migrations_dir()))
        config.attributes["connection"] = conn
        return config

    def head_revision(self) -> str:
        from alembic.script import ScriptDirectory

        config = self._alembic_config(None)  # type: ignore[arg-type]
        head = ScriptDirectory.from_config(config).get_current_head()
        assert head is not None
        return head

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise StoreUnavailableError(
                f"cannot open the database {self.safe_url}: {exc.orig}"
            ) from exc

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the schema to the newest revision; returns (before, after)."""
        from alembic import command

        before = self.current_revision()
        with self.engine.begin() as conn:
            command.upgrade(self._alembic_config(conn), "head")
        return before, self.head_revision()

    def check_schema(self) -> None:
        """Raise SchemaOutdatedError unless the schema is exactly at this code's revision."""
        current, head = self.current_revision(), self.head_revision()
        if current != head:
            state = "is empty" if current is None else f"is at revision {current}"
            raise SchemaOutdatedError(
                f"the database {self.safe_url} {state}, this lurewatch needs revision {head}: "
                "run `lurewatch db upgrade` (back up the database first if it holds data)"
            )

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)


def executemany(conn: Connection, statement: ClauseElement, rows: Sequence[dict[str, Any]]) -> None:
    """Run `statement` once per row, like `conn.execute(statement, rows)` but faster for big
    batches: compiled once, each row goes through just the column types' own conversions
    (JSON, timestamps) straight to the driver's executemany. Every bound parameter must be a
    named `bindparam` or a constant of the statement.
    """
    if not rows:
        return
    compiled = statement.compile(dialect=conn.dialect)
    assert isinstance(compiled, SQLCompiler)
    keys = list(compiled.positiontup or []) if compiled.positional else list(compiled.binds)
    defaults = compiled.params
    plan = [
        (key, compiled.binds[key].type._cached_bind_processor(conn.dialect), defaults.get(key))
        for key in keys
    ]

    def values(row: dict[str, Any]) -> list[Any]:
        out = []
        for key, convert, default in plan:
            raw = row.get(key, default)
            out.append(raw if convert is None or raw is None else convert(raw))
        return out

    params: list[Any] = (
        [tuple(values(row)) for row in rows]
        if compiled.positional
        else [dict(zip(keys, values(row), strict=True)) for row in rows]
    )
    conn.exec_driver_sql(str(compiled), params)


def _sqlite_begin(conn: Connection) -> None:
    read_only = conn.get_execution_options().get("lurewatch_read", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
