"""The retention rules, one by one, with time driven through `purge(now=...)`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from lurewatch.engine.detector import Detector
from lurewatch.service import retention
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.retention import PurgeReport, purge
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import (
    alerts,
    conversations,
    idempotency,
    messages,
    senders,
    webhook_attempts,
    webhook_events,
)
from lurewatch.service.tenants import (
    Platform,
    create_platform,
    find_platform,
    save_platform_settings,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SETTINGS = Settings()


# Helpers --------------------------------------------------------------------------------------


def new_platform(database: Database, name: str = "acme", retention_days: int = 30) -> str:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, name)
        settings = platform.settings.model_copy(update={"retention_days": retention_days})
        save_platform_settings(conn, platform.id, settings)
    return platform.id


def platform_of(database: Database) -> Platform:
    """A new platform (`new_platform`), as the ingestor takes it."""
    pid = new_platform(database)
    with database.read() as conn:
        return find_platform(conn, pid)


def add_conversation(
    database: Database, platform_id: str, cid: str, last: datetime, sender: str = "s1"
) -> None:
    """Two messages of `sender`, the last one at `last`, and the conversation's row."""
    times = [last - timedelta(minutes=5), last]
    with database.transaction() as conn:
        conn.execute(
            insert(messages),
            [
                {
                    "platform_id": platform_id,
                    "message_id": f"{cid}-{i}",
                    "conversation_id": cid,
                    "sender_id": sender,
                    "sent_at": at,
                    "received_at": at,
                    "text": "see you at practice",
                    "sender_risk": 0.1,
                    "conversation_risk": 0.1,
                }
                for i, at in enumerate(times)
            ],
        )
        conn.execute(
            insert(conversations).values(
                platform_id=platform_id,
                conversation_id=cid,
                version=1,
                risk=0.1,
                level="low",
                warning=False,
                message_count=len(times),
                first_message_at=times[0],
                last_message_at=last,
                state={},
                updated_at=last,
            )
        )


def add_alert(
    database: Database,
    platform_id: str,
    cid: str,
    closed_at: datetime | None = None,
    outcome: str | None = None,
) -> None:
    """An alert on `cid`: open, or closed at `closed_at` with `outcome`."""
    created = (closed_at or NOW) - 3 * DAY
    with database.transaction() as conn:
        conn.execute(
            insert(alerts).values(
                platform_id=platform_id,
                conversation_id=cid,
                sender_id="s1",
                status="open" if closed_at is None else "closed",
                outcome=outcome,
                risk=0.95,
                level="high",
                trigger_message_id=f"{cid}-1",
                evidence={},
                created_at=created,
                updated_at=closed_at or created,
                closed_at=closed_at,
            )
        )


def add_sender(database: Database, platform_id: str, sid: str, last: datetime) -> None:
    with database.transaction() as conn:
        conn.execute(
            insert(senders).values(
                platform_id=platform_id,
                sender_id=sid,
                version=1,
                risk=0.1,
                message_count=2,
                state={},
                last_message_at=last,
            )
        )


def kept(database: Database, platform_id: str) -> set[str]:
    """The platform's conversations that still have their row and their messages."""
    with database.read() as conn:
        rows = set(
            conn.execute(
                select(conversations.c.conversation_id).where(
                    conversations.c.platform_id == platform_id
                )
            ).scalars()
        )
        with_messages = set(
            conn.execute(
                select(messages.c.conversation_id).where(messages.c.platform_id == platform_id)
            ).scalars()
        )
    assert rows == with_messages, "a conversation lost its row or its messages, not both"
    return rows


def count(database: Database, table: Any) -> int:
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# Conversations --------------------------------------------------------------------------------


def test_a_never_alerted_conversation_goes_after_the_retention_period(database: Database) -> None:
    pid = new_platform(database)
    add_conversation(database, pid, "old", NOW - 31 * DAY)
    add_conversation(database, pid, "recent", NOW - 29 * DAY)
    report = purge(database, SETTINGS, now=NOW)
    assert kept(database, pid) == {"recent"}
    assert (report.messages, report.conversations) == (2, 1)


def test_the_retention_period_is_each_platforms_own(database: Database) -> None:
    short = new_platform(database, "short", retention_days=7)
    default = new_platform(database, "default")
    for pid in (short, default):  # same conversation ids on both platforms
        add_conversation(database, pid, "8-days", NOW - 8 * DAY)
        add_conversation(database, pid, "6-days", NOW - 6 * DAY)
    purge(database, SETTINGS, now=NOW)
    assert kept(database, short) == {"6-days"}
    assert kept(database, default) == {"8-days", "6-days"}


def test_an_open_alert_keeps_a_conversation_of_any_age(database: Database) -> None:
    pid = new_platform(database)
    add_conversation(database, pid, "ancient", NOW - 1000 * DAY)
    add_alert(database, pid, "ancient")
    add_conversation(database, pid, "ancient-too", NOW - 1000 * DAY)
    add_alert(database, pid, "ancient-too", closed_at=NOW - 999 * DAY)
    add_alert(database, pid, "ancient-too")  # reopened
    assert purge(database, SETTINGS, now=NOW) == PurgeReport()
    assert kept(database, pid) == {"ancient", "ancient-too"}


def test_an_alert_on_another_platform_does_not_keep_a_conversation(database: Database) -> None:
    mine = new_platform(database, "mine")
    other = new_platform(database, "other")
    add_conversation(database, mine, "c", NOW - 40 * DAY)
    add_conversation(database, other, "c", NOW - 40 * DAY)
    add_alert(database, other, "c")
    purge(database, SETTINGS, now=NOW)
    assert kept(database, mine) == set()
    assert kept(database, other) == {"c"}


def test_a_closed_case_is_kept_until_the_retention_period_after_its_last_closing(
    database: Database,
) -> None:
    pid = new_platform(database)
    closed = NOW - 300 * DAY
    add_conversation(database, pid, "case", closed - 40 * DAY)
    add_alert(database, pid, "case", closed_at=closed - 100 * DAY, outcome="dismissed")
    add_alert(database, pid, "case", closed_at=closed, outcome="actioned")
    assert purge(database, SETTINGS, now=closed + 29 * DAY).conversations == 0
    assert kept(database, pid) == {"case"}
    report = purge(database, SETTINGS, now=closed + 31 * DAY)
    assert (report.conversations, report.messages) == (1, 2)
    assert kept(database, pid) == set()
    assert count(database, alerts) == 2  # the case record stays; it holds no message text


@pytest.mark.parametrize(
    ("retention_days", "kept_at", "gone_at"),
    [(30, 364, 366), (400, 399, 401)],  # at least a year, longer if the platform keeps longer
)
def test_a_reported_case_is_kept_at_least_a_year_after_closing(
    database: Database, retention_days: int, kept_at: int, gone_at: int
) -> None:
    pid = new_platform(database, retention_days=retention_days)
    closed = NOW - 500 * DAY
    add_conversation(database, pid, "reported", closed - 10 * DAY)
    add_alert(database, pid, "reported", closed_at=closed, outcome="reported")
    purge(database, SETTINGS, now=closed + kept_at * DAY)
    assert kept(database, pid) == {"reported"}
    purge(database, SETTINGS, now=closed + gone_at * DAY)
    assert kept(database, pid) == set()


def test_a_reported_case_counts_a_year_from_its_last_closing(database: Database) -> None:
    pid = new_platform(database)
    reported = NOW - 800 * DAY
    add_conversation(database, pid, "case", reported - 10 * DAY)
    add_alert(database, pid, "case", closed_at=reported, outcome="reported")
    add_alert(database, pid, "case", closed_at=reported + 100 * DAY, outcome="dismissed")
    purge(database, SETTINGS, now=reported + 400 * DAY)
    assert kept(database, pid) == {"case"}
    purge(database, SETTINGS, now=reported + 466 * DAY)
    assert kept(database, pid) == set()


def test_a_conversation_that_goes_on_after_its_case_closed_is_kept(database: Database) -> None:
    pid = new_platform(database)
    add_conversation(database, pid, "ongoing", NOW - 5 * DAY)
    add_alert(database, pid, "ongoing", closed_at=NOW - 100 * DAY, outcome="dismissed")
    purge(database, SETTINGS, now=NOW)
    assert kept(database, pid) == {"ongoing"}


def test_purge_goes_on_past_one_chunk(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "CHUNK", 3)
    pid = new_platform(database)
    for i in range(7):
        add_conversation(database, pid, f"old-{i}", NOW - 40 * DAY)
    add_conversation(database, pid, "recent", NOW - DAY)
    assert purge(database, SETTINGS, now=NOW).conversations == 7
    assert kept(database, pid) == {"recent"}


def test_purge_deletes_what_ingest_stored(database: Database, detector: Detector) -> None:
    platform = platform_of(database)
    start = NOW - 45 * DAY
    batch = [
        IncomingMessage("chat", f"m{i}", sender, start + i * timedelta(minutes=1), text)
        for i, (sender, text) in enumerate(
            [("ann", "did you do the maths homework"), ("bob", "yes, page 12 was hard")]
        )
    ]
    assert Ingestor(database, detector).ingest(platform, batch).accepted == 2
    report = purge(database, SETTINGS, now=NOW)
    assert (report.messages, report.conversations, report.senders) == (2, 1, 2)
    assert count(database, messages) == count(database, conversations) == 0
    assert count(database, senders) == 0


# Senders, webhook events, idempotency keys ----------------------------------------------------


def test_a_sender_goes_once_old_and_without_messages(database: Database) -> None:
    pid = new_platform(database)
    add_conversation(database, pid, "old", NOW - 40 * DAY, sender="gone")
    add_sender(database, pid, "gone", NOW - 40 * DAY)
    add_conversation(database, pid, "alerted", NOW - 40 * DAY, sender="evidence")
    add_alert(database, pid, "alerted")
    add_sender(database, pid, "evidence", NOW - 40 * DAY)
    add_sender(database, pid, "recent", NOW - 2 * DAY)  # no messages, but active lately
    report = purge(database, SETTINGS, now=NOW)
    assert report.senders == 1
    with database.read() as conn:
        left = set(conn.execute(select(senders.c.sender_id)).scalars())
    assert left == {"evidence", "recent"}


def test_finished_webhook_events_go_with_their_attempts(database: Database) -> None:
    pid = new_platform(database)
    events = {
        "delivered-old": ("delivered", NOW - 31 * DAY),
        "failed-old": ("failed", NOW - 31 * DAY),
        "pending-old": ("pending", NOW - 31 * DAY),
        "delivered-recent": ("delivered", NOW - 29 * DAY),
    }
    with database.transaction() as conn:
        for event_id, (status, created) in events.items():
            conn.execute(
                insert(webhook_events).values(
                    id=event_id,
                    platform_id=pid,
                    event_type="alert.created",
                    payload={},
                    created_at=created,
                    status=status,
                    attempts=1,
                )
            )
            conn.execute(
                insert(webhook_attempts).values(
                    event_id=event_id,
                    platform_id=pid,
                    attempted_at=created,
                    url="https://hooks.example/",
                    status_code=200,
                    duration_ms=3.0,
                )
            )
    assert purge(database, SETTINGS, now=NOW).webhook_events == 2
    with database.read() as conn:
        left = set(conn.execute(select(webhook_events.c.id)).scalars())
        attempted = set(conn.execute(select(webhook_attempts.c.event_id)).scalars())
    assert left == attempted == {"pending-old", "delivered-recent"}


def test_idempotency_keys_expire_after_their_ttl(database: Database) -> None:
    pid = new_platform(database)
    with database.transaction() as conn:
        for key, age in [("expired", 25), ("live", 23)]:
            conn.execute(
                insert(idempotency).values(
                    platform_id=pid,
                    key=key,
                    request_hash="0" * 64,
                    response={},
                    created_at=NOW - timedelta(hours=age),
                )
            )
    assert purge(database, SETTINGS, now=NOW).idempotency_keys == 1
    with database.read() as conn:
        assert list(conn.execute(select(idempotency.c.key)).scalars()) == ["live"]
    short = Settings(idempotency_ttl_hours=1)
    assert purge(database, short, now=NOW).idempotency_keys == 1


def test_expired_console_sessions_are_purged(database: Database) -> None:
    from lurewatch.service.console.security import find_session, start_session
    from lurewatch.service.tenants import create_user

    with database.transaction() as conn:
        user_id = create_user(conn, "ana", "moderator", "correct horse battery")
        cookie, session = start_session(conn, user_id, hours=1, ip=None)
    settings = Settings(database_url=database.url)
    assert purge(database, settings, now=session.expires_at - timedelta(minutes=1)).sessions == 0
    assert purge(database, settings, now=session.expires_at + timedelta(minutes=1)).sessions == 1
    with database.read() as conn:
        assert find_session(conn, cookie) is None


# Conversations and senders begun again after a purge ------------------------------------------

RISKY = [
    "how old are you",
    "dont tell your parents about me",
    "its our secret ok",
    "send me a pic",
    "we could meet at the mall",
]


def _lines(cid: str, sender: str, texts: list[str], at: datetime, prefix: str) -> list[Any]:
    return [
        IncomingMessage(cid, f"{prefix}{i}", sender, at + i * timedelta(seconds=1), text)
        for i, text in enumerate(texts)
    ]


def _state(database: Database, table: Any, key: Any, value: str) -> dict[str, Any]:
    with database.read() as conn:
        state: dict[str, Any] = conn.execute(select(table.c.state).where(key == value)).scalar_one()
    return state


def test_a_row_begun_again_by_another_process_is_not_continued_from_memory(
    database: Database, detector: Detector
) -> None:
    """Process A holds X's state; retention deletes X; process B starts X again. A must read
    B's X from the store, not go on from the purged messages (their versions could match)."""
    platform = platform_of(database)
    now = datetime.now(UTC)
    a, b = Ingestor(database, detector), Ingestor(database, detector)
    a.ingest(platform, _lines("x", "s", RISKY, now - 40 * DAY, "old"))
    assert purge(database, SETTINGS, now=now).conversations == 1
    b.ingest(platform, _lines("x", "s", ["hello"], now, "new"))
    a.ingest(platform, _lines("x", "s", ["how was school"], now, "later"))
    pair = _state(database, conversations, conversations.c.conversation_id, "x")["pairs"]["s"]
    overall = _state(database, senders, senders.c.sender_id, "s")
    assert (pair["count"], overall["count"]) == (2, 2)  # not 7: the purged five are gone


def test_a_conversation_begun_again_under_a_purged_ones_id_is_a_new_case(
    database: Database, detector: Detector
) -> None:
    """Platforms reuse ids (a DM channel): the purged conversation's closed case must not
    hold back the new one's alert, nor show its messages."""
    from lurewatch.service.console.casefile import load_case_file

    pid = new_platform(database)
    with database.transaction() as conn:
        platform = find_platform(conn, pid)
        eager = {"warning_threshold": 0.001, "warning_k": 1, "warning_n": 1}
        save_platform_settings(conn, pid, platform.settings.model_copy(update=eager))
        platform = find_platform(conn, pid)
    now = datetime.now(UTC)
    ingestor = Ingestor(database, detector)
    ingestor.ingest(platform, _lines("x", "s", RISKY, now - 60 * DAY, "old"))
    with database.transaction() as conn:  # reviewed and dismissed long ago, at a high risk
        conn.execute(
            alerts.update().values(
                status="closed", outcome="dismissed", risk=0.999, closed_at=now - 40 * DAY
            )
        )
    assert purge(database, SETTINGS, now=now).conversations == 1
    result = ingestor.ingest(platform, _lines("x", "t", ["hi, new here"], now, "new"))
    assert result.alerts_created == 1  # not held back by the old case's risk
    with database.read() as conn:
        old = conn.execute(select(alerts).order_by(alerts.c.id)).first()
        assert old is not None and old.status == "closed"
        assert load_case_file(conn, old).messages == []  # not the new conversation's


def test_a_clock_in_the_future_does_not_keep_a_conversation_for_ever(
    database: Database, detector: Detector
) -> None:
    platform = platform_of(database)
    now = datetime.now(UTC)
    future = datetime(9000, 1, 1, tzinfo=UTC)
    Ingestor(database, detector).ingest(platform, _lines("x", "s", ["ok", "bye"], future, "m"))
    assert purge(database, SETTINGS, now=now + 29 * DAY).conversations == 0
    report = purge(database, SETTINGS, now=now + 31 * DAY)  # 30 days after it arrived
    assert (report.conversations, report.messages, report.senders) == (1, 2, 1)


def test_an_expired_idempotency_key_is_free_before_any_purge(
    database: Database, detector: Detector
) -> None:
    platform = platform_of(database)
    now = datetime.now(UTC)
    ingestor = Ingestor(database, detector, idempotency_ttl_hours=24)
    ingestor.ingest(platform, _lines("x", "s", ["hi"], now, "a"), idempotency_key="k1")
    with database.transaction() as conn:
        conn.execute(idempotency.update().values(created_at=now - timedelta(hours=25)))
    other = ingestor.ingest(platform, _lines("x", "s", ["hello"], now, "b"), idempotency_key="k1")
    assert not other.replayed and other.accepted == 1  # not a 409 conflict, not the old answer


def test_a_purge_report_counts_in_words_one_row_and_several() -> None:
    assert str(PurgeReport(messages=1, conversations=2, idempotency_keys=1)) == (
        "deleted 1 message, 2 conversations, 0 senders, 0 webhook events, "
        "1 idempotency key, 0 sessions"
    )
