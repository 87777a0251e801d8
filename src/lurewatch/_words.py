"""Counts in the words lurewatch prints: `1 message`, `2 messages`, never `1 messages`."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """`n` and `noun`, in the plural (`nouns`, else `noun` + s) unless `n` is 1."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"
