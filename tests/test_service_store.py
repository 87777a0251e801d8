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
