"""Console sessions, CSRF tokens and login rate limiting.

A session is a random cookie value; only its SHA-256 is stored, with the user, an expiry and
the session's CSRF token. Cookies are HttpOnly, SameSite=Strict and (by default) Secure.
Every state-changing request must carry the session's CSRF token (form field `csrf_token` or
header `X-CSRF-Token`); the login form, which has no session yet, uses a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from .._time import aware, utcnow
from ..store.schema import sessions

__all__ = [
    "LOGIN_CSRF_COOKIE",
    "SESSION_COOKIE",
    "LoginLimiter",
    "Session",
    "csrf_matches",
    "end_session",
    "find_session",
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


def csrf_matches(expected: str | None, presented: str | None) -> bool:
    return bool(expected and presented) and hmac.compare_digest(str(expected), str(presented))


class LoginLimiter:
    """At most `attempts` failed logins per 15 minutes, per account name and per address.

    An attempt is counted as a failure before its password is checked (`attempt`), and
    withdrawn only when it succeeds (`succeeded`): checking first and counting afterwards
    would let every request that arrives during the slow check through uncounted.
    """

    def __init__(self, attempts: int) -> None:
        self.attempts = attempts
        self._failures: dict[str, deque[tuple[float, str]]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[tuple[float, str]]:
        failures = self._failures[key]
        while failures and failures[0][0] <= now - WINDOW_SECONDS:
            failures.popleft()
        return failures

    @staticmethod
    def _keys(name: str, ip: str) -> tuple[str, str]:
        return f"user:{name.lower()}", f"ip:{ip}"

    def attempt(self, name: str, ip: str, now: float | None = None) -> tuple[float, str]:
        """(seconds until another attempt is allowed, ticket): a wait above 0 refuses this
        attempt; otherwise it counts as failed until `succeeded` withdraws its ticket."""
        now = time.monotonic() if now is None else now
        ticket = secrets.token_hex(8)
        with self._lock:
            recent = [self._recent(key, now) for key in self._keys(name, ip)]
            full = [f for f in recent if len(f) >= self.attempts]
            waits = [f[-self.attempts][0] + WINDOW_SECONDS - now for f in full]
            if waits:
                return max(waits), ""
            for failures in recent:
                failures.append((now, ticket))
        return 0.0, ticket

    def succeeded(self, name: str, ip: str, ticket: str) -> None:
        with self._lock:
            for key in self._keys(name, ip):
                failures = self._failures[key]
                for entry in [e for e in failures if e[1] == ticket]:
                    failures.remove(entry)
