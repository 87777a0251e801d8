"""Behaviour-signal detectors: labels in six languages, obfuscation, spans into the original
text, the prefilter's soundness, timelines, stages and explanations. Texts are invented."""

from __future__ import annotations

import gc
import random
import re
import re._parser as sre
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch import Message
from lurewatch.engine.normalise import normalise
from lurewatch.engine.signals import (
    HEAVY_LABELS,
    HIGH_SEVERITY,
    LABELS,
    STAGES,
    Firing,
    Signal,
    Timeline,
    detect,
    detect_many,
    detect_normalised,
    explain,
    timeline_of,
)
from lurewatch.engine.signals._detect import _candidates, _candidates_many, compiled
from lurewatch.engine.signals._offsets import OffsetMap
from lurewatch.engine.signals._patterns import RULES
from lurewatch.engine.signals._prefilter import (
    FACTOR_CACHE,
    cached_factors,
    factors,
    write_cache,
)
from lurewatch.engine.signals._stretch import unstretch

DOCS = Path(__file__).parents[1] / "docs" / "signals.md"

# (label, language, message): every one must fire its label.
EXAMPLES = [
    ("age_probe", "en", "hey how old r u?"),
    ("age_probe", "en", "asl?"),
    ("age_probe", "en", "what grade are you in"),
    ("age_probe", "en", "so how old ru"),
    ("age_probe", "es", "¿cuántos años tienes?"),
    ("age_probe", "es", "y que edad tenes"),
    ("age_probe", "de", "wie alt bist du eigentlich"),
    ("age_probe", "fr", "tu as quel âge ?"),
    ("age_probe", "fr", "quel age as tu"),
    ("age_probe", "nl", "hoe oud ben je?"),
    ("age_probe", "pt", "quantos anos você tem?"),
    ("secrecy", "en", "dont tell ur mom about us ok"),
    ("secrecy", "en", "this can be our little secret"),
    ("secrecy", "en", "delete our messages after"),
    ("secrecy", "en", "do your parents check your phone?"),
    ("secrecy", "en", "as long as no one will find out"),
    ("secrecy", "en", "ur mom doesnt need to know"),
    ("secrecy", "en", "dont tell it to nobody"),
    ("secrecy", "es", "no le digas a nadie"),
    ("secrecy", "es", "es nuestro secreto"),
    ("secrecy", "de", "sag es niemandem"),
    ("secrecy", "de", "lösch den chat danach"),
    ("secrecy", "fr", "c'est notre petit secret"),
    ("secrecy", "fr", "ne dis rien à personne"),
    ("secrecy", "nl", "vertel het aan niemand"),
    ("secrecy", "nl", "dit is ons geheimpje"),
    ("secrecy", "pt", "não conta pra ninguém"),
    ("secrecy", "pt", "apaga a conversa depois"),
    ("off_platform", "en", "add me on snapchat"),
    ("off_platform", "en", "whats ur kik"),
    ("off_platform", "en", "can i call you tonight"),
    ("off_platform", "es", "agrégame a whatsapp"),
    ("off_platform", "es", "pásame tu número"),
    ("off_platform", "de", "gib mir deine nummer"),
    ("off_platform", "de", "schreib mir auf whatsapp"),
    ("off_platform", "fr", "ajoute-moi sur snap"),
    ("off_platform", "fr", "donne-moi ton numéro"),
    ("off_platform", "nl", "geef me je nummer"),
    ("off_platform", "nl", "voeg me toe op snapchat"),
    ("off_platform", "pt", "me adiciona no insta"),
    ("off_platform", "pt", "me passa seu zap"),
    ("image_request", "en", "send me a pic"),
    ("image_request", "en", "turn on your cam"),
    ("image_request", "en", "do you have any more pics of you"),
    ("image_request", "es", "mándame una foto"),
    ("image_request", "es", "prende la cámara"),
    ("image_request", "de", "schick mir ein bild"),
    ("image_request", "de", "mach deine cam an"),
    ("image_request", "fr", "envoie-moi une photo"),
    ("image_request", "fr", "allume ta cam"),
    ("image_request", "nl", "stuur me een foto"),
    ("image_request", "nl", "zet je cam aan"),
    ("image_request", "pt", "manda uma foto"),
    ("image_request", "pt", "liga a câmera"),
    ("meeting", "en", "lets meet at the mall"),
    ("meeting", "en", "i can pick u up after school"),
    ("meeting", "en", "when we meet i will bring it"),
    ("meeting", "es", "quedamos el sábado?"),
    ("meeting", "es", "te recojo a las 5"),
    ("meeting", "de", "lass uns treffen"),
    ("meeting", "de", "ich hol dich ab"),
    ("meeting", "fr", "on se voit samedi ?"),
    ("meeting", "fr", "je viens te chercher"),
    ("meeting", "nl", "zullen we afspreken?"),
    ("meeting", "nl", "ik haal je op"),
    ("meeting", "pt", "vamos nos encontrar"),
    ("meeting", "pt", "eu vou te buscar"),
    ("coercion", "en", "if you dont send it i will post your pics"),
    ("coercion", "en", "do it or else i will tell your mom"),
    ("coercion", "es", "publico tus fotos"),
    ("coercion", "es", "le voy a decir a tus padres"),
    ("coercion", "de", "sonst schick ich die bilder"),
    ("coercion", "de", "ich zeig deine bilder allen"),
    ("coercion", "fr", "sinon je publie tout"),
    ("coercion", "fr", "je vais le dire à tes parents"),
    ("coercion", "nl", "anders stuur ik ze rond"),
    ("coercion", "nl", "ik vertel het aan je ouders"),
    ("coercion", "pt", "senão eu posto tudo"),
    ("coercion", "pt", "vou contar pra sua mãe"),
    ("personal_info", "en", "where do you live?"),
    ("trust_building", "en", "you are so mature for your age"),
    ("gifts", "en", "i can buy you a new phone"),
    ("isolation", "en", "are you home alone?"),
    ("sexual", "en", "are you a virgin?"),
    ("minor_self_disclosure", "en", "im 13 lol"),
    ("minor_self_disclosure", "en", "my mom says i cant"),
    ("adult_self_disclosure", "en", "im 35 m"),
    ("adult_self_disclosure", "en", "my wife is asleep"),
]

ORDINARY = [
    "did you see the game last night",
    "my mom wont find out about the party lol",
    "nobody will find out who won until friday",
    "sudo apt-get install skype doesnt work on 10.04",
    "nice to meet you too",
    "see you tomorrow at the lecture",
    "my computer wont let me have picture in x",
    "how old is your laptop?",
    "i need to install discord drivers",
    "she told me a secret third option exists in grub",
]


def labels_of(text: str) -> set[str]:
    return {s.label for s in detect(text)}


def test_labels_are_the_issue_thirteen() -> None:
    assert set(LABELS) == set(RULES) and len(LABELS) == 13
    assert set(HIGH_SEVERITY) <= set(LABELS) and len(HIGH_SEVERITY) == 6


@pytest.mark.parametrize(("label", "lang", "text"), EXAMPLES)
def test_examples_fire_their_label(label: str, lang: str, text: str) -> None:
    assert label in labels_of(text), f"{lang}: {text!r}"


def test_high_severity_labels_are_covered_in_six_languages() -> None:
    covered = {(label, lang) for label, lang, _ in EXAMPLES}
    for label in HIGH_SEVERITY:
        for lang in ("en", "es", "de", "fr", "nl", "pt"):
            assert (label, lang) in covered
            assert any(lang in langs for langs, _, _ in RULES[label]), (label, lang)


@pytest.mark.parametrize("text", ["i <3 u", "lol (13) :)", "*sigh* ok", '"ok" she said'])
def test_wrappers_that_hold_no_word_change_nothing(text: str) -> None:
    assert not labels_of(text), text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_chat_fires_no_high_severity_label(text: str) -> None:
    assert not labels_of(text) & set(HIGH_SEVERITY), text


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("add me on sn@p pls", "add me on sn@p"),
        ("add me on s.n.a.p", "add me on s.n.a.p"),
        ("add me on s n a p ok", "add me on s n a p"),
        ("hit me up on wh@tsapp", "hit me up on wh@tsapp"),
        ("add me on ѕnар", "add me on ѕnар"),  # Cyrillic look-alikes
        ("ADD ME ON SNAPCHAT!!!", "ADD ME ON SNAPCHAT"),
        ("d0nt   t3ll ur m0m", "d0nt   t3ll ur m0m"),
        ("ok so\u200b dont tell anyone", "dont tell anyone"),
        ("add me on s*n*a*p", "add me on s*n*a*p"),
        ("add me on s/n/a/p ok", "add me on s/n/a/p"),
        ("ok d o n t  t e l l  y o u r  m o m ok", "d o n t  t e l l  y o u r  m o m"),
        ("hey  s e n d  m e  a  p i c  ok", "s e n d  m e  a  p i c"),
        # a word wrapped in emphasis or quotes; the span keeps the closing wrapper
        ("add me on *snap* ok", "add me on *snap*"),
        ("add me on (snapchat)", "add me on (snapchat)"),
        ("hmu on 'kik'", "hmu on 'kik'"),
        ("dont tell *anyone* ok", "dont tell *anyone*"),
        ("ok send me a _pic_", "send me a _pic_"),
        ("add me on *snaaaap* ok", "add me on *snaaaap*"),
    ],
)
def test_obfuscated_triggers_fire_with_spans_on_the_original(text: str, trigger: str) -> None:
    spans = [text[s.start : s.end] for s in detect(text)]
    assert trigger in spans, spans


def test_spans_are_exact_inside_a_token_that_kept_its_length() -> None:
    text = "so... wh@ts ur sn@pch@t lol"
    (signal,) = [s for s in detect(text) if s.label == "off_platform"]
    assert text[signal.start : signal.end] == "wh@ts ur sn@pch@t"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # shorthand ("r" -> "are") agreeing by chance after a spaced-out run
        ("s e x y g i r l. how old r u", "how old r u"),
        # a spaced-out run longer than the look-ahead
        ("a b c d e f g h i j k l m n o p add me on snap", "add me on snap"),
        # a token that lost one character and gained one: not the same length by accident
        ("add me on sn\u00adap\u2049 ok", "add me on sn\u00adap"),
        ("add me on sn\u200bap\u2048", "add me on sn\u200bap"),
        # invisible characters before and after the trigger are not part of it
        ("\u202eadd me on snap\u202c", "add me on snap"),
        ("hey\u200b add me on snap\u200b", "add me on snap"),
        ("(s n a p) ok add me on s n a p", "add me on s n a p"),
        # spaced-out words split at wide gaps, with spaced-out words on either side
        ("d o n t  t e l l  y o u r  m o m  o k", "d o n t  t e l l  y o u r  m o m"),
        (
            "y o u  a r e  s o  c u t e  d o n t  t e l l  y o u r  m o m",
            "y o u  a r e  s o  c u t e",
        ),
        (
            "y o u  a r e  s o  c u t e  d o n t  t e l l  y o u r  m o m",
            "d o n t  t e l l  y o u r  m o m",
        ),
        ("o k  s e n d  m e  a  p i c  n o w", "s e n d  m e  a  p i c"),
        ("how old r u  s n a p  m e", "s n a p  m e"),
        # a zero-width character between two spaces: the normaliser deletes it, which leaves
        # a wide gap (found by hypothesis, below)
        ("s e x y \u200b a b c d e f g h i j k so. send me a pic", "send me a pic"),
        ("s e x y \u200b a b c d e f g h i j k so. send me a pic", "s e x y"),
    ],
)
def test_spans_cover_exactly_the_characters_that_triggered(text: str, trigger: str) -> None:
    spans = [(s.start, s.end) for s in detect(text)]
    start = text.index(trigger)
    assert (start, start + len(trigger)) in spans, [text[a:b] for a, b in spans]


_NOISE = [
    "ok", "lol", "r", "u", "ur", "k", "c u", "s e x y", "a b c d e f g h i j k", "w h a t",
    "idk", "l8r", "hmm...", "\u200b", "😀", "sn\u00adap", "\u202e", "yaaa", "ÄÖÜ", "ok!!!",
]  # fmt: skip
_TRIGGERS = [
    ("add me on snapchat", "off_platform"),
    ("add me on sn@p", "off_platform"),
    ("add me on s n a p", "off_platform"),
    ("how old are you", "age_probe"),
    ("how old r u", "age_probe"),
    ("dont tell your mom", "secrecy"),
    ("d0nt t3ll ur m0m", "secrecy"),
    ("send me a pic", "image_request"),
    ("send me a p\u200bic", "image_request"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_NOISE), max_size=6),
    st.sampled_from(_TRIGGERS),
    st.lists(st.sampled_from(_NOISE), max_size=4),
)
def test_spans_are_exact_whatever_surrounds_the_trigger(
    before: list[str], trigger: tuple[str, str], after: list[str]
) -> None:
    """Noise that normalisation changes (shorthand, spaced-out runs, invisible characters,
    stretching) before and after a trigger: its span is the trigger, not more."""
    phrase, label = trigger
    text = " ".join([*before, "so.", phrase, "ok.", *after])
    start = text.index(" so. ") + 5 if before else 4
    spans = [(s.start, s.end) for s in detect(text) if s.label == label]
    assert (start, start + len(phrase)) in spans, [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    ("text", "label", "trigger"),
    [
        ("add me on snaaaaap", "off_platform", "add me on snaaaaap"),
        ("send me a piiiic", "image_request", "send me a piiiic"),
        ("our seeeecret ok", "secrecy", "our seeeecret"),
        ("how oooold r u", "age_probe", "how oooold r u"),
        ("so how old are youuuu??", "age_probe", "how old are youuuu"),
        ("whats ur snaaap", "off_platform", "whats ur snaaap"),
        ("dooont tell anyone", "secrecy", "dooont tell anyone"),
    ],
)
def test_stretched_trigger_words_still_fire(text: str, label: str, trigger: str) -> None:
    spans = [text[s.start : s.end] for s in detect(text) if s.label == label]
    assert trigger in spans, spans


def test_only_trigger_words_are_read_back_from_stretching() -> None:
    """Ordinary words with a double letter stay as they are: "pass", "less", "homme"."""
    assert detect_normalised("ill pass the less homme allt") == []
    assert unstretch("ill pass the less homme allt") is None
    assert unstretch("add me on snaap") == ("add me on snap", [*range(13), 14, 15])


def _sample(tree: Any, rng: random.Random) -> list[str]:
    """One string per item of a parsed pattern that the item can match (lookarounds give
    nothing): a way to build a rule's own words into an input for it."""
    out = []
    for op, av in tree:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op in (sre.ANY, sre.NOT_LITERAL):
            out.append(" ")
        elif op is sre.IN:
            chars = [chr(v) for k, v in av if k is sre.LITERAL]
            chars += [chr(rng.randint(*v)) for k, v in av if k is sre.RANGE]
            negated = any(k is sre.NEGATE for k, _ in av)
            out.append(" " if negated or not chars else rng.choice(chars))
        elif op is sre.BRANCH:
            out.append("".join(_sample(rng.choice(av[1]), rng)))
        elif op is sre.SUBPATTERN:
            out.append("".join(_sample(av[-1], rng)))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, body = av
            count = rng.randint(lo, max(lo, min(hi, 2)))
            out.append("".join("".join(_sample(body, rng)) for _ in range(count)))
        elif op is sre.CATEGORY:
            out.append("1" if av is sre.CATEGORY_DIGIT else " ")
    return out


def _adversarial(pattern: str, size: int = 16 * 1024) -> set[str]:
    """Messages of ``size`` characters that repeat what a rule matches, and each prefix of
    it: the shape that makes an unbounded gap (``.*``) followed by more pattern quadratic,
    each repetition scanning to the end of the message ("24 m " * 3277 took 5 s)."""
    found = set()
    for seed in range(2):
        rng = random.Random(seed)
        tree = sre.parse(pattern)
        while len(tree) == 1 and tree[0][0] in (sre.BRANCH, sre.SUBPATTERN):
            op, av = tree[0]
            tree = rng.choice(av[1]) if op is sre.BRANCH else av[-1]
        parts = _sample(tree, rng)
        for k in range(1, len(parts) + 1):
            piece = "".join(parts[:k]).strip()
            if piece:
                found.add((f"{piece} " * (size // (len(piece) + 1) + 1))[:size] + "\x01")
    return found


def test_every_rule_takes_linear_time_on_adversarial_messages() -> None:
    """The server accepts 16 KB messages and runs every rule on each: every rule must scan
    one built from its own words in well under a second (a few ms is typical)."""
    slow = []
    for rule in compiled().rules:
        for text in _adversarial(rule.pattern.pattern):
            started = time.perf_counter()
            for _ in rule.pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - started
            if elapsed > 0.1:
                slow.append((round(elapsed, 2), rule.label, text[:40]))
    assert not slow, slow


@pytest.mark.parametrize("unit", ["24 m ", "24 m and ", "24/m ", "m24 ", "how old ", "s n a p "])
def test_detect_takes_linear_time_on_long_messages(unit: str) -> None:
    text = (unit * (16 * 1024 // len(unit) + 1))[: 16 * 1024]
    started = time.perf_counter()
    detect(text)
    assert time.perf_counter() - started < 1.0


def test_confidences_are_probabilities_and_ordered_by_tier() -> None:
    for table in RULES.values():
        for _langs, confidence, _pattern in table:
            assert 0.0 < confidence <= 1.0
    assert detect("add me on snapchat")[0].confidence > detect("call me")[0].confidence


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("asnpkichu013@$. \t\u200bѕа́😀ÄéıİßЁ")) | st.characters(),
        max_size=60,
    )
)
def test_spans_always_lie_inside_the_text(text: str) -> None:
    for s in detect(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.label in LABELS and 0.0 < s.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_offset_map_never_raises_and_stays_in_bounds(text: str, a: int, b: int) -> None:
    clean = normalise(text)
    start, end = sorted((min(a, len(clean)), min(b, len(clean))))
    lo, hi = OffsetMap(text, clean).span(start, end)
    assert 0 <= lo <= hi <= len(text)
    assert hi > lo or not text


def test_every_rule_has_required_substrings() -> None:
    for label, table in RULES.items():
        for _langs, _confidence, pattern in table:
            assert factors(pattern), f"{label}: {pattern[:60]} would run on every message"


def test_shipped_factor_file_matches_the_rules(tmp_path: Path) -> None:
    """The precomputed substrings are exactly what the rules give (else: regenerate with
    `python scripts/signal_factors.py`), and the detector reads them from that file."""
    patterns = [pattern for table in RULES.values() for *_, pattern in table]
    fresh = tmp_path / "factors.json"
    write_cache(patterns, fresh)
    assert fresh.read_text() == FACTOR_CACHE.read_text(), "run scripts/signal_factors.py"
    assert all(cached_factors(p) == factors(p) for p in patterns[:20])


_WORDS = sorted(
    {w for table in RULES.values() for *_, p in table for w in re.findall(r"[a-zà-ÿ']{2,}", p)}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, "you", "u", "13", "?", "!", ",", "your"]), max_size=9))
def test_the_prefilter_never_hides_a_rule_that_matches(words: list[str]) -> None:
    text = normalise(" ".join(words))
    found = set(_candidates(text))
    for index, rule in enumerate(compiled().rules):
        if rule.pattern.search(text):
            assert index in found, (rule.label, text)


_STRETCHED_WORDS = ["snaap", "piic", "youu", "seecret", "oold", "dontt", "teell", "meeet", "phoone"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, *_STRETCHED_WORDS, "you", "13", "?"]), max_size=9))
def test_stretched_words_match_as_their_trigger_words(words: list[str]) -> None:
    """A message with a stretched trigger word fires what its read-back form fires: the
    prefilter searched again only around the read-back words hides no rule."""
    text = normalise(" ".join(words))
    squeezed = unstretch(text)
    base = text if squeezed is None else squeezed.text
    want = {rule.label for rule in compiled().rules if rule.pattern.search(base)}
    assert {label for label, *_ in detect_normalised(text)} == want


def test_a_substring_bounded_by_b_gates_its_rules_only_where_the_boundary_is() -> None:
    every = compiled()
    kik = {i for i, rule in enumerate(every.rules) if rule.pattern.search("add me on kik")}
    assert kik and kik <= set(_candidates("add me on kik"))
    assert not kik & set(_candidates("kikiriki kikker"))


def test_the_rule_index_gives_the_garbage_collector_little_to_walk() -> None:
    """Its ~90,000 nodes, as Python dicts, made each full collection walk them all (tuples
    of tuples of numbers, as the index holds, leave the collector's sight a level a pass)."""
    compiled.cache_clear()
    gc.collect()
    before = len(gc.get_objects())
    compiled()
    for _ in range(3):
        gc.collect()
    assert len(gc.get_objects()) - before < 5_000


def test_factors_are_necessary() -> None:
    assert factors(r"\b(?:snap|kik)\b") == frozenset({"\x00snap\x00", "\x00kik\x00"})
    found = factors(r"\bhow old (?:are|r) (?:you|ya)\b")
    assert found and all(f.startswith("\x00how old ") for f in found)


def _chat(*lines: tuple[str, str]) -> list[Message]:
    return [Message("c", f"m{i}", who, text) for i, (who, text) in enumerate(lines, 1)]


def test_timeline_stages_and_the_heavy_combination() -> None:
    timeline = timeline_of(
        _chat(
            ("kid", "hi im 13"),
            ("man", "you are so pretty"),
            ("man", "dont tell anyone we talk ok"),
            ("man", "add me on snapchat"),
            ("kid", "ok"),
            ("man", "lets meet saturday"),
        )
    )
    features = timeline.features("man")
    assert [name for name, _ in features.stages] == [
        "relationship_forming",
        "risk_assessment",
        "exclusivity",
        "approach",
    ]
    assert features.progression == 4
    assert features.minor_disclosed_by_other and features.heavy_combination_at == 6
    assert timeline.minors == {"kid": 1}
    assert timeline.first_fired("man")["secrecy"] == 3
    assert not timeline.features("kid").heavy_combination
    vector = features.as_vector()
    assert vector["heavy_combination"] == 1.0 and vector["label_meeting"] == 1.0
    assert set(vector) == set(timeline.features("nobody").as_vector())


def test_heavy_combination_also_when_the_disclosure_comes_later() -> None:
    timeline = timeline_of(_chat(("man", "are you a virgin?"), ("kid", "yes im 12")))
    assert timeline.features("man").heavy_combination_at == 2


def test_stage_order_matters_for_progression() -> None:
    backwards = timeline_of(_chat(("man", "lets meet"), ("man", "you are so pretty")))
    assert backwards.features("man").progression == 1
    assert len(STAGES) == 7


def test_explanation_reads_like_the_issue() -> None:
    timeline = timeline_of(
        _chat(
            ("kid", "im 13"),
            ("man", "dont tell your mom about me"),
            ("man", "add me on snapchat"),
            ("man", "hmm"),
        )
    )
    assert explain(timeline, "man", evidence=[2, 3, 4]) == (
        "asked for secrecy (msg 2), asked to move to Snapchat (msg 3), "
        "the other participant said they are 13 (msg 1), "
        "strongest messages by the model: msg 4"
    )
    assert explain(Timeline(), "man") == "no behaviour signal"


def test_by_line_numbers_by_position_where_lines_are_not_known() -> None:
    """Messages built without `line=` (as README's example builds them) have line 0: by
    line they would all be "msg 0", their order lost."""
    chat = _chat(("kid", "im 13"), ("man", "dont tell your mom"), ("man", "add me on snapchat"))
    expected = (
        "asked for secrecy (msg 2), asked to move to Snapchat (msg 3), "
        "the other participant said they are 13 (msg 1)"
    )
    assert explain(timeline_of(chat, by_line=True), "man") == expected
    # with lines, by line; and one message without a line numbers them all by position
    lined = [replace(m, line=10 * i) for i, m in enumerate(chat, 1)]
    assert explain(timeline_of(lined, by_line=True), "man") == (
        "asked for secrecy (msg 20), asked to move to Snapchat (msg 30), "
        "the other participant said they are 13 (msg 10)"
    )
    assert explain(timeline_of([*lined[:2], chat[2]], by_line=True), "man") == expected


def test_explanation_leads_with_the_heavy_combination() -> None:
    timeline = timeline_of(_chat(("kid", "im 12"), ("a", "hi"), ("man", "lets meet up")))
    text = explain(timeline, "man")
    assert text.startswith("sexual or meeting talk with someone who said they are a minor")
    assert "another participant said they are 12 (msg 1)" in text


def test_docs_document_every_label() -> None:
    doc = DOCS.read_text()
    for label in LABELS:
        assert f"| `{label}` |" in doc, f"docs/signals.md has no table row for {label}"


def test_docs_examples_fire_their_label() -> None:
    rows = re.findall(r"^\| `(\w+)` \| [^|]* \| [^|]* \| ([^|]*) \|", DOCS.read_text(), re.M)
    assert len(rows) == len(LABELS)
    for label, examples in rows:
        quoted = re.findall(r'"([^"]+)"', examples)
        assert quoted, label
        for text in quoted:
            assert label in labels_of(text), (label, text)


# -- a batch's required substrings found in one scan -----------------------------------------

_BATCH_PIECES = (
    [t for _, _, t in EXAMPLES] + ORDINARY + _NOISE + _STRETCHED_WORDS + [t for t, _ in _TRIGGERS]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(_BATCH_PIECES),
                st.sampled_from(["13", "555-123-4567", "im 14", "", "!", "_", "\n", "ig"]),
                st.text(max_size=6),
            ),
            max_size=5,
        ).map(" ".join),
        max_size=12,
    )
)
def test_detect_many_is_detect_of_each_text(texts: list[str]) -> None:
    """The one scan over a batch finds, per text, the rules a scan of that text alone
    finds (hits at the texts' edges, digits, stretched words), and so the same signals."""
    clean = [normalise(text) for text in texts]
    assert list(map(list, _candidates_many(clean))) == [_candidates(c) for c in clean]
    assert detect_many(texts, clean) == [
        detect(t, normalised=c) for t, c in zip(texts, clean, strict=True)
    ]


def test_candidates_of_texts_with_line_breaks_are_found_one_by_one() -> None:
    """A text holding the scan's separator (not normalised) must not lose or share hits."""
    texts = ["send\npic", "snap", "chat\n", "im\n13"]
    assert list(map(list, _candidates_many(texts))) == [_candidates(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.sets(st.sampled_from(sorted(LABELS)), max_size=3),
            st.integers(min_value=1, max_value=30),
        ),
        max_size=40,
    )
)
def test_the_timeline_kept_as_messages_come_equals_its_firings_read_whole(
    messages: list[tuple[str, set[str], int]],
) -> None:
    """The per-sender groups, counts, heavy combinations and earliest minor disclosures the
    timeline keeps while messages come (so that a busy room is not quadratic) equal what a
    pass over all its firings finds, whatever the numbering."""
    timeline = Timeline()
    for sender, labels, number in messages:
        signals = [Signal(label, 0, 1, 0.9) for label in sorted(labels)]
        timeline.add(sender, "x", signals, number)
    firings = timeline.firings
    for sender in ["a", "b", "c", "d"]:
        mine = [f for f in firings if f.sender_id == sender]
        grouped: dict[str, list[Firing]] = {}
        for f in mine:
            grouped.setdefault(f.label, []).append(f)
        assert timeline.firings_of(sender) == grouped
        minors = [
            f for f in firings if f.label == "minor_self_disclosure" and f.sender_id != sender
        ]
        expected = min(minors, key=lambda f: f.index) if minors else None
        assert timeline.first_minor_disclosure_by_other(sender) == expected
        assert timeline.others(sender) == len([s for s in timeline.senders if s != sender])
        features = timeline.features(sender)
        assert features.label_counts == {label: len(fs) for label, fs in grouped.items()}
        assert features.minor_disclosed_by_other == bool(minors)
        heavy_at = None  # first message of this sender's heavy label after another's minor
        for at, f in enumerate(firings):  # ... or the other's disclosure after theirs
            said = {g.sender_id for g in firings[: at + 1] if g.label == "minor_self_disclosure"}
            shown = any(
                g.sender_id == sender and g.label in HEAVY_LABELS for g in firings[: at + 1]
            )
            if shown and said - {sender}:
                heavy_at = f.index
                break
        assert features.heavy_combination_at == heavy_at
