"""Streaming early warning: incremental scores equal the batch ones, state survives a restart."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch import ConfigError, Message
from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import ScoreUpdate, WarningRule, first_warning
from lurewatch.engine.training import behaviour_shown, earliest_warnings, with_behaviour


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()


def _messages(conversation: str, texts: list[tuple[str, str]]) -> list[Message]:
    return [
        Message(conversation, f"{conversation}-{i}", s, t, None, i)
        for i, (s, t) in enumerate(texts, 1)
    ]


GROOMING = [
    ("a", "hey"),
    ("b", "hi"),
    ("a", "asl?"),
    ("b", "13 f"),
    ("a", "u seem mature for ur age"),
    ("a", "dont tell ur parents about me ok"),
    ("a", "its our secret"),
    ("a", "r u home alone"),
    ("a", "do u have snapchat"),
    ("a", "send me a pic"),
    ("a", "we could meet at the mall"),
    ("b", "idk"),
    ("a", "delete this chat"),
]


def test_incremental_risk_equals_batch_curve(detector: Detector) -> None:
    texts = [t for s, t in GROOMING if s == "a"]
    updates = detector.scorer().process(_messages("c", [("a", t) for t in texts]))
    model = detector.model
    batch = model.probability(model.curve_from_logits(model.message_logits(texts)))
    assert [u.sender_risk for u in updates] == pytest.approx(list(batch))


def test_one_message_at_a_time_equals_one_batch(detector: Detector) -> None:
    messages = _messages("c", GROOMING)
    together = detector.scorer().process(messages)
    single = detector.scorer()
    apart = [single.process([m])[0] for m in messages]
    assert [u.conversation_risk for u in apart] == pytest.approx(
        [u.conversation_risk for u in together]
    )


def test_updates_are_whole_score_updates(detector: Detector) -> None:
    """The scorer builds its updates with `tuple.__new__`, which checks nothing: each must
    still be a ScoreUpdate with every field, equal to one its constructor builds."""
    rule = WarningRule(threshold=0.3, k=1, n=5)
    messages = _messages("c", [*GROOMING, ("b", "im 12"), ("a", "send me a pic")])
    for update in detector.scorer(rule).process(messages):
        assert type(update) is ScoreUpdate
        assert len(update) == len(ScoreUpdate._fields)
        assert update == ScoreUpdate(**update._asdict())
        assert isinstance(update.heavy_combination, bool) and isinstance(update.signals, tuple)


def test_warning_fires_once_and_stays(detector: Detector) -> None:
    rule = WarningRule(threshold=0.3, k=2, n=5)
    updates = detector.scorer(rule).process(_messages("c", GROOMING * 3))
    fired = [u for u in updates if u.warning_fired]
    assert len(fired) == 1
    first = updates.index(fired[0])
    assert all(u.warning for u in updates[first:])
    assert not any(u.warning for u in updates[:first])


def test_streaming_rule_matches_vectorised_rule(detector: Detector) -> None:
    rule = WarningRule(threshold=0.4, k=3, n=10)
    texts = [t for _, t in GROOMING] * 2
    scorer = detector.without_signals().scorer(rule)  # with them: the test further down
    updates = scorer.process(_messages("s", [("a", t) for t in texts]))
    risks = np.array([u.sender_risk for u in updates])
    fired = next((i for i, u in enumerate(updates, 1) if u.warning_fired), None)
    assert fired == first_warning(risks, rule)
    thresholds = np.array([0.4])
    assert int(earliest_warnings(risks, 3, 10, thresholds)[0]) == (fired or 0)


def test_evidence_names_the_messages_that_raised_the_risk(detector: Detector) -> None:
    updates = detector.scorer().process(_messages("c", GROOMING))
    evidence = updates[-1].evidence
    assert 0 < len(evidence) <= 5
    weights = [e.weight for e in evidence]
    assert weights == sorted(weights, reverse=True) and weights[-1] > 0
    senders = {m.message_id: m.sender_id for m in _messages("c", GROOMING)}
    assert {senders[e.message_id] for e in evidence} <= {"a", "b"}


def test_snapshot_restore_continues_exactly(detector: Detector) -> None:
    """Bit for bit: the restored scorer meets its texts again one at a time, where the
    straight run scored them in one batch (a text's score may not depend on its batch)."""
    messages = _messages("c", GROOMING * 2)
    straight = detector.scorer().process(messages)
    first = detector.scorer()
    first.process(messages[:9])
    saved = json.loads(json.dumps(first.snapshot()))  # must survive a JSON round trip
    second = detector.scorer()
    second.restore(saved)
    resumed = [u for m in messages[9:] for u in second.process([m])]
    assert resumed == straight[9:]


def test_a_minor_marked_before_any_message_survives_a_snapshot(detector: Detector) -> None:
    marked = detector.scorer()
    marked.mark_minor("c", "kid")
    restored = detector.scorer()
    restored.mark_minor("other", "someone")  # replaced by the restore, not kept
    restored.restore(json.loads(json.dumps(marked.snapshot())))
    message = _messages("c", [("adult", "send me a pic")])
    assert restored.process(message) == marked.process(message)
    assert restored.snapshot() == marked.snapshot()
    assert "other" not in restored.snapshot()["conversations"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s.update(total=float("nan")), "not a finite number"),
        (lambda s: s.update(total=float("inf")), "not a finite number"),
        (lambda s: s.update(count=-3), "negative"),
        (lambda s: s.update(flags=-1), "window"),
        (lambda s: s.update(risk=5.0), "not a probability"),
        (lambda s: s.update(warned_at=99), "warned at"),
        (lambda s: s.update(evidence=s["evidence"] * 3), "evidence items"),
        (lambda s: s.update(labels=-1), "signals"),
        (lambda s: s.pop("total"), "KeyError"),
        (lambda s: s.update(evidence=[[1, 2]]), "ValueError"),
    ],
)
def test_a_state_no_scorer_could_have_written_is_refused_and_nothing_changes(
    detector: Detector, change: Any, reason: str
) -> None:
    """A corrupt or edited state would otherwise be scored on silently (a NaN total never
    warns again) or fail later; the scorer keeps what it had."""
    scorer = detector.scorer()
    scorer.process(_messages("c", GROOMING))
    before = scorer.snapshot()
    doc = json.loads(json.dumps(before))
    change(doc["conversations"]["c"]["pairs"]["a"])
    with pytest.raises(ValueError, match=reason):
        scorer.restore(doc)
    with pytest.raises(ValueError, match=reason):
        scorer.load_conversation("c", doc["conversations"]["c"])
    assert scorer.snapshot() == before


def test_messages_with_nothing_to_read_are_no_evidence(detector: Detector) -> None:
    """Empty or invisible text (a picture's empty caption, zero-width spaces) says nothing;
    the model's bare intercept would count as strong evidence and warn on its own."""
    blanks = _messages("c", [("a", text) for text in ["", " ", "\u200b", "\u2060\ufeff"] * 5])
    updates = detector.scorer().process(blanks)
    assert not any(u.warning or u.evidence for u in updates)
    assert max(u.sender_risk for u in updates) < 0.05


def test_state_size_does_not_grow_with_history(detector: Detector) -> None:
    scorer = detector.scorer()
    scorer.process(_messages("c", GROOMING))
    small = len(json.dumps(scorer.snapshot()))
    scorer.process(_messages("c", [("a", f"message number {i}") for i in range(2000)]))
    assert len(json.dumps(scorer.snapshot())) < small + 200


def test_forget_drops_conversation_state_but_keeps_sender(detector: Detector) -> None:
    scorer = detector.scorer()
    scorer.process(_messages("c", GROOMING))
    scorer.forget(["c"])
    assert not scorer.pairs and "c" not in scorer.conversations
    assert scorer.senders["a"].count == sum(s == "a" for s, _ in GROOMING)


@pytest.mark.parametrize(
    ("threshold", "k", "n"),
    [
        (0.0, 1, 10),
        (1.0, 1, 10),
        (0.5, 0, 10),
        (0.5, 11, 10),
        (0.5, 1, 65),
        (0.5, 1.5, 10),  # would mean 2 of 10
        (0.5, True, 10),
        (0.5, 2, 10.5),
        ("0.5", 1, 10),
        (True, 1, 10),
    ],
)
def test_invalid_warning_rules_are_refused(threshold: Any, k: Any, n: Any) -> None:
    with pytest.raises(ConfigError):
        WarningRule(threshold, k, n)


@pytest.mark.parametrize("n", [10, 64])
def test_a_rule_of_numpy_numbers_scores_and_saves_as_one_of_python_numbers(
    detector: Detector, n: int
) -> None:
    """A numpy threshold made the flags numpy integers: states no longer went to JSON, and
    with n = 64 the first message overflowed."""
    rule = WarningRule(np.float64(0.5), np.int64(1), np.int64(n))
    scorer = detector.scorer(rule)
    updates = scorer.process(_messages("c", GROOMING))
    plain = detector.scorer(WarningRule(0.5, 1, n))
    assert updates == plain.process(_messages("c", GROOMING))
    assert json.dumps(scorer.sender_state("a")) == json.dumps(plain.sender_state("a"))
    assert json.dumps(rule.to_dict()) == json.dumps(WarningRule(0.5, 1, n).to_dict())
    assert [type(v) for v in (rule.threshold, rule.k, rule.n)] == [float, int, int]


def test_minor_disclosure_from_the_other_side_raises_conversation_risk(
    detector: Detector,
) -> None:
    assert detector.minor_cue_log_ratio > 0, "victim sides disclose minor ages more than others"
    adult = [(s, t) for s, t in GROOMING if s == "a"]
    plain, told = detector.scorer(), detector.scorer()
    without = plain.process(_messages("c", [*adult, ("b", "ok")]))[-1]
    with_cue = told.process(_messages("c", [*adult, ("b", "im 13")]))[-1]
    assert with_cue.minors == ("b",) and without.minors == ()
    assert told.senders["a"].risk == pytest.approx(plain.senders["a"].risk)
    assert with_cue.conversation_risk > without.conversation_risk
    risk = plain.senders["a"].risk
    assert without.conversation_risk == pytest.approx(max(risk, plain.senders["b"].risk))
    odds = np.log(risk / (1 - risk)) + detector.minor_cue_log_ratio
    assert with_cue.conversation_risk == pytest.approx(1 / (1 + np.exp(-odds)))


def test_own_minor_disclosure_does_not_raise_own_risk(detector: Detector) -> None:
    alone = detector.scorer().process(_messages("c", [("b", "hi"), ("b", "im 13")]))[-1]
    assert alone.minors == ("b",)
    assert alone.conversation_risk == pytest.approx(alone.sender_risk)


def test_conversation_risk_equals_its_definition_in_busy_rooms(detector: Detector) -> None:
    """The cached two-riskiest shortcut must agree with max over every participant."""
    import random

    rng = random.Random(7)
    pool = [t for _, t in GROOMING] + ["im 13", "im 12 f", "ok", "lol", "gg", "see you"]
    scorer = detector.scorer()
    for i in range(600):
        message = Message(f"room{i % 3}", str(i), f"u{rng.randrange(12)}", rng.choice(pool))
        update = scorer.process([message])[0]
        risks = scorer.conversations[message.conversation_id]
        minors = scorer.minors[message.conversation_id]
        expected = max(scorer._boost(r) if minors - {s} else r for s, r in risks.items())
        assert update.conversation_risk == pytest.approx(expected)


MEETING_A_MINOR = [
    ("kid", "hi"),
    ("adult", "hey whats up"),
    ("kid", "im 13 lol"),
    ("adult", "cool"),
    ("adult", "we could meet at the mall"),
    ("adult", "i can pick you up saturday"),
    ("adult", "wanna hang out"),
]


def _warned_at(detector: Detector, heavy: bool, lines: list[tuple[str, str]]) -> int | None:
    from dataclasses import replace

    # the behaviour boost alone could fire on meeting talk: keep it out of this comparison
    scorer = replace(detector, heavy_combination=heavy, behaviour_log_ratio=0.0).scorer()
    for i, (who, text) in enumerate(lines):
        (update,) = scorer.process([Message("c", str(i), who, text)])
        if update.warning:
            return i
    return None


def _just_above_the_words(detector: Detector, lines: list[tuple[str, str]]) -> Detector:
    """`detector` with a one-message rule set 1 log-odds above the adult's highest risk from
    the words alone, so that only the minor-cue evidence (more than 1 log-odds) can fire it,
    whatever the shipped model's threshold."""
    from dataclasses import replace

    scorer = detector.scorer()
    risks = [u.sender_risk for u in scorer.process(_messages("c", lines)) if u.sender_id == "adult"]
    assert detector.minor_cue_log_ratio > 1.0
    threshold = 1 / (1 + math.exp(-(math.log(max(risks) / (1 - max(risks))) + 1.0)))
    return replace(detector, rule=WarningRule(threshold, 1, 10))


def test_minor_disclosure_plus_meeting_talk_weighs_in_the_warning(detector: Detector) -> None:
    detector = _just_above_the_words(detector, MEETING_A_MINOR)
    assert _warned_at(detector, True, MEETING_A_MINOR) is not None
    assert _warned_at(detector, False, MEETING_A_MINOR) is None
    # the same talk with no one saying they are a minor does not warn
    adults = [(who, "hi lol" if text == "im 13 lol" else text) for who, text in MEETING_A_MINOR]
    assert _warned_at(detector, True, adults) is None


def test_updates_carry_the_message_signals(detector: Detector) -> None:
    scorer = detector.scorer()
    (update,) = scorer.process([Message("c", "1", "a", "dont tell your mom, its our secret")])
    assert "secrecy" in {s.label for s in update.signals}
    state = scorer.conversation_state("c")["pairs"]["a"]
    assert state["labels"] != 0  # the sender's signals are part of the persisted state


def _one_sender(texts: list[str]) -> list[Message]:
    return _messages("c", [("a", t) for t in texts])


PLAIN_THEN_SNAPCHAT = ["hey", "whats up", "lol same", "do u have snapchat", "ok cool"]


def _rule_above(detector: Detector, texts: list[str], log_odds: float) -> WarningRule:
    """A one-message rule `log_odds` above the sender's highest risk from the words alone."""
    top = max(u.sender_risk for u in detector.scorer().process(_one_sender(texts)))
    return WarningRule(1 / (1 + math.exp(-(math.log(top / (1 - top)) + log_odds))), 1, 10)


def test_a_grooming_specific_behaviour_raises_what_the_warning_rule_sees(
    detector: Detector,
) -> None:
    from dataclasses import replace

    rule = _rule_above(detector, PLAIN_THEN_SNAPCHAT, 1.0)  # only a boost over 1 can fire it
    boosted = replace(detector, behaviour_log_ratio=2.0, heavy_combination=False)
    with_boost = boosted.scorer(rule).process(_one_sender(PLAIN_THEN_SNAPCHAT))
    without = (
        replace(boosted, behaviour_log_ratio=0.0)
        .scorer(rule)
        .process(_one_sender(PLAIN_THEN_SNAPCHAT))
    )
    # never before the first message that shows one (asking for Snapchat), once after it
    fired = [u.warning_fired for u in with_boost]
    assert not any(fired[:3]) and sum(fired[3:]) == 1
    assert not any(u.warning for u in without)
    # the reported risk is the words' own: the boost is the rule's, not the score's
    assert [u.sender_risk for u in with_boost] == [u.sender_risk for u in without]
    # flirting and trust building are not grooming-specific: no boost for them
    flirting = ["hey", "u seem mature for ur age", "ur so cute", "lol"]
    rule = _rule_above(detector, flirting, 1.0)
    assert not any(u.warning for u in boosted.scorer(rule).process(_one_sender(flirting)))


def test_the_overall_sender_state_carries_the_behaviour_across_conversations(
    detector: Detector,
) -> None:
    from dataclasses import replace

    scorer = replace(detector, behaviour_log_ratio=2.0).scorer()
    scorer.process([Message("c1", "1", "a", "add me on snapchat")])
    (update,) = scorer.process([Message("c2", "2", "a", "hi")])
    assert scorer.senders["a"].labels != 0 and scorer.pairs[("c2", "a")].labels == 0
    assert update.sender_risk_overall == pytest.approx(scorer.senders["a"].risk)


@pytest.mark.parametrize("log_ratio", [0.0, 2.0])
def test_training_and_streaming_apply_the_behaviour_boost_alike(
    detector: Detector, log_ratio: float
) -> None:
    """Training chooses the rule on `with_behaviour` curves; the scorer must warn where they do."""
    from dataclasses import replace

    texts = [t for who, t in GROOMING if who == "a"] + ["ok", "lol"] * 3
    boosted = replace(detector, behaviour_log_ratio=log_ratio, heavy_combination=False)
    reported = [u.sender_risk for u in boosted.scorer().process(_one_sender(texts))]
    seen = with_behaviour(np.array(reported), behaviour_shown(texts), log_ratio)
    rule_risks = [u.rule_risk for u in boosted.scorer().process(_one_sender(texts))]
    assert rule_risks == pytest.approx(seen.tolist())
    for threshold in np.quantile(seen, [0.1, 0.5, 0.9]):
        for k in (1, 3):
            rule = WarningRule(float(threshold), k, 10)
            updates = boosted.scorer(rule).process(_one_sender(texts))
            fired = next((i for i, u in enumerate(updates, 1) if u.warning_fired), None)
            assert fired == first_warning(seen, rule)


def test_conversation_risk_equals_its_definition_in_crowded_rooms(detector: Detector) -> None:
    """Past `_SORT_MAX` participants the two riskiest are recounted with a heap: the same
    answer as sorting all of them."""
    import random

    from lurewatch.engine.streaming import _SORT_MAX

    rng = random.Random(11)
    pool = [t for _, t in GROOMING] + ["im 13", "ok", "lol", "gg", "see you"]
    scorer = detector.scorer()
    for i in range(1500):
        sender = f"u{rng.randrange(3 * _SORT_MAX)}"
        update = scorer.process([Message("room", str(i), sender, rng.choice(pool))])[0]
        risks, minors = scorer.conversations["room"], scorer.minors["room"]
        expected = max(scorer._boost(r) if minors - {s} else r for s, r in risks.items())
        assert update.conversation_risk == pytest.approx(expected)
    assert len(scorer.conversations["room"]) > _SORT_MAX


def test_evidence_keeps_the_heaviest_in_order_of_weight_then_arrival(
    detector: Detector,
) -> None:
    """The evidence tuple, replaced on each change, is what inserting into a list by weight
    (equal weights in arrival order) and keeping the first five gives."""
    import random

    from lurewatch.engine.streaming import EVIDENCE_SIZE, Evidence, SenderState

    rng = random.Random(5)
    state, expected = SenderState(), []
    model, rule = detector.model, detector.rule
    for i in range(400):
        logit = model.prior_mean_ + rng.choice([-1.0, 0.0, 0.5, 1.0, 1.0, 2.0, 3.0])
        state.update(logit, Message("c", str(i), "s", "x", None, i), model, rule)
        weight = logit - model.prior_mean_
        if weight > 0:
            expected.append(Evidence(str(i), "c", i, weight))
            expected.sort(key=lambda e: -e.weight)  # stable: equal weights keep arrival order
            del expected[EVIDENCE_SIZE:]
        assert state.evidence == tuple(expected)
    restored = SenderState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored.evidence == state.evidence


def test_a_full_text_cache_never_drops_a_text_of_the_batch_it_is_scoring(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trimming the oldest texts could drop one the batch also holds ("lol", cached first):
    the batch then failed with a KeyError, in ingest a 500 every few thousand new texts."""
    from lurewatch.engine import streaming

    monkeypatch.setattr(streaming, "LOGIT_CACHE_SIZE", 10)
    scorer = detector.scorer()
    scorer.process(_messages("c", [("a", "lol")]))
    batch = _messages("c", [("a", f"new text {i}") for i in range(12)] + [("b", "lol")])
    updates = scorer.process(batch)
    assert [u.message_id for u in updates] == [m.message_id for m in batch]
    assert len(scorer._logits) <= 10  # still bounded
    fresh = detector.scorer()
    fresh.process(_messages("c", [("a", "lol")]))
    assert [u.sender_risk for u in updates] == [u.sender_risk for u in fresh.process(batch)]


def test_long_texts_are_scored_but_not_kept_in_the_text_cache(detector: Detector) -> None:
    from lurewatch.engine.streaming import LONGEST_CACHED_TEXT

    long = "send me a pic " + "x" * LONGEST_CACHED_TEXT
    scorer = detector.scorer()
    first = scorer.process(_messages("c", [("a", long), ("a", "lol")]))
    assert long not in scorer._logits and "lol" in scorer._logits
    again = scorer.process(_messages("d", [("a", long)]))  # scored afresh: the same
    assert again[0].signals == first[0].signals and again[0].signals
    (fresh,) = detector.scorer().process(_messages("c", [("a", long)]))
    assert (fresh.sender_risk, fresh.signals) == (first[0].sender_risk, first[0].signals)


def test_updates_of_a_busy_room_share_one_sorted_list_of_its_minors(detector: Detector) -> None:
    """It was sorted anew for every message, each update keeping its own copy: time and
    memory grew with the square of the room's minors."""
    scorer = detector.scorer()
    lines = [(f"kid{i:03d}", "im 13") for i in range(40)] + [("kid000", "hi")] * 5
    updates = scorer.process(_messages("room", lines))
    assert updates[-1].minors == tuple(sorted(f"kid{i:03d}" for i in range(40)))
    assert len({id(u.minors) for u in updates[-5:]}) == 1  # no new minor: one tuple
    scorer.mark_minor("room", "adult")
    (after,) = scorer.process(_messages("room", [("x", "hello")]))
    assert after.minors == tuple(sorted([*updates[-1].minors, "adult"]))
    scorer.forget(["room"])
    assert scorer.process(_messages("room", [("x", "hello")]))[0].minors == ()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["say", "mark", "reload"]), st.integers(0, 30)), max_size=60)
)
def test_the_minors_each_update_names_are_always_the_set_so_far_sorted(
    detector: Detector, steps: list[tuple[str, int]]
) -> None:
    """Kept sorted as they come (newcomers put in their place), through marks and reloads."""
    scorer = detector.scorer()
    expected: set[str] = set()
    for n, (step, who) in enumerate(steps):
        name = f"kid{who}"
        if step == "mark":
            scorer.mark_minor("room", name)
            expected.add(name)
        elif step == "reload":
            state = json.loads(json.dumps(scorer.conversation_state("room")))
            scorer.load_conversation("room", state)
        else:
            (update,) = scorer.process([Message("room", f"m{n}", name, "im 13", None)])
            expected.add(name)
            assert update.minors == tuple(sorted(expected))
