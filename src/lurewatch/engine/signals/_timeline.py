"""A conversation's signals over time: which label fired when, for whom, and how far each
sender has moved through the stages of grooming.

The stages follow O'Connell's (2003) cybersexploitation model, in her order: friendship
forming, relationship forming, risk assessment, exclusivity, sexual; then Olson et al.'s
(2007) approach (arranging to meet) and, last, lurewatch's own stage for coercion (threats
and sextortion), which neither model names as a stage. A sender who moves through several
stages in that order is the pattern the models describe; a single stage on its own is
common in ordinary chat. Updating is O(1) per signal, so a service can keep one timeline
per live conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from ...records import Message
from ._detect import LABELS, Signal
from ._reply import detect_conversation

__all__ = [
    "HEAVY_LABELS",
    "STAGES",
    "STAGE_OF",
    "Firing",
    "SenderFeatures",
    "Timeline",
    "timeline_of",
]

STAGES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("friendship_forming", ("age_probe", "personal_info")),
    ("relationship_forming", ("trust_building", "gifts")),
    ("risk_assessment", ("isolation", "secrecy")),
    ("exclusivity", ("off_platform",)),
    ("sexual", ("sexual", "image_request")),
    ("approach", ("meeting",)),
    ("coercion", ("coercion",)),
)
STAGE_RANK: Final[dict[str, int]] = {name: rank for rank, (name, _) in enumerate(STAGES, 1)}
STAGE_OF: Final[dict[str, str]] = {label: name for name, labels in STAGES for label in labels}
# A sender's signals that weigh heavily once another participant has said they are a minor.
HEAVY_LABELS: Final = frozenset({"sexual", "meeting"})


@dataclass(frozen=True, slots=True)
class Firing:
    """One label in one message: ``index`` is the message's 1-based number in the chat."""

    index: int
    sender_id: str
    label: str
    confidence: float
    excerpt: str  # the original text that triggered it


@dataclass(frozen=True, slots=True)
class SenderFeatures:
    """What the timeline says about one sender, as numbers a risk model or rule can use."""

    sender_id: str
    messages: int
    label_counts: dict[str, int]  # messages in which each label fired
    stages: tuple[tuple[str, int], ...]  # (stage, message of first signal), in order reached
    progression: int  # longest run of stages reached in the models' order
    minor_disclosed_by_other: bool
    heavy_combination_at: int | None  # message at which minor + sexual/meeting first held

    @property
    def heavy_combination(self) -> bool:
        return self.heavy_combination_at is not None

    def as_vector(self) -> dict[str, float]:
        """Flat numeric features, with a fixed key set whatever the sender did."""
        vector = {f"label_{label}": float(self.label_counts.get(label, 0)) for label in LABELS}
        vector.update(
            messages=float(self.messages),
            stages_reached=float(len(self.stages)),
            max_stage=float(max((STAGE_RANK[name] for name, _ in self.stages), default=0)),
            progression=float(self.progression),
            minor_disclosed_by_other=float(self.minor_disclosed_by_other),
            heavy_combination=float(self.heavy_combination),
        )
        return vector


@dataclass
class Timeline:
    """Per-message signals of one conversation, added in order with their senders."""

    count: int = 0
    firings: list[Firing] = field(default_factory=list)
    _messages: dict[str, int] = field(default_factory=dict)
    _minors: dict[str, int] = field(default_factory=dict)  # sender -> first disclosure
    _heavy: dict[str, int] = field(default_factory=dict)  # sender -> first heavy message
    # Kept as messages come, so that no message or question walks every sender or firing
    # (a busy room of thousands would make that quadratic):
    # sender -> label -> its firings, labels in the order they first fired
    _own: dict[str, dict[str, list[Firing]]] = field(default_factory=dict)
    # senders who showed a heavy label and have no heavy combination yet: the ones a minor's
    # disclosure gives one (each leaves it once, so a disclosure costs no walk of all)
    _heavy_waiting: set[str] = field(default_factory=set)
    # the earliest minor disclosure, and the earliest by someone else than its sender
    _earliest_minors: list[Firing] = field(default_factory=list)

    def add(
        self, sender_id: str, text: str, signals: Sequence[Signal], number: int | None = None
    ) -> int:
        """Record the next message; returns its number: `number` when given (the line a
        source file numbers it by, which may skip), else its 1-based position."""
        self.count += 1
        index = self.count if number is None else number
        self._messages[sender_id] = self._messages.get(sender_id, 0) + 1
        best: dict[str, Signal] = {}
        for s in signals:
            if s.label not in best or s.confidence > best[s.label].confidence:
                best[s.label] = s
        own = self._own.setdefault(sender_id, {})
        for label, s in best.items():
            firing = Firing(index, sender_id, label, s.confidence, text[s.start : s.end])
            self.firings.append(firing)
            own.setdefault(label, []).append(firing)
            if label == "minor_self_disclosure":
                self._note_minor(firing)
        heavy = not HEAVY_LABELS.isdisjoint(best)
        if heavy and sender_id not in self._heavy:
            self._heavy_waiting.add(sender_id)
        if "minor_self_disclosure" in best:
            self._minors.setdefault(sender_id, index)
            for other in [o for o in self._heavy_waiting if o != sender_id]:
                self._heavy[other] = index
                self._heavy_waiting.discard(other)
        if heavy and self._minor_other_than(sender_id):
            self._heavy.setdefault(sender_id, index)
            self._heavy_waiting.discard(sender_id)
        return index

    def _note_minor(self, firing: Firing) -> None:
        """Keep `_earliest_minors` (earlier firings win ties, as `min` picks them)."""
        held = self._earliest_minors
        if not held or firing.index < held[0].index:
            if held and firing.sender_id == held[0].sender_id:
                held[0] = firing
            else:
                held[:] = [firing, *held[:1]]
        elif firing.sender_id != held[0].sender_id and (
            len(held) == 1 or firing.index < held[1].index
        ):
            held[1:] = [firing]

    def firings_of(self, sender_id: str) -> dict[str, list[Firing]]:
        """The sender's firings by label, labels in the order they first fired."""
        return self._own.get(sender_id, {})

    def first_minor_disclosure_by_other(self, sender_id: str) -> Firing | None:
        """The earliest firing of `minor_self_disclosure` by someone else than `sender_id`."""
        for firing in self._earliest_minors:
            if firing.sender_id != sender_id:
                return firing
        return None

    def others(self, sender_id: str) -> int:
        """How many other participants have sent a message."""
        return len(self._messages) - (sender_id in self._messages)

    def _minor_other_than(self, sender_id: str) -> bool:
        """Whether someone other than `sender_id` said they are a minor."""
        return len(self._minors) > (sender_id in self._minors)

    @property
    def senders(self) -> list[str]:
        return list(self._messages)

    @property
    def minors(self) -> dict[str, int]:
        """Senders who said they are minors, with the message where they first did."""
        return dict(self._minors)

    def first_fired(self, sender_id: str) -> dict[str, int]:
        """Label -> the message in which it first fired for this sender."""
        return {label: fired[0].index for label, fired in self.firings_of(sender_id).items()}

    def stages(self, sender_id: str) -> tuple[tuple[str, int], ...]:
        """(stage, message) for every stage the sender reached, in the order reached."""
        reached: dict[str, int] = {}
        for label, index in self.first_fired(sender_id).items():
            name = STAGE_OF.get(label)
            if name is not None:
                reached[name] = min(index, reached.get(name, index))
        return tuple(sorted(reached.items(), key=lambda kv: (kv[1], STAGE_RANK[kv[0]])))

    def features(self, sender_id: str) -> SenderFeatures:
        stages = self.stages(sender_id)
        return SenderFeatures(
            sender_id=sender_id,
            messages=self._messages.get(sender_id, 0),
            label_counts={label: len(f) for label, f in self._own.get(sender_id, {}).items()},
            stages=stages,
            progression=_longest_rising([STAGE_RANK[name] for name, _ in stages]),
            minor_disclosed_by_other=self._minor_other_than(sender_id),
            heavy_combination_at=self._heavy.get(sender_id),
        )


def _longest_rising(ranks: Sequence[int]) -> int:
    """Length of the longest strictly rising subsequence (at most seven stages: quadratic)."""
    best = [1] * len(ranks)
    for i, rank in enumerate(ranks):
        for j in range(i):
            if ranks[j] < rank:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


def timeline_of(messages: Iterable[Message], *, by_line: bool = False) -> Timeline:
    """Detect the signals of every message of a conversation, in order
    (`detect_conversation`); numbered by their position, or with `by_line` by each
    message's `line` in its source file where every message has one: a Message built
    without `line=` has 0, not known, and then all are numbered by position (numbering some
    by line and some by position could give two messages one number)."""
    timeline = Timeline()
    held = list(messages)
    found = detect_conversation((m.sender_id, m.text) for m in held)
    by_line = by_line and all(m.line >= 1 for m in held)
    for message, signals in zip(held, found, strict=True):
        number = message.line if by_line else None
        timeline.add(message.sender_id, message.text, signals, number)
    return timeline
