"""Run the rules: normalise once, find which rules can match, run only those.

Most chat messages carry no signal, so the common path is ``normalise`` plus one
Aho-Corasick scan (in C) for every rule's required substrings (``_prefilter``): each hit
names the rules its substring belongs to, and just those run. Only a message with a
signal pays for mapping spans back to the original text. The same scan finds the
stretched forms of the trigger words (``snaap``, ``piic``: ``_stretch``); a message with
one is matched with them read back, and its spans mapped through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, NamedTuple

import ahocorasick

from .._joined import APART, join
from ..normalise import normalise
from ._offsets import OffsetMap, rewritten
from ._patterns import RULES
from ._prefilter import BOUNDARY, cached_factors
from ._stretch import forms, unstretch

__all__ = [
    "GROOMING_SPECIFIC",
    "HIGH_SEVERITY",
    "LABELS",
    "Signal",
    "detect",
    "detect_many",
    "detect_normalised",
    "prepare",
]

LABELS: Final[tuple[str, ...]] = tuple(RULES)
HIGH_SEVERITY: Final[tuple[str, ...]] = (
    "age_probe",
    "secrecy",
    "off_platform",
    "image_request",
    "meeting",
    "coercion",
)
# Behaviours of the offender side that ordinary chat seldom shows: what the warning rule
# counts (`Detector.behaviour_log_ratio`). Not trust building or sexual talk (adults flirt),
# nor the two age disclosures (they are about who someone is, not what they do).
GROOMING_SPECIFIC: Final[frozenset[str]] = frozenset(
    {
        "age_probe",
        "personal_info",
        "secrecy",
        "isolation",
        "off_platform",
        "image_request",
        "meeting",
        "coercion",
        "gifts",
    }
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One behaviour in one message: ``text[start:end]`` of the original text triggered it."""

    label: str
    start: int
    end: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
        }


class _Rule(NamedTuple):
    label: str
    confidence: float
    pattern: re.Pattern[str]


_DIGITS: Final = "0123456789"  # found by str.find over a batch, by `_DIGIT` in one text
_DIGIT: Final = re.compile(f"[{_DIGITS}]")
_STRETCHED: Final = -1  # stands among the candidates for "a stretched trigger word is here"
# What the scan reports for one required substring: its length and, per way it is bounded
# (\\b required before it, after it), the rules that need it.
_Gates = tuple[int, tuple[tuple[bool, bool, tuple[int, ...]], ...]]


class _Compiled(NamedTuple):
    rules: tuple[_Rule, ...]
    # Aho-Corasick automaton of every required substring, \\b marks left out -> its _Gates.
    # One C object: a tree of Python dicts as large would cost a garbage collector's pass.
    scan: Any
    by_digit: tuple[int, ...]  # rules whose required substrings are all numbers
    ungated: tuple[int, ...]  # rules without required substrings (none shipped: tested)


@cache
def compiled() -> _Compiled:
    """Every rule with its required substrings, indexed for one pass over a message.

    Built on first use, so that importing lurewatch stays fast; the required substrings
    come precomputed (`_prefilter.FACTOR_CACHE`).

    Rules gated by numbers ("13", "18") are run on any message with a digit: a number at
    every position would cost more to look up than the rules cost to run. A rule without
    required substrings runs on every message.
    """
    rules: list[_Rule] = []
    needing: dict[str, set[int]] = {}  # required substring -> the rules that need it
    by_digit: list[int] = []
    for label, table in RULES.items():
        for _langs, confidence, pattern in table:
            needed = cached_factors(pattern) or {""}
            if all(f.replace(BOUNDARY, "").isdigit() for f in needed):
                by_digit.append(len(rules))
            else:
                for factor in needed:
                    needing.setdefault(factor, set()).add(len(rules))
            rules.append(_Rule(label, confidence, re.compile(pattern)))
    for form in forms():
        needing.setdefault(BOUNDARY + form + BOUNDARY, set()).add(_STRETCHED)
    # A \\b inside a substring sits between two of its own characters, which decide it; only
    # one at either end depends on the text around, and is checked where the scan hits.
    bounded: dict[str, dict[tuple[bool, bool], set[int]]] = {}
    ungated: set[int] = set()
    for factor, ids in needing.items():
        core = factor.replace(BOUNDARY, "")
        if not core:
            ungated |= ids
            continue
        ends = (factor.startswith(BOUNDARY), factor.endswith(BOUNDARY))
        bounded.setdefault(core, {}).setdefault(ends, set()).update(ids)
    scan = ahocorasick.Automaton()
    for core, by_ends in bounded.items():
        if APART in core:  # `_candidates_many` relies on no hit spanning two texts
            raise ValueError(f"a required substring holds {APART!r}: {core!r}")
        gates: _Gates = (
            len(core),
            tuple((lead, trail, tuple(sorted(ids))) for (lead, trail), ids in by_ends.items()),
        )
        scan.add_word(core, gates)
    scan.make_automaton()
    return _Compiled(tuple(rules), scan, tuple(by_digit), tuple(sorted(ungated)))


def prepare() -> None:
    """Build the rule index now (a long-running scorer does this at load, not mid-stream)."""
    compiled()


_ORDER: Final = {name: i for i, name in enumerate(RULES)}


def _word(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a character ``re`` counts as \\w (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _candidates(normalised: str) -> list[int]:
    """Indices of the rules whose required substrings occur in the text (first, ``-1``
    if a stretched trigger word does); a \\b next to a substring is checked the way ``re``
    checks it."""
    every = compiled()
    found: set[int] = set(every.ungated)
    if _DIGIT.search(normalised):
        found.update(every.by_digit)
    for last, gates in every.scan.iter(normalised):
        _gate(normalised, last, gates, found)
    return sorted(found)


def _gate(text: str, last: int, gates: _Gates, found: set[int]) -> None:
    """Add to `found` the rules that a scan hit ending at ``text[last]`` lets through."""
    size, variants = gates
    first = last - size + 1
    for lead, trail, ids in variants:
        if lead and _word(text, first - 1) == _word(text, first):
            continue
        if trail and _word(text, last) == _word(text, last + 1):
            continue
        found.update(ids)


def _candidates_many(texts: Sequence[str]) -> list[Sequence[int]]:
    """`_candidates` of each text, from one scan over all of them (`_joined`): a text no
    hit and no digit falls in needs nothing more. No required substring holds the
    separator (`compiled`), so no hit spans two texts, and ``_word`` reads it as a text's
    edge (a non-word character), as it reads the end of a text scanned alone."""
    joined = join(texts)
    if joined is None:
        return list(map(_candidates, texts))
    every = compiled()
    found: dict[int, set[int]] = {}
    if every.by_digit:
        for at in joined.holding(_DIGITS):
            found.setdefault(at, set()).update(every.by_digit)
    for last, gates in every.scan.iter(joined.text):
        _gate(joined.text, last, gates, found.setdefault(joined.owner(last), set()))
    ungated = set(every.ungated)
    out: list[Sequence[int]] = [every.ungated] * len(texts)  # most texts: no hit, no digit
    for i, ids in found.items():
        out[i] = sorted(ungated | ids)
    return out


# Emphasis and quotes wrapped round a word ("add me on *snap*", "(snap)", "'kik'", "_pic_"):
# the rules read the word without them. Letters only, so "<3", "(13)" and ":)" stay.
_WRAPPER_RE: Final = re.compile(
    r"(?<!\S)[*_\"'(\[<~]+(?=[^\W\d_])|(?<=[^\W\d_])[*_\"')\]>~]+(?=[\s.,!?;:]|$)"
)


def detect_normalised(normalised: str) -> list[tuple[str, int, int, float]]:
    """(label, start, end, confidence) with spans into the normalised text itself.

    Overlapping matches of one label merge into one span with the highest confidence.
    """
    return _run(normalised, _candidates(normalised))


def _run(normalised: str, candidates: Sequence[int]) -> list[tuple[str, int, int, float]]:
    """`detect_normalised` with the text's `_candidates` at hand."""
    if not candidates:
        return []
    by_label: dict[str, list[list[Any]]] = {}
    rules = compiled().rules
    text, back = normalised, None
    if _WRAPPER_RE.search(normalised):  # matched with "*snap*", "(snap)", "'kik'" unwrapped
        # a span's end maps past a closing wrapper, which is highlighted with its word
        text, back = rewritten(
            normalised, ((m.start(), m.end(), "", ()) for m in _WRAPPER_RE.finditer(normalised))
        )
        candidates = sorted({*candidates, *_candidates(text)})
    if candidates[0] == _STRETCHED:
        squeezed = unstretch(text)
        if squeezed is not None:  # matched with the trigger words read back; spans mapped
            back = squeezed.back if back is None else [back[at] for at in squeezed.back]
            text = squeezed.text
            candidates = sorted({*candidates, *_candidates(text)})
    for index in candidates:
        if index == _STRETCHED:
            continue
        rule = rules[index]
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                start, end = (
                    (m.start(), m.end()) if back is None else (back[m.start()], back[m.end()])
                )
                by_label.setdefault(rule.label, []).append([start, end, rule.confidence])
    found: list[tuple[str, int, int, float]] = []
    for label in sorted(by_label, key=_ORDER.__getitem__):
        spans = sorted(by_label[label])
        merged: list[list[Any]] = []
        for span in spans:
            if merged and span[0] < merged[-1][1]:
                top = merged[-1]
                top[1] = max(top[1], span[1])
                top[2] = max(top[2], span[2])
            else:
                merged.append(span)
        found.extend((label, s, e, c) for s, e, c in merged)
    return found


def detect(text: str, *, normalised: str | None = None) -> list[Signal]:
    """The behaviour signals of one message, with spans into the original ``text``.

    Pass ``normalised=normalise(text)`` when it is already at hand (the scorer computes it)
    to skip normalising twice. Signals are ordered by position, then by label.
    """
    clean = normalise(text) if normalised is None else normalised
    return _signals(text, clean, detect_normalised(clean))


def detect_many(texts: Sequence[str], normalised: Sequence[str]) -> list[list[Signal]]:
    """`detect` of each text, given its normalised form; for a batch, the required
    substrings of all the texts are found in one scan (`_candidates_many`)."""
    return [
        _signals(text, clean, _run(clean, candidates)) if candidates else []
        for text, clean, candidates in zip(
            texts, normalised, _candidates_many(normalised), strict=True
        )
    ]


def _signals(text: str, clean: str, hits: list[tuple[str, int, int, float]]) -> list[Signal]:
    """`detect`'s answer from the hits in the normalised text `clean`."""
    if not hits:
        return []
    offsets = OffsetMap(text, clean)
    best: dict[tuple[str, int, int], float] = {}
    for label, start, end, confidence in hits:
        key = (label, *offsets.span(start, end))
        best[key] = max(best.get(key, 0.0), confidence)
    return sorted(
        (Signal(label, start, end, confidence) for (label, start, end), confidence in best.items()),
        key=in_order,
    )


def in_order(signal: Signal) -> tuple[int, int, int]:
    """The order of a message's signals: by position, then label, then end."""
    return signal.start, _ORDER[signal.label], signal.end
