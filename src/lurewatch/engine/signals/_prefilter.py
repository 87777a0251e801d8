"""A fast necessary condition for a set of regular expressions: their required substrings.

Python's ``re`` tries every alternative of a pattern at every position, so searching a few
hundred rules costs a few hundred microseconds per message. Almost every rule, though,
contains a literal that any match must include ("how old", "secret", "snap"). This module
reads those literals off each pattern's parse tree (``re._parser``: private, but stable
since Python 3.11); the detector scans for all of them at once (``_detect``), in a few
microseconds. A ``\\b`` next to a literal is kept in the factor (``ig`` alone is rare,
``ig`` inside "big" is not). Of the sets of strings a pattern requires, the most selective
is kept: no lone letters, not only everyday words, long strings, few of them. A rule whose
literals cannot be read yields ``None``, and the caller must then run it unconditionally;
the tests require every shipped rule to have factors.
"""

from __future__ import annotations

import hashlib
import json
import re._parser as sre
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, NamedTuple

__all__ = ["BOUNDARY", "FACTOR_CACHE", "cached_factors", "factors", "write_cache"]

_MAX_STRINGS: Final = 128  # an exact set larger than this is given up
_MAX_FACTORS: Final = 512  # a factor set larger than this is used only if nothing else is
_MAX_REPEAT: Final = 3  # repeats up to this many are expanded
_GOOD_ENOUGH: Final = 6  # factors this long are selective enough; prefer fewer of them
_MAX_CLASS: Final = 10  # a character class of up to this many literals is expanded
_EMPTY: Final = frozenset({""})
BOUNDARY: Final = "\x00"  # stands for \b inside a factor; written back as \b
# Words in nearly every chat message: a factor made only of them filters nothing.
_COMMON_WORDS: Final = (
    "i you u ya yo the a an to and is it in that of me my so do what are im am not no yes ok "
    "lol for have be just like your was we can on with this but know if get dont would want "
    "where how when there he she they at all out up go good will yeah oh too one now about see "
    "think really did well got time or from here then going"
)
_COMMON: Final = frozenset(_COMMON_WORDS.split())


class _Info(NamedTuple):
    exact: frozenset[str] | None  # every string the sub-pattern can match, if few
    best: frozenset[str] | None  # strings one of which every match contains


def factors(pattern: str) -> frozenset[str] | None:
    """Non-empty strings one of which every match of ``pattern`` contains, or None."""
    info = _sequence(sre.parse(pattern))
    best = _choose([info.best, info.exact])
    return None if best is None else _reduce(best)


# Reading the factors off ~400 parse trees takes about a second, which the model load would
# pay every time: they are shipped precomputed, keyed by a hash of each pattern. A pattern
# missing from the file (one just edited) is read off its parse tree as before; a test
# keeps the shipped file equal to what `factors` computes for every shipped rule.
FACTOR_CACHE: Final = Path(__file__).with_name("factors.json")


def _key(pattern: str) -> str:
    return hashlib.sha256(pattern.encode()).hexdigest()[:24]


@lru_cache(maxsize=1)
def _shipped() -> dict[str, list[str] | None]:
    try:
        table: dict[str, list[str] | None] = json.loads(FACTOR_CACHE.read_text())["factors"]
    except FileNotFoundError:
        return {}
    return table


def cached_factors(pattern: str) -> frozenset[str] | None:
    """`factors(pattern)`, from the shipped file when it has the pattern."""
    key = _key(pattern)
    table = _shipped()
    if key in table:
        found = table[key]
        return None if found is None else frozenset(found)
    return factors(pattern)


def write_cache(patterns: Iterable[str], path: Path = FACTOR_CACHE) -> int:
    """Write the factors of `patterns` to `path` (`python scripts/signal_factors.py`)."""
    table = {}
    for pattern in patterns:
        found = factors(pattern)
        table[_key(pattern)] = None if found is None else sorted(found)
    doc = {
        "about": "required substrings of the signal rules; regenerate: "
        "python scripts/signal_factors.py",
        "factors": dict(sorted(table.items())),
    }
    path.write_text(json.dumps(doc, indent=0, sort_keys=True) + "\n")
    _shipped.cache_clear()
    return len(table)


def _reduce(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another member: finding the shorter one is enough."""
    kept: set[str] = set()
    lengths: set[int] = set()
    for s in sorted(strings, key=len):
        if not any(s[i : i + m] in kept for m in lengths for i in range(len(s) - m + 1)):
            kept.add(s)
            lengths.add(len(s))
    return frozenset(kept)


def _choose(candidates: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    """The most selective candidate: long strings first, then fewer of them."""
    usable = [c for c in candidates if c and all(_text(s).strip() for s in c)]
    if not usable:
        return None
    small = [c for c in usable if len(c) <= _MAX_FACTORS]
    return max(small or usable, key=_selectivity)


def _text(factor: str) -> str:
    return factor.replace(BOUNDARY, "")


@lru_cache(maxsize=4096)
def _selectivity(strings: frozenset[str]) -> tuple[bool, bool, int, int]:
    """Rank candidate sets: no lone letter or mark (they are in every message), then no
    set made of everyday words, then longer strings (a \\b counts as a character; beyond a
    few characters only for everyday words), then fewer of them."""
    texts = [_text(s) for s in strings]
    lone = any(len(t) == 1 and not t.isdigit() for t in texts)
    common = any(set(t.split()) <= _COMMON for t in texts)
    length = min(map(len, strings))
    return not lone, not common, length if common else min(length, _GOOD_ENOUGH), -len(strings)


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > _MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _sequence(items: Iterable[tuple[Any, Any]], lead: frozenset[str] = _EMPTY) -> _Info:
    """Concatenated items, after ``lead``: neighbouring exact items join into runs.

    A run followed by alternatives is distributed into them (``re`` factors common
    prefixes out of alternatives, so ``yo|y/o`` arrives as ``y`` then ``o|/o``).
    """
    candidates: list[frozenset[str] | None] = []
    run: frozenset[str] | None = lead
    broken = False
    for op, av in items:
        if op is sre.BRANCH and run is not None and run != _EMPTY:
            alone = [_sequence(alt) for alt in av[1]]
            info = _branch([(_sequence(alt, run), a) for alt, a in zip(av[1], alone, strict=True)])
            joined, restart = info.exact, _branch([(a,) for a in alone]).exact
        else:
            info = _item(op, av)
            joined = _product(run, info.exact) if run is not None and info.exact else None
            restart = info.exact
        candidates.append(info.best)
        if joined is None:
            candidates.append(run)
            broken = True
            run = restart
        else:
            run = joined
    candidates.append(run)
    return _Info(None if broken else run, _choose(candidates))


def _item(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av)}), None)
    if op is sre.AT and av is sre.AT_BOUNDARY:
        return _Info(frozenset({BOUNDARY}), None)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _Info(_EMPTY, None)  # zero-width, and not worth encoding
    if op is sre.IN:
        return _Info(_class(av), None)
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch([(_sequence(alt),) for alt in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        lo, hi, body = av
        return _repeat(lo, hi, _sequence(body))
    return _Info(None, None)


def _class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a small class of literals and ranges (``[eé]``, ``[0-9]``)."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None  # negation, categories such as \d (which has non-ASCII digits)
        if len(chars) > _MAX_CLASS:
            return None
    return frozenset(chars)


def _branch(alternatives: list[tuple[_Info, ...]]) -> _Info:
    """Alternatives, each summarised with the run before it (first) and, maybe, without.

    Every alternative must contribute a factor; the factors of all of them are pooled,
    once with the run and once without, and the better pool is kept.
    """
    exact: frozenset[str] | None = frozenset()
    for alt, *_ in alternatives:
        exact = exact | alt.exact if exact is not None and alt.exact is not None else None
    if exact is not None and len(exact) > _MAX_STRINGS:
        exact = None
    pools: list[frozenset[str] | None] = []
    for k in range(max(map(len, alternatives))):
        each = [_choose([infos[k].best, infos[k].exact]) for infos in alternatives]
        pools.append(None if None in each else frozenset(s for b in each if b for s in b))
    return _Info(exact, _choose(pools))


def _repeat(lo: int, hi: int, body: _Info) -> _Info:
    exact: frozenset[str] | None = None
    if body.exact is not None and hi <= _MAX_REPEAT:
        power: frozenset[str] | None = _EMPTY
        collected = {""} if lo == 0 else set()
        for k in range(1, hi + 1):
            power = _product(power, body.exact) if power is not None else None
            if power is None:
                break
            if k >= lo:
                collected |= power
        else:
            exact = frozenset(collected) if len(collected) <= _MAX_STRINGS else None
    best = _choose([body.best, body.exact]) if lo >= 1 else None
    return _Info(exact, best)
