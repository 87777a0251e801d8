"""The store: migrations build exactly the declared schema, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from lurewatch.engine.detector import Detector
from lurewatch.service.store.database import Database, _sqlite_stamp, executemany
from lurewatch.service.store.schema import metadata


def test_migrations_build_the_declared_schema(database: Database) -> None:
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    database.check_schema()  # at head: does not raise


def _migrate(store: Database, step: str, revision: str) -> None:
    from alembic import command

    with store.engine.begin() as conn:
        getattr(command, step)(store._alembic_config(conn), revision)


def test_every_migration_goes_down_and_up_again_with_data(
    tmp_path: object, postgres_url: str, detector: Detector
) -> None:
    """On a store holding a platform with its own model, keys, an account, scored messages and
    alerts: down to 0004 and up keeps the platform; then every migration goes down to an
    empty database and the head builds the declared schema again."""
    from sqlalchemy.engine import make_url
    from test_service_rescore import _batches

    from lurewatch.service.ingest import Ingestor
    from lurewatch.service.store.schema import alerts, platforms
    from lurewatch.service.tenants import create_platform, create_user

    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = make_url(postgres_url).database + "_migrations"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    urls = [
        f"sqlite:///{tmp_path}/migrations.db",
        make_url(postgres_url).set(database=name).render_as_string(hide_password=False),
    ]
    for url in urls:
        store = Database(url)
        store.upgrade()
        with store.transaction() as conn:
            platform, _ = create_platform(conn, "acme")
            create_user(conn, "ada", "admin", "correct horse battery")
        ingestor = Ingestor(store, detector)
        for batch in _batches():
            ingestor.ingest(platform, batch)
        with store.transaction() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(alerts)).scalar_one()
            conn.execute(platforms.update().values(model_dir="/models/acme"))
        _migrate(store, "downgrade", "0004")
        _migrate(store, "upgrade", "head")
        with store.read() as conn:
            row = conn.execute(sa.select(platforms.c.id, platforms.c.model_dir)).one()
        assert (row.id, row.model_dir) == (platform.id, None)  # the column came back empty
        for revision in ("0004", "0003", "0002", "0001", "base"):
            _migrate(store, "downgrade", revision)
            assert store.current_revision() == (None if revision == "base" else revision)
        _migrate(store, "upgrade", "head")
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        store.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_empty_database_is_reported_outdated(tmp_path: object) -> None:
    import pytest

    from lurewatch.service.store.database import SchemaOutdatedError

    empty = Database(f"sqlite:///{tmp_path}/empty.db")
    with pytest.raises(SchemaOutdatedError, match="lurewatch db upgrade"):
        empty.check_schema()
    assert empty.upgrade() == (None, empty.head_revision())
    empty.check_schema()


def test_audit_log_refuses_updates_and_deletes(database: Database) -> None:
    import pytest
    from sqlalchemy.exc import DBAPIError

    from lurewatch.service import audit
    from lurewatch.service.store.schema import audit_log

    with database.transaction() as conn:
        audit.record(conn, "cli:test", "key.create", "key:1")
    for statement in (audit_log.update().values(actor="someone"), audit_log.delete()):
        with pytest.raises(DBAPIError, match="append-only"), database.transaction() as conn:
            conn.execute(statement)
    with database.read() as conn:
        assert audit.verify(conn).ok and audit.count(conn) == 1


def test_executemany_reuses_a_compiled_statement_with_other_constants(database: Database) -> None:
    """The compiled-statement cache keys on the statement's shape: a constant that differs
    between calls (here the platform) is still the one each call binds."""
    table = sa.Table(
        "em_probe",
        sa.MetaData(),
        sa.Column("owner", sa.String(10), primary_key=True),
        sa.Column("item", sa.String(10), primary_key=True),
        sa.Column("value", sa.Integer),
    )
    with database.transaction() as conn:
        table.create(conn)
        conn.execute(
            table.insert(),
            [{"owner": o, "item": i, "value": 0} for o in ("a", "b") for i in ("x", "y")],
        )
        for owner, value in (("a", 1), ("b", 2)):
            executemany(
                conn,
                sa.update(table)
                .where(table.c.owner == owner, table.c.item == sa.bindparam("b_item"))
                .values(value=sa.bindparam("value")),
                [{"b_item": "x", "value": value}, {"b_item": "y", "value": value * 10}],
            )
        got = {(r.owner, r.item): r.value for r in conn.execute(sa.select(table))}
        table.drop(conn)
    assert got == {("a", "x"): 1, ("a", "y"): 10, ("b", "x"): 2, ("b", "y"): 20}


@given(st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-7))])))
def test_sqlite_timestamps_are_written_as_sqlalchemy_writes_them(value: datetime) -> None:
    dialect = sqlite_dialect()
    sqlalchemy_own = sa.DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    assert sqlalchemy_own is not None
    assert _sqlite_stamp(value) == sqlalchemy_own(value)
