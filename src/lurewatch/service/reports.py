"""Report packages for escalated cases: what a moderator downloads to file with NCMEC.

lurewatch submits nothing. For a case a moderator escalated, it builds a zip the moderator (or
their trust and safety team) can use to file a CyberTipline report themselves:

- ``report.xml``: the case in the shape of the public NCMEC CyberTipline Reporting API report
  (https://report.cybertip.org/ispws/documentation), validated in the tests against
  ``schemas/cybertipline-report.xsd``, which we wrote from that public field list;
- ``conversation.csv``: the whole conversation, one row per message, for reading;
- ``evidence.json``: everything lurewatch holds on the case, for any other recipient, with the
  exact text of every message and id;
- ``manifest.json``: SHA-256 and size of the three files above.

A text-only case (no images or other files) is a complete report: nothing here asks for files.

The XML, element by element (no namespace: the public API's root is a bare ``<report>``), in the
public schema's sequence order::

    report
      incidentSummary
        incidentType                 "Online Enticement of Children for Sexual Acts"
        platform                     the platform's name
        incidentDateTime             when the first flagged message was sent (UTC)
        incidentDateTimeDescription  what that time is, and the conversation's span
      internetDetails
        chatImIncident
          chatClient                 the platform's name
          chatRoomName               the conversation id
          content                    the transcript, one message per line
          additionalInfo             message count and time span
      reporter
        reportingPerson
          firstName                  the moderator's display name, whole
          email                      optional
        contactPerson/email          the platform's contact address, optional
      personOrUserReported
        personOrUserReportedPerson/age  declared age, when known
        espIdentifier                the sender id on the platform
        espService                   the platform's name
        screenName                   optional
        additionalInfo               age band, account creation time, when known
      victim (0..n)                  participants known to be minors
        victimPerson[/age]
        espIdentifier, espService, screenName?, additionalInfo?
      additionalInfo                 explanation, risk score, model, text-only notice

Where the names come from: the public documentation and the clients written against it agree
on ``incidentSummary``/``internetDetails``/``reporter``/``personOrUserReported``/``victim``/
``additionalInfo`` as the report's children in that order (``lawEnforcement`` and
``intendedRecipient``, which lurewatch never fills, sit between them), on ``chatImIncident``
with ``chatClient``, ``chatRoomName``, ``content``, ``additionalInfo``, and on the person
fields (``firstName``, ``lastName``, ``phone``, ``email``, ``address``, ``age``...).
``incidentSummary/platform`` is a newer field that some clients lack; it is optional here.
Choices of ours: the public reporter block has no field for the ESP's name (NCMEC knows the
ESP from its API account), so the platform goes in ``incidentSummary/platform``, in the
``espService`` fields and in ``additionalInfo``; a moderator's display name is not split into
first and last name; the reported user's account creation time and age band have no public
field and go in that user's ``additionalInfo``; no IP addresses are known, so no
``ipCaptureEvent`` is written.

Text that XML 1.0 cannot carry (control characters other than tab and newline, lone
surrogates, U+FFFE and U+FFFF) is replaced by U+FFFD in the XML, so a hostile message cannot
make the document unreadable, and line breaks are normalised to ``\\n`` as any XML parser
would. The JSON keeps every character as sent (escaping control characters), except lone
surrogates, which UTF-8 cannot encode and which become U+FFFD there too. The JSON and the XML
(within what XML 1.0 carries) hold the exact text: they are the evidence.

The CSV is for reading the conversation, in a spreadsheet program too. It is plain UTF-8
without a byte-order mark (a BOM would make the first column name ``\\ufeffmessage_id`` for
every program but Excel), RFC 4180 quoting and CRLF row ends; ``recipient_ids`` are joined with
``;`` (the JSON keeps them as a list). A cell that starts with ``= + - @``, a tab or a carriage
return gets a leading ``'`` (`no_formula`), so a message like ``=HYPERLINK(...)`` cannot run as
a formula in whoever opens it; otherwise it keeps every character as the JSON does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from .._outputs import no_formula
from ._time import aware, utcnow

__all__ = [
    "INCIDENT_TYPE",
    "ReportCase",
    "ReportDecision",
    "ReportLabel",
    "ReportMessage",
    "ReportNote",
    "ReportPlatform",
    "ReportReporter",
    "ReportVictim",
    "ReportedUser",
    "build_conversation_csv",
    "build_evidence_json",
    "build_report_xml",
    "build_report_zip",
]

INCIDENT_TYPE = "Online Enticement of Children for Sexual Acts"
CSV_COLUMNS = ("message_id", "sent_at", "sender_id", "recipient_ids", "text")
EVIDENCE_FORMAT = "lurewatch-evidence/1"
PACKAGE_FORMAT = "lurewatch-report-package/1"
TEXT_ONLY_NOTE = (
    "Text-only report package built by lurewatch for a person to file with the NCMEC "
    "CyberTipline; lurewatch submitted nothing. It holds no images or other media. "
    "conversation.csv is for reading: a cell that would start a spreadsheet formula (= + - @) "
    "starts with ' there; the exact text of every message and id is in evidence.json and "
    "report.xml."
)

# Everything outside XML 1.0's Char production, plus lone surrogates (also outside it).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_AGE = 150


# The case --------------------------------------------------------------------------------------


def _require(value: str, what: str) -> None:
    if not value:
        raise ValueError(f"{what} must not be empty")


def _check_age(age: int | None, what: str) -> None:
    if age is not None and not 0 <= age <= _MAX_AGE:
        raise ValueError(f"{what} must be between 0 and {_MAX_AGE}, not {age}")


def _check_unit(value: float, what: str) -> None:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{what} must be between 0 and 1, not {value}")


@dataclass(frozen=True, slots=True)
class ReportPlatform:
    """The platform the conversation happened on, which is also the reporting ESP."""

    id: str
    name: str
    url: str | None = None
    contact_email: str | None = None

    def __post_init__(self) -> None:
        _require(self.id, "platform id")
        _require(self.name, "platform name")


@dataclass(frozen=True, slots=True)
class ReportReporter:
    """The moderator building the report."""

    display_name: str
    email: str | None = None

    def __post_init__(self) -> None:
        _require(self.display_name, "reporter display name")


@dataclass(frozen=True, slots=True)
class ReportedUser:
    """The sender whose messages raised the alert, as the platform knows them."""

    user_id: str
    screen_name: str | None = None
    declared_age: int | None = None
    age_band: str | None = None
    account_created_at: datetime | None = None

    def __post_init__(self) -> None:
        _require(self.user_id, "reported user id")
        _check_age(self.declared_age, "declared age")


@dataclass(frozen=True, slots=True)
class ReportVictim:
    """A participant known to be a minor; `basis` says how (declared age, a disclosure)."""

    user_id: str
    age: int | None = None
    screen_name: str | None = None
    basis: str | None = None

    def __post_init__(self) -> None:
        _require(self.user_id, "victim user id")
        _check_age(self.age, "victim age")


@dataclass(frozen=True, slots=True)
class ReportMessage:
    """One message of the conversation, verbatim."""

    message_id: str
    sent_at: datetime
    sender_id: str
    recipient_ids: tuple[str, ...]
    text: str

    def __post_init__(self) -> None:
        _require(self.message_id, "message id")
        _require(self.sender_id, "sender id")


@dataclass(frozen=True, slots=True)
class ReportLabel:
    """A behaviour signal on a span of one message: text[start:end], in code points."""

    message_id: str
    label: str
    start: int
    end: int
    confidence: float

    def __post_init__(self) -> None:
        _require(self.label, "label")
        _check_unit(self.confidence, "label confidence")


@dataclass(frozen=True, slots=True)
class ReportDecision:
    """One entry of the case's moderator decision history."""

    decided_at: datetime
    moderator: str
    decision: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReportNote:
    """A moderator's note on the case, as its author wrote it."""

    written_at: datetime
    moderator: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportCase:
    """Everything a report package says about one escalated alert.

    `incident_at` is when the first flagged message was sent; `messages` are the whole
    conversation in the order the platform sent them.
    """

    alert_id: str
    conversation_id: str
    platform: ReportPlatform
    reporter: ReportReporter
    reported_user: ReportedUser
    incident_at: datetime
    messages: tuple[ReportMessage, ...]
    explanation: str
    risk_score: float
    model_version: str
    labels: tuple[ReportLabel, ...] = ()
    victims: tuple[ReportVictim, ...] = ()
    decisions: tuple[ReportDecision, ...] = ()
    notes: tuple[ReportNote, ...] = ()

    def __post_init__(self) -> None:
        _require(self.alert_id, "alert id")
        _require(self.conversation_id, "conversation id")
        _require(self.model_version, "model version")
        _check_unit(self.risk_score, "risk score")
        if not self.messages:
            raise ValueError("a report needs the conversation: no messages given")
        texts = {m.message_id: m.text for m in self.messages}
        if len(texts) != len(self.messages):
            raise ValueError("message ids must be unique within the conversation")
        for label in self.labels:
            if label.message_id not in texts:
                raise ValueError(f"label {label.label!r} names an unknown message")
            if not 0 <= label.start <= label.end <= len(texts[label.message_id]):
                raise ValueError(f"label {label.label!r} has a span outside its message")
        for victim in self.victims:
            if victim.user_id == self.reported_user.user_id:
                raise ValueError("the reported user cannot also be a victim")


# Shared helpers --------------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    """ISO 8601 in UTC with a Z; a naive time is taken as UTC, as the store does."""
    return aware(value).isoformat().replace("+00:00", "Z")


def _xml_text(value: str) -> str:
    """`value` as XML 1.0 can carry it (see the module docstring)."""
    return _NOT_XML_CHAR.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


def _utf8(text: str) -> bytes:
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def _json_bytes(value: dict[str, object]) -> bytes:
    return _utf8(json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


# report.xml ------------------------------------------------------------------------------------


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = _xml_text(text)
    return element


def _transcript(case: ReportCase) -> str:
    """One line per message; a message's own line breaks (any Unicode one) continue indented,
    and ids (any text the platform sent, line breaks included) are written with theirs
    escaped, so no message text or id can pass for another message."""
    lines = []
    for m in case.messages:
        to = ", ".join(map(_one_line, m.recipient_ids)) or "(recipients not recorded)"
        text = "\n  ".join(m.text.splitlines())
        lines.append(f"{_iso(m.sent_at)} {_one_line(m.sender_id)} -> {to}: {text}")
    return "\n".join(lines)


def _one_line(value: str) -> str:
    """`value` as it is, unless it breaks lines: then as a quoted, escaped literal."""
    return value if value.splitlines() == [value] else repr(value)


def _span(case: ReportCase) -> str:
    times = [aware(m.sent_at) for m in case.messages]
    return f"from {_iso(min(times))} to {_iso(max(times))}"


def _reported_user_info(user: ReportedUser) -> str | None:
    notes = []
    if user.declared_age is not None:
        notes.append("The age given is the one the user declared on the platform, unverified.")
    if user.age_band:
        notes.append(f"Age band the user declared on the platform: {user.age_band}.")
    if user.account_created_at is not None:
        notes.append(f"Account created: {_iso(user.account_created_at)}.")
    return " ".join(notes) or None


def _report_info(case: ReportCase) -> str:
    platform = case.platform
    where = f"{platform.name} (platform id {platform.id}"
    where += f", {platform.url})" if platform.url else ")"
    lines = [
        TEXT_ONLY_NOTE,
        f"Reporting service: {where}.",
        f"lurewatch alert {case.alert_id}: risk score {case.risk_score:.2f} from model "
        f"{case.model_version}; the score is an automated estimate, not a finding.",
        f"Why lurewatch flagged the conversation: {case.explanation or '(no explanation)'}",
    ]
    flagged_pairs = {(label.label, label.message_id) for label in case.labels}
    per_label = Counter(name for name, _ in flagged_pairs)
    if per_label:
        flagged = ", ".join(
            f"{name} ({n} message{'' if n == 1 else 's'})" for name, n in sorted(per_label.items())
        )
        lines.append(f"Behaviours flagged: {flagged}.")
    lines.append(
        "The complete conversation is in conversation.csv; the behaviour labels with their "
        "spans and the moderator decisions are in evidence.json, in the same package."
    )
    return "\n".join(lines)


def build_report_xml(case: ReportCase) -> bytes:
    """The case as a CyberTipline-shaped ``report`` document (UTF-8, see the module docstring)."""
    report = ET.Element("report")

    summary = _add(report, "incidentSummary")
    _add(summary, "incidentType", INCIDENT_TYPE)
    _add(summary, "platform", case.platform.name)
    _add(summary, "incidentDateTime", _iso(case.incident_at))
    _add(
        summary,
        "incidentDateTimeDescription",
        f"When the first message lurewatch flagged in alert {case.alert_id} was sent. "
        f"The conversation runs {_span(case)}.",
    )

    chat = _add(_add(report, "internetDetails"), "chatImIncident")
    _add(chat, "chatClient", case.platform.name)
    _add(chat, "chatRoomName", case.conversation_id)
    _add(chat, "content", _transcript(case))
    _add(
        chat,
        "additionalInfo",
        f"Text chat of {len(case.messages)} messages {_span(case)}, times in UTC; "
        "the same transcript is in conversation.csv, one row per message.",
    )

    reporter = _add(report, "reporter")
    person = _add(reporter, "reportingPerson")
    _add(person, "firstName", case.reporter.display_name)
    if case.reporter.email:
        _add(person, "email", case.reporter.email)
    if case.platform.contact_email:
        _add(_add(reporter, "contactPerson"), "email", case.platform.contact_email)

    user = case.reported_user
    reported = _add(report, "personOrUserReported")
    if user.declared_age is not None:
        _add(_add(reported, "personOrUserReportedPerson"), "age", str(user.declared_age))
    _add(reported, "espIdentifier", user.user_id)
    _add(reported, "espService", case.platform.name)
    if user.screen_name:
        _add(reported, "screenName", user.screen_name)
    info = _reported_user_info(user)
    if info:
        _add(reported, "additionalInfo", info)

    for victim in case.victims:
        block = _add(report, "victim")
        victim_person = _add(block, "victimPerson")
        if victim.age is not None:
            _add(victim_person, "age", str(victim.age))
        _add(block, "espIdentifier", victim.user_id)
        _add(block, "espService", case.platform.name)
        if victim.screen_name:
            _add(block, "screenName", victim.screen_name)
        if victim.basis:
            _add(block, "additionalInfo", f"Known to be a minor because: {victim.basis}")

    _add(report, "additionalInfo", _report_info(case))

    ET.indent(report)
    out = io.BytesIO()
    ET.ElementTree(report).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue() + b"\n"


# conversation.csv ------------------------------------------------------------------------------


def build_conversation_csv(case: ReportCase) -> bytes:
    """The conversation as CSV, one row per message, its cells safe to open in a spreadsheet
    program (see the module docstring for the format)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for m in case.messages:
        row = [m.message_id, _iso(m.sent_at), m.sender_id, ";".join(m.recipient_ids), m.text]
        writer.writerow(map(no_formula, row))
    return _utf8(out.getvalue())


# evidence.json ---------------------------------------------------------------------------------


def _maybe_iso(value: datetime | None) -> str | None:
    return None if value is None else _iso(value)


def build_evidence_json(case: ReportCase) -> bytes:
    """Everything in the case as JSON, keys in a fixed order, for recipients other than NCMEC."""
    labels_of: dict[str, list[dict[str, object]]] = {m.message_id: [] for m in case.messages}
    texts = {m.message_id: m.text for m in case.messages}
    for label in case.labels:
        labels_of[label.message_id].append(
            {
                "label": label.label,
                "start": label.start,
                "end": label.end,
                "confidence": label.confidence,
                "excerpt": texts[label.message_id][label.start : label.end],
            }
        )
    user = case.reported_user
    document: dict[str, object] = {
        "format": EVIDENCE_FORMAT,
        "alert_id": case.alert_id,
        "conversation_id": case.conversation_id,
        "incident_type": INCIDENT_TYPE,
        "incident_at": _iso(case.incident_at),
        "platform": {
            "id": case.platform.id,
            "name": case.platform.name,
            "url": case.platform.url,
            "contact_email": case.platform.contact_email,
        },
        "reporter": {"display_name": case.reporter.display_name, "email": case.reporter.email},
        "reported_user": {
            "user_id": user.user_id,
            "screen_name": user.screen_name,
            "declared_age": user.declared_age,
            "age_band": user.age_band,
            "account_created_at": _maybe_iso(user.account_created_at),
        },
        "victims": [
            {"user_id": v.user_id, "age": v.age, "screen_name": v.screen_name, "basis": v.basis}
            for v in case.victims
        ],
        "risk": {"score": case.risk_score, "model_version": case.model_version},
        "explanation": case.explanation,
        "messages": [
            {
                "message_id": m.message_id,
                "sent_at": _iso(m.sent_at),
                "sender_id": m.sender_id,
                "recipient_ids": list(m.recipient_ids),
                "text": m.text,
                "labels": labels_of[m.message_id],
            }
            for m in case.messages
        ],
        "decisions": [
            {
                "decided_at": _iso(d.decided_at),
                "moderator": d.moderator,
                "decision": d.decision,
                "reason": d.reason,
            }
            for d in case.decisions
        ],
        "notes": [
            {"written_at": _iso(n.written_at), "moderator": n.moderator, "text": n.text}
            for n in case.notes
        ],
    }
    return _json_bytes(document)


# The zip ---------------------------------------------------------------------------------------


def build_report_zip(case: ReportCase, *, created_at: datetime | None = None) -> bytes:
    """The package as a zip; byte-identical for the same case and `created_at` (default now)."""
    created = aware(created_at if created_at is not None else utcnow())
    if not 1980 <= created.year <= 2107:
        raise ValueError("created_at must lie between 1980 and 2107, the years a zip can store")
    files = {
        "report.xml": build_report_xml(case),
        "conversation.csv": build_conversation_csv(case),
        "evidence.json": build_evidence_json(case),
    }
    manifest: dict[str, object] = {
        "format": PACKAGE_FORMAT,
        "created_at": _iso(created),
        "alert_id": case.alert_id,
        "text_only": True,
        "note": TEXT_ONLY_NOTE,
        "files": [
            {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        ],
    }
    files["manifest.json"] = _json_bytes(manifest)

    stamp = (created.year, created.month, created.day, created.hour, created.minute, created.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            # Fixed metadata, so the bytes depend only on the content and `created_at`.
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
