"""The store: migrations build exactly the declared schema, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import metadata


def test_migrations_build_the_declared_schema(database: Database) -> None:
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    database.check_schema()  # at head: does not raise


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
