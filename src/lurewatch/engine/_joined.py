"""A batch of normalised texts joined into one string, for one search over all of them.

A regex search or an automaton scan costs a fixed setup per call, more than the search
itself on a short chat line; over a batch joined by a newline it is paid once. Normalised
text holds no newline (it keeps single spaces only), so a pattern without one never
matches across two texts, and at a text's edge the newline reads as a non-word
character, as the end of a text searched alone does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Final, NamedTuple

__all__ = ["APART", "Joined", "join", "to_end"]

APART: Final = "\n"


class Joined(NamedTuple):
    """Texts joined by `APART`, with where each one begins."""

    text: str
    starts: list[int]  # where each text begins in `text`, and one past the end

    def owner(self, at: int) -> int:
        """Index of the text that holds ``text[at]``."""
        return bisect_right(self.starts, at) - 1

    def holding(self, to_end: re.Pattern[str]) -> Iterator[int]:
        """Index of each text in which a `to_end` pattern matches, once each."""
        return (self.owner(m.start()) for m in to_end.finditer(self.text))


def to_end(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` (which must not match a newline), then the rest of its text: one match
    per text that holds it, as the next search starts at the next text."""
    return re.compile(f"(?:{pattern.pattern})[^{APART}]*", pattern.flags)


def join(texts: Sequence[str]) -> Joined | None:
    """The texts joined, or None when fewer than two (a text alone is cheaper to search
    alone) or when one holds the separator (it is not normalised)."""
    text = APART.join(texts)
    if len(texts) < 2 or text.count(APART) != len(texts) - 1:
        return None
    return Joined(text, list(accumulate(map((1).__add__, map(len, texts)), initial=0)))
