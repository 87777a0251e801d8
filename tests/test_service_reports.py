"""Report packages: the XML against our XSD, the CSV, the evidence JSON and the zip.

Every chat line here is invented for the tests.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from typing import Any

import pytest
import xmlschema

from lurewatch.service.reports import (
    ReportCase,
    ReportDecision,
    ReportedUser,
    ReportLabel,
    ReportMessage,
    ReportNote,
    ReportPlatform,
    ReportReporter,
    ReportVictim,
    build_conversation_csv,
    build_evidence_json,
    build_report_xml,
    build_report_zip,
)

T0 = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
CREATED = datetime(2026, 3, 4, 9, 30, 12, tzinfo=UTC)
ENTICEMENT = "Online Enticement of Children for Sexual Acts"
HOSTILE = "a <b> & c ]]> \x00 d \x1b[31m e \ud800 f \ufffe g\r\nh"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    xsd = resources.files("lurewatch.service").joinpath("schemas/cybertipline-report.xsd")
    return xmlschema.XMLSchema(xsd.read_text(encoding="utf-8"))


def message(message_id: str, minute: int, sender: str, to: str, text: str) -> ReportMessage:
    return ReportMessage(message_id, T0 + timedelta(minutes=minute), sender, (to,), text)


def make_case(**changes: Any) -> ReportCase:
    """A small invented case with every optional field filled; `changes` replace fields."""
    case = ReportCase(
        alert_id="42",
        conversation_id="conv-7",
        platform=ReportPlatform(
            "plat-1", "Kitecraft Chat", url="https://chat.example", contact_email="ts@example.org"
        ),
        reporter=ReportReporter("Moderator Dana", email="dana@example.org"),
        reported_user=ReportedUser(
            "u-adult",
            screen_name="skater_k",
            declared_age=16,
            age_band="16-17",
            account_created_at=datetime(2026, 2, 28, 8, 0, tzinfo=UTC),
        ),
        incident_at=T0 + timedelta(minutes=2),
        messages=(
            message("m1", 0, "u-kid", "u-adult", "hi! i'm 12, in year 7"),
            message("m2", 1, "u-adult", "u-kid", "cool, you seem older than that"),
            message("m3", 2, "u-adult", "u-kid", "this stays between us, ok?"),
        ),
        explanation="Asked for secrecy after the other participant said they were 12.",
        risk_score=0.91,
        model_version="lw-2026.02",
        labels=(
            ReportLabel("m2", "flattery", 6, 30, 0.62),
            ReportLabel("m3", "secrecy", 0, 18, 0.88),
        ),
        victims=(ReportVictim("u-kid", age=12, basis="said they were 12 (message m1)"),),
        decisions=(ReportDecision(T0 + timedelta(hours=1), "Moderator Dana", "escalate", "minor"),),
        notes=(ReportNote(T0 + timedelta(minutes=50), "Moderator Lee", "call"),),
    )
    return dataclasses.replace(case, **changes)


def minimal_case() -> ReportCase:
    """Only what every case has: no optional detail anywhere, no victims, no labels."""
    return make_case(
        platform=ReportPlatform("plat-1", "Kitecraft Chat"),
        reporter=ReportReporter("Moderator Dana"),
        reported_user=ReportedUser("u-adult"),
        labels=(),
        victims=(),
        decisions=(),
    )


def child(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path)
    assert found is not None, path
    return found


def tags(element: ET.Element) -> list[str]:
    return [sub.tag for sub in element]


# report.xml ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [make_case(), minimal_case()], ids=["full", "minimal"])
def test_report_xml_is_valid_against_the_xsd(schema: xmlschema.XMLSchema, case: ReportCase) -> None:
    schema.validate(build_report_xml(case).decode("utf-8"))


def test_xsd_rejects_a_report_with_elements_out_of_order(schema: xmlschema.XMLSchema) -> None:
    root = ET.fromstring(build_report_xml(make_case()))
    reporter = child(root, "reporter")
    root.remove(reporter)
    root.insert(1, reporter)  # now before internetDetails
    assert tags(root)[:3] == ["incidentSummary", "reporter", "internetDetails"]
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_xsd_rejects_an_unknown_incident_type(schema: xmlschema.XMLSchema) -> None:
    text = build_report_xml(make_case()).decode("utf-8")
    assert not schema.is_valid(text.replace(ENTICEMENT, "Online Enticement"))


def test_xsd_rejects_a_reported_user_without_an_identifier(schema: xmlschema.XMLSchema) -> None:
    root = ET.fromstring(build_report_xml(make_case()))
    reported = child(root, "personOrUserReported")
    reported.remove(child(reported, "espIdentifier"))
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_report_elements_follow_the_public_sequence() -> None:
    root = ET.fromstring(build_report_xml(make_case()))
    assert root.tag == "report"
    assert tags(root) == [
        "incidentSummary",
        "internetDetails",
        "reporter",
        "personOrUserReported",
        "victim",
        "additionalInfo",
    ]
    summary = ["incidentType", "platform", "incidentDateTime", "incidentDateTimeDescription"]
    assert tags(child(root, "incidentSummary")) == summary
    chat = child(root, "internetDetails/chatImIncident")
    assert tags(chat) == ["chatClient", "chatRoomName", "content", "additionalInfo"]
    assert tags(child(root, "reporter")) == ["reportingPerson", "contactPerson"]
    assert tags(child(root, "reporter/reportingPerson")) == ["firstName", "email"]
    assert tags(child(root, "personOrUserReported")) == [
        "personOrUserReportedPerson",
        "espIdentifier",
        "espService",
        "screenName",
        "additionalInfo",
    ]
    assert tags(child(root, "victim")) == [
        "victimPerson",
        "espIdentifier",
        "espService",
        "additionalInfo",
    ]


def test_report_carries_the_case_facts() -> None:
    root = ET.fromstring(build_report_xml(make_case()))
    assert root.findtext("incidentSummary/incidentType") == ENTICEMENT
    assert root.findtext("incidentSummary/incidentDateTime") == "2026-03-02T19:02:00Z"
    assert root.findtext("internetDetails/chatImIncident/chatClient") == "Kitecraft Chat"
    assert root.findtext("internetDetails/chatImIncident/chatRoomName") == "conv-7"
    assert root.findtext("reporter/reportingPerson/firstName") == "Moderator Dana"
    assert root.findtext("reporter/contactPerson/email") == "ts@example.org"
    reported = child(root, "personOrUserReported")
    assert reported.findtext("espIdentifier") == "u-adult"
    assert reported.findtext("espService") == "Kitecraft Chat"
    assert reported.findtext("screenName") == "skater_k"
    assert reported.findtext("personOrUserReportedPerson/age") == "16"
    assert "2026-02-28T08:00:00Z" in (reported.findtext("additionalInfo") or "")
    assert "16-17" in (reported.findtext("additionalInfo") or "")
    info = root.findtext("additionalInfo") or ""
    assert "text-only" in info.lower() and "submitted nothing" in info
    assert "0.91" in info and "lw-2026.02" in info and make_case().explanation in info
    assert "flattery (1 message), secrecy (1 message)" in info


def test_minimal_report_leaves_out_what_is_unknown() -> None:
    root = ET.fromstring(build_report_xml(minimal_case()))
    assert root.find("victim") is None
    assert root.find("reporter/contactPerson") is None
    assert root.find("reporter/reportingPerson/email") is None
    assert tags(child(root, "personOrUserReported")) == ["espIdentifier", "espService"]
    assert "ipCaptureEvent" not in build_report_xml(minimal_case()).decode("utf-8")


def test_every_known_victim_is_reported(schema: xmlschema.XMLSchema) -> None:
    victims = (
        ReportVictim("u-kid", age=12, basis="said they were 12"),
        ReportVictim("u-friend", screen_name="pony_fan"),  # age unknown
    )
    document = build_report_xml(make_case(victims=victims))
    schema.validate(document.decode("utf-8"))
    found = ET.fromstring(document).findall("victim")
    assert [v.findtext("espIdentifier") for v in found] == ["u-kid", "u-friend"]
    assert found[0].findtext("victimPerson/age") == "12"
    assert tags(child(found[1], "victimPerson")) == []
    assert found[1].findtext("screenName") == "pony_fan"


def test_hostile_text_cannot_break_the_xml(schema: xmlschema.XMLSchema) -> None:
    case = make_case(
        messages=(message("m1", 0, "u-adult", "u-kid", HOSTILE),),
        labels=(),
        explanation=HOSTILE,
        reporter=ReportReporter("Dana <script>"),
        reported_user=ReportedUser("u-adult", screen_name="\x07bell&<"),
    )
    document = build_report_xml(case)
    schema.validate(document.decode("utf-8"))  # also proves it parses
    root = ET.fromstring(document)
    content = root.findtext("internetDetails/chatImIncident/content") or ""
    forbidden = "a <b> & c ]]> \ufffd d \ufffd[31m e \ufffd f \ufffd g\n  h"
    assert content.endswith(f"u-adult -> u-kid: {forbidden}")
    assert forbidden.replace("\n  ", "\n") in (root.findtext("additionalInfo") or "")
    assert root.findtext("reporter/reportingPerson/firstName") == "Dana <script>"
    assert root.findtext("personOrUserReported/screenName") == "\ufffdbell&<"


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n", "\u2028", "\x85", "\x0b"])
def test_a_message_cannot_forge_transcript_lines(newline: str) -> None:
    forged = f"ok{newline}2026-03-02T19:05:00Z u-kid -> u-adult: forged line"
    case = make_case(messages=(message("m1", 0, "u-adult", "u-kid", forged),), labels=())
    content = ET.fromstring(build_report_xml(case)).findtext(
        "internetDetails/chatImIncident/content"
    )
    assert content is not None
    assert [line for line in content.splitlines() if not line.startswith(" ")] == [
        "2026-03-02T19:00:00Z u-adult -> u-kid: ok"
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\u2028"])
def test_an_id_cannot_forge_transcript_lines(newline: str) -> None:
    """Ids are any text the platform sent (the API refuses only NUL)."""
    forged = f"mallory{newline}2026-03-02T19:05:00Z u-kid -> mallory: ok i will come alone"
    case = make_case(messages=(message("m1", 0, forged, forged, "hi"),), labels=())
    content = ET.fromstring(build_report_xml(case)).findtext(
        "internetDetails/chatImIncident/content"
    )
    assert content is not None and len(content.splitlines()) == 1
    assert content.startswith("2026-03-02T19:00:00Z 'mallory")


def test_conversation_span_does_not_depend_on_message_order() -> None:
    messages = make_case().messages
    for case in (make_case(), make_case(messages=messages[::-1])):
        description = ET.fromstring(build_report_xml(case)).findtext(
            "incidentSummary/incidentDateTimeDescription"
        )
        assert "from 2026-03-02T19:00:00Z to 2026-03-02T19:02:00Z" in (description or "")


def test_times_are_written_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    case = make_case(incident_at=datetime(2026, 3, 2, 21, 2, tzinfo=plus_two))
    root = ET.fromstring(build_report_xml(case))
    assert root.findtext("incidentSummary/incidentDateTime") == "2026-03-02T19:02:00Z"
    naive = make_case(incident_at=datetime(2026, 3, 2, 19, 2))  # the store's naive UTC
    assert build_report_xml(naive) == build_report_xml(make_case())


# conversation.csv ------------------------------------------------------------------------------


def test_csv_round_trips_tricky_text() -> None:
    texts = [
        'she said "hi", then left',
        "line one\nline two\r\nline three\rfour",
        "  padded, \t tabbed  ",
        "nul\x00 and esc\x1b and emoji 🙂",
        "",
    ]
    messages = tuple(
        ReportMessage(f"m{i}", T0 + timedelta(minutes=i), "u-adult", ("u-kid", "u-2"), text)
        for i, text in enumerate(texts)
    )
    data = build_conversation_csv(make_case(messages=messages, labels=()))
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["message_id", "sent_at", "sender_id", "recipient_ids", "text"]
    assert rows[1:] == [
        [f"m{i}", f"2026-03-02T19:0{i}:00Z", "u-adult", "u-kid;u-2", text]
        for i, text in enumerate(texts)
    ]


def test_csv_shows_formula_like_cells_as_text_and_the_json_keeps_them() -> None:
    """The CSV is for reading, in a spreadsheet program too: a chat-controlled cell that
    would start a formula gets a leading ', while evidence.json and report.xml keep it exact."""
    formula = '=HYPERLINK("http://x.example","click")'
    messages = (
        ReportMessage("@m1", T0, "=evil()", ("+kid",), formula),
        ReportMessage("m2", T0, "u-kid", ("-x",), "\tcmd"),
        ReportMessage("m3", T0, "u-kid", ("u-adult",), "a = b"),
    )
    case = make_case(messages=messages, labels=(), reported_user=ReportedUser("=evil()"))
    rows = list(csv.reader(io.StringIO(build_conversation_csv(case).decode("utf-8"), newline="")))
    assert rows[1:] == [
        ["'@m1", "2026-03-02T19:00:00Z", "'=evil()", "'+kid", "'" + formula],
        ["m2", "2026-03-02T19:00:00Z", "u-kid", "'-x", "'\tcmd"],
        ["m3", "2026-03-02T19:00:00Z", "u-kid", "u-adult", "a = b"],
    ]
    evidence = json.loads(build_evidence_json(case))
    assert evidence["messages"][0]["text"] == formula
    assert evidence["messages"][0]["sender_id"] == "=evil()"
    assert formula in ET.fromstring(build_report_xml(case)).findtext(".//content", "")
    with zipfile.ZipFile(io.BytesIO(build_report_zip(case, created_at=CREATED))) as archive:
        note = json.loads(archive.read("manifest.json"))["note"]
    assert "exact text of every message and id is in evidence.json" in note


def test_csv_replaces_only_what_utf8_cannot_hold() -> None:
    case = make_case(messages=(message("m1", 0, "u-adult", "u-kid", "x\ud800y\x00"),), labels=())
    rows = list(csv.reader(io.StringIO(build_conversation_csv(case).decode("utf-8"), newline="")))
    assert rows[1][4] == "x\ufffdy\x00"


# evidence.json ---------------------------------------------------------------------------------


def test_evidence_json_holds_the_whole_case() -> None:
    data = build_evidence_json(make_case())
    evidence = json.loads(data)
    assert list(evidence) == [
        "format",
        "alert_id",
        "conversation_id",
        "incident_type",
        "incident_at",
        "platform",
        "reporter",
        "reported_user",
        "victims",
        "risk",
        "explanation",
        "messages",
        "decisions",
        "notes",
    ]
    assert evidence["incident_type"] == ENTICEMENT
    assert evidence["risk"] == {"score": 0.91, "model_version": "lw-2026.02"}
    assert evidence["reported_user"]["account_created_at"] == "2026-02-28T08:00:00Z"
    assert evidence["victims"] == [
        {
            "user_id": "u-kid",
            "age": 12,
            "screen_name": None,
            "basis": "said they were 12 (message m1)",
        }
    ]
    assert [m["message_id"] for m in evidence["messages"]] == ["m1", "m2", "m3"]
    assert evidence["messages"][0]["labels"] == []
    assert evidence["messages"][2]["labels"] == [
        {
            "label": "secrecy",
            "start": 0,
            "end": 18,
            "confidence": 0.88,
            "excerpt": "this stays between",
        }
    ]
    assert evidence["messages"][1]["labels"][0]["excerpt"] == "you seem older than that"
    assert evidence["decisions"] == [
        {
            "decided_at": "2026-03-02T20:00:00Z",
            "moderator": "Moderator Dana",
            "decision": "escalate",
            "reason": "minor",
        }
    ]
    # a note keeps its own author and time, not the deciding moderator's
    assert evidence["notes"] == [
        {"written_at": "2026-03-02T19:50:00Z", "moderator": "Moderator Lee", "text": "call"}
    ]
    assert build_evidence_json(make_case()) == data


def test_evidence_json_keeps_control_characters() -> None:
    case = make_case(messages=(message("m1", 0, "u-adult", "u-kid", HOSTILE),), labels=())
    text = json.loads(build_evidence_json(case))["messages"][0]["text"]
    assert text == HOSTILE.replace("\ud800", "\ufffd")


# The zip ---------------------------------------------------------------------------------------


def test_zip_manifest_matches_its_members() -> None:
    with zipfile.ZipFile(io.BytesIO(build_report_zip(make_case(), created_at=CREATED))) as archive:
        assert archive.namelist() == [
            "report.xml",
            "conversation.csv",
            "evidence.json",
            "manifest.json",
        ]
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["created_at"] == "2026-03-04T09:30:12Z"
        assert manifest["alert_id"] == "42"
        assert manifest["text_only"] is True
        assert "text-only" in manifest["note"].lower()
        listed = {entry["name"]: entry for entry in manifest["files"]}
        assert sorted(listed) == ["conversation.csv", "evidence.json", "report.xml"]
        for name, entry in listed.items():
            member = archive.read(name)
            assert entry["sha256"] == hashlib.sha256(member).hexdigest()
            assert entry["size"] == len(member)
        assert archive.read("report.xml") == build_report_xml(make_case())
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 4, 9, 30, 12)}


def test_zip_is_deterministic() -> None:
    first = build_report_zip(make_case(), created_at=CREATED)
    assert build_report_zip(make_case(), created_at=CREATED) == first
    assert build_report_zip(make_case(), created_at=CREATED + timedelta(days=1)) != first
    assert build_report_zip(make_case(explanation="other"), created_at=CREATED) != first


def test_zip_refuses_a_time_a_zip_cannot_store() -> None:
    with pytest.raises(ValueError, match="1980"):
        build_report_zip(make_case(), created_at=datetime(1979, 12, 31, tzinfo=UTC))


# The case itself ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"messages": ()}, "no messages"),
        ({"labels": (ReportLabel("m9", "secrecy", 0, 1, 0.5),)}, "unknown message"),
        ({"labels": (ReportLabel("m1", "secrecy", 3, 99, 0.5),)}, "outside"),
        ({"labels": (ReportLabel("m1", "secrecy", 3, 2, 0.5),)}, "outside"),
        ({"risk_score": float("nan")}, "risk score"),
        ({"risk_score": 1.5}, "risk score"),
        ({"victims": (ReportVictim("u-adult"),)}, "cannot also be a victim"),
        ({"alert_id": ""}, "alert id"),
    ],
)
def test_inconsistent_cases_are_refused(changes: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        make_case(**changes)


def test_duplicate_message_ids_are_refused() -> None:
    twice = (message("m1", 0, "u-a", "u-b", "one"), message("m1", 1, "u-b", "u-a", "two"))
    with pytest.raises(ValueError, match="unique"):
        make_case(messages=twice, labels=())


@pytest.mark.parametrize(
    "build",
    [
        lambda: ReportedUser("u-adult", declared_age=-1),
        lambda: ReportVictim("u-kid", age=151),
        lambda: ReportLabel("m1", "secrecy", 0, 1, 1.01),
        lambda: ReportPlatform("plat-1", ""),
        lambda: ReportReporter(""),
        lambda: ReportMessage("m1", T0, "", (), "text"),
    ],
)
def test_impossible_details_are_refused(build: Any) -> None:
    with pytest.raises(ValueError):
        build()
