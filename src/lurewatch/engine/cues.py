"""Minor cues: a participant saying they are a child ("im 13", "13/f", "8th grade").

Grooming needs a child on the other side, so a conversation in which one participant
discloses being a minor while another's risk is high deserves more attention than either
signal alone. How much more is not guessed: `minor_cue_log_ratio` estimates it on training
streams, as the log-likelihood ratio of a cue appearing on a victim's side (PJ decoys) versus
in ordinary chat.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from ._joined import join
from .normalise import normalise

__all__ = ["MINOR_CUE_PATTERNS", "has_minor_cue", "minor_cue_log_ratio", "minor_cues"]

_AGE: Final = r"(?:1[0-7]|[5-9])"
# Patterns over normalised text (lower case, leetspeak and spacing undone, "i'm" -> "im").
# The first group all need an age number, the last needs a school word (`has_minor_cue`).
_AGE_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(rf"\b(?:im|i am)\s+(?:only\s+|just\s+)?{_AGE}\b(?!\s*(?:min|mins|minutes|pm|am)\b)"),
    re.compile(rf"\b{_AGE}\s*(?:yo|y/o|yrs?\s+old|years?\s+old)\b"),
    re.compile(rf"(?:^|[\s,(])(?:{_AGE})\s*[/-]?\s*[fm](?:\b|/)"),
    re.compile(r"\b(?:[5-9]|1[0-2])(?:th|st|nd|rd)\s+grade\b"),
)
_SCHOOL_PATTERN: Final = re.compile(
    r"\b(?:middle school|junior high|elementary school|grade school)\b"
)
MINOR_CUE_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (*_AGE_PATTERNS, _SCHOOL_PATTERN)

# Cheap tests that rule out most messages before the patterns run (the streaming engine
# asks this of every new message, a batch at a time: `minor_cues`): an age pattern needs a
# 5-9 or the 1 of 10-17, the school pattern one of two words. Searched apart, a text with an
# ordinary number ("2am", "2024") runs no pattern, and one with an age runs the age patterns
# only.
_AGE_DIGITS: Final = "156789"  # found by str.find over a batch, by `_AGE_DIGIT` in one text
_AGE_DIGIT: Final = re.compile(f"[{_AGE_DIGITS}]")
_SCHOOL_WORDS: Final = ("school", "junior high")  # one of which `_SCHOOL_PATTERN` needs
_ANY_AGE: Final = re.compile("|".join(f"(?:{p.pattern})" for p in _AGE_PATTERNS))


def has_minor_cue(text: str, *, normalised: bool = False) -> bool:
    """True when the text contains a self-disclosure of being a minor."""
    clean = text if normalised else normalise(text)
    if _AGE_DIGIT.search(clean) is not None and _ANY_AGE.search(clean) is not None:
        return True
    school = any(word in clean for word in _SCHOOL_WORDS)
    return school and _SCHOOL_PATTERN.search(clean) is not None


def minor_cues(normalised: Sequence[str]) -> list[bool]:
    """`has_minor_cue` of each normalised text; for a batch, the texts with an age digit or
    a school word are found in one pass (`_joined`), and only they run the patterns."""
    joined = join(normalised)
    if joined is None:
        return [has_minor_cue(text, normalised=True) for text in normalised]
    found = [False] * len(normalised)
    for i in joined.holding(_AGE_DIGITS):
        found[i] = _ANY_AGE.search(normalised[i]) is not None
    for i in joined.holding(_SCHOOL_WORDS):
        found[i] = found[i] or _SCHOOL_PATTERN.search(normalised[i]) is not None
    return found


def _share(histories: Iterable[Sequence[str]]) -> float:
    """Add-one smoothed share of histories with a cue anywhere."""
    hits = total = 0
    for lines in histories:
        total += 1
        hits += any(has_minor_cue(line) for line in lines)
    return (hits + 1) / (total + 2)


def minor_cue_log_ratio(
    victim_sides: Iterable[Sequence[str]], ordinary_by_source: Mapping[str, Iterable[Sequence[str]]]
) -> float:
    """log P(cue | victim side) / P(cue | ordinary author), each ordinary source weighing equally
    (as in training: the biggest source must not decide what "ordinary" means)."""
    ordinary = sum(_share(h) for h in ordinary_by_source.values()) / len(ordinary_by_source)
    return math.log(_share(victim_sides) / ordinary)
