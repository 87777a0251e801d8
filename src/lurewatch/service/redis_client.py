"""The Redis connection lurewatch uses (shared limits, `lurewatch consume`), and its errors.

redis-py is an extra (`lurewatch[redis]`), imported only here and where Redis is used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from .._errors import ConfigError
from .settings import mask_url

if TYPE_CHECKING:
    import redis

__all__ = [
    "TRANSIENT_REFUSALS",
    "RedisRefusedError",
    "RedisUnavailableError",
    "call",
    "check_writable",
    "connect",
    "ping",
    "refusal",
]

TIMEOUT_SECONDS: Final = 1.0

# The refusals that pass by themselves, or that the refused can mend (`NOGROUP`: the consumer
# creates its group again): a Redis loading its data set (`LOADING`), running a long script
# (`BUSY`), without a master or a read-only replica during a failover (`MASTERDOWN`,
# `READONLY`), a cluster resharding or down (`TRYAGAIN`, `CLUSTERDOWN`), not enough replicas
# (`NOREPLICAS`), a failing snapshot (`MISCONF`: a full disk), out of memory (`OOM`: trimmed or
# acknowledged entries free it), a blocked read ended by `CLIENT UNBLOCK` (`UNBLOCKED`). Every
# other refusal is permanent: no retry mends a wrong password (`WRONGPASS`, `NOAUTH`), an ACL
# (`NOPERM`), a key of another type (`WRONGTYPE`), an unknown command or option (`ERR`).
# The one list: `RedisRefusedError.permanent` reads it, and `lurewatch consume` stops on what
# it says is permanent (the API refuses the request either way).
TRANSIENT_REFUSALS: Final = frozenset(
    {
        "BUSY",
        "CLUSTERDOWN",
        "LOADING",
        "MASTERDOWN",
        "MISCONF",
        "NOGROUP",
        "NOREPLICAS",
        "OOM",
        "READONLY",
        "TRYAGAIN",
        "UNBLOCKED",
    }
)


class RedisUnavailableError(ConfigError):
    """The Redis lurewatch was pointed at (`redis_url`, `consume --redis`) does not answer."""


class RedisRefusedError(RedisUnavailableError):
    """Redis answered with an error: out of memory (`noeviction`), a read-only replica after
    a failover, an ACL that forbids the command, credentials it does not take. As unusable
    as a silent Redis (every caller that handles one handles both), but `code` (`OOM`,
    `READONLY`, `NOGROUP`, `WRONGPASS`...), Redis's error code, tells the ones that can
    repair a refusal (a consumer group to re-create) or wait for it to pass which it is."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    @property
    def permanent(self) -> bool:
        """Whether no retry can mend it (not in `TRANSIENT_REFUSALS`)."""
        return self.code not in TRANSIENT_REFUSALS


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
    # it answered, with an error (redis-py makes connection errors of a refused AUTH and LOADING)
    except (redis.ResponseError, redis.AuthenticationError, redis.BusyLoadingError) as exc:
        code, reply = refusal(exc)
        raise RedisRefusedError(
            f"Redis at {address} refused a command: {code} {reply}", code
        ) from None
    except redis.RedisError as exc:
        raise RedisUnavailableError(
            f"Redis at {address} does not answer ({type(exc).__name__}: {exc}): start it, "
            "or correct the Redis URL"
        ) from None


# redis-py's errors that it strips Redis's code from (before `status_code` kept it)
_STRIPPED: Final = (
    ("NoPermissionError", "NOPERM"),
    ("ReadOnlyError", "READONLY"),
    ("OutOfMemoryError", "OOM"),
    ("BusyLoadingError", "LOADING"),
    ("TryAgainError", "TRYAGAIN"),
    ("MasterDownError", "MASTERDOWN"),  # before ClusterDownError, its base class
    ("ClusterDownError", "CLUSTERDOWN"),
    ("ExecAbortError", "EXECABORT"),
    ("NoScriptError", "NOSCRIPT"),
    ("MovedError", "MOVED"),  # before AskError, its base class
    ("AskError", "ASK"),
    ("ClusterCrossSlotError", "CROSSSLOT"),
)
_PIPELINE: Final = " of pipeline caused error: "  # after the command redis-py names
_ARGS: Final = ", with args beginning with:"  # Redis's unknown command, with its arguments
_REPLY_MAX: Final = 200


def refusal(exc: Exception) -> tuple[str, str]:
    """Redis's error code (`WRONGTYPE`, `NOPERM`, `ERR`...) and the rest of its reply, from
    redis-py's error. Recent redis-py keeps the code in `status_code` and drops it from the
    text of the errors it has a class for; older ones drop it without keeping it, or drop
    `ERR` alone. The reply leaves out what redis-py or Redis add of the command's arguments
    (a pipeline's `XADD` of a dead letter would name an entry's text): never an entry's
    content, whatever command was refused."""
    import redis

    reply = str(exc).rpartition(_PIPELINE)[2].partition(_ARGS)[0].strip()
    code = getattr(exc, "status_code", None)
    if isinstance(exc, redis.AuthenticationError):  # WRONGPASS, NOAUTH, ERR invalid password
        if code not in ("NOAUTH", "WRONGPASS"):
            code = "NOAUTH" if "required" in reply.lower() else "WRONGPASS"
    elif not code:
        code = next(
            (c for name, c in _STRIPPED if isinstance(exc, getattr(redis.exceptions, name, ()))),
            None,
        )
    if not code:
        first, _, rest = reply.partition(" ")
        code, reply = (first, rest) if re.fullmatch(r"[A-Z][A-Z_]+", first) else ("ERR", reply)
    elif reply.startswith(f"{code} "):
        reply = reply[len(code) + 1 :]
    if len(reply) > _REPLY_MAX:
        reply = reply[: _REPLY_MAX - 3] + "..."
    return str(code), reply
