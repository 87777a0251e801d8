"""Canonical text for the detectors: undo the obfuscation offenders use to slip past filters.

The risk model and the behaviour detectors score ``normalise(text)``; the original text is
always kept for display. ``normalise`` is idempotent, total over ``str`` and cheap enough
to run on every chat message. It applies, in this order:

1. **Characters.** Lone surrogates become U+FFFD. Default-ignorable code points (zero-width
   space/joiners, U+2060, BOM, soft hyphen, variation selectors, bidi controls, tag
   characters, Hangul fillers) are deleted and C0/C1 controls become spaces, *before* NFKC
   so that letters split by an invisible character compose again; so is the acute accent
   ``´`` turned into ``'`` (it stands for an apostrophe, "don´t", and NFKC would split it
   into a space and a combining accent). Then NFKC (fullwidth and mathematical letters,
   ligatures, circled letters). Curly quotes, dashes and bullets fold to ``'`` ``"`` ``-``
   ``.``, and a backtick between letters or digits to ``'`` ("don`t"; elsewhere it quotes
   code and stays); Latin small capitals, IPA look-alikes and squared emoji
   letters (never letters of a real language) fold to ASCII. Combining marks still left on
   an ASCII, Latin or look-alike letter after composition (zalgo, strike-through, keycaps)
   are dropped; precomposed accented letters (é, ü, ñ, ç, ß) are kept, since the German,
   Spanish, French, Dutch and Portuguese detectors need them. Whitespace collapses to one
   space.
2. **Punctuation runs.** A run of one repeated ASCII punctuation mark collapses to one
   (``!!!`` -> ``!``, ``...`` -> ``.``), except ``$`` and ``|`` (leet letters) and ``_``.
3. **Spaced-out words.** Three or more single letters separated by one space, or by one
   repeated ``.``/``-``/``_``/``*``/``/`` inside a token (``s n a p``, ``s.n.a.p``,
   ``s*n*a*p``, ``a/s/l``), are joined. A gap of two or more whitespace characters inside
   spaced-out letters ends a word (``d o n t  t e l l`` -> dont tell, ``c a n  y o u`` -> can
   you; step 1 does this before whitespace collapses, see ``_split_at_wide_gaps``); slashed
   letters of other uses join too (an IRC ``s/c/s/`` reads ``scs/``), which no detector
   reads. Leet digits/symbols and Cyrillic/Greek look-alikes count as letters. A run is
   joined only if, after folding, one of its letters is not a common one-letter word
   (``_WEAK_LETTERS``: a, i, u, r, y, k, c, n, b, o, x, e, à, é, è) or it spells a word in
   ``_JOIN_ANYWAY`` (``kik``, ``you``). So "i need a u turn", "u r a cutie" and "i c u" stay
   apart; the trade-off is that a word spelled only from those letters stays apart too,
   and that a spaced word touching stray single letters absorbs them ("u r a s l u t").
4. **Homoglyphs.** A Cyrillic or Greek look-alike (а, е, о, р, с, у, х, і, ј, ѕ, к, м, т,
   н, в ... ο, α, ε, ι, κ, ν, ρ, τ, υ, χ ...) folds to its Latin twin when the word it sits
   in (letters and digits, joined by inner leet symbols) also has a Latin letter or an
   ASCII digit (``ѕnар`` has the Latin ``n``, ``р0rn`` the digit); or when every letter of
   the word is a look-alike and either the word mixes Cyrillic and Greek or the message
   has no other letter of that script (``ѕоар`` alone folds; Russian or Greek prose, which
   always has letters without a Latin twin, stays intact, short all-look-alike messages
   such as "он там" are the trade-off). Capitals inside a longer word fold by their own
   shape (``ΗΕΥ`` -> hey); a lone letter folds like its lower case (``Η`` and ``η`` -> n),
   so that a spaced-out letter reads the same before and after lower-casing.
5. **Lower case** with ``str.lower`` rather than ``casefold``, which would turn ß into ss.
6. **Words**, each one to a fixed point:

   * Abbreviations with digits (``b4``, ``gr8``, ``2nite``, ``4u``) expand first.
   * Words that look like a URL or an e-mail address are kept verbatim from here on:
     contact details are signals.
   * Leetspeak, read only next to Latin letters: 0->o 1->i 3->e 4->a 5->s 7->t inside a word
     (a single digit or a run of one repeated digit between letters: ``s3cr3t``, ``n00dz``);
     a single leading digit before letters unless it reads as a number (``5exy`` but
     ``8th``, ``5pm``, ``14f``); a single trailing digit only if the word already had an
     inner one (``l0v3``; ``m3``, ``w3``, ``b3`` stay: in the train split's chat they are
     names and grades, "W3 Schools", a "B3", never me/we/be). ``1`` reads as ``l`` when
     doubled (``he11o``), after ``r`` at the end (``gir1``), or before a vowel at a word
     start / after a vowel or one of b c f g k p s (``1ove``, ``s1ut``, ``p1ease``);
     otherwise ``i`` (``p1c``, ``fr1end``). ``$`` and
     ``€`` fold next to a letter (``$ex``, ``a$$``), ``@`` and ``|`` only between letters
     (``sn@p``, ``he||o``), ``!`` only between letters and after at most two letters that
     are not an interjection (``sh!t``, but ``hi!how``).
     Ages, grades and times keep their digits: a word with more digits than letters, a
     run of two or more digits that are not all the same (``13yo``, ``im13``, ``x13x``), or
     a digit with a number suffix (``8th``, ``14f``, ``9yo``, ``5pm``, and the ordinals of
     the other languages: ``4ème``, ``1er``, ``2de``, ``5º``); ``8`` ``2`` ``6``
     ``9`` are never letters (``gr8``, ``2nite`` are abbreviations).
   * Stretched letters: three or more of the same letter become two (``heyyyy`` and
     ``heyyy`` -> ``heyy``). Emoji runs are left alone.
   * English contractions drop their apostrophe, the canonical form chat already uses
     (``don't`` and ``dont`` -> ``dont``, ``I'm`` and ``im`` -> ``im``), which leaves the
     German ``im`` alone; French elisions keep theirs (``j'ai``, ``c'est``). The cost is
     that ``we're``/``we'll``/``i'll`` meet ``were``/``well``/``ill``.
   * The curated ``ABBREVIATIONS`` table; a word whose doubled letters collapse onto a key
     expands too (``plzzz`` -> please).

Idempotence holds because every expansion is a fixed point of the word step, the word
step runs to a fixed point, and the word stage is re-run in the rare case an expansion's
leading ``i`` could complete a spaced-out run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from operator import methodcaller
from types import MappingProxyType
from typing import Final

__all__ = ["ABBREVIATIONS", "normalise"]


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------

ABBREVIATIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Chat shorthand the detectors should read as words. Keys are lower case; values are
        # plain words, never themselves a key, so expanding twice is a no-op. Contractions
        # need no entry: "don't" and "dont" both become "dont" (see the module docstring).
        # Kept as-is on purpose (not keys): pic, pics, asl, lol, brb, omg, dm, nudes, and
        # words of the supported languages (German "im", Dutch "ik"). Single letters: only
        # u, r and k, which are unambiguous in chat.
        "u": "you",
        "ur": "your",
        "urs": "yours",
        "urself": "yourself",
        "r": "are",
        "k": "ok",
        "kk": "ok",
        "ppl": "people",
        "pls": "please",
        "plz": "please",
        "thx": "thanks",
        "thnx": "thanks",
        "thanx": "thanks",
        "ty": "thank you",
        "b4": "before",
        "gr8": "great",
        "2nite": "tonight",
        "2night": "tonight",
        "tonite": "tonight",
        "2day": "today",
        "2moro": "tomorrow",
        "2morrow": "tomorrow",
        "tmrw": "tomorrow",
        "tmr": "tomorrow",
        "l8r": "later",
        "l8": "late",
        "m8": "mate",
        "h8": "hate",
        "w8": "wait",
        "d8": "date",
        "sk8": "skate",
        "str8": "straight",
        "4ever": "forever",
        "4eva": "forever",
        "4u": "for you",
        "2u": "to you",
        "4get": "forget",
        "4got": "forgot",
        "2gether": "together",
        "any1": "anyone",
        "ne1": "anyone",
        "some1": "someone",
        "sum1": "someone",
        "no1": "no one",
        "every1": "everyone",
        "3some": "threesome",
        "f2f": "face to face",
        "g2g": "got to go",
        "gtg": "got to go",
        "wanna": "want to",
        "gonna": "going to",
        "gotta": "got to",
        "kinda": "kind of",
        "sorta": "sort of",
        "lemme": "let me",
        "gimme": "give me",
        "dunno": "dont know",
        "tryna": "trying to",
        "outta": "out of",
        "cuz": "because",
        "coz": "because",
        "cos": "because",
        "bc": "because",
        "b/c": "because",
        "bcuz": "because",
        "bcoz": "because",
        "bf": "boyfriend",
        "gf": "girlfriend",
        "bff": "best friend",
        "pix": "pics",
        "rents": "parents",
        "parentals": "parents",
        "ily": "i love you",
        "ilu": "i love you",
        "ilysm": "i love you so much",
        "idk": "i dont know",
        "ikr": "i know right",
        "ic": "i see",
        "msg": "message",
        "txt": "text",
        "tho": "though",
        "thru": "through",
        "nvm": "never mind",
        "btw": "by the way",
        "wyd": "what are you doing",
        "wbu": "what about you",
        "hbu": "how about you",
        "hmu": "hit me up",
        "tbh": "to be honest",
        "imo": "in my opinion",
        "rn": "right now",
        "irl": "in real life",
        "ngl": "not going to lie",
        "fr": "for real",
        "nm": "not much",
        "np": "no problem",
        "ofc": "of course",
        "sry": "sorry",
        "soz": "sorry",
        "srsly": "seriously",
        "abt": "about",
        "bday": "birthday",
        "gn": "good night",
        "ttyl": "talk to you later",
        "cya": "see you",
        "luv": "love",
        "gurl": "girl",
        "grl": "girl",
        "prolly": "probably",
        "wat": "what",
        "wut": "what",
        "dat": "that",
        "bby": "baby",
        "addy": "address",
        "pvt": "private",
        "priv": "private",
        "vid": "video",
        "vids": "videos",
    }
)

# Look-alikes by lower-case form; membership is decided on c.lower(), so it is case-closed.
_LOOKALIKES_LOWER: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "ë",
        "ҽ": "e",
        "ғ": "f",
        "һ": "h",
        "н": "h",
        "і": "i",
        "ї": "ï",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "о": "o",
        "ӧ": "ö",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "с": "c",
        "т": "t",
        "ԁ": "d",
        "у": "y",
        "ү": "y",
        "ӱ": "ÿ",
        "ӓ": "ä",
        "ѵ": "v",
        "ѡ": "w",
        "ԝ": "w",
        "х": "x",
        # Greek
        "α": "a",
        "ά": "á",
        "β": "b",
        "γ": "y",
        "ε": "e",
        "έ": "é",
        "ζ": "z",
        "η": "n",
        "ι": "i",
        "ί": "í",
        "ϊ": "ï",
        "ϳ": "j",
        "κ": "k",
        "μ": "u",
        "ν": "v",
        "ο": "o",
        "ό": "ó",
        "ρ": "p",
        "ϲ": "c",
        "τ": "t",
        "υ": "u",
        "ύ": "ú",
        "ϋ": "ü",
        "χ": "x",
        "ω": "w",
    }
)
# Capitals whose shape differs from their lower case (Greek Η looks like H, η like n).
_LOOKALIKE_CAPITALS: Final[Mapping[str, str]] = MappingProxyType(
    {"Η": "h", "Ν": "n", "Υ": "y", "Μ": "m"}
)

# Letters no real language writes with, folded everywhere: Latin small capitals and IPA
# look-alikes (fancy-text generators) and negative squared/circled emoji letters.
_ALWAYS_FOLD: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz", strict=True)),
        "ɑ": "a",
        "ɡ": "g",
        "ɩ": "i",
        "ɐ": "a",
        **{chr(0x1F150 + i): chr(0x61 + i) for i in range(26)},  # negative circled
        **{chr(0x1F170 + i): chr(0x61 + i) for i in range(26)},  # negative squared
    }
)

_PUNCT_FOLD: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63", "-"),
        **dict.fromkeys("\u00b7\u0387\u2022\u2219\u22c5\u30fb\u2027", "."),
        "\u0130": "I",  # İ: lower() would give i + U+0307, which NFC cannot compose
        "\u2800": " ",  # braille blank, used as an invisible space
    }
)

_LEET_DIGITS: Final[Mapping[str, str]] = MappingProxyType(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
)
_MONEY: Final = frozenset("$€")  # leet letters next to any letter, so "$2u" must not expand

# One-letter words of chat and of the supported languages: a spaced-out run made only of
# these is ordinary text ("u r a", "i c u", "e o a"), not an obfuscated word.
_WEAK_LETTERS: Final = frozenset("aiurykcnboxeàéè")
_JOIN_ANYWAY: Final = frozenset({"kik", "you"})
# Two-letter interjections that often run into the next word after "!" ("hi!how").
_INTERJECTIONS: Final = frozenset({"hi", "ok", "oh", "no", "so", "ya", "yo", "ah", "aw", "eh"})
_VOWELS: Final = frozenset("aeiou")
_ONE_AS_L_AFTER: Final = frozenset("aeioubcfgkps")


# ---------------------------------------------------------------------------------------
# Character classes, built once at import
# ---------------------------------------------------------------------------------------


def _char_class(codepoints: Iterable[int]) -> str:
    """Regex class body for a set of code points, as escaped ranges."""
    points = sorted(set(codepoints))
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = points[i], points[j]
        parts.append(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}")
        i = j + 1
    return "".join(parts)


def _span(lo: int, hi: int) -> range:
    """Code points ``lo`` to ``hi`` inclusive, as the Unicode tables write them."""
    return range(lo, hi + 1)


# Unicode Default_Ignorable_Code_Point, deleted before NFKC.
_IGNORABLE: Final = frozenset(
    [
        *[0x00AD, 0x034F, 0x061C, 0x3164, 0xFEFF, 0xFFA0],
        *_span(0x115F, 0x1160),
        *_span(0x17B4, 0x17B5),
        *_span(0x180B, 0x180F),
        *_span(0x200B, 0x200F),
        *_span(0x202A, 0x202E),
        *_span(0x2060, 0x206F),
        *_span(0xFE00, 0xFE0F),
        *_span(0xFFF0, 0xFFF8),
        *_span(0x1BCA0, 0x1BCA3),
        *_span(0x1D173, 0x1D17A),
        *_span(0xE0000, 0xE0FFF),
    ]
)
_CONTROLS: Final = frozenset([*_span(0x00, 0x1F), *_span(0x7F, 0x9F)])

_BEFORE_NFKC: Final[dict[int, str | None]] = {
    **dict.fromkeys(_IGNORABLE, None),
    **dict.fromkeys(_CONTROLS, " "),
    0x00B4: "'",  # the acute accent as an apostrophe ("don´t"): NFKC would split it in two
}
_ASCII_CONTROLS: Final[dict[int, str]] = {cp: " " for cp in _CONTROLS if cp < 0x80}


def _with_upper_variants(table: Mapping[str, str]) -> dict[int, str]:
    """Add the capital of every key, so that lower() cannot bring a folded letter back."""
    out = {ord(k): v for k, v in table.items()}
    for k, v in table.items():
        up = k.upper()
        if len(up) == 1 and up != k and up.lower() == k:
            out.setdefault(ord(up), v)
    return out


# Marks that can reorder or compose (canonical combining class > 0), plus the script-neutral
# combining blocks (zalgo, strike-through, keycaps). Stripped after ASCII, Latin and
# look-alike letters, so that nothing left can compose with them on a later pass.
_MARKS: Final = _char_class(
    [cp for cp in range(0x20000) if unicodedata.combining(chr(cp))]
    + [*_span(0x0300, 0x036F), *_span(0x0483, 0x0489), *_span(0x1AB0, 0x1AFF)]
    + [*_span(0x1DC0, 0x1DFF), *_span(0x20D0, 0x20FF), *_span(0xFE20, 0xFE2F)]
)
_AFTER_NFKC: Final = _with_upper_variants({**_ALWAYS_FOLD, **_PUNCT_FOLD})

# A base whose leftover marks are decoration: printable ASCII and Latin letters.
_LATIN_POINTS: Final = frozenset(
    [
        *_span(0xC0, 0xD6),
        *_span(0xD8, 0xF6),
        *_span(0xF8, 0x2AF),  # Latin-1, Extended-A/B, IPA
        *_span(0x1E00, 0x1EFF),
        *_span(0x2C60, 0x2C7F),
        *_span(0xA720, 0xA7FF),
        *_span(0xAB30, 0xAB6F),
    ]
)
_LATIN_CLASS: Final = _char_class(_LATIN_POINTS)
# Leet reads digits and symbols only next to Latin letters, never next to Cyrillic or Greek.
_LATIN_LETTERS: Final = frozenset(
    c for c in map(chr, [*_span(0x41, 0x5A), *_span(0x61, 0x7A), *_LATIN_POINTS]) if c.isalpha()
)
_LATIN: Final = "a-zA-Z" + _LATIN_CLASS

_SCRIPT_RANGES: Final = (
    [*_span(0x0370, 0x03FF), *_span(0x1F00, 0x1FFF)],  # Greek
    [*_span(0x0400, 0x052F), *_span(0x1C80, 0x1C8F), *_span(0xA640, 0xA69F)],  # Cyrillic
)


def _lookalike_table() -> dict[int, str]:
    """Every case form of a look-alike, folded by its lower-case shape."""
    table: dict[int, str] = {}
    for block in _SCRIPT_RANGES:
        for cp in block:
            low = chr(cp).lower()
            if low in _LOOKALIKES_LOWER:
                table[cp] = _LOOKALIKES_LOWER[low]
    return table


# A lone letter folds by its lower-case shape, so that a spaced-out letter reads the same
# before and after lower(); inside a longer word capitals fold by their own shape.
_FOLD: Final = _lookalike_table()
_FOLD_IN_WORD: Final = {**_FOLD, **{ord(k): v for k, v in _LOOKALIKE_CAPITALS.items()}}
_GREEK_POINTS: Final = frozenset(_SCRIPT_RANGES[0])
_CYRILLIC_POINTS: Final = frozenset(_SCRIPT_RANGES[1])
_LOOK_GREEK: Final = _char_class(cp for cp in _FOLD if cp in _GREEK_POINTS)
_LOOK_CYRILLIC: Final = _char_class(cp for cp in _FOLD if cp in _CYRILLIC_POINTS)
_LOOK: Final = _LOOK_GREEK + _LOOK_CYRILLIC


def _genuine(points: frozenset[int]) -> str:
    """Letters of a script that have no Latin twin: their presence means real prose."""
    return _char_class(cp for cp in points if chr(cp).isalpha() and cp not in _FOLD)


# ---------------------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------------------

# Replacement that keeps a pattern's first group: the template r"\1" does the same, but
# `sub` then runs Python code (`re._subx`, and a template expansion per match).
_FIRST_GROUP: Final = methodcaller("group", 1)
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")
_ASCII_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_BEFORE_NFKC_RE: Final = re.compile(f"[{_char_class(_BEFORE_NFKC)}]")
_AFTER_NFKC_RE: Final = re.compile(f"[{_char_class(_AFTER_NFKC)}]")
_MARK_RE: Final = re.compile(f"[{_MARKS}]")
_DECORATED_RE: Final = re.compile(f"([!-~€{_LATIN_CLASS}{_LOOK}])[{_MARKS}]+")
_PUNCT_RUN_RE: Final = re.compile(r"([!-#%-/:-@\[-^`{}~¿¡])\1+")

_UNIT: Final = f"[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff{_LOOK}013457@$€]"
_UNIT_RE: Final = re.compile(_UNIT)
_EDGE: Final = "[^\\w\\s@$€]*"
_SPACED_RE: Final = re.compile(f"(?<!\\S)({_EDGE})({_UNIT}(?: {_UNIT}){{2,}})(?={_EDGE}(?:\\s|$))")
_DOTTED_RE: Final = re.compile(
    f"(?<!\\S)({_EDGE})({_UNIT}([._*/-]){_UNIT}(?:\\3{_UNIT})+)(?={_EDGE}(?:\\s|$))"
)
# Cheap necessary conditions for the two patterns above, checked first.
_SPACED_HINT_RE: Final = re.compile(f" {_UNIT} {_UNIT}(?![\\w@$€])")
_DOTTED_HINT_RE: Final = re.compile(r"([._*/-])[^\s._*/-]\1")
# Single letters separated by any whitespace, before it collapses: a gap of two or more
# whitespace characters inside such a run is where one spaced-out word ends.
_LOOSE_SPACED_RE: Final = re.compile(
    f"(?<!\\S)({_EDGE})({_UNIT}(?:\\s+{_UNIT})+)(?={_EDGE}(?:\\s|$))"
)
_WIDE_GAP_RE: Final = re.compile(r"\s{2,}")

_LOOK_RE: Final = re.compile(f"[{_LOOK}]")
_LOOK_GREEK_RE: Final = re.compile(f"[{_LOOK_GREEK}]")
_LOOK_CYRILLIC_RE: Final = re.compile(f"[{_LOOK_CYRILLIC}]")
_GENUINE_GREEK_RE: Final = re.compile(f"[{_genuine(_GREEK_POINTS)}]")
_GENUINE_CYRILLIC_RE: Final = re.compile(f"[{_genuine(_CYRILLIC_POINTS)}]")
_LATINISH_RE: Final = re.compile(f"[{_LATIN}0-9]")
_OTHER_LETTER_RE: Final = re.compile(f"[^\\W\\d_{_LOOK}]")
_SEGMENT_RE: Final = re.compile(r"[$€]*[^\W_]+(?:[@$€!|]+[^\W_]+)*[$€]*")

# A backtick between letters or digits is an apostrophe ("don`t"); leet symbols count as
# letters, so that no later stage can put a letter next to one left alone. Elsewhere it
# quotes code, which is kept.
_BACKTICK_RE: Final = re.compile(r"(?<=[^\W_]|[$€@|!])`+(?=[^\W_]|[$€@|!])")
_CONTRACTION_RE: Final = re.compile(r"(?<=[a-z])'(?=(?:s|t|m|d|re|ve|ll)(?![\w']))")
_STRETCH_RE: Final = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLE_RE: Final = re.compile(r"([^\W\d_])\1+")
_CORE_RE: Final = re.compile(r"(\W*)(.*?)(\W*)", re.DOTALL)
_LEET_CHARS_RE: Final = re.compile("[013457@$€!|]")
_LEET_SEGMENT_RE: Final = re.compile(r"[\w@$€!|]+")
_DIGIT_RUN_RE: Final = re.compile("[0-9]+")
_SYMBOL_RUN_RE: Final = re.compile("[@$€!|]+")
_HAS_DIGIT_RE: Final = re.compile("[0-9]")
# Addresses are contact signals and are kept verbatim: no leet, stretching or expansion.
_EMAIL_RE: Final = re.compile(r"(?<=[\w.+-])@[\w-]++\.\w")
_SCHEME_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")
# Punctuation after the letters of a word that the word step leaves as it is: no word
# character (`_CORE_RE` keeps it out of the core), no apostrophe (contractions), and of the
# leet symbols only "!", which reads as a letter only between letters.
_TRAILING: Final = '!"#%&()*+,-./:;<=>?[\\]^{}~'
_NUMBER_RE: Final = re.compile(
    r"[0-9]+(?:yo|y|yr|yrs|yro|f|m|th|st|nd|rd|am|pm|h|hr|hrs|min|mins|s|k|km|kg|lb|lbs"
    r"|cm|mm|ft|mi|mph|x|p|d|gb|mb|tb|g|ml|l"
    # ordinals of the other languages: "4ème", "1er", "2nde", "3e", "2de", "8ste", "5º"
    r"|e|er|re|ere|ère|eme|ème|ieme|ième|nde|de|ste|o|a)?"
)


# ---------------------------------------------------------------------------------------
# Stage 1: characters
# ---------------------------------------------------------------------------------------


def _clean_chars(text: str) -> str:
    """Canonical code points: no invisibles or controls, NFKC, single spaces."""
    if text.isascii():
        # A printable text has no control character at all: one C pass instead of a regex
        # search, for nearly every chat line.
        if not text.isprintable() and _ASCII_CONTROL_RE.search(text):
            text = text.translate(_ASCII_CONTROLS)
        if "`" in text:
            text = _BACKTICK_RE.sub("'", text)
        return _single_spaces(text)
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    if _BEFORE_NFKC_RE.search(text):
        text = text.translate(_BEFORE_NFKC)
    text = unicodedata.normalize("NFKC", text)
    folded = text.translate(_AFTER_NFKC) if _AFTER_NFKC_RE.search(text) else text
    if _MARK_RE.search(folded):
        folded = _drop_decoration(folded, recompose=folded != text)
    if "`" in folded:
        folded = _BACKTICK_RE.sub("'", folded)
    return _single_spaces(folded)


def _single_spaces(text: str) -> str:
    """Collapse whitespace to single spaces, first splitting spaced-out words at wide gaps."""
    collapsed = " ".join(text.split())
    if len(collapsed) != len(text) and _LOOSE_SPACED_RE.search(text):
        return " ".join(_LOOSE_SPACED_RE.sub(_split_at_wide_gaps, text).split())
    return collapsed


def _drop_decoration(text: str, *, recompose: bool) -> str:
    """Compose what composes; marks left on ASCII, Latin or look-alike letters are decoration."""
    if recompose:
        text = unicodedata.normalize("NFC", text)
    return _DECORATED_RE.sub(_FIRST_GROUP, text)


# ---------------------------------------------------------------------------------------
# Stage 3: spaced-out words
# ---------------------------------------------------------------------------------------


def _glue(units: list[str]) -> str:
    """The word a spaced-out run spells."""
    return _PUNCT_RUN_RE.sub(_FIRST_GROUP, "".join(units))


def _joinable(units: list[str]) -> bool:
    """False when every letter is a common one-letter word ("u r a", "i c u")."""
    letters = [u.translate(_FOLD).lower() for u in units]
    word = "".join(letters)
    return word in _JOIN_ANYWAY or any(x.isalpha() and x not in _WEAK_LETTERS for x in letters)


def _join_spaced(match: re.Match[str]) -> str:
    """Join a spaced-out run unless every letter is a common one-letter word."""
    units = _UNIT_RE.findall(match.group(2))
    return match.group(1) + _glue(units) if _joinable(units) else match.group(0)


def _split_at_wide_gaps(match: re.Match[str]) -> str:
    """Join the words of "d o n t  t e l l" one by one, where stage 3 alone would see one run.

    Once one group of three or more letters is one stage 3 would join, the run is spaced-out
    writing and every group of two or more letters is a word ("c a n  y o u" -> "can you");
    a lone letter stays if it is a one-letter word ("s e n d  m e  a  p i c"). Otherwise the
    match is left whole, as if each gap were one space: when no group qualifies ("i  c u"),
    when a lone letter is not such a word (a slip, "s n a  p", or an invisible character
    deleted between spaces), or when the letters left apart would still make a run that
    stage 3 joins ("s n a p  d  m  e"), so that the result is a fixed point.
    """
    groups = [group.split() for group in _WIDE_GAP_RE.split(match.group(2))]
    if (
        len(groups) == 1
        or not any(len(units) > 2 and _joinable(units) for units in groups)
        or any(len(units) == 1 and _joinable(units) for units in groups)
    ):
        return match.group(0)
    candidate = " ".join(_glue(units) for units in groups)
    if any(_join_spaced(run) != run.group(0) for run in _SPACED_RE.finditer(candidate)):
        return match.group(0)
    return match.group(1) + candidate


# ---------------------------------------------------------------------------------------
# Stage 4: homoglyphs
# ---------------------------------------------------------------------------------------


def _fold_homoglyphs(text: str) -> str:
    """Fold look-alikes in mixed-script words, and in all-look-alike words out of context."""
    if not _LOOK_RE.search(text):
        return text
    greek_prose = _GENUINE_GREEK_RE.search(text) is not None
    cyrillic_prose = _GENUINE_CYRILLIC_RE.search(text) is not None

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        if not _LOOK_RE.search(word):
            return word
        if not _LATINISH_RE.search(word):
            if _OTHER_LETTER_RE.search(word):
                return word
            greek = _LOOK_GREEK_RE.search(word) is not None
            cyrillic = _LOOK_CYRILLIC_RE.search(word) is not None
            if not (greek and cyrillic) and (greek_prose if greek else cyrillic_prose):
                return word
        return word.translate(_FOLD_IN_WORD if len(word) > 1 else _FOLD)

    return _SEGMENT_RE.sub(fold, text)


# ---------------------------------------------------------------------------------------
# Stage 6: words
# ---------------------------------------------------------------------------------------


def _one(prev: str, nxt: str, doubled: bool) -> str:
    """Read a leet ``1`` as ``l`` or ``i`` from its neighbours."""
    if doubled or (prev == "r" and nxt in ("", "s", "z")):
        return "l"
    if nxt in _VOWELS and (prev == "" or prev in _ONE_AS_L_AFTER):
        return "l"
    return "i"


def _leet_segment(seg: str) -> str:
    """Fold leet digits and symbols in one word-like run (see the module docstring)."""
    n_alpha = sum(c in _LATIN_LETTERS for c in seg)
    if n_alpha == 0:
        return seg
    out = list(seg)
    n = len(seg)
    n_digits = sum(c in "0123456789" for c in seg)
    if n_digits and n_digits <= n_alpha and not _NUMBER_RE.fullmatch(seg):
        inner = False
        trailing: list[int] = []
        for m in _DIGIT_RUN_RE.finditer(seg):
            start, end = m.span()
            run = m.group()
            if not all(d in _LEET_DIGITS for d in run):
                continue
            left = start > 0 and seg[start - 1] in _LATIN_LETTERS
            right = end < n and seg[end] in _LATIN_LETTERS
            single = len(run) == 1
            if left and right and (single or len(set(run)) == 1):
                inner = True
                _fold_digits(seg, out, start, end)
            elif start == 0 and right and single:
                _fold_digits(seg, out, start, end)
            elif left and end == n and single:
                trailing.append(start)
        if inner:
            for start in trailing:
                _fold_digits(seg, out, start, start + 1)
    folded = "".join(out)
    if _SYMBOL_RUN_RE.search(folded) is None:
        return folded
    for m in _SYMBOL_RUN_RE.finditer(folded):
        start, end = m.span()
        left = start > 0 and folded[start - 1] in _LATIN_LETTERS
        right = end < n and folded[end] in _LATIN_LETTERS
        for i in range(start, end):
            c = out[i]
            if c in _MONEY:
                if left or right:
                    out[i] = "s" if c == "$" else "e"
            elif not (left and right):
                continue
            elif c == "@":
                out[i] = "a"
            elif c == "|":
                out[i] = "l"
            elif _bang_is_letter(folded, start):
                out[i] = "i"
    return "".join(out)


def _bang_is_letter(text: str, at: int) -> bool:
    """``!`` between letters is an ``i`` after at most two letters that are no interjection."""
    j = at
    while j > 0 and text[j - 1] in _LATIN_LETTERS:
        j -= 1
    before = text[j:at]
    return len(before) <= 2 and before not in _INTERJECTIONS


def _fold_digits(seg: str, out: list[str], start: int, end: int) -> None:
    """Write the letters for the leet digits ``seg[start:end]`` into ``out``."""
    for i in range(start, end):
        d = seg[i]
        if d != "1":
            out[i] = _LEET_DIGITS[d]
            continue
        prev = out[i - 1] if i > 0 else ""
        nxt = seg[i + 1] if i + 1 < len(seg) else ""
        doubled = "1" in (prev, nxt) or (prev == "l" and i > start)
        out[i] = _one(prev, _LEET_DIGITS.get(nxt, nxt), doubled)


def _leet(word: str) -> str:
    """Fold leetspeak in every word-like run of a token."""
    if not _LEET_CHARS_RE.search(word):
        return word
    return _LEET_SEGMENT_RE.sub(lambda m: _leet_segment(m.group()), word)


def _lookup(core: str) -> str | None:
    """The expansion of a word, also when its doubled letters are stretched (``plzz``)."""
    found = ABBREVIATIONS.get(core)
    if found is None and _DOUBLE_RE.search(core):
        found = ABBREVIATIONS.get(_DOUBLE_RE.sub(_FIRST_GROUP, core))
    return found


def _letters_only(word: str) -> str:
    """A word of letters only needs no leet, so one pass is already a fixed point."""
    if len(word) > 2:
        word = _squeeze(word)
    return _lookup(word) or word


def _squeeze(word: str) -> str:
    """A letter stretched to three or more, cut to two. Searched first: ``sub`` with a
    template makes a Python-level call (``re._subx``) even when nothing matches, which
    costs three times the search, once per new word."""
    return _STRETCH_RE.sub(r"\1\1", word) if _STRETCH_RE.search(word) else word


def _word_step(word: str) -> str:
    """Contractions, digit abbreviations, leet, stretching, then the abbreviation table."""
    if word.isalpha():
        return _letters_only(word)
    if "'" in word:
        word = _CONTRACTION_RE.sub("", word)
    core_match = _CORE_RE.fullmatch(word)
    assert core_match is not None  # the pattern matches every string
    pre, core, post = core_match.groups()
    if not core:
        return word
    if _HAS_DIGIT_RE.search(core) and pre[-1:] not in _MONEY and post[:1] not in _MONEY:
        found = ABBREVIATIONS.get(core)
        if found is not None:
            return pre + found + post
    word = _squeeze(_leet(word))
    core_match = _CORE_RE.fullmatch(word)
    assert core_match is not None
    pre, core, post = core_match.groups()
    if not core or pre[-1:] in _MONEY or post[:1] in _MONEY:
        return word
    found = _lookup(core)
    return word if found is None else pre + found + post


def _is_address(word: str) -> bool:
    """A URL (`scheme://`, `www.`) or an e-mail address in `word`, found in time linear in
    its length: one regex searched from every position (`[a-z][a-z0-9+.-]*://`) took
    seconds on a single 16 KB word, which any sender can post."""
    if "www." in word or _EMAIL_RE.search(word):
        return True
    end = word.find("://")
    while end > 0:  # a scheme: a letter, then scheme characters, up to "://"
        start = end
        while start > 0 and word[start - 1] in _SCHEME_CHARS:
            start -= 1
        if any("a" <= c <= "z" for c in word[start:end]):
            return True
        end = word.find("://", end + 1)
    return False


def _settle(word: str, depth: int = 0) -> str:
    """One whitespace-free token, run through the word step until it stops changing; the
    words of a multi-word expansion are settled in turn (`4u!$` -> `for you!s`, not
    `for you!$`, which a second pass would change: normalising must be idempotent)."""
    if word.isalpha():
        return _letters_only(word)
    if _is_address(word):
        return word
    core = word.rstrip(_TRAILING)
    if len(core) < len(word) and core.isalpha():
        # "you?", "bye.", most new words of chat: the word step keeps such a tail as it is
        # and settles the letters alone, so their memo entry serves (the word without it).
        return _WORDS[core] + word[len(core) :]
    return _stepped(word, depth)


def _stepped(word: str, depth: int) -> str:
    """`_settle`'s general case, without its shortcuts: the word step to its fixed point."""
    for _ in range(8):
        step = _word_step(word)
        if " " in step:
            if depth >= 2:  # expansions do not nest deeper; this only bounds the recursion
                return step
            return " ".join(_settle(part, depth + 1) for part in step.split(" "))
        if step == word:
            return step
        word = step
    return word


class _WordCache(dict[str, str]):
    """Memo of settled words: chat vocabulary is small, and a hit is one dict lookup.

    Words longer than `longest` (a pasted blob, a URL) are settled but not kept: they
    seldom recur, and 131,072 of them at up to 16 KB each would hold gigabytes."""

    limit: Final = 1 << 17
    longest: Final = 64

    def __missing__(self, word: str) -> str:
        settled = _settle(word)
        if len(word) <= self.longest:
            if len(self) >= self.limit:
                self.clear()
            self[word] = settled
        return settled


_WORDS: Final = _WordCache()


def _words(text: str) -> str:
    """Stages 3-6 on character-clean text."""
    if _DOTTED_HINT_RE.search(text):
        text = _DOTTED_RE.sub(_join_spaced, text)
    if _SPACED_HINT_RE.search(text):
        text = _SPACED_RE.sub(_join_spaced, text)
    if not text.isascii():
        text = _fold_homoglyphs(text)
    return " ".join(map(_WORDS.__getitem__, text.lower().split(" ")))


# ---------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Return the canonical form of one chat message that the detectors score.

    Undoes invisible characters, homoglyphs, leetspeak, stretched letters, spaced-out words
    and chat shorthand (see the module docstring for the rules). Idempotent, and never
    raises for a ``str``; lone surrogates become U+FFFD.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise() expects str, not {type(text).__name__}")
    text = _clean_chars(text)
    if not text:
        return text
    if _PUNCT_RUN_RE.search(text):
        text = _PUNCT_RUN_RE.sub(_FIRST_GROUP, text)
    out = _words(text)
    for _ in range(4):
        # An expansion that starts with "i" ("idk" -> "i dont know") can complete a
        # spaced-out run; settle the words again so that the result is a fixed point.
        if not _SPACED_HINT_RE.search(out):
            break
        again = _words(out)
        if again == out:
            break
        out = again
    return out
