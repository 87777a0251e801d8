"""Stretched trigger words: what the normaliser leaves of ``snaaaap``, ``piiiic``, ``seeecret``.

The normaliser shortens a run of three or more equal letters to two (``snaap``, ``piic``),
which keeps words that are spelt with a double letter whole ("meeeet" -> "meet") but leaves
one letter too many in words that are not, so no rule would fire on them. Squeezing every
double letter would break ordinary words ("less", "pass", "moon" and "teen" read "les",
"pas", "mon", "ten"), so only the trigger words below are read back: each with one or two
of its single letters doubled. The forms are found by the detector's prefilter together
with the rules' own substrings, so a message without one costs nothing more.

The words are the distinctive ones of the high-severity rules (apps, pictures, cameras,
secrets, telling, meeting, asking the age, sexual words), in the six languages; a form that
is itself a word ("homme", "allt") is left out. The normalised text the risk model reads is
not changed: only the detectors see the squeezed form.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Final

from ._offsets import Rewritten, rewritten

__all__ = ["forms", "unstretch"]

_WORDS_TEXT: Final = """
    snap snapchat kik whatsapp telegram discord skype insta instagram facebook messenger viber
    tiktok yahoo email number phone cell call text pic pics picture pictures photo photos selfie
    selfies nude nudes naked video videos cam webcam camera secret secrets tell dont anyone
    anybody nobody delete erase parents mom dad meet hotel motel old how you your age grade asl
    send show alone home sexy horny sex virgin
    foto fotos secreto segredo geheim geheimnis nummer numero número edad idade anos años alt
    oud leeftijd bild bilder cámara câmera camara kamera treffen quedamos afspreken encontrar
"""
WORDS: Final = frozenset(_WORDS_TEXT.split())
# Forms that are words of their own.
_WORDS_ALREADY: Final = frozenset({"homme", "allt"})
_LETTERS_RE: Final = re.compile(r"[^\W\d_]+")


@cache
def forms() -> dict[str, str]:
    """Each stretched form (one or two letters doubled) -> its trigger word."""
    table: dict[str, str] = {}
    for word in sorted(WORDS):
        single = [
            p
            for p in range(len(word))
            if (p == 0 or word[p - 1] != word[p]) and (p + 1 == len(word) or word[p + 1] != word[p])
        ]
        for count in (1, 2):
            for doubled in itertools.combinations(single, count):
                form = "".join(c * (2 if k in doubled else 1) for k, c in enumerate(word))
                if form not in WORDS and form not in _WORDS_ALREADY:
                    table.setdefault(form, word)
    return table


def unstretch(text: str) -> Rewritten | None:
    """``text`` with its stretched trigger words read back; None when it has none."""
    table = forms()
    edits = [
        (found.start(), found.end(), word, _squeezed(found.group(), found.start()))
        for found in _LETTERS_RE.finditer(text)
        if (word := table.get(found.group())) is not None
    ]
    return rewritten(text, edits) if edits else None


def _squeezed(form: str, at: int) -> list[int]:
    """Positions of the letters that stay when a form loses its doubled letters: the first
    of each equal pair that the form has and its word has not."""
    word = forms()[form]
    kept: list[int] = []
    k = 0
    for c in word:
        kept.append(at + k)
        k += 1
        if k < len(form) and form[k] == c and (len(kept) >= len(word) or word[len(kept)] != c):
            k += 1  # the doubled letter: the word's character covers both
    return kept
