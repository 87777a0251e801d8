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
    """At most `attempts` failed logins per 15 minutes, per account name and per address."""

    def __init__(self, attempts: int) -> None:
        self.attempts = attempts
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - WINDOW_SECONDS:
            failures.popleft()
        return failures

    def blocked(self, name: str, ip: str, now: float | None = None) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = [
                failures[0] + WINDOW_SECONDS - now
                for key in (f"user:{name.lower()}", f"ip:{ip}")
                if len(failures := self._recent(key, now)) >= self.attempts
            ]
        return max(waits, default=0.0)

    def failed(self, name: str, ip: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (f"user:{name.lower()}", f"ip:{ip}"):
                self._recent(key, now).append(now)
