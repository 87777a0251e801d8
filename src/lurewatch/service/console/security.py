"""Console sessions, CSRF tokens and login rate limiting.

A session is a random cookie value; only its SHA-256 is stored, with the user, an expiry and
the session's CSRF token. Cookies are HttpOnly, SameSite=Strict and (by default) Secure.
Every state-changing request must carry the session's CSRF token (form field `csrf_token` or
header `X-CSRF-Token`); the login form, which has no session yet, uses a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
import unicodedata
from collections import defaultdict, deque
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, String, delete, insert, select

from .._time import aware, utcnow
from ..store.schema import audit_log, sessions
from ..tenants import is_account_name

__all__ = [
    "LOGIN_CSRF_COOKIE",
    "SESSION_COOKIE",
    "LoginLimiter",
    "RefusalDigest",
    "Session",
    "csrf_matches",
    "end_session",
    "end_user_sessions",
    "find_session",
    "login_actor",
    "login_keys",
    "login_limits",
    "start_session",
]

SESSION_COOKIE = "lw_session"
LOGIN_CSRF_COOKIE = "lw_login_csrf"
WINDOW_SECONDS = 15 * 60


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class Session:
    def __init__(self, user_id: int, csrf_token: str, expires_at: datetime) -> None:
        self.user_id = user_id
        self.csrf_token = csrf_token
        self.expires_at = expires_at


def start_session(
    conn: Connection, user_id: int, hours: float, ip: str | None
) -> tuple[str, Session]:
    """A new session: returns the cookie value (shown to the browser only) and the session."""
    cookie = secrets.token_urlsafe(32)
    now = utcnow()
    session = Session(user_id, secrets.token_urlsafe(32), now + timedelta(hours=hours))
    conn.execute(
        insert(sessions).values(
            id_hash=_hash(cookie),
            user_id=user_id,
            csrf_token=session.csrf_token,
            created_at=now,
            expires_at=session.expires_at,
            ip=ip,
        )
    )
    return cookie, session


def find_session(conn: Connection, cookie: str | None) -> Session | None:
    if not cookie:
        return None
    row = conn.execute(select(sessions).where(sessions.c.id_hash == _hash(cookie))).first()
    if row is None or aware(row.expires_at) <= utcnow():
        return None
    return Session(row.user_id, row.csrf_token, aware(row.expires_at))


def end_session(conn: Connection, cookie: str | None) -> None:
    if cookie:
        conn.execute(delete(sessions).where(sessions.c.id_hash == _hash(cookie)))


def end_user_sessions(conn: Connection, user_id: int) -> int:
    """Log a user out everywhere (a changed password, a disabled account); returns how many
    sessions ended."""
    return int(conn.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount)


def csrf_matches(expected: str | None, presented: str | None) -> bool:
    # as bytes: compare_digest refuses str with characters outside ASCII (a TypeError, a 500)
    return bool(expected and presented) and hmac.compare_digest(
        str(expected).encode("utf-8", "surrogatepass"),
        str(presented).encode("utf-8", "surrogatepass"),
    )


def login_keys(name: str, ip: str) -> tuple[str, str, str]:
    """What a failed login counts against: the account name from this address, the
    address, and the account name from anywhere (names count case-insensitively). Hashed:
    a name can be anything a client sends, and the limiters keep no identifiers."""
    folded = name.lower()
    return (
        "pair:" + _hash("\x00".join(("pair", folded, ip))),
        "ip:" + _hash("\x00".join(("ip", ip))),
        "user:" + _hash("\x00".join(("user", folded))),
    )


def _escaped(name: str) -> str:
    """`name` with backslashes and invisible or reordering characters (controls, bidi
    overrides, zero-width and other format characters, line separators) written as
    escapes, so an audit reader sees exactly what was typed."""
    out = []
    for char in name:
        if char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


_ACTOR_TYPE = audit_log.c.actor.type
assert isinstance(_ACTOR_TYPE, String) and _ACTOR_TYPE.length is not None
ACTOR_CHARS = _ACTOR_TYPE.length  # the audit log's actor column (PostgreSQL enforces it)


def login_actor(name: str) -> tuple[str, dict[str, Any]]:
    """The audit actor and detail of a login that did not succeed: the name the form sent,
    marked as not verified (anyone can type any name). A name no account could have (too
    long, control characters...), or one whose escapes would not fit the audit log's actor
    column, is recorded as a placeholder with its length only."""
    actor = f"unverified-user:{_escaped(name)}"
    if not is_account_name(name) or len(actor) > ACTOR_CHARS:  # escapes can outgrow it
        return "unverified-user:<not an account name>", {
            "name_verified": False,
            "name_length": len(name),
        }
    return actor, {"name_verified": False}


def login_limits(
    attempts: int, per_address: int | None = None, per_account: int | None = None
) -> tuple[int, int, int]:
    """The most failed logins in a window, in `login_keys`' order: per account name from one
    address, per address (4 times that unless given), per account name overall (20 times)."""
    return (
        attempts,
        4 * attempts if per_address is None else per_address,
        20 * attempts if per_account is None else per_account,
    )


class LoginLimiter:
    """Failed logins per 15 minutes: at most `attempts` per account name from one address,
    `per_address` from one address whatever the names, and `per_account` per name from all
    addresses together (a ceiling against guessing spread over many addresses).

    Counting per name alone would let anyone lock an account's owner out with a few wrong
    guesses from anywhere; per (name, address) they only lock themselves out, while the
    address and the account ceilings still bound guessing.

    An attempt is counted as a failure before its password is checked (`attempt`), and
    withdrawn only when it succeeds (`succeeded`): checking first and counting afterwards
    would let every request that arrives during the slow check through uncounted.
    """

    SWEEP_EVERY = 1000  # attempts between removals of keys whose failures all expired

    def __init__(
        self, attempts: int, per_address: int | None = None, per_account: int | None = None
    ) -> None:
        self.limits = login_limits(attempts, per_address, per_account)
        self._failures: dict[str, deque[tuple[float, str]]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._calls = 0

    def _recent(self, key: str, now: float) -> deque[tuple[float, str]]:
        failures = self._failures[key]
        while failures and failures[0][0] <= now - WINDOW_SECONDS:
            failures.popleft()
        return failures

    def _sweep(self, now: float) -> None:
        expired = now - WINDOW_SECONDS
        for key in [k for k, f in self._failures.items() if not f or f[-1][0] <= expired]:
            del self._failures[key]

    def attempt(self, name: str, ip: str, now: float | None = None) -> tuple[float, str]:
        """(seconds until another attempt is allowed, ticket): a wait above 0 refuses this
        attempt (and does not count it); otherwise it counts as failed against every limit
        until `succeeded` withdraws its ticket."""
        now = time.monotonic() if now is None else now
        ticket = secrets.token_hex(8)
        with self._lock:
            self._calls += 1
            if self._calls % self.SWEEP_EVERY == 0:
                self._sweep(now)
            recent = [self._recent(key, now) for key in login_keys(name, ip)]
            waits = [
                f[-limit][0] + WINDOW_SECONDS - now
                for f, limit in zip(recent, self.limits, strict=True)
                if len(f) >= limit
            ]
            if waits:
                return max(waits), ""
            for failures in recent:
                failures.append((now, ticket))
        return 0.0, ticket

    def succeeded(self, name: str, ip: str, ticket: str) -> None:
        with self._lock:
            for key in login_keys(name, ip):
                failures = self._failures.get(key)
                if failures is None:
                    continue
                for entry in [e for e in failures if e[1] == ticket]:
                    failures.remove(entry)


class RefusalDigest:
    """How many refused logins (429s) each audit row stands for: at most one row a minute
    per address, and `MOST_ROWS` a minute in all, so that a script hammering the login
    form while it is refused (with one name or a new one each time, from one address or
    many) does not write, and lock the database for, a row per request. A row gives the
    refusals from its address since that address's previous row, itself included; those
    of a flood's last minute are in the next row, if one comes (the
    `lurewatch_console_logins` metric counts every one)."""

    EVERY_SECONDS = 60.0
    MOST_ROWS = 100  # a minute, all addresses together
    MOST_KEYS = 10_000  # beyond, forget addresses with no row this minute

    def __init__(self) -> None:
        self._seen: dict[str, tuple[float, int]] = {}  # address -> last row, since then
        self._rows: deque[float] = deque()  # when the last minute's rows were written
        self._lock = threading.Lock()

    def note(self, ip: str, now: float | None = None) -> int | None:
        """A refusal from `ip`: the number of refusals to write in an audit row now, or
        None when this one waits for a later row."""
        now = time.monotonic() if now is None else now
        with self._lock:
            while self._rows and self._rows[0] <= now - self.EVERY_SECONDS:
                self._rows.popleft()
            written_at, unwritten = self._seen.get(ip, (-math.inf, 0))
            if now - written_at < self.EVERY_SECONDS or len(self._rows) >= self.MOST_ROWS:
                self._seen[ip] = (written_at, unwritten + 1)
                return None
            if ip not in self._seen and len(self._seen) >= self.MOST_KEYS:
                self._seen = {
                    k: v for k, v in self._seen.items() if now - v[0] < self.EVERY_SECONDS
                }
                if len(self._seen) >= self.MOST_KEYS:  # that many in a minute: start again
                    self._seen = {}
            self._seen[ip] = (now, 0)
            self._rows.append(now)
            return unwritten + 1
