"""Request and response bodies of the HTTP API (pydantic v2; they make /openapi.json)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
)

from ..._errors import validation_message
from ..ingest import IncomingMessage, SenderContext

__all__ = [
    "AlertList",
    "CloseAlert",
    "ConversationDocument",
    "IngestResponse",
    "MessageBatch",
    "MessageIn",
    "SenderContextIn",
    "SenderDocument",
    "SettingsPatch",
    "WebhookEventList",
    "incoming",
    "oversized",
    "problems",
]


def _valid_unicode(value: str) -> str:
    """JSON allows escaped lone surrogates (`"\\ud800"`); they are not text and cannot be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"contains a lone surrogate at character {exc.start}; send valid Unicode text"
        ) from None
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


_DATED = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(value: Any) -> Any:
    """Pydantic would read a number, or a string of digits, as a Unix time: an instant is
    ISO 8601 text (a `datetime` passes: Python callers such as the import parse their own)."""
    if isinstance(value, datetime) or (isinstance(value, str) and _DATED.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date and time with a time zone, as a string")


def _utc(value: datetime) -> datetime:
    """The same instant in UTC, as it is stored; some instants written with an offset near
    the ends of the calendar have none (`9999-12-31T23:59:59-14:00`)."""
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside years 1 to 9999 once converted to UTC") from None


Text = Annotated[str, AfterValidator(_valid_unicode)]
# The request models are strict (a JSON `true` or `"12"` is no age, `"true"` no boolean);
# an instant is parsed from its text, which strict mode would refuse.
Instant = Annotated[AwareDatetime, Strict(False), BeforeValidator(_iso_text), AfterValidator(_utc)]
Id = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_valid_unicode)]


class SenderContextIn(BaseModel):
    """What the platform knows about the sender; a declared minor age raises others' risk."""

    model_config = ConfigDict(extra="forbid", strict=True)

    declared_age: int | None = Field(None, ge=0, le=130)
    age_band: Literal["under13", "13-15", "16-17", "adult"] | None = None
    account_created_at: Instant | None = None


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    conversation_id: Id
    message_id: Id = Field(
        description="Unique per platform: the same message again (same conversation, sender "
        "and text) is reported `duplicate`; an id stored before for another message is "
        "reported `conflict` and not stored; one id for two different messages in a batch "
        "is refused (422)."
    )
    sender_id: Id
    sent_at: Instant = Field(description="ISO 8601 with a time zone.")
    text: Text = Field(description="At most `max_text_bytes` UTF-8 bytes (default 16 KB).")
    recipient_ids: list[Id] | None = Field(None, max_length=1000)
    sender: SenderContextIn | None = None


def incoming(m: MessageIn) -> IncomingMessage:
    """What the ingestor takes from a validated message (its times are in UTC already)."""
    context = m.sender
    return IncomingMessage(
        conversation_id=m.conversation_id,
        message_id=m.message_id,
        sender_id=m.sender_id,
        sent_at=m.sent_at,
        text=m.text,
        recipient_ids=tuple(m.recipient_ids) if m.recipient_ids is not None else None,
        sender=None
        if context is None
        else SenderContext(
            context.declared_age,
            context.age_band,
            context.account_created_at,
        ),
    )


def oversized(text: str, limit: int) -> str | None:
    """What is wrong with a text over `limit` UTF-8 bytes (setting `max_text_bytes`), or None."""
    size = len(text.encode("utf-8"))
    return f"text is {size} UTF-8 bytes; the limit is {limit}" if size > limit else None


def problems(exc: ValidationError) -> str:
    """One line naming each invalid field of a message and what is wrong with it (never the
    value, which may be chat text)."""
    return "; ".join(
        f"{'/'.join(str(p) for p in err['loc']) or 'message'}: {validation_message(err)}"
        for err in exc.errors(include_input=False)
    )


class MessageBatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    messages: list[MessageIn] = Field(
        min_length=1, description="At most `max_batch_messages` (default 1,000)."
    )


class MessageStatus(BaseModel):
    message_id: str
    status: Literal["accepted", "duplicate", "conflict"] = Field(
        description="`duplicate`: this message was stored before (a resend); `conflict`: its "
        "id is stored for another message (another conversation, sender or text), so it "
        "was not stored: ids are unique per platform."
    )


class ConversationRisk(BaseModel):
    conversation_id: str
    risk: float
    level: Literal["low", "medium", "high", "critical"]
    warning: bool
    alert_id: int | None


class IngestResponse(BaseModel):
    accepted: int
    duplicates: int
    conflicts: int = Field(description="Messages not stored: their id is another message's.")
    results: list[MessageStatus]
    conversations: list[ConversationRisk]


class AlertOut(BaseModel):
    id: int
    conversation_id: str
    sender_id: str
    status: Literal["open", "closed"]
    outcome: str | None
    risk: float
    level: str
    trigger_message_id: str
    evidence: dict[str, Any]
    labels: list[str] = Field(
        description="Behaviour signals the flagged sender showed in the conversation "
        "(docs/signals.md)."
    )
    model_version: str | None = Field(
        description="The model whose scores raised it, or last updated it (null: raised "
        "before lurewatch recorded it)."
    )
    created_at: str
    updated_at: str
    closed_at: str | None


class AlertList(BaseModel):
    alerts: list[AlertOut]
    next_cursor: str | None = Field(description="Pass as `after` for the next page.")


class _Document(BaseModel):
    """A read model's JSON, declared for /openapi.json and checked on the way out: a field
    the store's code adds or drops without this declaration fails the tests, not a client."""

    model_config = ConfigDict(extra="forbid")


class EvidenceOut(_Document):
    message_id: str
    weight: float = Field(description="The message's share of the sender's risk.")


class ParticipantOut(_Document):
    risk: float
    messages: int
    warned_at: int | None = Field(
        description="The participant's message count when their warning rule fired."
    )
    evidence: list[EvidenceOut]


class StageOut(_Document):
    stage: str
    message: int = Field(description="The message (1-based) where the stage was reached.")


class BehaviourOut(_Document):
    labels: dict[str, int] = Field(
        description="Each behaviour label shown, with the message (1-based) where it first "
        "fired (docs/signals.md)."
    )
    stages: list[StageOut]
    minor_disclosed_at: int | None
    heavy_combination_at: int | None = Field(
        description="Where a minor's disclosure met this participant's sexual or meeting signals."
    )


class RiskPoint(_Document):
    message_id: str
    sender_id: str
    sent_at: str
    sender_risk: float
    conversation_risk: float


class ConversationDocument(_Document):
    conversation_id: str
    risk: float
    level: Literal["low", "medium", "high", "critical"]
    warning: bool
    warned_message_id: str | None
    alert_id: int | None = Field(description="The open alert, if any.")
    message_count: int
    first_message_at: str
    last_message_at: str
    minors: list[str] = Field(
        description="Those who said they are minors, in the order they said it (those known "
        "otherwise after them), at most `participants`."
    )
    minor_count: int
    flagged_sender: str | None = Field(
        description="The open alert's sender, else the riskiest participant."
    )
    explanation: str | None
    participant_count: int
    participants: dict[str, ParticipantOut] = Field(
        description="At most `participants`, keyed by sender id, written in the order "
        "listed: the flagged one, minors, then the riskiest. Many JSON readers do not keep an "
        "object's key order; docs/api.md gives the rule to re-apply it."
    )
    behaviour: dict[str, BehaviourOut] = Field(description="Per listed participant.")
    risk_history: list[RiskPoint] = Field(description="Per message, the last 500.")


class SenderConversation(_Document):
    conversation_id: str
    conversation_risk: float
    sender_risk: float | None


class SenderDocument(_Document):
    sender_id: str
    risk: float
    message_count: int
    declared_age: int | None
    age_band: str | None
    account_created_at: str | None
    last_message_at: str
    alert_ids: list[int] = Field(
        description="Open alerts on this sender, the latest first, at most `conversations`."
    )
    open_alert_count: int
    conversation_count: int
    conversations: list[SenderConversation] = Field(
        description="At most `conversations`: those with an open alert on this sender first, "
        "then by the conversation's risk, ties by id."
    )


class WebhookAttempt(_Document):
    attempted_at: str
    url: str
    status_code: int | None
    error: str | None
    duration_ms: float


class WebhookEvent(_Document):
    seq: int
    id: str = Field(description="The `webhook-id` receivers deduplicate on.")
    type: str
    status: Literal["pending", "delivered", "failed"]
    attempt_count: int
    next_attempt_at: str | None
    last_error: str | None
    created_at: str
    attempts: list[WebhookAttempt]


class WebhookEventList(_Document):
    events: list[WebhookEvent]
    next_cursor: str | None = Field(description="Pass as `after` for the next page.")


class CloseAlert(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    outcome: Literal["dismissed", "monitored", "actioned", "reported"]


class SettingsPatch(BaseModel):
    """Any subset of the platform settings. `null` resets the warning rule to the model's,
    removes the webhook URL, and replaces the webhook secret with a new random one."""

    model_config = ConfigDict(extra="forbid", strict=True)

    warning_threshold: float | None = Field(None, gt=0, lt=1)
    warning_k: int | None = Field(None, ge=1, le=64)
    warning_n: int | None = Field(None, ge=1, le=64)
    level_medium: float | None = Field(None, gt=0, lt=1)
    level_high: float | None = Field(None, gt=0, lt=1)
    level_critical: float | None = Field(None, gt=0, lt=1)
    alert_update_delta: float | None = Field(None, ge=0, lt=1)
    shadow_mode: bool | None = None
    webhook_url: str | None = Field(None, max_length=2000)
    webhook_secret: str | None = Field(None, pattern=r"^whsec_[A-Za-z0-9+/=]{16,}$")
    retention_days: int | None = Field(None, ge=1, le=3650)
