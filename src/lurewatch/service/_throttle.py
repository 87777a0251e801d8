"""Throttled logging: a failure that repeats (every request, every round, while the
database is away) is logged now and then, not every time."""

from __future__ import annotations

import time

__all__ = ["Throttled"]


class Throttled:
    """At most one log line per interval, so that a storm of failing requests (every batch
    of every platform, on a full disk) leaves a readable log: the next line counts the ones
    left out."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next = 0.0  # 0 while no failure is under way (none since `clear`)
        self._skipped = 0
        self._reason: object = None

    def due(self, reason: object = None) -> bool:
        """Whether to log this failure now: the first, one after the interval, or one for
        another `reason` than the last logged (a change an operator must see at once)."""
        now = time.monotonic()
        if now < self._next and reason == self._reason:
            self._skipped += 1
            return False
        self._next = now + self.interval
        self._reason = reason
        return True

    def clear(self) -> bool:
        """The failure is over: the next one is logged at once. Whether there was one (to
        log the recovery)."""
        failing = self._next != 0.0
        self._next, self._reason, self._skipped = 0.0, None, 0
        return failing

    def suppressed(self) -> str:
        """What to add to the next line: how many were left out before it (then reset)."""
        skipped, self._skipped = self._skipped, 0
        return f" ({skipped} more not logged)" if skipped else ""
