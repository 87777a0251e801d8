"""The review queue at scale, on SQLite and PostgreSQL: counts per state, order, filters and
pages read in SQL; the next free case; the statistics of the weeks shown."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select, update
from test_console import add_alert

from lurewatch._errors import ConfigError
from lurewatch.engine.signals import LABELS
from lurewatch.service._time import aware
from lurewatch.service.cases import (
    STATS_WEEKS,
    STATS_WEEKS_MAX,
    QueueKey,
    User,
    next_case,
    queue,
    statistics_by_platform,
    user_by_id,
)
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, decisions
from lurewatch.service.tenants import assign_platform, create_platform, create_user

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # a Thursday
OUTCOMES = ("dismissed", "monitored", "actioned", "reported", None)


class Desk:
    """Platforms acme and beta, which the moderator mo sees, and hidden, which mo does not;
    mia moderates all three."""

    def __init__(self, database: Database) -> None:
        self.database = database
        with database.transaction() as conn:
            self.platforms = [create_platform(conn, n)[0].id for n in ("acme", "beta", "hidden")]
            mo = create_user(conn, "mo", "moderator", "correct horse battery")
            mia = create_user(conn, "mia", "moderator", "correct horse battery")
            for platform_id in self.platforms:
                assign_platform(conn, mia, platform_id)
            for platform_id in self.platforms[:2]:
                assign_platform(conn, mo, platform_id)
            self.mo, self.mia = _user(conn, mo), _user(conn, mia)

    def add(self, conn: Connection, **values: Any) -> int:
        """An alert (on acme, raised an hour before NOW, unless `values` say otherwise)."""
        values.setdefault("created_at", NOW - timedelta(hours=1))
        return add_alert(conn, values.pop("platform_id", self.platforms[0]), **values)

    def history(self, seed: int = 7, size: int = 150) -> None:
        """`size` alerts in every state, with risks, times and behaviours in common."""
        rng = random.Random(seed)
        stamps = [NOW - timedelta(hours=h) for h in (1, 1, 5, 30, 200)]
        with self.database.transaction() as conn:
            for _ in range(size):
                closed = rng.random() < 0.4
                claim = rng.choice([None, "mia", "mia-expired", "mo"])
                claimer = {"mia": self.mia, "mia-expired": self.mia, "mo": self.mo}.get(claim)
                self.add(
                    conn,
                    platform_id=rng.choice(self.platforms),
                    status="closed" if closed else "open",
                    outcome=rng.choice(OUTCOMES) if closed else None,
                    risk=rng.choice([0.55, 0.7, 0.7, 0.9]),
                    level=rng.choice(["critical", "high", "medium"]),
                    labels=rng.sample(LABELS[:4], rng.randint(0, 3)),
                    created_at=rng.choice(stamps),
                    claimed_by=None if claimer is None else claimer.id,
                    claimed_until=None
                    if claim is None
                    else NOW + timedelta(minutes=-5 if claim == "mia-expired" else 10),
                )

    def rows(self) -> list[Any]:
        with self.database.read() as conn:
            return list(conn.execute(select(alerts)))


def _user(conn: Connection, user_id: int) -> User:
    found = user_by_id(conn, user_id)
    assert found is not None
    return found


def _claimed(row: Any) -> bool:
    return row.claimed_by is not None and aware(row.claimed_until) > NOW


def _counts_as_before(rows: list[Any], platform_ids: list[str]) -> dict[str, int]:
    """The counts per state as `queue` made them in Python, row by row."""
    counts: Counter[str] = Counter()
    for row in rows:
        if row.platform_id not in platform_ids:
            continue
        state = "open" if row.status == "open" else row.outcome or "closed"
        if row.status == "open" and _claimed(row):
            state = "claimed"
        counts[state] += 1
    return dict(counts)


def _in_order(rows: list[Any]) -> list[int]:
    """Riskiest first, oldest first among equals, then by id."""
    return [r.id for r in sorted(rows, key=lambda r: (-r.risk, aware(r.created_at), r.id))]


def _pages(desk: Desk, limit: int, **filters: Any) -> list[list[int]]:
    """Every page of the queue for mo, following each page's key to the next."""
    pages: list[list[int]] = []
    after = None
    while True:
        with desk.database.read() as conn:
            found = queue(conn, desk.mo, after=after, limit=limit, now=NOW, **filters)
        assert found.first == 1 + sum(len(p) for p in pages)
        pages.append([c["id"] for c in found.cases])
        if found.after is None:
            return pages
        assert len(found.cases) == limit
        after = QueueKey.parse(str(found.after))  # through its text, as the link carries it


@pytest.fixture
def desk(database: Database) -> Desk:
    return Desk(database)


def test_counts_per_state_are_those_the_rows_gave(desk: Desk) -> None:
    """Open, claimed (a claim not expired), each outcome, and "closed" without one, on the
    platforms the moderator sees, or the one filtered on."""
    desk.history()
    rows = desk.rows()
    visible = desk.platforms[:2]
    with desk.database.read() as conn:
        everything = queue(conn, desk.mo, now=NOW)
        acme = queue(conn, desk.mo, platform=desk.platforms[0], label=LABELS[0], now=NOW)
    assert everything.counts == _counts_as_before(rows, visible)
    assert acme.counts == _counts_as_before(rows, visible[:1])  # other filters aside
    assert {"open", "claimed", "closed", "dismissed"} <= set(everything.counts)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"platform": "beta"},
        {"level": "critical"},
        {"label": LABELS[0]},
        {"max_age_hours": 24.0},
        {"platform": "acme", "label": LABELS[1], "max_age_hours": 100.0},
    ],
    ids=["none", "platform", "level", "label", "age", "all"],
)
def test_pages_visit_each_matching_case_once_in_queue_order(
    desk: Desk, filters: dict[str, Any]
) -> None:
    """Risks and times tie often: pages of 4 still give every open case that matches once,
    riskiest first, oldest first among equals, lowest id first among those."""
    desk.history()
    by_name = dict(zip(("acme", "beta"), desk.platforms, strict=False))
    wanted = {**filters, "platform": by_name.get(filters.get("platform", ""))}
    platform, level, label = wanted["platform"], wanted.get("level"), wanted.get("label")
    age = filters.get("max_age_hours")
    matching = [
        r
        for r in desk.rows()
        if r.status == "open"
        and r.platform_id in ([platform] if platform else desk.platforms[:2])
        and level in (None, r.level)
        and (label is None or label in r.labels)
        and (age is None or NOW - aware(r.created_at) <= timedelta(hours=age))
    ]
    assert len(matching) > 4
    pages = _pages(desk, 4, **wanted)
    assert [i for page in pages for i in page] == _in_order(matching)
    with desk.database.read() as conn:
        assert queue(conn, desk.mo, limit=4, now=NOW, **wanted).total == len(matching)


def test_a_page_shows_who_holds_a_claim_that_has_not_expired(desk: Desk) -> None:
    with desk.database.transaction() as conn:
        held = desk.add(conn, claimed_by=desk.mia.id, claimed_until=NOW + timedelta(minutes=1))
        lapsed = desk.add(conn, claimed_by=desk.mia.id, claimed_until=NOW - timedelta(seconds=1))
    with desk.database.read() as conn:
        found = queue(conn, desk.mo, now=NOW)
    assert {c["id"]: c["claimed_by"] for c in found.cases} == {held: "mia", lapsed: None}


def test_the_next_page_begins_after_the_last_case_shown_though_cases_closed_meanwhile(
    desk: Desk,
) -> None:
    """Deciding the cases of page 1 moves no case of page 2 onto page 1, where it would go
    unseen (as counting an offset would)."""
    with desk.database.transaction() as conn:
        ids = [desk.add(conn, risk=0.9 - i / 100) for i in range(6)]
    with desk.database.read() as conn:
        first = queue(conn, desk.mo, limit=3, now=NOW)
    assert [c["id"] for c in first.cases] == ids[:3] and first.total == 6
    with desk.database.transaction() as conn:
        conn.execute(update(alerts).where(alerts.c.id.in_(ids[:2])).values(status="closed"))
    with desk.database.read() as conn:
        second = queue(conn, desk.mo, after=first.after, limit=3, now=NOW)
    assert [c["id"] for c in second.cases] == ids[3:] and second.after is None
    assert (second.total, second.first) == (4, 2)  # behind it now: ids[2] only


def test_the_next_case_is_the_first_free_one_in_queue_order(desk: Desk) -> None:
    """Claimed by someone else (not expired): skipped; one's own claim and an expired claim
    do not hold one back; closed cases and those of platforms one does not see are not
    offered."""
    in_an_hour = NOW + timedelta(hours=1)
    with desk.database.transaction() as conn:
        hidden = desk.add(conn, platform_id=desk.platforms[2], risk=0.99)  # mo does not see it
        desk.add(conn, status="closed", outcome="dismissed", risk=0.98)
        desk.add(conn, risk=0.97, claimed_by=desk.mia.id, claimed_until=in_an_hour)
        own = desk.add(conn, risk=0.9, claimed_by=desk.mo.id, claimed_until=in_an_hour)
        lapsed = desk.add(
            conn, risk=0.9, claimed_by=desk.mia.id, claimed_until=NOW - timedelta(minutes=1)
        )
        desk.add(conn, risk=0.5)
    with desk.database.read() as conn:
        assert next_case(conn, desk.mo, now=NOW) == own
        assert next_case(conn, desk.mia, now=NOW) == hidden
    with desk.database.transaction() as conn:
        conn.execute(update(alerts).where(alerts.c.id == own).values(status="closed"))
    with desk.database.read() as conn:
        assert next_case(conn, desk.mo, now=NOW) == lapsed


def test_nothing_free_leads_back_to_the_queue(desk: Desk) -> None:
    with desk.database.transaction() as conn:
        desk.add(conn, claimed_by=desk.mia.id, claimed_until=NOW + timedelta(minutes=5))
    with desk.database.read() as conn:
        assert next_case(conn, desk.mo, now=NOW) is None


@pytest.mark.parametrize("after", ["", "0.5,2026-12-01T00:00:00Z", "nan,2026-12-01,1", "x,y,z"])
def test_a_key_not_made_by_a_page_is_refused(after: str) -> None:
    with pytest.raises(ConfigError, match="after must be"):
        QueueKey.parse(after)


def test_statistics_read_the_weeks_shown_only(desk: Desk) -> None:
    """This ISO week and the `weeks` - 1 before it, whole (from Monday 00:00 UTC); the rest
    of the history is neither shown nor read."""
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    with desk.database.transaction() as conn:
        for at in (monday, monday - timedelta(microseconds=1), monday - timedelta(weeks=11)):
            alert_id = desk.add(conn, created_at=at, status="closed", outcome="dismissed")
            conn.execute(
                insert(decisions).values(
                    alert_id=alert_id,
                    platform_id=desk.platforms[0],
                    user_id=desk.mo.id,
                    decision="dismiss",
                    reason="adults",
                    created_at=at + timedelta(hours=2),
                )
            )
        desk.add(conn, created_at=monday - timedelta(weeks=12))  # beyond the default
    acme = desk.platforms[:1]
    with desk.database.read() as conn:
        one = statistics_by_platform(conn, acme, weeks=1, now=NOW)
        default = statistics_by_platform(conn, acme, now=NOW)
        every = statistics_by_platform(conn, acme, weeks=STATS_WEEKS_MAX, now=NOW)
    assert [(r["week"], r["alerts"], r["decided"]) for r in one] == [("2026-W49", 1, 1)]
    assert one[0]["median_hours_to_decision"] == 2.0
    assert [r["week"] for r in default] == ["2026-W38", "2026-W48", "2026-W49"]
    assert STATS_WEEKS == 12 and len(every) == 4
    for weeks in (0, STATS_WEEKS_MAX + 1):
        with desk.database.read() as conn, pytest.raises(ConfigError, match="weeks"):
            statistics_by_platform(conn, acme, weeks=weeks, now=NOW)
