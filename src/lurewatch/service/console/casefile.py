"""Everything the case view shows about one case, gathered from the store.

Kept apart from the routes so the report package and the case page read the same facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, Select, func, select

from ...engine.cues import has_minor_cue
from ...engine.signals import STAGE_OF, AgeQuestion, Timeline
from .._time import aware
from ..behaviour import summarise, timeline_from
from ..conversation_states import whole_state
from ..ingest import MINOR_AGE_BANDS
from ..reports import (
    ReportCase,
    ReportDecision,
    ReportedUser,
    ReportLabel,
    ReportMessage,
    ReportNote,
    ReportPlatform,
    ReportReporter,
    ReportVictim,
)
from ..store.schema import alerts, conversations, messages, senders
from ..views import PARTICIPANTS, disclosure_order, listed_participants

__all__ = ["CaseFile", "MessageView", "Window", "load_case_file", "load_message", "report_case"]

BLURRED_LABELS = frozenset({"sexual"})
# rows of the case page's participant table (a busy room has thousands)
PARTICIPANTS_SHOWN = PARTICIPANTS


@dataclass(frozen=True)
class Window:
    """The part of a long transcript the case page shows: messages `first` to `last`
    (1-based, inclusive) of `total`, at most `size` of them, so that a room of 100,000
    messages is a page a browser can open."""

    first: int
    last: int
    total: int
    size: int

    @classmethod
    def around(cls, total: int, size: int, anchor: int, start: int | None = None) -> Window:
        """The window beginning at `start`, or else the one that shows `anchor` a quarter
        of the way down (what led up to it, and more of what followed)."""
        wanted = start if start is not None else anchor - size // 4
        first = min(max(wanted, 1), max(total - size + 1, 1))
        return cls(first, min(first + size - 1, total), total, size)

    @property
    def whole(self) -> bool:
        return self.first <= 1 and self.last >= self.total

    @property
    def earlier(self) -> int | None:
        """Where the previous window begins (None at the start)."""
        return max(self.first - self.size, 1) if self.first > 1 else None

    @property
    def later(self) -> int | None:
        return self.last + 1 if self.last < self.total else None

    def link(self, index: int) -> str:
        """A link to message `index`: an anchor on this page, or the window showing it."""
        if self.first <= index <= self.last:
            return f"#m{index}"
        first = Window.around(self.total, self.size, index).first
        return f"?start={first}#m{index}"


@dataclass
class MessageView:
    seq: int
    index: int  # 1-based position in the conversation
    message_id: str
    sender_id: str
    recipient_ids: list[str] | None
    sent_at: Any
    text: str
    conversation_risk: float
    labels: list[tuple[str, int, int, float]]  # (label, start, end, confidence) on `text`
    flagged: bool  # written by the flagged sender
    evidence: bool  # among the model's top evidence messages

    @property
    def sensitive(self) -> bool:
        """A signal marks it as sexual (detection misses much explicit text: see held_back)."""
        return any(label in BLURRED_LABELS for label, *_ in self.labels)

    def held_back(self, blur: str) -> bool:
        """Whether the console withholds the text until a moderator reveals it: every
        message with setting `console_blur` "all" (the default), else the sensitive ones."""
        return blur != "labelled" or self.sensitive

    def segments(self) -> list[tuple[str, str | None]]:
        """The text cut into (piece, label or None) for highlighting; overlaps keep the first."""
        out: list[tuple[str, str | None]] = []
        at = 0
        for label, start, end, _ in sorted(self.labels, key=lambda s: (s[1], -s[2])):
            if start < at:
                continue
            if start > at:
                out.append((self.text[at:start], None))
            out.append((self.text[start:end], label))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], None))
        return out


@dataclass
class CaseFile:
    alert: Any
    platform_id: str
    messages: list[MessageView]
    participants: list[dict[str, Any]]
    minors: list[str]
    other_alerts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged_sender(self) -> str:
        return str(self.alert.sender_id)

    @cached_property
    def anchor(self) -> int | None:
        """The message where this alert was raised (its trigger: where the warning fired,
        or for an alert raised again after a closed one, the message that raised it), else
        its first evidence; None when retention deleted both."""
        trigger = self.alert.trigger_message_id
        found = next((m.index for m in self.messages if m.message_id == trigger), None)
        return found or next((m.index for m in self.messages if m.evidence), None)

    def window(self, size: int, start: int | None = None, last: int | None = None) -> Window:
        """The window beginning at `start` (else around the anchor), ending no later than
        `last` (what a page showed: the conversation may have grown since)."""
        window = Window.around(len(self.messages), size, self.anchor or 1, start)
        if last is not None and last < window.last:
            window = replace(window, last=max(last, window.first - 1))
        return window

    def shown(self, window: Window) -> list[MessageView]:
        return self.messages[window.first - 1 : window.last]

    def listed_participants(self) -> list[dict[str, Any]]:
        """The participants the case page lists (at most PARTICIPANTS_SHOWN): the flagged
        sender, those who said they are minors, then the riskiest, as the API's
        conversation document lists them."""
        risks = {p["sender_id"]: p["risk"] or 0.0 for p in self.participants}
        minors = disclosure_order(self.minors, self.timeline)
        names = listed_participants(risks, PARTICIPANTS_SHOWN, self.flagged_sender, minors)
        by_name = {p["sender_id"]: p for p in self.participants}
        return [by_name[name] for name in names]

    @cached_property
    def timeline(self) -> Timeline:
        return timeline_from((m.sender_id, m.text, m.labels) for m in self.messages)

    @cached_property
    def behaviour(self) -> dict[str, Any]:
        """Signals by sender, stages and the explanation (see service.behaviour)."""
        evidence = [m.index for m in self.messages if m.evidence]
        return summarise(self.timeline, self.flagged_sender, evidence)

    def stages(self) -> list[dict[str, Any]]:
        """The flagged sender's stages in the order reached, with the labels behind each."""
        mine = self.behaviour["senders"].get(self.flagged_sender, {"stages": [], "labels": {}})
        return [
            {
                "stage": step["stage"],
                "index": step["message"],
                "labels": sorted(
                    label for label in mine["labels"] if STAGE_OF.get(label) == step["stage"]
                ),
            }
            for step in mine["stages"]
        ]


def _labels(row: Any) -> list[tuple[str, int, int, float]]:
    """The signals ingest stored with the message (null when none fired)."""
    return [(str(a), int(b), int(c), float(d)) for a, b, c, d in row.labels or ()]


def _state_of(rows: Sequence[Any]) -> dict[str, Any]:
    """The participant facts as they stood at the case file's last message (a closed case's
    facts are not changed by what was said after the decision): each sender's last stored
    risk, and the minors known by then, as the scorer knew them: by their own words, by an
    age given in answer to an age question, or as the platform marked them."""
    pairs = {row.sender_id: {"risk": row.sender_risk} for row in rows}
    minors = set()
    question: AgeQuestion | None = None
    for row in rows:
        asks = any(label == "age_probe" for label, *_ in row.labels or ())
        question, answer = AgeQuestion.after(question, row.sender_id, asks, row.text)
        if row.sender_minor or answer is not None or has_minor_cue(row.text):
            minors.add(row.sender_id)
    return {"pairs": pairs, "minors": sorted(minors)}


def _case_messages(alert_row: Any) -> Select[Any]:
    """The query for the messages a case shows, in conversation order."""
    query = select(messages).where(
        messages.c.platform_id == alert_row.platform_id,
        messages.c.conversation_id == alert_row.conversation_id,
    )
    if alert_row.closed_at is not None:
        # A closed case is what was decided on: not messages that came later, nor those of a
        # conversation that retention deleted and the platform began again under its id.
        query = query.where(messages.c.received_at <= alert_row.closed_at)
    return query.order_by(messages.c.seq)


def _evidence_ids(alert_row: Any) -> set[str]:
    return {e["message_id"] for e in alert_row.evidence.get("messages", [])}


def _view(alert_row: Any, row: Any, index: int, evidence_ids: set[str]) -> MessageView:
    return MessageView(
        seq=row.seq,
        index=index,
        message_id=row.message_id,
        sender_id=row.sender_id,
        recipient_ids=row.recipient_ids,
        sent_at=aware(row.sent_at),
        text=row.text,
        conversation_risk=row.conversation_risk,
        labels=_labels(row),
        flagged=row.sender_id == alert_row.sender_id,
        evidence=row.message_id in evidence_ids,
    )


def load_message(conn: Connection, alert_row: Any, seq: int) -> MessageView | None:
    """One message of the case (None when it is not one of the case's), without reading the
    rest: what a reveal needs in a conversation of any length."""
    row = conn.execute(_case_messages(alert_row).where(messages.c.seq == seq)).first()
    if row is None:
        return None
    before = _case_messages(alert_row).where(messages.c.seq <= seq).order_by(None)
    index = conn.execute(select(func.count()).select_from(before.subquery())).scalar_one()
    return _view(alert_row, row, index, _evidence_ids(alert_row))


def load_case_file(conn: Connection, alert_row: Any) -> CaseFile:
    platform_id = alert_row.platform_id
    conversation_id = alert_row.conversation_id
    rows = conn.execute(_case_messages(alert_row)).all()
    evidence_ids = _evidence_ids(alert_row)
    views = [_view(alert_row, row, i, evidence_ids) for i, row in enumerate(rows, start=1)]
    conversation = conn.execute(
        select(conversations).where(
            conversations.c.platform_id == platform_id,
            conversations.c.conversation_id == conversation_id,
        )
    ).first()
    if alert_row.closed_at is not None:
        state = _state_of(rows)
    elif conversation is None:
        state = {"pairs": {}, "minors": []}
    else:
        state = whole_state(conn, platform_id, conversation)
    spoken = Counter(v.sender_id for v in views)
    names = sorted(spoken)
    context = {
        row.sender_id: row
        for row in conn.execute(
            select(senders).where(
                senders.c.platform_id == platform_id, senders.c.sender_id.in_(names)
            )
        )
    }
    participants = []
    minors = set(state.get("minors", []))
    for name in names:
        row = context.get(name)
        participants.append(
            {
                "sender_id": name,
                "flagged": name == alert_row.sender_id,
                "risk": state["pairs"].get(name, {}).get("risk"),
                "messages": spoken[name],
                "declared_age": row.declared_age if row is not None else None,
                "age_band": row.age_band if row is not None else None,
                "account_created_at": aware(row.account_created_at)
                if row is not None and row.account_created_at is not None
                else None,
                "minor_disclosed": name in minors,
            }
        )
    others = [
        {"id": r.id, "conversation_id": r.conversation_id, "status": r.status, "risk": r.risk}
        for r in conn.execute(
            select(alerts)
            .where(
                alerts.c.platform_id == platform_id,
                alerts.c.sender_id == alert_row.sender_id,
                alerts.c.id != alert_row.id,
            )
            .order_by(alerts.c.id.desc())
            .limit(20)
        )
    ]
    return CaseFile(
        alert=alert_row,
        platform_id=platform_id,
        messages=views,
        participants=participants,
        minors=list(state.get("minors", [])),
        other_alerts=others,
    )


def report_case(
    file: CaseFile,
    platform_name: str,
    moderator: str,
    steps: list[dict[str, Any]],
    explanation: str,
) -> ReportCase:
    """The case as a report package's input (reports.py knows nothing of the store)."""
    alert = file.alert
    # the first message lurewatch flagged: the alert's evidence or the one that fired it
    marked = [m for m in file.messages if m.evidence or m.message_id == alert.trigger_message_id]
    incident = (marked or file.messages)[0].sent_at
    people = {p["sender_id"]: p for p in file.participants}
    me = people.get(alert.sender_id, {})
    victims = [
        victim
        for p in file.participants
        if p["sender_id"] != alert.sender_id
        for victim in [_victim(p)]
        if victim is not None
    ]
    return ReportCase(
        alert_id=str(alert.id),
        conversation_id=alert.conversation_id,
        platform=ReportPlatform(id=file.platform_id, name=platform_name),
        reporter=ReportReporter(display_name=moderator),
        reported_user=ReportedUser(
            user_id=alert.sender_id,
            declared_age=me.get("declared_age"),
            age_band=me.get("age_band"),
            account_created_at=me.get("account_created_at"),
        ),
        incident_at=incident,
        messages=tuple(
            ReportMessage(
                message_id=m.message_id,
                sent_at=m.sent_at,
                sender_id=m.sender_id,
                recipient_ids=tuple(m.recipient_ids or ()),
                text=m.text,
            )
            for m in file.messages
        ),
        explanation=explanation,
        risk_score=float(alert.risk),
        # the model that raised the alert, not the one serving now (they differ after a
        # `db rescore`)
        model_version=f"lurewatch {alert.model_version}"
        if alert.model_version
        else "not recorded (the alert predates lurewatch recording the model)",
        labels=tuple(
            ReportLabel(message_id=m.message_id, label=label, start=start, end=end, confidence=conf)
            for m in file.messages
            for label, start, end, conf in m.labels
        ),
        victims=tuple(victims),
        decisions=tuple(
            ReportDecision(
                decided_at=s["at"], moderator=s["user"], decision=s["decision"], reason=s["text"]
            )
            for s in steps
            if s["kind"] == "decision"
        ),
        notes=tuple(
            ReportNote(written_at=s["at"], moderator=s["user"], text=s["text"])
            for s in steps
            if s["kind"] == "note"
        ),
    )


def _victim(p: dict[str, Any]) -> ReportVictim | None:
    """A participant known to be a minor, and how it is known: the platform's declared age or
    age band, or their own words in the chat (an adult declared age is then not given as
    theirs: the report would state an adult age for a minor)."""
    declared = p["declared_age"]
    if declared is not None and declared < 18:
        return ReportVictim(p["sender_id"], age=declared, basis="declared age on the platform")
    if p["age_band"] in MINOR_AGE_BANDS:
        basis = f"age band {p['age_band']} declared on the platform"
        return ReportVictim(p["sender_id"], basis=basis)
    if p["minor_disclosed"]:
        basis = "said so in the chat"
        if declared is not None:
            basis += f" (the age declared on the platform is {declared})"
        return ReportVictim(p["sender_id"], basis=basis)
    return None
