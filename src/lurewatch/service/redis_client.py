"""The Redis connection lurewatch uses (shared limits, `lurewatch consume`), and its errors.

redis-py is an extra (`lurewatch[redis]`), imported only here and where Redis is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._errors import ConfigError
from .settings import mask_url

if TYPE_CHECKING:
    import redis

__all__ = [
    "RedisRefusedError",
    "RedisUnavailableError",
    "call",
    "check_writable",
    "connect",
    "ping",
]

TIMEOUT_SECONDS: Final = 1.0


class RedisUnavailableError(ConfigError):
    """The Redis lurewatch was pointed at (`redis_url`, `consume --redis`) does not answer."""


class RedisRefusedError(RedisUnavailableError):
    """Redis answered with an error: out of memory (`noeviction`), a read-only replica after
    a failover, an ACL that forbids the command. As unusable as a silent Redis (every caller
    that handles one handles both), but `code` (`OOM`, `READONLY`, `NOGROUP`...) tells the
    ones that can repair a refusal (a consumer group to re-create) which it is: the first
    word of Redis's answer, where redis-py keeps it (`NOGROUP`, `BUSYGROUP`)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def connect(url: str, wait: float = 0.0) -> redis.Redis:
    """A client for `url` (nothing is sent yet); says what to install if redis-py is missing.
    `wait`: how long a command may block in Redis on purpose (`XREADGROUP ... BLOCK`), on
    top of the answer time every command gets."""
    try:
        import redis
    except ImportError:
        raise ConfigError(
            "redis_url is set but the Redis client is not installed: pip install 'lurewatch[redis]'"
        ) from None
    try:
        return redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS + wait, socket_connect_timeout=TIMEOUT_SECONDS
        )
    except ValueError as exc:
        raise ConfigError(f"redis_url {mask_url(url)!r} is not a Redis URL: {exc}") from None


def ping(client: redis.Redis) -> None:
    """Raise `RedisUnavailableError` unless Redis answers."""
    call(client, client.ping)


def check_writable(client: redis.Redis, prefix: str) -> None:
    """Raise `RedisUnavailableError` unless Redis answers and accepts a write (a short-lived
    key under the deployment's key `prefix`): a PING alone passes on a full (`OOM`) or
    read-only (`READONLY`) Redis."""
    call(client, client.set, f"{prefix}ready", b"1", px=10_000)


def call(client: redis.Redis, function: Any, *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)`, a command of `client`, with Redis errors turned into ours,
    naming the server (never its password): `RedisUnavailableError` when it does not answer,
    `RedisRefusedError` when it refuses the command. redis-py's scripts reload themselves
    on `NOSCRIPT` before an error gets here."""
    import redis

    where = client.connection_pool.connection_kwargs
    address = where.get("path") or f"{where.get('host')}:{where.get('port')}"
    try:
        return function(*args, **kwargs)
    except redis.ResponseError as exc:  # it answered, with an error
        raise RedisRefusedError(
            f"Redis at {address} refused a command ({type(exc).__name__}: {exc})",
            str(exc).partition(" ")[0],
        ) from None
    except redis.RedisError as exc:
        raise RedisUnavailableError(
            f"Redis at {address} does not answer ({type(exc).__name__}: {exc}): start it, "
            "or correct the Redis URL"
        ) from None
