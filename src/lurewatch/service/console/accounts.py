"""Console accounts after they were created: a new password, disabling and enabling.

A changed password and a disabled account end every session the account has, so whoever
held one (someone who learnt the old password, a departed moderator) is logged out at once;
a disabled account also lets go of the cases it had claimed. `lurewatch admin set-password`,
`disable-user` and `enable-user` call these, and audit each change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from ..._errors import ConfigError
from .._time import utcnow
from ..store.schema import alerts, users
from ..tenants import hashed_password
from .security import end_user_sessions

__all__ = ["AccountChange", "disable_user", "enable_user", "set_password"]


@dataclass(frozen=True)
class AccountChange:
    user_id: int
    changed: bool  # False: the account was already in the state asked for
    sessions_ended: int = 0
    claims_released: int = 0


def _user_id(conn: Connection, name: str) -> tuple[int, bool]:
    """(id, disabled) of the account called `name` (ConfigError if there is none)."""
    row = conn.execute(select(users.c.id, users.c.disabled_at).where(users.c.name == name)).first()
    if row is None:
        raise ConfigError(f"no console account named {name!r}")
    return int(row.id), row.disabled_at is not None


def set_password(conn: Connection, name: str, password: str) -> AccountChange:
    """Give the account a new password (argon2-hashed) and end all its sessions."""
    password_hash = hashed_password(password)
    user_id, _ = _user_id(conn, name)
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))
    return AccountChange(user_id, True, sessions_ended=end_user_sessions(conn, user_id))


def disable_user(conn: Connection, name: str) -> AccountChange:
    """Refuse the account's logins from now on, end its sessions and release its claims."""
    user_id, disabled = _user_id(conn, name)
    if not disabled:
        conn.execute(update(users).where(users.c.id == user_id).values(disabled_at=utcnow()))
    released = conn.execute(
        update(alerts)
        .where(alerts.c.claimed_by == user_id)
        .values(claimed_by=None, claimed_until=None)
    ).rowcount
    return AccountChange(
        user_id,
        not disabled,
        sessions_ended=end_user_sessions(conn, user_id),
        claims_released=int(released),
    )


def enable_user(conn: Connection, name: str) -> AccountChange:
    """Let a disabled account log in again (with its password as it was)."""
    user_id, disabled = _user_id(conn, name)
    if disabled:
        conn.execute(update(users).where(users.c.id == user_id).values(disabled_at=None))
    return AccountChange(user_id, disabled)
