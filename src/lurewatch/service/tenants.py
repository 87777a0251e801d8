"""Platforms (tenants), their API keys, and console user accounts.

An API key looks like `lw_<key id>_<secret>`. Only the SHA-256 of the whole key is stored: a
key has 256 random bits, so a fast hash is enough (a slow password hash would only slow down
every request). The key id lets a request find its row without scanning.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from .._errors import ConfigError
from ._time import utcnow
from .settings import PlatformSettings
from .store.schema import api_keys, platforms, user_platforms, users

__all__ = [
    "ALL_SCOPES",
    "ROLES",
    "ApiKey",
    "Platform",
    "assign_platform",
    "authenticate",
    "checked_login",
    "create_api_key",
    "create_platform",
    "create_user",
    "find_platform",
    "hashed_password",
    "is_account_name",
    "list_platforms",
    "revoke_api_key",
    "rotate_api_key",
    "still_as_checked",
    "verify_password",
]

KEY_PREFIX = "lw_"
ALL_SCOPES = ("ingest", "read", "review", "settings")
ROLES = ("admin", "moderator", "auditor")
_NAME = re.compile(r"[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]{0,62}[^\s\x00-\x1f\x7f])?")
MIN_PASSWORD_CHARS = 12


def is_account_name(name: str) -> bool:
    """Whether `name` could name an account (or platform): 1 to 64 characters, no control
    characters, no spaces at either end."""
    return _NAME.fullmatch(name) is not None


def hashed_password(password: str) -> str:
    """The argon2 hash an account's password is stored as; ConfigError if it is too short."""
    from argon2 import PasswordHasher

    if len(password) < MIN_PASSWORD_CHARS:
        raise ConfigError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    return PasswordHasher().hash(password)


@dataclass(frozen=True, slots=True)
class Platform:
    id: str
    name: str
    settings: PlatformSettings
    model_dir: str | None = None  # its own model; None: the deployment's (`set_model`)


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    platform_id: str
    scopes: tuple[str, ...]
    secret: str | None = None  # the full key: only known right after it was created


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _platform(row: Any) -> Platform:
    return Platform(row.id, row.name, PlatformSettings.model_validate(row.settings), row.model_dir)


def create_platform(conn: Connection, name: str) -> tuple[Platform, ApiKey]:
    """A new platform with default settings and a key with every scope."""
    name = name.strip()
    if not is_account_name(name):
        raise ConfigError(
            f"a platform name is 1 to 64 characters without control characters; got {name!r}"
        )
    if conn.execute(select(platforms.c.id).where(platforms.c.name == name)).first():
        raise ConfigError(f"a platform named {name!r} exists already")
    settings = PlatformSettings(webhook_secret=new_webhook_secret())
    platform = Platform(f"plt_{secrets.token_hex(8)}", name, settings)
    conn.execute(
        insert(platforms).values(
            id=platform.id,
            name=name,
            settings=settings.model_dump(mode="json"),
            created_at=utcnow(),
        )
    )
    return platform, create_api_key(conn, platform.id)


def new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def find_platform(conn: Connection, name_or_id: str, *, for_update: bool = False) -> Platform:
    """The platform; `for_update` locks its row (PostgreSQL; an SQLite write transaction
    holds the lock already) until the transaction ends, so settings changed from what was
    read cannot undo a change another transaction made meanwhile. The lock is PostgreSQL's
    FOR NO KEY UPDATE, which ingest's inserts referencing the row (they take KEY SHARE) do
    not wait for, nor it for them."""
    query = select(platforms).where(
        (platforms.c.id == name_or_id) | (platforms.c.name == name_or_id)
    )
    row = conn.execute(query.with_for_update(key_share=True) if for_update else query).first()
    if row is None:
        raise ConfigError(
            f"no platform {name_or_id!r}; `lurewatch admin list-platforms` shows them"
        )
    return _platform(row)


def list_platforms(conn: Connection) -> list[tuple[Platform, int]]:
    """Every platform with its number of active keys."""
    active = (
        select(api_keys.c.platform_id, func.count().label("keys"))
        .where(api_keys.c.revoked_at.is_(None))
        .group_by(api_keys.c.platform_id)
        .subquery()
    )
    rows = conn.execute(
        select(platforms, func.coalesce(active.c["keys"], 0).label("keys"))
        .outerjoin(active, active.c.platform_id == platforms.c.id)
        .order_by(platforms.c.created_at)
    )
    return [(_platform(row), int(row.keys)) for row in rows]


def save_platform_settings(conn: Connection, platform_id: str, settings: PlatformSettings) -> None:
    conn.execute(
        update(platforms)
        .where(platforms.c.id == platform_id)
        .values(settings=settings.model_dump(mode="json"))
    )


def create_api_key(
    conn: Connection, platform_id: str, scopes: tuple[str, ...] = ALL_SCOPES
) -> ApiKey:
    unknown = set(scopes) - set(ALL_SCOPES)
    if unknown or not scopes:
        raise ConfigError(f"key scopes must be among {', '.join(ALL_SCOPES)}; got {scopes}")
    key_id = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    conn.execute(
        insert(api_keys).values(
            id=key_id,
            platform_id=platform_id,
            secret_hash=_hash(secret),
            scopes=list(scopes),
            created_at=utcnow(),
        )
    )
    return ApiKey(key_id, platform_id, tuple(scopes), secret)


def revoke_api_key(conn: Connection, key_id: str) -> ApiKey:
    row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None:
        raise ConfigError(f"no API key with id {key_id!r}")
    if row.revoked_at is None:
        conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(revoked_at=utcnow()))
    return ApiKey(row.id, row.platform_id, tuple(row.scopes))


def rotate_api_key(conn: Connection, key_id: str) -> ApiKey:
    """Revoke a key and issue its replacement with the same scopes, in one transaction."""
    old = revoke_api_key(conn, key_id)
    return create_api_key(conn, old.platform_id, old.scopes)


def authenticate(conn: Connection, presented: str) -> ApiKey | None:
    """The active key matching `presented`, or None (unknown, malformed or revoked)."""
    if not presented.startswith(KEY_PREFIX):
        return None
    key_id = presented[len(KEY_PREFIX) :].split("_", 1)[0]
    row = conn.execute(
        select(api_keys).where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
    ).first()
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(presented)):
        return None
    return ApiKey(row.id, row.platform_id, tuple(row.scopes))


def create_user(conn: Connection, name: str, role: str, password: str) -> int:
    """A console account; the password is stored as an argon2 hash. Names are what the
    audit log and case history show, so they must be told apart at a glance: no blank or
    padded names, no control characters, and none that differ from another only in case."""
    if not is_account_name(name):
        raise ConfigError(
            f"an account name is 1 to 64 characters, without spaces at either end or control "
            f"characters; got {name!r}"
        )
    if role not in ROLES:
        raise ConfigError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    password_hash = hashed_password(password)
    same = conn.execute(
        select(users.c.name).where(func.lower(users.c.name) == name.lower())
    ).first()
    if same:
        raise ConfigError(f"a user named {same.name!r} exists already")
    result = conn.execute(
        insert(users).values(name=name, role=role, password_hash=password_hash, created_at=utcnow())
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def assign_platform(conn: Connection, user_id: int, platform_id: str) -> None:
    """Let a moderator review a platform's cases."""
    conn.execute(insert(user_platforms).values(user_id=user_id, platform_id=platform_id))


def verify_password(conn: Connection, name: str, password: str) -> bool:
    """Whether `password` is the password of the account called `name` (disabled or not)."""
    return _verified(conn, name, password) is not None


def checked_login(conn: Connection, name: str, password: str) -> tuple[int, str] | None:
    """(id, password hash) of the enabled account `name` if `password` is its password.
    The hash lets the session be started only if it is still the account's
    (`still_as_checked`): the check is slow, and the password may change meanwhile."""
    row = _verified(conn, name, password)
    if row is None or row.disabled_at is not None:
        return None
    return int(row.id), str(row.password_hash)


def still_as_checked(conn: Connection, user_id: int, password_hash: str) -> bool:
    """Whether the account still has the password a login checked and is not disabled;
    the row is locked (PostgreSQL) until the transaction that starts the session ends, so
    a new password cannot slip in between (its session purge would miss the new session)."""
    row = conn.execute(
        select(users.c.password_hash, users.c.disabled_at)
        .where(users.c.id == user_id)
        .with_for_update()
    ).first()
    return row is not None and row.password_hash == password_hash and row.disabled_at is None


def _verified(conn: Connection, name: str, password: str) -> Any:
    """The account row (id, password_hash, disabled_at) if `password` is its password."""
    from argon2 import PasswordHasher
    from argon2.exceptions import VerificationError

    row = conn.execute(
        select(users.c.id, users.c.password_hash, users.c.disabled_at).where(users.c.name == name)
    ).first()
    # An unknown name costs a hash check too: the time of the answer must not tell which
    # account names exist.
    try:
        ok = PasswordHasher().verify(
            _no_account_hash() if row is None else row.password_hash, password
        )
    except VerificationError:
        return None
    return row if ok and row is not None else None


@functools.cache
def _no_account_hash() -> str:
    """The hash of a password no one knows, with the same parameters as the accounts'."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(secrets.token_hex(16))


def count_users(conn: Connection, role: str | None = None) -> int:
    query = select(func.count()).select_from(users)
    if role is not None:
        query = query.where(users.c.role == role)
    return int(conn.execute(query).scalar_one())
