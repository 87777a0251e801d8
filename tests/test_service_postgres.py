"""The service on a PostgreSQL server in trouble: another session holding a row lock, every
pooled connection taken, a network that may drop. Nothing is acknowledged that is not
stored, and clients get a prompt 503 they can retry, not a hang or a 500."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from test_service_api import GROOMING, Api, messages, problem

from lurewatch.engine.detector import Detector
from lurewatch.service.store import database as store
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import conversations
from lurewatch.service.store.schema import messages as messages_table

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)


@pytest.fixture
def api(database: Database, detector: Detector) -> Iterator[Api]:
    """An API on the (emptied) PostgreSQL store with a busy timeout of 1 s."""
    made = Api(Database(database.url, busy_timeout=1.0), detector)
    yield made
    made.database.dispose()


def _stored(database: Database, conversation: str) -> int:
    with database.read() as conn:
        query = sa.select(sa.func.count()).where(messages_table.c.conversation_id == conversation)
        return int(conn.execute(query).scalar_one())


def test_a_row_lock_held_by_another_session_gets_a_prompt_busy_answer(api: Api) -> None:
    """`SELECT ... FOR UPDATE` on a conversation in a psql session: a batch for it waits for
    the lock no longer than the busy timeout (then 503, nothing stored), and the batches
    queued behind it (other conversations, other platforms) get their answer in time too."""
    assert api.post(messages("held", GROOMING[:2])).status_code == 200
    holder = sa.create_engine(api.database.url)
    answers: dict[str, tuple[Any, float]] = {}
    started = time.monotonic()

    def send(conversation: str, start: int = 0, key: str | None = None) -> None:
        headers = {"X-API-Key": key} if key else None
        response = api.post(messages(conversation, GROOMING[2:4], start), headers=headers)
        answers[conversation] = (response, time.monotonic() - started)

    try:
        with holder.connect() as conn, conn.begin():
            conn.execute(
                sa.select(conversations.c.version)
                .where(conversations.c.conversation_id == "held")
                .with_for_update()
            ).all()
            senders = [
                threading.Thread(target=send, args=("held", 2)),
                threading.Thread(target=send, args=("queued",)),
                threading.Thread(target=send, args=("elsewhere", 0, api.other_key)),
            ]
            senders[0].start()
            time.sleep(0.1)  # the held batch first: the others queue behind it
            for thread in senders[1:]:
                thread.start()
            for thread in senders:
                thread.join(10.0)  # a server that waits: the lock is released after 10 s
    finally:
        holder.dispose()
    held, took = answers["held"]
    problem(held, 503)
    assert int(held.headers["Retry-After"]) > 0
    assert took < 2.5, f"the batch for the locked conversation waited {took:.1f} s"
    assert _stored(api.database, "held") == 2  # the refused batch left nothing
    slowest = max(took for _, took in answers.values())
    assert slowest < 3.0, f"a batch queued behind the locked one waited {slowest:.1f} s"


def test_no_free_pooled_connection_is_a_prompt_503_and_makes_the_server_unready(
    database: Database,
    detector: Detector,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every pooled connection taken (requests stuck on a stalled server): the next request
    waits POOL_TIMEOUT, then gets a retryable 503, logged in one line; /readyz says 503."""
    monkeypatch.setattr(store, "POOL_TIMEOUT", 0.5)
    api = Api(Database(database.url), detector)
    held = []
    try:
        with pytest.raises(sa.exc.TimeoutError):
            while True:
                held.append(api.database.engine.connect())
        with caplog.at_level(logging.WARNING, logger="lurewatch.service"):
            started = time.monotonic()
            refused = api.client.get("/v1/alerts")
            took = time.monotonic() - started
            ready = api.client.get("/readyz")
    finally:
        for conn in held:
            conn.close()
        api.database.dispose()
    problem(refused, 503)
    assert int(refused.headers["Retry-After"]) > 0 and took < 2.0
    assert "the database is slow or stalled" in problem(ready, 503)["detail"]
    logged = [r for r in caplog.records if "database error" in r.getMessage()]
    assert len(logged) == 1 and "QueuePool limit" in logged[0].getMessage()
    assert not logged[0].exc_info


def _parameters(url: str) -> dict[str, str]:
    """libpq's parameters of a connection made from `url`."""
    opened = Database(url)
    try:
        with opened.read() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi is not None
            return dict(dbapi.info.get_parameters())
    finally:
        opened.dispose()


def test_connections_bound_their_network_waits_unless_the_url_or_environment_says(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stalled or partitioned server: connecting gives up, and a dead peer is noticed,
    within tens of seconds. What the operator set in the URL, or PGCONNECT_TIMEOUT, wins."""
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    bounded = _parameters(database.url)
    assert 0 < int(bounded["connect_timeout"]) <= 30
    assert bounded["keepalives"] == "1"
    idle, interval, count = (
        int(bounded[name])
        for name in ("keepalives_idle", "keepalives_interval", "keepalives_count")
    )
    assert idle + interval * count <= 60
    assert 0 < int(bounded["tcp_user_timeout"]) <= 60_000
    own = sa.make_url(database.url).update_query_dict({"keepalives_idle": "7"})
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "4")
    operators = _parameters(own.render_as_string(hide_password=False))
    assert (operators["keepalives_idle"], operators["connect_timeout"]) == ("7", "4")
    assert operators["tcp_user_timeout"] == bounded["tcp_user_timeout"]
