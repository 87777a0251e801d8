"""Run the rules: normalise once, find which rules can match, run only those.

Most chat messages carry no signal, so the common path is ``normalise`` plus one search of
a trie of every rule's required substrings (``_prefilter``). A message with a hit walks the
trie at each hit to learn which rules those substrings belong to, and runs just them;
only a message with a signal pays for mapping spans back to the original text. The same
trie holds the stretched forms of the trigger words (``snaap``, ``piic``: ``_stretch``); a
message with one is matched with them read back, and its spans mapped through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, NamedTuple

from ..normalise import normalise
from ._offsets import OffsetMap
from ._patterns import RULES
from ._prefilter import BOUNDARY, cached_factors, trie_pattern
from ._stretch import forms, unstretch

__all__ = [
    "GROOMING_SPECIFIC",
    "HIGH_SEVERITY",
    "LABELS",
    "Signal",
    "detect",
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


_Trie = dict[str, Any]  # character -> child; _RULE_IDS -> indices of rules ending here
_RULE_IDS: Final = ""
_DIGIT: Final = re.compile("[0-9]")
_STRETCHED: Final = -1  # stands in the trie for "a stretched trigger word starts here"


class _Compiled(NamedTuple):
    rules: tuple[_Rule, ...]
    hits: re.Pattern[str]  # finds where any required substring starts
    trie: _Trie  # the substrings, saying which rules each one belongs to
    by_digit: tuple[int, ...]  # rules whose required substrings are all numbers
    longest: int  # the length of the longest required substring


@cache
def compiled() -> _Compiled:
    """Every rule with its required substrings, indexed for one pass over a message.

    Built on first use, so that importing lurewatch stays fast; the required substrings
    come precomputed (`_prefilter.FACTOR_CACHE`).

    Rules gated by numbers ("13", "18") are run on any message with a digit: a number at
    every position would cost more to look up than the rules cost to run. A rule without
    required substrings would run on every message; the tests keep every shipped rule gated.
    """
    rules: list[_Rule] = []
    trie: _Trie = {}
    by_digit: list[int] = []
    everything: set[str] = set()
    for label, table in RULES.items():
        for _langs, confidence, pattern in table:
            needed = cached_factors(pattern) or {""}
            if all(f.replace(BOUNDARY, "").isdigit() for f in needed):
                by_digit.append(len(rules))
            else:
                everything |= needed
                for factor in needed:
                    node = trie
                    for ch in factor:
                        node = node.setdefault(ch, {})
                    node.setdefault(_RULE_IDS, set()).add(len(rules))
            rules.append(_Rule(label, confidence, re.compile(pattern)))
    for form in forms():
        factor = BOUNDARY + form + BOUNDARY
        everything.add(factor)
        node = trie
        for ch in factor:
            node = node.setdefault(ch, {})
        node.setdefault(_RULE_IDS, set()).add(_STRETCHED)
    # A leading \\b would be tried at every position; the trie walk checks it instead.
    starts = {f.lstrip(BOUNDARY) or f for f in everything}
    hits = re.compile(f"(?=(?:{trie_pattern(starts)}))")
    longest = max(map(len, everything), default=0)
    return _Compiled(tuple(rules), hits, trie, tuple(by_digit), longest)


def prepare() -> None:
    """Build the rule index now (a long-running scorer does this at load, not mid-stream)."""
    compiled()


_ORDER: Final = {name: i for i, name in enumerate(RULES)}


def _word(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a character ``re`` counts as \\w (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _collect(node: _Trie, text: str, at: int, found: set[int]) -> None:
    """Rules whose required substrings start where ``node`` is, walking the trie along
    ``text``; a \\b in a substring is checked the way ``re`` checks it."""
    found.update(node.get(_RULE_IDS, ()))
    boundary = node.get(BOUNDARY)
    if boundary is not None and _word(text, at - 1) != _word(text, at):
        _collect(boundary, text, at, found)
    if at < len(text):
        child = node.get(text[at])
        if child is not None:
            _collect(child, text, at + 1, found)


def _candidates(normalised: str) -> list[int]:
    """Indices of the rules whose required substrings occur in the text (first, ``-1``
    if a stretched trigger word does)."""
    rules = compiled()
    found: set[int] = set(rules.by_digit) if _DIGIT.search(normalised) else set()
    first = rules.hits.search(normalised)
    if first is not None:
        for hit in rules.hits.finditer(normalised, first.start()):
            _collect(rules.trie, normalised, hit.start(), found)
    return sorted(found)


def _candidates_near(text: str, words: list[tuple[int, int]], found: list[int]) -> list[int]:
    """``found`` (the candidates of the text before ``words`` were read back) and the rules
    whose required substrings overlap one of ``words`` in ``text``: elsewhere the two texts
    are the same, so the rest of the message need not be searched again."""
    every = compiled()
    more = set(found)
    windows = iter(words)
    start, end = next(windows)
    for hit in every.hits.finditer(text, max(0, start - every.longest)):
        at = hit.start()
        while at >= end:
            nxt = next(windows, None)
            if nxt is None:
                return sorted(more)
            start, end = nxt
        if at >= start - every.longest:
            _collect(every.trie, text, at, more)
    return sorted(more)


def detect_normalised(normalised: str) -> list[tuple[str, int, int, float]]:
    """(label, start, end, confidence) with spans into the normalised text itself.

    Overlapping matches of one label merge into one span with the highest confidence.
    """
    by_label: dict[str, list[list[Any]]] = {}
    rules = compiled().rules
    text, back = normalised, None
    candidates = _candidates(normalised)
    if candidates and candidates[0] == _STRETCHED:
        squeezed = unstretch(normalised)
        if squeezed is not None:  # matched with the trigger words read back; spans mapped
            text, back = squeezed.text, squeezed.back
            candidates = _candidates_near(text, squeezed.words, candidates)
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
    hits = detect_normalised(clean)
    if not hits:
        return []
    offsets = OffsetMap(text, clean)
    best: dict[tuple[str, int, int], float] = {}
    for label, start, end, confidence in hits:
        key = (label, *offsets.span(start, end))
        best[key] = max(best.get(key, 0.0), confidence)
    order = {label: i for i, label in enumerate(LABELS)}
    return [
        Signal(label, start, end, confidence)
        for (label, start, end), confidence in sorted(
            best.items(), key=lambda kv: (kv[0][1], order[kv[0][0]], kv[0][2])
        )
    ]
