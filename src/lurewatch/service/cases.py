"""Moderation: the review queue, case locks, decisions, notes, labels and statistics.

A case is an alert. A moderator claims it (a lock that expires), decides with a reason, and
the decision closes the alert with an outcome and becomes a training label for the
conversation and the flagged sender. Every function takes the platforms the user may see;
the web console and any other front end share these rules.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import case as sql_case

from .._errors import ConfigError, LurewatchError
from ._time import aware, utcnow
from .settings import PlatformSettings
from .store.schema import (
    ROW_ID_MAX,
    alerts,
    case_notes,
    decisions,
    labels,
    platforms,
    user_platforms,
    users,
)
from .webhooks import enqueue

__all__ = [
    "CLAIM_MINUTES",
    "DECISIONS",
    "QUEUE_PAGE",
    "STATS_WEEKS",
    "STATS_WEEKS_MAX",
    "CaseError",
    "Queue",
    "QueueKey",
    "User",
    "add_note",
    "case",
    "claim",
    "decide",
    "history",
    "mark_viewed",
    "next_case",
    "queue",
    "release",
    "statistics_by_platform",
    "user_by_id",
    "visible_platforms",
]

MAX_AGE_HOURS = 24 * 366 * 100  # the queue filter's longest age (a century)
QUEUE_PAGE = 100  # open cases per page of the queue
STATS_WEEKS = 12  # the weeks the statistics show unless asked for more
STATS_WEEKS_MAX = 520  # ten years
CLAIM_MINUTES = 30
# decision -> (alert outcome, training label, webhook event or None)
DECISIONS: dict[str, tuple[str, str, str | None]] = {
    "dismiss": ("dismissed", "not_grooming", None),
    "monitor": ("monitored", "suspicious", None),
    "warn": ("actioned", "grooming", "moderation.action"),
    "restrict": ("actioned", "grooming", "moderation.action"),
    "ban": ("actioned", "grooming", "moderation.action"),
    "escalate": ("reported", "grooming", None),
}


class CaseError(LurewatchError):
    """A moderation step that is not allowed (locked by someone else, already decided...)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    keep_blurred: bool
    platforms: tuple[str, ...] | None  # None: every platform (admins)

    @property
    def actor(self) -> str:
        return f"user:{self.name}"


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(
        select(users).where(users.c.id == user_id, users.c.disabled_at.is_(None))
    ).first()
    if row is None:
        return None
    assigned = None
    if row.role != "admin":
        assigned = tuple(
            conn.execute(
                select(user_platforms.c.platform_id).where(user_platforms.c.user_id == row.id)
            ).scalars()
        )
    return User(row.id, row.name, row.role, bool(row.keep_blurred), assigned)


def visible_platforms(conn: Connection, user: User) -> dict[str, str]:
    """id -> name of the platforms `user` may see."""
    query = select(platforms.c.id, platforms.c.name).order_by(platforms.c.name)
    if user.platforms is not None:
        query = query.where(platforms.c.id.in_(user.platforms))
    return {row.id: row.name for row in conn.execute(query)}


def case(conn: Connection, user: User, alert_id: int) -> Any:
    """The alert row of a case the user may see (CaseError otherwise)."""
    if not 1 <= alert_id <= ROW_ID_MAX:  # the driver cannot even ask for it
        raise CaseError(f"no case {alert_id}")
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None or (user.platforms is not None and row.platform_id not in user.platforms):
        raise CaseError(f"no case {alert_id}")  # another platform's case does not exist for you
    return row


@dataclass(frozen=True)
class QueueKey:
    """A case's place in the queue (riskiest first, then oldest, then lowest id): where a
    page ends, and the next one begins. Its text, `risk,created_at,id`, is the `after`
    parameter of the queue page's link to the next page."""

    risk: float
    created_at: datetime
    id: int

    def __str__(self) -> str:
        stamp = self.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return f"{self.risk!r},{stamp},{self.id}"

    @classmethod
    def parse(cls, text: str) -> QueueKey:
        try:
            risk, stamp, number = text.split(",")
            key = cls(float(risk), aware(datetime.fromisoformat(stamp)), int(number))
        except ValueError:
            key = None
        if key is None or not math.isfinite(key.risk) or not 1 <= key.id <= ROW_ID_MAX:
            raise ConfigError("after must be a place in the queue (risk,time,id) as its links give")
        return key

    def follows(self) -> ColumnElement[bool]:
        """Whether an alert comes after this place in the queue."""
        return or_(
            alerts.c.risk < self.risk,
            and_(
                alerts.c.risk == self.risk,
                or_(
                    alerts.c.created_at > self.created_at,
                    and_(alerts.c.created_at == self.created_at, alerts.c.id > self.id),
                ),
            ),
        )


@dataclass(frozen=True)
class Queue:
    """One page of the open cases that match the filters, and where it stands."""

    cases: list[dict[str, Any]]
    counts: dict[str, int]  # alerts per state on the platforms filtered on (other filters aside)
    total: int  # open cases that match the filters
    first: int  # the place of cases[0] among them (1 for the first page)
    after: QueueKey | None  # where the next page begins; None on the last
    platforms: dict[str, str]  # id -> name of the platforms the user may see (the filter's menu)


# The queue's order; its ties broken by id, so that pages never repeat or skip a case.
QUEUE_ORDER = (alerts.c.risk.desc(), alerts.c.created_at, alerts.c.id)


def _claimed(now: datetime) -> ColumnElement[bool]:
    """Whether an alert is locked by a claim that has not expired."""
    return and_(alerts.c.claimed_by.is_not(None), alerts.c.claimed_until > now)


def _has_label(conn: Connection, label: str) -> ColumnElement[bool]:
    """Whether an alert's `labels` (a JSON array) holds `label`: through the database's own
    function listing a JSON array's elements (SQLite's json_each, PostgreSQL's
    json_array_elements_text), so that the filter, and with it the paging, stays in SQL."""
    listing = func.json_each if conn.dialect.name == "sqlite" else func.json_array_elements_text
    elements = listing(alerts.c.labels).table_valued("value")
    return exists().select_from(elements).where(elements.c.value == label)


def queue(
    conn: Connection,
    user: User,
    *,
    platform: str | None = None,
    level: str | None = None,
    label: str | None = None,
    max_age_hours: float | None = None,
    after: QueueKey | None = None,
    limit: int = QUEUE_PAGE,
    now: datetime | None = None,
) -> Queue:
    """The open cases after `after` (from the top without it), at most `limit`, and counts
    per state: read in SQL, a page at a time, so that a platform's history of closed alerts
    costs an index scan to count and nothing to show."""
    if max_age_hours is not None and not 0 < max_age_hours <= MAX_AGE_HOURS:  # NaN too
        raise ConfigError(f"max_age_hours must be a number of hours from 0 to {MAX_AGE_HOURS}")
    now = now or utcnow()
    names = visible_platforms(conn, user)
    wanted = [p for p in names if platform in (None, "", p)]
    matching = [alerts.c.platform_id.in_(wanted), alerts.c.status == "open"]
    if level:
        matching.append(alerts.c.level == level)
    if label:
        matching.append(_has_label(conn, label))
    if max_age_hours is not None:
        matching.append(alerts.c.created_at >= now - timedelta(hours=max_age_hours))
    ahead = func.count(sql_case((~after.follows(), 1))) if after else literal(0)
    total, before = conn.execute(select(func.count(), ahead).where(*matching)).one()
    if after is not None:
        matching.append(after.follows())
    rows = conn.execute(
        select(
            alerts.c.id,
            alerts.c.platform_id,
            alerts.c.conversation_id,
            alerts.c.sender_id,
            alerts.c.risk,
            alerts.c.level,
            alerts.c.labels,
            alerts.c.created_at,
            sql_case((_claimed(now), users.c.name)).label("claimer"),
        )
        .outerjoin(users, users.c.id == alerts.c.claimed_by)
        .where(*matching)
        .order_by(*QUEUE_ORDER)
        .limit(limit + 1)  # one more: is there a next page?
    ).all()
    cases = []
    for row in rows[:limit]:
        created = aware(row.created_at)
        cases.append(
            {
                "id": row.id,
                "platform": names[row.platform_id],
                "conversation_id": row.conversation_id,
                "sender_id": row.sender_id,
                "risk": row.risk,
                "level": row.level,
                "labels": list(row.labels),
                "created_at": created,
                "age_hours": (now - created).total_seconds() / 3600,
                "claimed_by": row.claimer,
            }
        )
    last = cases[-1] if len(rows) > limit else None
    return Queue(
        cases,
        _state_counts(conn, wanted, now),
        total,
        before + 1,
        None if last is None else QueueKey(last["risk"], last["created_at"], last["id"]),
        names,
    )


def _state_counts(conn: Connection, platform_ids: list[str], now: datetime) -> dict[str, int]:
    """Alerts per state: open, claimed (an open one under a claim that has not expired), or
    else the outcome it was closed with ("closed" without one). Counted by the database:
    the closed ones from the index on (platform_id, status, outcome) alone."""
    counts: Counter[str] = Counter()
    theirs = alerts.c.platform_id.in_(platform_ids)
    for _, status, outcome, number in conn.execute(
        select(alerts.c.platform_id, alerts.c.status, alerts.c.outcome, func.count())
        .where(theirs)
        .group_by(alerts.c.platform_id, alerts.c.status, alerts.c.outcome)  # the index's order
    ):
        counts["open" if status == "open" else outcome or "closed"] += number
    claimed = conn.execute(
        select(func.count()).where(theirs, alerts.c.status == "open", _claimed(now))
    ).scalar_one()
    counts["open"] -= claimed
    counts["claimed"] += claimed
    return {state: number for state, number in counts.items() if number}


def next_case(conn: Connection, user: User, now: datetime | None = None) -> int | None:
    """The first case in queue order free for `user` (no one else's claim holds it): one
    indexed query, not the queue."""
    free = or_(~_claimed(now or utcnow()), alerts.c.claimed_by == user.id)
    return conn.execute(
        select(alerts.c.id)
        .where(
            alerts.c.platform_id.in_(list(visible_platforms(conn, user))),
            alerts.c.status == "open",
            free,
        )
        .order_by(*QUEUE_ORDER)
        .limit(1)
    ).scalar()


def claim(conn: Connection, user: User, alert_id: int, now: datetime | None = None) -> datetime:
    """Lock the case for `user` for CLAIM_MINUTES; raises CaseError if someone else holds it."""
    now = now or utcnow()
    row = case(conn, user, alert_id)
    if row.status != "open":
        raise CaseError(f"case {alert_id} is already decided")
    until = now + timedelta(minutes=CLAIM_MINUTES)
    # One statement decides the race: it only matches if free, expired or already ours.
    result = conn.execute(
        update(alerts)
        .where(
            alerts.c.id == alert_id,
            alerts.c.status == "open",
            or_(
                alerts.c.claimed_by.is_(None),
                alerts.c.claimed_until < now,
                alerts.c.claimed_by == user.id,
            ),
        )
        .values(claimed_by=user.id, claimed_until=until)
    )
    if result.rowcount != 1:
        holder = conn.execute(select(users.c.name).where(users.c.id == row.claimed_by)).scalar()
        raise CaseError(
            f"case {alert_id} is claimed by {holder} until {aware(row.claimed_until):%H:%M} UTC"
        )
    return until


def release(conn: Connection, user: User, alert_id: int) -> None:
    case(conn, user, alert_id)
    conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.claimed_by == user.id)
        .values(claimed_by=None, claimed_until=None)
    )


def mark_viewed(conn: Connection, alert_id: int, now: datetime | None = None) -> None:
    """Remember when a case was first opened (time to first review)."""
    conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.first_viewed_at.is_(None))
        .values(first_viewed_at=now or utcnow())
    )


def _holds(row: Any, user: User, now: datetime) -> bool:
    return (
        row.claimed_by == user.id
        and row.claimed_until is not None
        and (aware(row.claimed_until) > now)
    )


def decide(
    conn: Connection,
    user: User,
    alert_id: int,
    decision: str,
    reason: str,
    now: datetime | None = None,
) -> int:
    """Record a decision on a case the user has claimed; close it; label it. Returns its id."""
    now = now or utcnow()
    if decision not in DECISIONS:
        raise CaseError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}")
    _no_nul(reason, "a decision's reason")
    if not reason.strip():
        raise CaseError("a decision needs a reason")
    row = case(conn, user, alert_id)
    if row.status != "open":
        raise CaseError(f"case {alert_id} is already decided")
    if not _holds(row, user, now):
        raise CaseError(f"claim case {alert_id} before deciding it")
    outcome, label, event = DECISIONS[decision]
    # The checks above read a snapshot; this one statement decides the race (a second tab,
    # a double submit, the platform closing it through the API) before anything is recorded.
    closed = conn.execute(
        update(alerts)
        .where(
            alerts.c.id == alert_id,
            alerts.c.status == "open",
            alerts.c.claimed_by == user.id,
            alerts.c.claimed_until > now,
        )
        .values(
            status="closed",
            outcome=outcome,
            closed_at=now,
            updated_at=now,
            claimed_by=None,
            claimed_until=None,
        )
    ).rowcount
    if closed != 1:
        if case(conn, user, alert_id).status != "open":
            raise CaseError(f"case {alert_id} is already decided")
        raise CaseError(f"claim case {alert_id} before deciding it")
    made = conn.execute(
        insert(decisions).values(
            alert_id=alert_id,
            platform_id=row.platform_id,
            user_id=user.id,
            decision=decision,
            reason=reason.strip(),
            created_at=now,
        )
    )
    key = made.inserted_primary_key
    assert key is not None
    decision_id = int(key[0])
    conn.execute(
        insert(labels),
        [
            {
                "platform_id": row.platform_id,
                "conversation_id": row.conversation_id,
                "sender_id": row.sender_id,
                "label": label,
                "decision_id": decision_id,
                "created_at": now,
            }
        ],
    )
    if event is not None:
        settings_doc = conn.execute(
            select(platforms.c.settings).where(platforms.c.id == row.platform_id)
        ).scalar_one()
        enqueue(
            conn,
            row.platform_id,
            PlatformSettings.model_validate(settings_doc),
            event,
            {
                "alert_id": alert_id,
                "conversation_id": row.conversation_id,
                "sender_id": row.sender_id,
                "action": decision,
                "reason": reason.strip(),
                "decided_at": now.isoformat(),
            },
            now,
        )
    return decision_id


def _no_nul(text: str, what: str) -> None:
    """Free text a moderator typed: any character but NUL, which no text column of
    PostgreSQL (nor its JSON) can hold."""
    if "\x00" in text:
        raise ConfigError(f"{what} cannot contain NUL characters (\\x00); remove them")


def add_note(conn: Connection, user: User, alert_id: int, text: str) -> None:
    row = case(conn, user, alert_id)
    _no_nul(text, "a note")
    if not text.strip():
        raise CaseError("a note cannot be empty")
    conn.execute(
        insert(case_notes).values(
            alert_id=alert_id,
            platform_id=row.platform_id,
            user_id=user.id,
            text=text.strip(),
            created_at=utcnow(),
        )
    )


def history(conn: Connection, alert_id: int) -> list[dict[str, Any]]:
    """Decisions and notes of a case, oldest first."""
    items: list[dict[str, Any]] = []
    for row in conn.execute(
        select(decisions, users.c.name)
        .join(users, users.c.id == decisions.c.user_id)
        .where(decisions.c.alert_id == alert_id)
    ):
        items.append(
            {
                "kind": "decision",
                "at": aware(row.created_at),
                "user": row.name,
                "decision": row.decision,
                "text": row.reason,
            }
        )
    for row in conn.execute(
        select(case_notes, users.c.name)
        .join(users, users.c.id == case_notes.c.user_id)
        .where(case_notes.c.alert_id == alert_id)
    ):
        items.append(
            {
                "kind": "note",
                "at": aware(row.created_at),
                "user": row.name,
                "decision": None,
                "text": row.text,
            }
        )
    return sorted(items, key=lambda i: i["at"])


def statistics_by_platform(
    conn: Connection,
    platform_ids: Collection[str],
    weeks: int = STATS_WEEKS,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Per platform and ISO week, of the last `weeks` (this one included): alerts, decisions
    by type, medians to first review and to decision (hours), and the share dismissed as
    false alarms (the precision reviewers see). Only those weeks' alerts and their decisions
    are read (through `ix_alerts_created`), not the platforms' whole history; medians need
    every value, so the rows are grouped here rather than by the database."""
    if not 1 <= weeks <= STATS_WEEKS_MAX:
        raise ConfigError(f"weeks must be a whole number of weeks from 1 to {STATS_WEEKS_MAX}")
    today = (now or utcnow()).date()
    monday = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    shown = and_(alerts.c.platform_id.in_(platform_ids), alerts.c.created_at >= since)
    names = dict(
        conn.execute(
            select(platforms.c.id, platforms.c.name).where(platforms.c.id.in_(platform_ids))
        ).all()
    )
    first_decision: dict[int, tuple[datetime, str]] = {}
    for made in conn.execute(
        select(decisions.c.alert_id, decisions.c.created_at, decisions.c.decision)
        .join(alerts, alerts.c.id == decisions.c.alert_id)
        .where(shown)
        .order_by(decisions.c.created_at)
    ):
        first_decision.setdefault(made.alert_id, (aware(made.created_at), made.decision))
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in conn.execute(
        select(
            alerts.c.id, alerts.c.platform_id, alerts.c.created_at, alerts.c.first_viewed_at
        ).where(shown)
    ):
        iso = aware(row.created_at).isocalendar()
        groups[(row.platform_id, f"{iso.year}-W{iso.week:02d}")].append(row)
    out = []
    for (platform_id, week), rows in sorted(groups.items()):
        decided = [first_decision[r.id] for r in rows if r.id in first_decision]
        by_type = Counter(d for _, d in decided)
        review = [
            (aware(r.first_viewed_at) - aware(r.created_at)).total_seconds() / 3600
            for r in rows
            if r.first_viewed_at is not None
        ]
        to_decision = [
            (first_decision[r.id][0] - aware(r.created_at)).total_seconds() / 3600
            for r in rows
            if r.id in first_decision
        ]
        out.append(
            {
                "platform": names.get(platform_id, platform_id),
                "week": week,
                "alerts": len(rows),
                "decided": len(decided),
                "decisions": {d: by_type.get(d, 0) for d in DECISIONS},
                "median_hours_to_first_review": statistics.median(review) if review else None,
                "median_hours_to_decision": statistics.median(to_decision) if to_decision else None,
                "dismissed_share": by_type["dismiss"] / len(decided) if decided else None,
            }
        )
    return out
