"""Rate limits shared by several `serve` processes through Redis.

One process counts its API requests and failed console logins in memory
(`api.limits.RateLimiter`, `console.security.LoginLimiter`). Behind a load balancer, N
processes would each allow the full limit: N times the requests per key, N times the
password guesses per account. With `redis_url` set, every process counts in the same Redis
instead, with the same semantics (a token bucket per API key; failed logins per 15 minutes
limited per account name from one address, per address, and per account name from all
addresses together), each check one atomic Lua script timed by the Redis server's clock, so
processes on hosts with skewed clocks agree.

Redis keeps no identifiers: API key ids, account names and addresses are hashed into the
key names. If Redis does not answer, a check raises `RedisUnavailableError`: the API answers
503 (the batch is not stored; the platform retries) and `/readyz` reports it, rather than
letting requests through uncounted. After such a failure the checks fail at once for a
moment (`Breaker`) instead of each waiting out its own timeout.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import TYPE_CHECKING, Any, Final

from .console.security import login_keys, login_limits
from .redis_client import RedisRefusedError, RedisUnavailableError, call

if TYPE_CHECKING:
    import redis

__all__ = ["Breaker", "RedisLoginLimiter", "RedisRateLimiter"]

BREAKER_SECONDS: Final = 2.0  # after Redis did not answer, how long checks fail at once

# KEYS[1] the bucket; ARGV capacity, refill rate (tokens/s). Returns the wait in seconds
# as a string (Lua numbers become integers in Redis replies).
_TAKE_TOKEN: Final = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return tostring(wait)
"""

# KEYS the failure logs (sorted sets scored by time); ARGV window (s), a unique member, then
# the most failures each key's log may hold (one per key, in order). The member is added to
# every log unless one is full. Returns the longest wait over the full keys.
_LOGIN: Final = """
local window = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local wait = 0
for i, key in ipairs(KEYS) do
  local attempts = tonumber(ARGV[i + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= attempts then
    local oldest = redis.call('ZRANGE', key, count - attempts, count - attempts, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait == 0 then
  for _, key in ipairs(KEYS) do
    redis.call('ZADD', key, now, ARGV[2])
    redis.call('EXPIRE', key, math.ceil(window))
  end
end
return tostring(wait)
"""


class Breaker:
    """After Redis did not answer (its 1 s timeout ran out), the limits' checks fail at once
    for `seconds`, then one tries Redis again. Without it, during an outage every request
    holds a worker thread for the whole timeout, and a burst of them the whole pool, health
    checks included. A Redis that answers with a refusal (full, read-only) costs no wait,
    so it does not open the breaker."""

    def __init__(self, seconds: float = BREAKER_SECONDS) -> None:
        self.seconds = seconds
        self._open_until = 0.0
        self._why = ""

    def call(self, client: redis.Redis, function: Any, *args: Any, **kwargs: Any) -> Any:
        """`redis_client.call`, unless Redis did not answer less than `seconds` ago."""
        if time.monotonic() < self._open_until:
            raise RedisUnavailableError(f"{self._why} (not asked again for {self.seconds:g} s)")
        try:
            return call(client, function, *args, **kwargs)
        except RedisRefusedError:
            raise
        except RedisUnavailableError as exc:
            self._why = str(exc)
            self._open_until = time.monotonic() + self.seconds
            raise


def _hashed(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


class RedisRateLimiter:
    """`api.limits.RateLimiter`'s token bucket per API key, counted in Redis."""

    def __init__(
        self, client: redis.Redis, per_minute: int, prefix: str, breaker: Breaker | None = None
    ) -> None:
        self.per_minute = per_minute
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_TAKE_TOKEN)
        self._call = (breaker or Breaker()).call

    def check(self, key: str) -> float:
        """Take one token; return 0 when allowed, else the seconds to wait for one."""
        if self.per_minute <= 0:
            return 0.0
        wait = self._call(
            self._client,
            self._script,
            keys=[f"{self._prefix}rate:{_hashed(key)}"],
            args=[self.per_minute, self.per_minute / 60.0],
        )
        return float(wait)


class RedisLoginLimiter:
    """`console.security.LoginLimiter`'s windows of failed logins, counted in Redis."""

    def __init__(
        self,
        client: redis.Redis,
        attempts: int,
        window: float,
        prefix: str,
        per_address: int | None = None,
        per_account: int | None = None,
        breaker: Breaker | None = None,
    ) -> None:
        self.limits = login_limits(attempts, per_address, per_account)
        self.window = window
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_LOGIN)
        self._call = (breaker or Breaker()).call

    def _keys(self, name: str, ip: str) -> list[str]:
        # the same keys as in memory (names and addresses already hashed there)
        return [f"{self._prefix}login:{_hashed(key)}" for key in login_keys(name, ip)]

    def attempt(self, name: str, ip: str) -> tuple[float, str]:
        """As `LoginLimiter.attempt`: the checks and the counts in one atomic script."""
        ticket = uuid.uuid4().hex
        args = [self.window, ticket, *self.limits]
        wait = float(self._call(self._client, self._script, keys=self._keys(name, ip), args=args))
        return (wait, "") if wait > 0 else (0.0, ticket)

    def succeeded(self, name: str, ip: str, ticket: str) -> None:
        for key in self._keys(name, ip):
            self._call(self._client, self._client.zrem, key, ticket)
