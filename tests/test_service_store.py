"""The store: migrations build exactly the declared schema, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from lurewatch.engine.detector import Detector
from lurewatch.service.store.database import Database, _sqlite_stamp, executemany
from lurewatch.service.store.schema import metadata


def test_safe_url_masks_passwords_in_the_user_part_and_the_query() -> None:
    store = Database("postgresql+psycopg://lw:s3cret@127.0.0.1/lw?sslpassword=k3y&password=p4ss")
    try:
        assert (
            store.safe_url
            == "postgresql+psycopg://lw:***@127.0.0.1/lw?sslpassword=***&password=***"
        )
    finally:
        store.dispose()


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
    """On a store holding a platform with its own model, keys, an account, scored messages,
    alerts, moderators' decisions, labels and notes, a claimed case and the scores' model:
    down to 0005 and up keeps the messages, down to 0004 and up the platform; then every
    migration goes down to an empty database (SQLite rebuilds tables others refer to only
    where none do any more) and the head builds the declared schema again."""
    from sqlalchemy.engine import make_url
    from test_service_rescore import _batches

    from lurewatch.service import cases
    from lurewatch.service.ingest import Ingestor
    from lurewatch.service.scoring_model import check
    from lurewatch.service.store.schema import (
        alerts,
        case_notes,
        decisions,
        labels,
        messages,
        platforms,
    )
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
            ada = create_user(conn, "ada", "admin", "correct horse battery")
        check(store, detector, None)
        ingestor = Ingestor(store, detector)
        for batch in _batches():
            ingestor.ingest(platform, batch)
        with store.transaction() as conn:
            user = cases.user_by_id(conn, ada)
            assert user is not None
            first, *others = conn.execute(sa.select(alerts.c.id).order_by(alerts.c.id)).scalars()
            cases.claim(conn, user, first)
            cases.add_note(conn, user, first, "the other side says they are 13")
            cases.decide(conn, user, first, "ban", "a meeting arranged")
            cases.claim(conn, user, others[0])  # claimed, not decided yet
            for table in (decisions, labels, case_notes):
                assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            conn.execute(platforms.update().values(model_dir="/models/acme"))
        with store.read() as conn:
            stored = set(conn.execute(sa.select(messages.c.message_id)).scalars())
        _migrate(store, "downgrade", "0005")
        _migrate(store, "upgrade", "head")
        with store.read() as conn:
            rows = conn.execute(sa.select(messages.c.message_id, messages.c.sender_minor)).all()
        assert {row.message_id for row in rows} == stored
        assert {row.sender_minor for row in rows} == {None}  # not known: the age as stored now
        _migrate(store, "downgrade", "0004")
        _migrate(store, "upgrade", "head")
        with store.read() as conn:
            row = conn.execute(sa.select(platforms.c.id, platforms.c.model_dir)).one()
        assert (row.id, row.model_dir) == (platform.id, None)  # the column came back empty
        for revision in ("0005", "0004", "0003", "0002", "0001", "base"):
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


def test_looking_at_a_missing_sqlite_file_does_not_create_it(tmp_path: Path) -> None:
    """`serve` (and every command that checks the schema) refuses a database file that does
    not exist, and leaves none behind: an empty file would later pass for a database."""
    import pytest

    from lurewatch.service.server import serve
    from lurewatch.service.settings import Settings
    from lurewatch.service.store.database import SchemaOutdatedError

    path = tmp_path / "typo.db"
    missing = Database(f"sqlite:///{path}")
    with pytest.raises(SchemaOutdatedError, match=r"does not exist yet.*lurewatch db upgrade"):
        missing.check_schema()
    assert missing.current_revision() is None
    with pytest.raises(SchemaOutdatedError):
        serve(Settings(database_url=f"sqlite:///{path}"))
    assert list(tmp_path.iterdir()) == []


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """It holds transcripts; SQLite gives the -wal and -shm files the database file's mode."""
    import os

    umask = os.umask(0o022)
    try:
        store = Database(f"sqlite:///{tmp_path}/new.db")
        store.upgrade()
        with store.read() as conn:  # a connection open: the -wal and -shm files exist
            conn.exec_driver_sql("SELECT count(*) FROM platforms")
            modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
        store.dispose()
    finally:
        os.umask(umask)
    assert modes == {"new.db": 0o600, "new.db-wal": 0o600, "new.db-shm": 0o600}
    (tmp_path / "old.db").touch(mode=0o644)  # an existing file keeps the mode it has
    Database(f"sqlite:///{tmp_path}/old.db").upgrade()
    assert (tmp_path / "old.db").stat().st_mode & 0o777 == 0o644


def test_a_database_of_a_newer_lurewatch_says_to_upgrade_lurewatch(tmp_path: Path) -> None:
    import pytest
    from click.testing import CliRunner

    from lurewatch.cli import main
    from lurewatch.service.store.database import SchemaAheadError

    url = f"sqlite:///{tmp_path}/ahead.db"
    store = Database(url)
    store.upgrade()
    with store.transaction() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    says = "revision 0999, which this lurewatch does not know.*newer than this.*upgrade lurewatch"
    with pytest.raises(SchemaAheadError, match=says):
        store.check_schema()
    with pytest.raises(SchemaAheadError, match=says):
        store.upgrade()
    env = {"LUREWATCH_DATABASE_URL": url}
    upgrade = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    assert upgrade.exit_code == 2 and "upgrade lurewatch" in upgrade.stderr
    assert "Traceback" not in upgrade.output and "run `lurewatch db upgrade`" not in upgrade.output
    status = CliRunner().invoke(main, ["db", "status"], env=env)
    assert status.exit_code == 1 and "NEWER than this lurewatch" in status.output
    assert "run `lurewatch db upgrade`" not in status.output
    assert store.current_revision() == "0999"  # left as it was


def test_sql_parameters_stay_out_of_error_messages(database: Database) -> None:
    """Parameters are chat text and notes: a failed statement must not quote them into
    errors (or logs) that travel further than the database."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from lurewatch.service.store.schema import messages

    secret = "my address is 12 Secret Lane"
    row = {
        "platform_id": "no-such-platform",
        "message_id": "m1",
        "conversation_id": "c1",
        "sender_id": "s1",
        "sent_at": datetime(2026, 1, 1, tzinfo=UTC),
        "received_at": datetime(2026, 1, 1, tzinfo=UTC),
        "text": secret,
        "sender_risk": 0.0,
        "conversation_risk": 0.0,
    }
    with pytest.raises(IntegrityError) as failed, database.transaction() as conn:
        conn.execute(messages.insert().values(**row))
    assert secret not in str(failed.value) and "Secret" not in repr(failed.value)
    assert "hidden" in str(failed.value)


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


def test_postgresql_sessions_run_in_utc_and_keep_the_options_of_pgoptions(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UTC session zone travels in libpq's `options`, which replaces `PGOPTIONS`: those
    (a schema search path, a statement timeout) are passed on with it, as libpq would."""
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=4321")
    database = Database(postgres_url)
    try:
        with database.read() as conn:
            zone = conn.exec_driver_sql("SHOW TimeZone").scalar()
            timeout = conn.exec_driver_sql("SHOW statement_timeout").scalar()
    finally:
        database.dispose()
    assert (zone, timeout) == ("UTC", "4321ms")
