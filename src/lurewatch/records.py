"""The record types every part of lurewatch speaks: messages, conversations, streams, segments.

They mirror the schemas of the benchmark data README and the generic import format, so
readers produce them, the engine scores them and the evaluation counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Conversation", "Message", "Segment", "Stream"]


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message. `text` is the original text, kept verbatim for display."""

    conversation_id: str
    message_id: str
    sender_id: str
    text: str
    sent_at: str | None = None
    line: int = 0  # 1-based position inside its conversation (PAN12's `line`); 0: not known


@dataclass(slots=True)
class Conversation:
    """Messages from two or more people, in order."""

    id: str
    messages: list[Message]
    source: str = ""
    split: str = ""
    lang: str = "en"
    predators: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Stream:
    """All lines one author wrote, in order (the benchmark's identification unit)."""

    id: str
    source: str
    split: str
    role: str  # "predator", "decoy" or "ordinary"
    group: str
    lang: str
    lines: tuple[str, ...]
    pan12_author: str | None = None

    @property
    def is_predator(self) -> bool:
        return self.role == "predator"


@dataclass(frozen=True, slots=True)
class Segment:
    """A labelled conversation segment (VTPAN): all speakers' text joined."""

    id: str
    source: str
    split: str
    lang: str
    label: int
    text: str
