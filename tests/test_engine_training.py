"""Training: folds that hold out whole chat domains, and the guards on what may be trained on."""

from __future__ import annotations

import numpy as np
import pytest

from lurewatch import ConfigError, Stream
from lurewatch.engine.training import (
    TrainingTargets,
    choose_rule,
    cross_domain_folds,
    feedback_streams,
    train_detector,
)
from lurewatch.records import Conversation, Message


def _stream(i: int, source: str, role: str, group: str = "", split: str = "train") -> Stream:
    return Stream(f"s{i}", source, split, role, group or f"g{i}", "en", ("hi",))


def test_each_ordinary_source_sits_whole_in_one_fold() -> None:
    streams = [
        _stream(i, src, "ordinary")
        for i, src in enumerate(["irc-ubuntu"] * 6 + ["chitchat"] * 3 + ["nus-sms"] * 2)
    ]
    streams += [
        _stream(100 + i, "pj", "predator" if i % 2 else "decoy", f"pj:{i // 2}") for i in range(12)
    ]
    folds = cross_domain_folds(streams, 3)
    by_source: dict[str, set[int]] = {}
    for stream, fold in zip(streams, folds, strict=True):
        if stream.role == "ordinary":
            by_source.setdefault(stream.source, set()).add(fold)
    assert all(len(f) == 1 for f in by_source.values())
    assert len({next(iter(f)) for f in by_source.values()}) == 3  # the three sources apart
    pj = [(s.group, f) for s, f in zip(streams, folds, strict=True) if s.source == "pj"]
    assert all(f1 == f2 for g1, f1 in pj for g2, f2 in pj if g1 == g2)  # groups stay together
    assert {f for _, f in pj} == {0, 1, 2}


def test_training_refuses_test_split_and_evaluation_only_sources() -> None:
    base = [_stream(1, "pj", "predator"), _stream(2, "chitchat", "ordinary")]
    with pytest.raises(ConfigError, match="train only on train"):
        train_detector([*base, _stream(3, "chitchat", "ordinary", split="test")])
    with pytest.raises(ConfigError, match="does not allow training"):
        train_detector([*base, _stream(4, "nps", "ordinary")])
    with pytest.raises(ConfigError, match="both offender and non-offender"):
        train_detector([_stream(5, "pj", "predator")])


def _conversation(cid: str, authors: list[str], predators: set[str], source: str) -> Conversation:
    messages = [Message(cid, f"{cid}:{i}", a, f"line {i}") for i, a in enumerate(authors, 1)]
    return Conversation(cid, messages, source, "train", "und", frozenset(predators))


def test_moderators_labels_become_streams_by_verdict_with_shared_groups() -> None:
    source = "lurewatch:acme"
    streams = feedback_streams(
        [
            _conversation("c1", ["p", "v", "p"], {"p"}, source),  # confirmed: p groomed v
            _conversation("c2", ["w", "p"], {"p"}, source),  # p again, another child
            _conversation("c3", ["a", "b", "a"], set(), source),  # a dismissed false alarm
            _conversation("c4", ["b", "d"], set(), source),  # b elsewhere
        ]
    )
    by_id = {s.id: s for s in streams}
    assert {i: s.role for i, s in by_id.items()} == {
        "c1:p": "predator",
        "c1:v": "decoy",
        "c2:w": "decoy",
        "c2:p": "predator",
        "c3:a": "ordinary",
        "c3:b": "ordinary",
        "c4:b": "ordinary",
        "c4:d": "ordinary",
    }
    assert by_id["c1:p"].lines == ("line 1", "line 3")
    # One offender's conversations, and one person's, never split across CV folds.
    assert by_id["c1:p"].group == by_id["c2:w"].group == by_id["c1:v"].group
    assert by_id["c3:a"].group == by_id["c4:d"].group != by_id["c1:p"].group
    with pytest.raises(ConfigError, match="not moderators' labels"):
        feedback_streams([_conversation("x", ["a"], set(), "chitchat")])


def test_a_dismissal_labels_only_the_sender_it_was_about() -> None:
    """A decision judges the alert's sender: in a dismissed conversation only the senders
    the export names as dismissed are ordinary chat, the others are left out; a confirmed
    conversation's other side is the victim side, as before."""
    source = "lurewatch:acme"
    conversations = [
        _conversation("c1", ["p", "v", "p"], {"p"}, source),  # confirmed: p groomed v
        _conversation("c3", ["a", "b", "a"], set(), source),  # a's alert dismissed
        _conversation("c4", ["b", "d"], set(), source),  # b's and d's alerts dismissed
        _conversation("c5", ["e", "f"], set(), source),  # no one in it judged either way
    ]
    dismissed = {"c1": set(), "c3": {"a"}, "c4": {"b", "d"}, "c5": set()}
    streams = feedback_streams(conversations, dismissed)
    assert {s.id: s.role for s in streams} == {
        "c1:p": "predator",
        "c1:v": "decoy",
        "c3:a": "ordinary",
        "c4:b": "ordinary",
        "c4:d": "ordinary",
    }
    by_id = {s.id: s for s in streams}
    assert by_id["c3:a"].group == by_id["c4:d"].group  # still linked through b
    # An export from before `dismissed` was written: read as it was meant.
    legacy = feedback_streams(conversations, {"c1": set()})
    assert {s.id for s in legacy if s.role == "ordinary"} == {
        "c3:a", "c3:b", "c4:b", "c4:d", "c5:e", "c5:f"
    }  # fmt: skip


def test_the_training_record_names_the_blas_libraries_in_one_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lurewatch.engine import training

    libraries = [
        {"user_api": "blas", "internal_api": "openblas", "version": "0.3.30", "architecture": "X"},
        {"user_api": "openmp", "internal_api": "openmp", "version": None},
        {"user_api": "blas", "internal_api": "mkl", "version": "2024.1", "architecture": None},
    ]
    seen = []
    for order in (libraries, libraries[::-1]):
        monkeypatch.setattr(training, "threadpool_info", lambda order=order: list(order))
        seen.append(training._libraries()["blas"])
    assert seen == ["mkl 2024.1, openblas 0.3.30 X"] * 2


def test_moderators_false_alarms_count_against_precision_but_carry_no_ceiling() -> None:
    def choose(false_alarm_source: str) -> float:
        curves = [np.full(20, r) for r in (0.95, 0.96, 0.95, 0.1, 0.1)]
        roles = ["predator", "predator", "ordinary", "ordinary", "decoy"]
        sources = ["pj", "pj", false_alarm_source, "chitchat", "pj"]
        rule, record = choose_rule(curves, roles, sources, TrainingTargets())
        assert record["meets_ceilings"]
        assert false_alarm_source in record["cv_false_warning_rate"]
        return rule.threshold

    # A sampled source's ceiling pushes the rule above its author, and past one offender;
    # a moderator's dismissed alert does not set a ceiling, so both offenders stay warned.
    assert choose("chitchat-2") > 0.95
    assert choose("lurewatch:acme") <= 0.95


def test_adapting_takes_moderators_train_labels_only_and_keeps_the_rule() -> None:
    from lurewatch.engine.detector import Detector
    from lurewatch.engine.training import adapt_detector

    shipped = Detector.load(posterior=True)
    source = "lurewatch:acme"
    dismissed = feedback_streams([_conversation("c1", ["a", "b", "a", "b"], set(), source)])
    adapted = adapt_detector(shipped, dismissed, C=2.0)
    assert adapted.rule == shipped.rule
    assert adapted.identification_threshold == shipped.identification_threshold
    assert "adapted" not in shipped.training  # the original is left as it was
    (record,) = adapted.training["adapted"]
    assert record["streams_by_role"] == {"ordinary": 2} and record["sources"] == [source]
    assert record["C"] == 2.0 and record["weights_changed"] > 0 and record["converged"]
    lines = list(dismissed[0].lines)
    assert np.all(adapted.model.message_logits(lines) < shipped.model.message_logits(lines))
    again = adapt_detector(adapted, dismissed)
    assert len(again.training["adapted"]) == 2  # each round is on record

    with pytest.raises(ConfigError, match="moderators' labels only"):
        adapt_detector(shipped, [_stream(1, "chitchat", "ordinary")])
    with pytest.raises(ConfigError, match="split=test"):
        adapt_detector(shipped, [_stream(1, source, "ordinary", split="test")])
    with pytest.raises(ConfigError, match="no labelled conversations"):
        adapt_detector(shipped, [])
