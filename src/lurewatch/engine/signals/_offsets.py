"""Map character spans of ``normalise(text)`` back onto ``text``, for highlighting.

Normalisation joins spaced-out letters, expands shorthand and drops invisible characters,
so there is no character-for-character correspondence. Whitespace-separated tokens are the
unit that survives: an original token normalised on its own almost always gives what it
became in the whole text, except where normalisation looked across tokens (``s n a p`` ->
``snap``) or at the whole message (homoglyph context). Tokens are aligned greedily:

- a token that normalises on its own to the next word(s) maps onto them;
- a run of one-letter tokens maps onto the one word the normaliser joined them into
  (``s n a p``, however long the run), up to a gap of two or more separators, where the
  normaliser starts the next word (``d o n t  t e l l``);
- elsewhere the alignment skips to the nearest point from which the two sides agree for
  several tokens in a row (not the first pair that happens to agree: one-letter shorthand
  such as ``r`` -> ``are`` agrees by chance), and maps the tokens in between onto each other
  as one block; where no such point is near, the end of the text is aligned backwards.

Inside a token whose characters map one by one onto its word, offsets are exact: each
character is counted with the width normalisation gives it (an invisible character 0, a
combining mark 0 as part of its letter, ``⁉`` 2 as ``!?``), so ``sn@p``, ``sn\\u00adap``
and ``\\u202esnap`` all highlight exactly the letters. Otherwise a span covers the whole
original token. Only messages in which a detector fired pay for this.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from ..normalise import _BEFORE_NFKC, _EDGE, _UNIT, _clean_chars, normalise

__all__ = ["OffsetMap", "Rewritten", "rewritten"]

# What normalise treats as a separator: whitespace, C0/C1 controls and the braille blank.
_TOKEN_RE: Final = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u2800]+")
_RESYNC_WINDOW: Final = 8  # tokens of look-ahead on each side when the two disagree
_CONFIRM: Final = 3  # pairs in a row that must agree for a resynchronisation point
# A token the normaliser may join with its neighbours: one letter, maybe with punctuation
# ("(s", "p)"), as its spaced-out stage reads them.
_UNIT_TOKEN_RE: Final = re.compile(f"({_EDGE})({_UNIT})({_EDGE})")


class Rewritten(NamedTuple):
    """A normalised text with spans replaced for the rules only (stretched trigger words
    read back, wrappers dropped), and where each of its characters came from."""

    text: str
    back: list[int]  # for every character of ``text`` (and its end): where it came from


def rewritten(text: str, edits: Iterable[tuple[int, int, str, Sequence[int]]]) -> Rewritten:
    """``text`` with each span ``(start, end)`` of `edits` (in order, not overlapping)
    replaced by a string whose characters came from the positions given with it."""
    pieces: list[str] = []
    back: list[int] = []
    last = 0
    for start, end, replacement, origins in edits:
        pieces.append(text[last:start])
        back.extend(range(last, start))
        pieces.append(replacement)
        back.extend(origins)
        last = end
    pieces.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return Rewritten("".join(pieces), back)


class _Block(NamedTuple):
    """One normalised word and the original span it came from."""

    start: int
    end: int
    orig_start: int
    orig_end: int
    chars: tuple[int, ...] | None  # original offset of each character of the word, if known


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
        for word, (a, b, chars) in zip(words, spans, strict=True):
            self._blocks.append(_Block(pos, pos + len(word), a, b, chars))
            pos += len(word) + 1
        self._starts = [block.start for block in self._blocks]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span for normalised ``[start, end)``: non-empty unless text is empty."""
        if not self._blocks:
            return 0, self._length
        i0 = self._word_at(start, forward=True)
        first, last = self._blocks[i0], self._blocks[max(i0, self._word_at(end - 1))]
        lo = first.orig_start
        if first.chars is not None and first.start <= start < first.end:
            lo = first.chars[start - first.start]
        elif first.start < start < first.end and _marks(self._normalised[first.start : start]):
            lo = _skip(self._text, lo, first.orig_end, step=1)  # leave out leading marks
        hi = last.orig_end
        if last.chars is not None and last.start < end <= last.end:
            hi = _after_marks(self._text, last.chars[end - 1 - last.start] + 1, last.orig_end)
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


def _combining(c: str) -> bool:
    return unicodedata.combining(c) > 0 or unicodedata.category(c) in ("Mn", "Me")


def _after_marks(text: str, at: int, limit: int) -> int:
    """Move ``at`` past the combining marks that belong to the letter before it."""
    while at < limit and _combining(text[at]):
        at += 1
    return at


def _width(c: str) -> int:
    """How many characters ``c`` becomes in the normalised word it belongs to."""
    if c.isascii():
        return 1
    if ord(c) in _BEFORE_NFKC:
        return len(_BEFORE_NFKC[ord(c)] or "")  # an invisible character is deleted
    if _combining(c):
        return 0  # composed into, or dropped from, the letter before it
    return len(_clean_chars(c)) or 1


def _char_map(token: str, at: int, word: str) -> tuple[int, ...] | None:
    """Original offset of each character of ``word``, if ``token`` (at ``at``) maps onto it
    character by character once every character is counted with its width; else None.
    (Equal lengths alone are not enough: ``sn\\u00adap\\u2049`` loses one character and
    gains one.)"""
    if token.isascii():
        return tuple(range(at, at + len(token))) if len(token) == len(word) else None
    chars: list[int] = []
    for k, c in enumerate(token):
        chars.extend([at + k] * _width(c))
        if len(chars) > len(word):
            return None
    return tuple(chars) if len(chars) == len(word) else None


class _Aligner:
    """Aligns the original tokens of one text with the words of its normalised form."""

    def __init__(self, text: str, words: list[str]) -> None:
        self.text = text
        self.words = words
        self.tokens = [m.span() for m in _TOKEN_RE.finditer(text)]
        self._alone: dict[int, list[str]] = {}
        self.out: list[tuple[int, int, tuple[int, ...] | None]] = []

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
        self.out.extend((a, b, None) for _ in range(count))

    def emit(self, i: int, j: int, k: int) -> None:
        """Token ``i`` gave the ``k`` words from word ``j`` on."""
        a, b = self.tokens[i]
        chars = _char_map(self.text[a:b], a, self.words[j]) if k == 1 else None
        self.out.extend((a, b, chars) for _ in range(k))

    def unit(self, i: int) -> tuple[bool, int, int]:
        """Whether token ``i`` is one letter as the normaliser joins spaced-out letters (a
        leet digit or a look-alike counts), and how many punctuation marks come before it
        and after it."""
        a, b = self.tokens[i]
        found = _UNIT_TOKEN_RE.fullmatch(_clean_chars(self.text[a:b]))
        if found is None:
            return False, 0, 0
        return True, len(found.group(1)), len(found.group(3))

    def wide_gap(self, i: int) -> bool:
        """Whether two or more separators come before token ``i``: where the normaliser
        ends one spaced-out word and starts the next ("d o n t  t e l l"). Tokens of
        invisible characters between are part of the gap, as the normaliser deletes them
        before it looks ("y \u200b a" is a wide gap)."""
        if not 0 < i < len(self.tokens):
            return False
        j = i - 1
        while j > 0 and not self.alone(j):
            j -= 1
        gap = self.text[self.tokens[j][1] : self.tokens[i][0]]
        return len(gap.translate(_BEFORE_NFKC)) >= 2

    def spaced(self, i: int, j: int) -> int:
        """How many tokens from ``i`` on the normaliser joined into word ``j`` (0: none).

        A run of at least three one-letter tokens (two, next to a wide gap), punctuation only
        before the first and after the last (tokens of invisible characters in between are
        dropped before the join), ending at a wide gap once it has the word's length;
        accepted when it has the word's length, or when what follows it agrees again (or
        both sides end there)."""
        n, m = len(self.tokens), len(self.words)
        length = len(self.words[j])
        k = units = edges = 0
        at = i
        while at < n and units <= length + 1:
            if units and units + edges == length and self.wide_gap(at):
                break  # the normaliser ends a spaced-out word at a wide gap
            one, lead, trail = self.unit(at)
            if not one:
                if self.alone(at):
                    break
                at += 1  # invisible characters only
                continue
            if lead and units:
                break
            units += 1
            edges += lead + trail
            at += 1
            k = at - i
            if trail:
                break
        exact = units + edges == length
        # two letters make a word only between wide gaps ("s n a p  m e")
        wide = exact and (self.wide_gap(i) or (i + k < n and self.wide_gap(i + k)))
        if units < (2 if wide else 3):
            return 0
        if exact or (i + k == n and j + 1 == m):
            return k
        if i + k < n and j + 1 < m and self.agreement(i + k, j + 1):
            return k
        return 0

    def agreement(self, i: int, j: int) -> int:
        """How many pairs agree in a row from token ``i`` and word ``j``, up to ``_CONFIRM``;
        both sides ending together counts as full agreement."""
        n, m = len(self.tokens), len(self.words)
        count = 0
        while count < _CONFIRM:
            if i >= n or j >= m:
                return _CONFIRM if i >= n and j >= m else count
            k = self.matches(i, j)
            if k:
                count += 1
                i, j = i + 1, j + k
            elif not self.alone(i):
                i += 1  # a token of invisible characters only
            else:
                return count
        return count

    def resync(self, i: int, j: int) -> tuple[int, int] | None:
        """The nearest (token, word) past a disagreement from which the two agree again for
        ``_CONFIRM`` pairs (or to the end); failing that, the one agreeing longest."""
        n, m = len(self.tokens), len(self.words)
        best: tuple[int, int] | None = None
        best_run = 0
        for total in range(1, 2 * _RESYNC_WINDOW + 1):
            for di in range(total + 1):
                ii, jj = i + di, j + total - di
                if ii < n and jj < m and self.matches(ii, jj):
                    run = self.agreement(ii, jj)
                    if run >= _CONFIRM:
                        return ii, jj
                    if run > best_run:
                        best, best_run = (ii, jj), run
        return best

    def tail(self, i: int, j: int) -> None:
        """Align from the end backwards down to token ``i`` and word ``j``; the rest between
        them is one block."""
        back: list[tuple[int, int, int]] = []
        ii, jj = len(self.tokens), len(self.words)
        while ii > i and jj > j:
            got = self.alone(ii - 1)
            if not got:
                ii -= 1
                continue
            a, b = self.tokens[ii - 1]
            if self.text[a:b].lower() == self.words[jj - 1]:
                k = 1
            elif len(got) <= jj - j and self.words[jj - len(got) : jj] == got:
                k = len(got)
            else:
                break
            back.append((ii - 1, jj - k, k))
            ii, jj = ii - 1, jj - k
        self.block(i, ii, jj - j)
        for t, w, k in reversed(back):
            self.emit(t, w, k)

    def run(self) -> list[tuple[int, int, tuple[int, ...] | None]]:
        """(original start, original end, character offsets or None) for every word."""
        n, m = len(self.tokens), len(self.words)
        i = j = 0
        while i < n and j < m:
            k = self.matches(i, j)
            if k:
                self.emit(i, j, k)
                i, j = i + 1, j + k
                continue
            if not self.alone(i):
                i += 1  # a token of invisible characters only
                continue
            joined = self.spaced(i, j)
            if joined:
                self.block(i, i + joined, 1)
                i, j = i + joined, j + 1
                continue
            nxt = self.resync(i, j)
            if nxt is None:
                self.tail(i, j)
                return self.out
            self.block(i, nxt[0], nxt[1] - j)
            i, j = nxt
        self.block(i, n, m - j)
        return self.out
