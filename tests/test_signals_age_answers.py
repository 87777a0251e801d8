"""An age given in answer to an age question ("how old r u?" - "12") is a minor's
self-disclosure in the conversation's signals, the streaming scorer's minors and the
explanations; a bare number anywhere else is nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from test_service_api import GROOMING as GROOMING_LINES

from lurewatch import Message
from lurewatch.cli import main
from lurewatch.engine.detector import Detector
from lurewatch.engine.signals import (
    AgeQuestion,
    age_answer,
    detect_conversation,
    explain,
    timeline_of,
)
from lurewatch.engine.signals._reply import REPLIES
from lurewatch.service.console.casefile import load_case_file
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts
from lurewatch.service.tenants import create_platform
from lurewatch.service.views import close_alert

ANSWERS = [
    ("12", "12"),
    ("13 u?", "13"),
    ("im 14 wbu", "14"),
    ("I'm 13!", "13"),
    ("umm 12 lol", "12"),
    ("almost 13", "13"),
    ("twelve", "twelve"),
    ("13/f", "13"),
    ("15 :)", "15"),
    ("１２", "１２"),  # fullwidth digits: the span is on the original text
    ("12 😊", "12"),
    ("13 y.o.", "13"),
    ("just turned 13", "13"),
    ("idk 12", "12"),
    ("10 ok", "10"),
]
NOT_ANSWERS = [
    *("22", "18", "12 pm", "5 mins", "12:30", "its 12", "12 points", "12 or 13", "12-13"),
    *("$10", "10%", "5'5", "15.5", "my sister is 12", "5 years ago"),
]


@pytest.mark.parametrize(("text", "age"), ANSWERS)
def test_a_message_that_only_gives_an_age_under_18_is_an_answer(text: str, age: str) -> None:
    found = age_answer(text)
    assert found is not None and found.label == "minor_self_disclosure"
    assert text[found.start : found.end] == age


@pytest.mark.parametrize("text", NOT_ANSWERS)
def test_adult_ages_times_counts_and_sentences_are_not(text: str) -> None:
    assert age_answer(text) is None


@given(st.text(max_size=80))
def test_any_text_gives_an_answer_with_a_span_on_it_or_none(text: str) -> None:
    found = age_answer(text)
    assert found is None or 0 <= found.start < found.end <= len(text)


def _labels(lines: list[tuple[str, str]]) -> list[list[str]]:
    return [[s.label for s in signals] for signals in detect_conversation(lines)]


def test_only_another_participants_reply_to_an_age_question_discloses() -> None:
    assert _labels([("a", "how old r u?"), ("b", "12")])[1] == ["minor_self_disclosure"]
    assert _labels([("b", "12")]) == [[]]  # no question
    assert _labels([("a", "how old r u?"), ("a", "12")])[1] == []  # the asker's own
    # the question stays open for REPLIES messages of others, then closes
    late = [("a", "how old r u?"), *[("b", "lol")] * REPLIES, ("b", "12")]
    assert _labels(late)[-1] == []
    in_time = [("a", "how old r u?"), *[("b", "lol")] * (REPLIES - 1), ("b", "12")]
    assert _labels(in_time)[-1] == ["minor_self_disclosure"]
    # answered once: a later number is not an age
    assert _labels([("a", "asl"), ("b", "13"), ("b", "12")])[2] == []
    # "im 13" says it by its own words: one disclosure, not two
    assert _labels([("a", "how old r u?"), ("b", "im 13")])[1] == ["minor_self_disclosure"]


@pytest.mark.parametrize("saved", [["a", 0], ["a", REPLIES + 1], ["a", True], [1, 1], "a"])
def test_a_saved_question_no_scorer_could_write_is_refused(saved: object) -> None:
    with pytest.raises(ValueError, match="age question"):
        AgeQuestion.of(saved)


def test_an_age_question_asked_back_is_a_new_question() -> None:
    question, answer = AgeQuestion.after(AgeQuestion("a"), "b", True, "13 wbu")
    assert question == AgeQuestion("b") and answer is not None


def _conversation(lines: list[tuple[str, str]]) -> list[Message]:
    return [Message("c", f"c-{i}", s, t, None, i) for i, (s, t) in enumerate(lines, 1)]


CHAT = [
    ("a", "hey"),
    ("b", "hi"),
    ("a", "how old r u"),
    ("b", "12"),
    ("a", "we could meet at the mall, i can pick u up"),
]


def test_the_scorer_counts_the_answer_as_a_minor_disclosure(detector: Detector) -> None:
    updates = detector.scorer().process(_conversation(CHAT))
    assert updates[2].minors == () and updates[3].minors == ("b",)
    assert [s.label for s in updates[3].signals] == ["minor_self_disclosure"]
    assert updates[4].heavy_combination  # meeting talk after the other said they are 12
    unasked = [line for line in CHAT if line[1] != "how old r u"]
    assert detector.scorer().process(_conversation(unasked))[-1].minors == ()


def test_an_open_question_survives_a_snapshot_and_older_states_load(
    detector: Detector,
) -> None:
    messages = _conversation(CHAT)
    straight = detector.scorer().process(messages)
    first = detector.scorer()
    first.process(messages[:3])  # asked, not yet answered
    saved = json.loads(json.dumps(first.snapshot()))
    assert saved["conversations"]["c"]["question"] == ["a", REPLIES]
    second = detector.scorer()
    second.restore(saved)
    assert second.process(messages[3:]) == straight[3:]
    del saved["conversations"]["c"]["question"]  # written before questions were kept
    older = detector.scorer()
    older.restore(saved)
    assert older.process(messages[3:])[0].minors == ()
    saved["conversations"]["c"]["question"] = ["a", 0]
    with pytest.raises(ValueError, match="question"):
        detector.scorer().restore(saved)


def test_explanations_and_explain_name_the_answer(tmp_path: Path) -> None:
    timeline = timeline_of(_conversation(CHAT))
    assert "the other participant said they are 12 (msg 4)" in explain(timeline, "a")
    chat = tmp_path / "chat.jsonl"
    chat.write_text(
        "".join(
            json.dumps(
                {
                    "conversation_id": "c",
                    "message_id": f"m{i}",
                    "sender_id": sender,
                    "sent_at": f"2026-05-01T10:0{i}:00Z",
                    "text": text,
                }
            )
            + "\n"
            for i, (sender, text) in enumerate(CHAT)
        )
    )
    out = CliRunner().invoke(main, ["explain", str(chat), "--format", "json"])
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines()]
    assert records[3]["labels"] == [
        {"label": "minor_self_disclosure", "start": 0, "end": 2, "confidence": 0.7}
    ]


def test_a_closed_case_keeps_the_minor_who_answered(database: Database, detector: Detector) -> None:
    """A closed case's participants are read from its messages (not the live state): the
    one who answered "12" to an age question is still a minor there, and the report's
    victim, as while the case was open."""
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    start = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    lines = [*CHAT, *(("a", text) for _, text in GROOMING_LINES[4:])]  # the adult's
    Ingestor(database, detector).ingest(
        platform,
        [
            IncomingMessage("c", f"m{i}", sender, start + timedelta(minutes=i), text)
            for i, (sender, text) in enumerate(lines)
        ],
    )
    with database.transaction() as conn:
        (alert_id,) = conn.execute(select(alerts.c.id)).scalars()
        opened = load_case_file(conn, conn.execute(select(alerts)).one())
        close_alert(conn, platform.id, alert_id, "reported")
        closed = load_case_file(conn, conn.execute(select(alerts)).one())
    assert opened.minors == closed.minors == ["b"]
    assert [p["minor_disclosed"] for p in closed.participants if p["sender_id"] == "b"] == [True]
