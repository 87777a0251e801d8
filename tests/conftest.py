from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lurewatch._errors import DataNotFoundError
from lurewatch._paths import DATA_HINT, find_data_dir

if TYPE_CHECKING:
    from lurewatch.engine.detector import Detector
    from lurewatch.service.store.database import Database


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real benchmark data; skips without it, except under CI where it must exist."""
    try:
        return find_data_dir()
    except DataNotFoundError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"benchmark data missing under CI: {DATA_HINT}")
        pytest.skip(f"benchmark data not found: {DATA_HINT}")


FIXTURES = Path(__file__).parent / "fixtures"


# The service's store: the same tests run on a real SQLite file and on a real PostgreSQL server.

POSTGRES_URL = os.environ.get(
    "LUREWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An upgraded SQLite file, copied for each test (migrating once is the slow part)."""
    from lurewatch.service.store.database import Database

    path = tmp_path_factory.mktemp("store") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL server, migrated; dropped at the end of the session."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from lurewatch.service.store.database import Database

    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = f"lurewatch_test_{os.getpid()}"
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL not reachable at {POSTGRES_URL} ({exc.orig})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; .ci/run should have started it")
        pytest.skip(f"{message}; set LUREWATCH_TEST_POSTGRES_URL")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    Database(url).upgrade()
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


REDIS_URL = os.environ.get("LUREWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis for the limits several servers share; the tests' keys (under
    `REDIS_TEST_PREFIX`) are removed afterwards. Skips without Redis, except under CI where
    `.ci/run` starts one."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis not reachable at {REDIS_URL} ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; .ci/run should have started it")
        pytest.skip(f"{message}; set LUREWATCH_TEST_REDIS_URL")
    yield REDIS_URL
    for key in client.scan_iter(match=f"{REDIS_TEST_PREFIX}*"):
        client.delete(key)
    client.close()


# Under this prefix each test's keys are its own: `redis_prefix` adds the test's id.
REDIS_TEST_PREFIX = f"lurewatch-test-{os.getpid()}:"


@pytest.fixture
def redis_prefix(request: pytest.FixtureRequest) -> str:
    return f"{REDIS_TEST_PREFIX}{request.node.name}:"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated store of each kind."""
    import shutil

    from lurewatch.service.store.database import Database
    from lurewatch.service.store.schema import metadata

    if request.param == "sqlite":
        path = tmp_path / "lurewatch.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("postgres_url"))
        with database.transaction() as conn:  # DELETE is ~10x faster than TRUNCATE here
            # the audit log refuses deletes (by trigger); a superuser's cleanup skips triggers
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
    yield database
    database.dispose()


@pytest.fixture
def store(database: Database) -> Database:
    """An empty store of each kind (SQLite file, PostgreSQL) with the platform "acme"."""
    from lurewatch.service.tenants import create_platform

    with database.transaction() as conn:
        create_platform(conn, "acme")
    return database


@pytest.fixture(scope="session")
def detector() -> Detector:
    from lurewatch.engine.detector import Detector

    return Detector.load()


@pytest.fixture(scope="session")
def other(detector: Detector) -> Detector:
    """Another model: the same words, every message's logit half a unit higher."""
    import copy
    import dataclasses

    model = copy.deepcopy(detector.model)
    model.intercept_ += 0.5
    return dataclasses.replace(detector, model=model)
