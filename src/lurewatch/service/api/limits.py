"""Request limits: body size (enforced while reading, not trusting Content-Length) and
per-key rate limits (token bucket, in memory of this process)."""

from __future__ import annotations

import math
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem_response

__all__ = ["BodyLimitMiddleware", "RateLimiter"]


class BodyLimitMiddleware:
    """Answer 413 as soon as a request body grows past `max_bytes`.

    The body is read here up to the limit and handed on to the app, so a client cannot get
    past the limit with a false or missing Content-Length (chunked transfer).
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            f"request body is larger than {self.max_bytes} bytes; send smaller batches",
            instance=scope.get("path"),
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class RateLimiter:
    """A token bucket per API key: `per_minute` requests a minute, bursts up to the same."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def check(self, key: str, now: float | None = None) -> float:
        """Take one token; return 0 when allowed, else the seconds to wait for one."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / rate

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))
