"""A batch of normalised texts joined into one string, for one search over all of them.

A regex search or an automaton scan costs a fixed setup per call, more than the search
itself on a short chat line; over a batch joined by a newline it is paid once. Normalised
text holds no newline (it keeps single spaces only), so a pattern without one never
matches across two texts, and at a text's edge the newline reads as a non-word
character, as the end of a text searched alone does.

Which texts hold a rare character or word (a digit, "school") is found by `str.find`,
which skips to the next occurrence in C: a regex search tests every character of the
batch in turn (tens of instructions each), and most chat lines hold none of them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Final, NamedTuple

__all__ = ["APART", "Joined", "join"]

APART: Final = "\n"


class Joined(NamedTuple):
    """Texts joined by `APART`, with where each one begins."""

    text: str
    starts: list[int]  # where each text begins in `text`, and one past the end

    def owner(self, at: int) -> int:
        """Index of the text that holds ``text[at]``."""
        return bisect_right(self.starts, at) - 1

    def holding(self, needles: Iterable[str]) -> set[int]:
        """Indices of the texts that hold one of `needles` (none holding `APART`): each
        found once, the search going on from the next text."""
        text, starts = self.text, self.starts
        found: set[int] = set()
        for needle in needles:
            at = text.find(needle)
            while at >= 0:
                owner = self.owner(at)
                found.add(owner)
                at = text.find(needle, starts[owner + 1])
        return found


def join(texts: Sequence[str]) -> Joined | None:
    """The texts joined, or None when fewer than two (a text alone is cheaper to search
    alone) or when one holds the separator (it is not normalised)."""
    text = APART.join(texts)
    if len(texts) < 2 or text.count(APART) != len(texts) - 1:
        return None
    return Joined(text, list(accumulate(map((1).__add__, map(len, texts)), initial=0)))
