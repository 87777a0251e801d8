"""Map character spans of ``normalise(text)`` back onto ``text``, for highlighting.

Normalisation joins spaced-out letters, expands shorthand and drops invisible characters,
so there is no character-for-character correspondence. Whitespace-separated tokens are the
unit that survives: an original token normalised on its own almost always gives what it
became in the whole text, except where normalisation looked across tokens (``s n a p`` ->
``snap``) or at the whole message (homoglyph context). Tokens are aligned greedily; where
the two sides disagree the alignment skips to the nearest point where they agree again and
maps the tokens in between onto each other as one block. Inside a token that kept its
length (``sn@p`` -> ``snap``) offsets are exact; otherwise a span covers the whole original
token. Only messages in which a detector fired pay for this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final, NamedTuple

from ..normalise import normalise

__all__ = ["OffsetMap"]

# What normalise treats as a separator: whitespace, C0/C1 controls and the braille blank.
_TOKEN_RE: Final = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u2800]+")
_RESYNC_WINDOW: Final = 8  # tokens of look-ahead on each side when the two disagree


class _Block(NamedTuple):
    """One normalised word and the original span it came from."""

    start: int
    end: int
    orig_start: int
    orig_end: int
    exact: bool  # same length, character for character


class OffsetMap:
    """Spans of the normalised text -> spans of the original text; never out of bounds."""

    __slots__ = ("_blocks", "_length", "_normalised", "_starts", "_text")

    def __init__(self, text: str, normalised: str) -> None:
        self._text = text
        self._normalised = normalised
        self._length = len(text)
        words = normalised.split(" ") if normalised else []
        spans = _Aligner(text, words).run()
        self._blocks: list[_Block] = []
        pos = 0
        for word, (a, b, exact) in zip(words, spans, strict=True):
            self._blocks.append(_Block(pos, pos + len(word), a, b, exact))
            pos += len(word) + 1
        self._starts = [block.start for block in self._blocks]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span for normalised ``[start, end)``: non-empty unless text is empty."""
        if not self._blocks:
            return 0, self._length
        i0 = self._word_at(start, forward=True)
        first, last = self._blocks[i0], self._blocks[max(i0, self._word_at(end - 1))]
        lo = first.orig_start
        if first.exact and first.start <= start < first.end:
            lo += start - first.start
        elif first.start < start < first.end and _marks(self._normalised[first.start : start]):
            lo = _skip(self._text, lo, first.orig_end, step=1)  # leave out leading marks
        hi = last.orig_end
        if last.exact and last.start < end <= last.end:
            hi = last.orig_start + end - last.start
        elif last.start < end < last.end and _marks(self._normalised[end : last.end]):
            hi = _skip(self._text, hi, lo, step=-1)  # leave out trailing marks
        lo = min(max(lo, 0), self._length)
        hi = min(max(hi, lo), self._length)
        if hi == lo:
            lo, hi = (lo, lo + 1) if lo < self._length else (max(0, lo - 1), self._length)
        return lo, hi

    def _word_at(self, pos: int, *, forward: bool = False) -> int:
        """The word holding ``pos``; on a separator, the next (``forward``) or previous one."""
        k = max(0, bisect_right(self._starts, pos) - 1)
        if forward and pos >= self._blocks[k].end and k + 1 < len(self._blocks):
            return k + 1
        return k


def _marks(text: str) -> bool:
    """No letter or digit: punctuation, symbols, emoji."""
    return not any(c.isalnum() for c in text)


def _skip(text: str, at: int, limit: int, *, step: int) -> int:
    """Move ``at`` past the non-alphanumeric characters next to it, towards ``limit``."""
    if step > 0:
        while at < limit and not text[at].isalnum():
            at += 1
    else:
        while at > limit and not text[at - 1].isalnum():
            at -= 1
    return at


class _Aligner:
    """Aligns the original tokens of one text with the words of its normalised form."""

    def __init__(self, text: str, words: list[str]) -> None:
        self.text = text
        self.words = words
        self.tokens = [m.span() for m in _TOKEN_RE.finditer(text)]
        self._alone: dict[int, list[str]] = {}
        self.out: list[tuple[int, int, bool]] = []

    def alone(self, i: int) -> list[str]:
        """Original token ``i`` normalised on its own (memoised: each is needed at most once)."""
        got = self._alone.get(i)
        if got is None:
            a, b = self.tokens[i]
            clean = normalise(self.text[a:b])
            got = self._alone[i] = clean.split(" ") if clean else []
        return got

    def matches(self, i: int, j: int) -> int:
        """How many words token ``i`` accounts for from word ``j`` on (0: it does not)."""
        a, b = self.tokens[i]
        if self.text[a:b].lower() == self.words[j]:
            return 1
        got = self.alone(i)
        return len(got) if got and self.words[j : j + len(got)] == got else 0

    def block(self, i0: int, i1: int, count: int) -> None:
        """The next ``count`` words come from tokens ``i0:i1`` as a whole."""
        if i1 > i0:
            a, b = self.tokens[i0][0], self.tokens[i1 - 1][1]
        elif self.tokens:
            a, b = self.tokens[min(i0, len(self.tokens) - 1)]
        else:
            a, b = 0, len(self.text)
        self.out.extend((a, b, False) for _ in range(count))

    def resync(self, i: int, j: int) -> tuple[int, int] | None:
        """The nearest (token, word) past a disagreement at which the two agree again."""
        n, m = len(self.tokens), len(self.words)
        for total in range(1, 2 * _RESYNC_WINDOW + 1):
            for di in range(total + 1):
                ii, jj = i + di, j + total - di
                if ii < n and jj < m and self.matches(ii, jj):
                    return ii, jj
        return None

    def run(self) -> list[tuple[int, int, bool]]:
        """(original start, original end, exact) for every word, in order."""
        n, m = len(self.tokens), len(self.words)
        i = j = 0
        while i < n and j < m:
            k = self.matches(i, j)
            if k:
                a, b = self.tokens[i]
                self.out.extend((a, b, k == 1 and b - a == len(self.words[j])) for _ in range(k))
                i, j = i + 1, j + k
                continue
            if not self.alone(i):
                i += 1  # a token of invisible characters only
                continue
            nxt = self.resync(i, j)
            if nxt is None:
                break
            self.block(i, nxt[0], nxt[1] - j)
            i, j = nxt
        self.block(i, n, m - j)
        return self.out
