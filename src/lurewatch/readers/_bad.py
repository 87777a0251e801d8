"""Bad-row policy: stop at the first bad row, or count and skip bad rows when asked to.

Reasons never quote the offending text: chat data can be child-safety evidence and must stay
out of logs and error messages. Reasons name the problem (field, type, byte offset) only.
"""

from __future__ import annotations

from pathlib import Path

from .._errors import InputError

__all__ = ["MAX_EXAMPLES", "MAX_LINE_BYTES", "SKIP_HINT", "BadRows", "reject"]

MAX_LINE_BYTES = 1_048_576
"""Longest line (in bytes, without its line ending) a user-supplied chat file may have."""

MAX_EXAMPLES = 10
"""How many bad rows a BadRows keeps as examples."""

SKIP_HINT = "fix the row or pass --skip-bad to skip bad rows"


class BadRows:
    """Counts and skips bad rows, so one broken line does not stop a large import.

    Pass an instance as ``bad=`` to a reader; afterwards ``count`` says how many rows were
    skipped and ``examples`` holds the first few as ``(path, line, reason)``.
    """

    __slots__ = ("count", "examples")

    def __init__(self) -> None:
        self.count = 0
        self.examples: list[tuple[str, int, str]] = []

    def add(self, path: str | Path, line: int, reason: str, rows: int = 1) -> None:
        """Record one skipped row, or a block of `rows` rows skipped as one (a PAN12
        conversation dropped with all its messages)."""
        self.count += rows
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((str(path), line, reason))

    def summary(self) -> str:
        """One line for the user: how many rows were skipped and where the first ones were."""
        if self.count == 0:
            return "no bad rows"
        where = "; ".join(f"{p}:{n}: {r}" for p, n, r in self.examples)
        more = f" (first {len(self.examples)}: {where})"
        return f"skipped {self.count} bad row{'s' if self.count != 1 else ''}{more}"

    def __repr__(self) -> str:
        return f"BadRows(count={self.count}, examples={self.examples!r})"


def reject(
    bad: BadRows | None,
    path: str | Path,
    line: int,
    reason: str,
    hint: str = SKIP_HINT,
    rows: int = 1,
) -> None:
    """Apply the policy to one bad row (or block of `rows`): raise InputError, or count it
    when skipping."""
    if bad is None:
        raise InputError(path, line, reason, hint)
    bad.add(path, line, reason, rows)
