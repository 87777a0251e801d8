"""Streaming early warning: score every sender and conversation as each message arrives.

State is kept per (conversation, sender) and per sender across conversations. Each update
costs the same however long the history is: a running sum and count of message logits,
a bit mask of the last `n` threshold crossings, and the few messages that contributed
most (the evidence). States are plain dicts of numbers and strings when serialised, so a
service can persist them and continue after a restart.
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from heapq import nlargest
from itertools import islice
from numbers import Integral, Real
from operator import attrgetter
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import NDArray

from .._errors import ConfigError
from ..records import Message
from .cues import minor_cues
from .model import RiskModel
from .normalise import normalise
from .signals import (
    GROOMING_SPECIFIC,
    HEAVY_LABELS,
    LABELS,
    AgeQuestion,
    Signal,
    detect_many,
    with_answer,
)

__all__ = [
    "EVIDENCE_SIZE",
    "LABEL_BITS",
    "Evidence",
    "ScoreUpdate",
    "SenderState",
    "StreamingScorer",
    "TextScore",
    "WarningRule",
    "first_warning",
    "score_texts",
]

EVIDENCE_SIZE = 5
LABEL_BITS: dict[str, int] = {label: 1 << i for i, label in enumerate(LABELS)}
HEAVY_BITS = sum(LABEL_BITS[label] for label in HEAVY_LABELS)
_ASKS_AGE = LABEL_BITS["age_probe"]
_MINOR = LABEL_BITS["minor_self_disclosure"]
SPECIFIC_BITS = sum(LABEL_BITS[label] for label in GROOMING_SPECIFIC)
# Participants up to which sorting all finds a conversation's two riskiest faster than a heap.
_SORT_MAX = 48
_TEXT = attrgetter("text")  # C-level: no Python frame per message, as a generator has
LOGIT_CACHE_SIZE = 50_000  # chat repeats itself ("hi", "lol", "ok"): featurise each text once
LONGEST_CACHED_TEXT = 1_000  # characters; longer texts are scored each time they come


# What a message's text alone contributes: model logit, minor cue, behaviour signals and
# their label bits. It depends on no state, so it can be computed anywhere beforehand.
TextScore: TypeAlias = tuple[float, bool, tuple[Signal, ...], int]


def score_texts(model: RiskModel, texts: Sequence[str]) -> list[TextScore]:
    """The state-free part of scoring, for a batch of texts (featurised together: faster).

    A service may run it in another process, outside the lock that guards the state, and
    hand the result to `StreamingScorer.process` (`known`).
    """
    clean = list(map(normalise, texts))
    logits = model.message_logits(clean, normalised=True).tolist()
    out: list[TextScore] = []
    signals = detect_many(texts, clean)
    for norm, logit, hits, cue in zip(clean, logits, signals, minor_cues(clean), strict=True):
        if not norm.strip():
            # Nothing to read (empty, only zero-width or invisible characters, the empty
            # caption of a picture): no evidence either way. The model's bare intercept would
            # count as strong evidence, and a few empty messages alone would warn.
            logit = model.prior_mean_
        found = tuple(hits)
        bits = 0
        for signal in found:
            bits |= LABEL_BITS[signal.label]
        out.append((logit, cue, found, bits))
    return out


@dataclass(frozen=True, slots=True)
class WarningRule:
    """Warn when at least `k` of the last `n` risk scores reach `threshold`; never un-warn.

    `k > 1` is the "skepticism" of Vogt et al. (2021): it trades a few messages of delay
    for fewer false warnings on a single odd message.
    """

    threshold: float = 0.5
    k: int = 1
    n: int = 10

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, Real):
            raise ConfigError(f"warning threshold must be a number, got {self.threshold!r}")
        if any(isinstance(v, bool) or not isinstance(v, Integral) for v in (self.k, self.n)):
            # 1.5 of 10 would silently mean 2 of 10; True would mean 1
            raise ConfigError(
                f"warning rule k and n must be integers, got k={self.k!r} n={self.n!r}"
            )
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"warning threshold must be in (0, 1), got {self.threshold}")
        if not 1 <= self.k <= self.n <= 64:
            raise ConfigError(f"warning rule needs 1 <= k <= n <= 64, got k={self.k} n={self.n}")
        # Plain Python numbers from here on (a tuning grid may hand numpy ones): the flags
        # are a Python int of up to 64 bits, and states and models are written as JSON.
        object.__setattr__(self, "threshold", float(self.threshold))
        object.__setattr__(self, "k", int(self.k))
        object.__setattr__(self, "n", int(self.n))

    def to_dict(self) -> dict[str, float | int]:
        return {"threshold": self.threshold, "k": self.k, "n": self.n}


def _raise(risk: float, log_odds: float) -> float:
    """`risk` with `log_odds` added to its log-odds."""
    if not 0.0 < risk < 1.0:
        return risk
    odds = math.log(risk / (1.0 - risk)) + log_odds
    return 1.0 / (1.0 + math.exp(-odds)) if odds > -700 else 0.0


def first_warning(risks: NDArray[np.float64], rule: WarningRule) -> int | None:
    """1-based index of the message at which `rule` fires on a risk series, or None."""
    above = (risks >= rule.threshold).astype(np.int64)
    if rule.k == 1:
        hits = np.flatnonzero(above)
    else:
        cum = np.concatenate([[0], np.cumsum(above)])
        t = np.arange(1, len(risks) + 1)
        hits = np.flatnonzero(cum[t] - cum[np.maximum(0, t - rule.n)] >= rule.k)
    return int(hits[0]) + 1 if len(hits) else None


class Evidence(NamedTuple):
    """A message that raised its sender's risk, and by how much (logit above ordinary).

    A tuple, so a state serialises without conversion (states are written per message).
    """

    message_id: str
    conversation_id: str
    line: int
    weight: float


@dataclass(slots=True)
class SenderState:
    """Everything needed to continue scoring one sender (in one conversation or overall)."""

    total: float = 0.0
    count: int = 0
    flags: int = 0  # bit i set: the score i messages ago reached the threshold
    risk: float = 0.0
    warned_at: int | None = None  # 1-based message count at which the rule fired
    # Heaviest first. A tuple, replaced when it changes (seldom), so that every update
    # shares it instead of copying it, and a new state allocates nothing for it.
    evidence: tuple[Evidence, ...] = ()
    labels: int = 0  # bit i set: behaviour signal LABELS[i] fired in one of these messages
    # The risk the warning rule saw at the last message (`risk` with the boost); not saved:
    # it is part of that message's answer, not of what scoring continues from.
    rule_risk: float = 0.0

    def update(
        self,
        logit: float,
        message: Message,
        model: RiskModel,
        rule: WarningRule,
        labels: int = 0,
        boost: float = 0.0,
    ) -> bool:
        """Add one message; return True when this message makes the rule fire.

        `boost` (log-odds) raises the risk the warning rule sees for this message, not the
        reported risk: the evidence it stands for is about the conversation, not the words.
        """
        total = self.total = self.total + logit
        count = self.count = self.count + 1
        self.labels |= labels
        strength, prior = model.prior_strength, model.prior_mean_
        risk = self.risk = model.probability((total + strength * prior) / (count + strength))
        seen = self.rule_risk = _raise(risk, boost) if boost else risk
        self.flags = ((self.flags << 1) | (seen >= rule.threshold)) & ((1 << rule.n) - 1)
        weight = logit - prior
        evidence = self.evidence  # equal weights keep their order
        if weight > 0 and (len(evidence) < EVIDENCE_SIZE or weight > evidence[-1].weight):
            at = len(evidence)
            while at and evidence[at - 1].weight < weight:
                at -= 1
            added = Evidence(message.message_id, message.conversation_id, message.line, weight)
            self.evidence = (*evidence[:at], added, *evidence[at : EVIDENCE_SIZE - 1])
        if self.warned_at is None and self.flags.bit_count() >= rule.k:
            self.warned_at = self.count
            return True
        return False

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "count": self.count,
            "flags": self.flags,
            "risk": self.risk,
            "warned_at": self.warned_at,
            "evidence": list(self.evidence),
            "labels": self.labels,
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> SenderState:
        """The state `to_dict` wrote; ValueError for anything it could not have written (a
        corrupt or edited state would otherwise be scored on silently: a NaN total, for one,
        never warns again)."""
        try:
            state = cls(
                total=float(doc["total"]),
                count=int(doc["count"]),
                flags=int(doc["flags"]),
                risk=float(doc["risk"]),
                warned_at=None if doc["warned_at"] is None else int(doc["warned_at"]),
                evidence=tuple(
                    Evidence(str(m), str(c), int(n), float(w)) for m, c, n, w in doc["evidence"]
                ),
                labels=int(doc.get("labels", 0)),  # states saved before signals had none
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a scoring state: {type(exc).__name__}: {exc}") from None
        problem = state._problem()
        if problem is not None:
            raise ValueError(f"not a scoring state: {problem}")
        return state

    def _problem(self) -> str | None:
        """What no sequence of `update`s could have produced, if anything."""
        if not math.isfinite(self.total):
            return f"total {self.total} is not a finite number"
        if self.count < 0:
            return f"count {self.count} is negative"
        if not 0 <= self.flags < 1 << 64:
            return f"flags {self.flags} do not fit a window of at most 64 messages"
        if not 0.0 <= self.risk <= 1.0:
            return f"risk {self.risk} is not a probability"
        if self.warned_at is not None and not 1 <= self.warned_at <= self.count:
            return f"warned at message {self.warned_at} of {self.count}"
        if len(self.evidence) > EVIDENCE_SIZE:
            return f"{len(self.evidence)} evidence items, more than {EVIDENCE_SIZE}"
        if any(not (math.isfinite(e.weight) and e.weight > 0) for e in self.evidence):
            return "an evidence weight is not a positive finite number"
        if not 0 <= self.labels < 1 << len(LABELS):
            return f"labels {self.labels} are not a set of the {len(LABELS)} signals"
        return None


class _Conversation(NamedTuple):
    """One conversation's state as `conversation_state` writes it, checked."""

    pairs: dict[str, SenderState]
    warned: str | None
    minors: list[str]
    question: AgeQuestion | None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> _Conversation:
        try:
            pairs = {str(s): SenderState.from_dict(state) for s, state in doc["pairs"].items()}
            warned, minors = doc["warned"], doc["minors"]
            # absent from states saved before it was kept
            question = doc.get("question")
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a conversation state: {type(exc).__name__}: {exc}") from None
        if warned is not None and not isinstance(warned, str):
            raise ValueError(f"not a conversation state: warned is {warned!r}, not a message id")
        if not isinstance(minors, list) or not all(isinstance(m, str) for m in minors):
            raise ValueError("not a conversation state: minors is not a list of sender ids")
        if question is not None:
            try:
                question = AgeQuestion.of(question)
            except ValueError as exc:
                raise ValueError(f"not a conversation state: {exc}") from None
        return cls(pairs, warned, minors, question)


class ScoreUpdate(NamedTuple):
    """The scores after one message, with the evidence behind the sender's risk.

    Immutable; a named tuple rather than a frozen dataclass because one is built per
    message and a frozen dataclass takes six times as long to build.
    """

    conversation_id: str
    message_id: str
    sender_id: str
    sender_risk: float  # this sender, in this conversation
    # ... as the warning rule saw it: raised by the behaviour boost and the heavy combination
    rule_risk: float
    sender_risk_overall: float  # this sender, across all conversations seen
    # The riskiest participant, their odds raised by the detector's minor-cue ratio when
    # someone else in the conversation said they are a minor.
    conversation_risk: float
    minors: tuple[str, ...]  # participants who disclosed being a minor so far
    warning: bool  # the conversation's warning has fired (now or earlier)
    warning_fired: bool  # ... and it fired on this message
    evidence: tuple[Evidence, ...]
    signals: tuple[Signal, ...] = ()  # behaviour signals in this message, spans into its text
    # The sender showed sexual or meeting signals after another participant said they are a
    # minor: their warning rule then counts the minor-cue evidence too.
    heavy_combination: bool = False


# A named tuple's own constructor is a generated Python function (a frame, and its 13
# arguments bound one by one); `tuple.__new__` builds the same ScoreUpdate in C, at half
# the cost of one per message. The tuple given must hold every field, in order.
_new_update = tuple.__new__


class StreamingScorer:
    """Scores messages in arrival order and keeps the state that makes it incremental."""

    def __init__(
        self,
        model: RiskModel,
        rule: WarningRule,
        minor_cue_log_ratio: float = 0.0,
        heavy_combination: bool = True,
        behaviour_log_ratio: float = 0.0,
    ) -> None:
        self.model = model
        self.rule = rule
        self.minor_cue_log_ratio = minor_cue_log_ratio
        self.heavy_combination = heavy_combination
        # Log-odds the warning rule adds once a sender has shown any grooming-specific
        # behaviour (`GROOMING_SPECIFIC`), in this conversation or, for the overall state, in any.
        self.behaviour_log_ratio = behaviour_log_ratio
        self.pairs: dict[tuple[str, str], SenderState] = {}
        self.senders: dict[str, SenderState] = {}
        self.conversations: dict[str, dict[str, float]] = {}  # conversation -> sender -> risk
        self.warned: dict[str, str] = {}  # conversation -> message id that fired its warning
        self.minors: dict[str, set[str]] = {}  # conversation -> senders who disclosed a minor age
        self.questions: dict[str, AgeQuestion] = {}  # conversation -> its open age question
        self._sorted_minors: dict[str, tuple[set[str], tuple[str, ...]]] = {}  # `_minor_names`
        self._tops: dict[str, list[tuple[float, str]]] = {}  # conversation -> two riskiest
        # text -> its `score_texts` result, oldest first
        self._logits: dict[str, TextScore] = {}

    def process(
        self, messages: Sequence[Message], known: Mapping[str, TextScore] | None = None
    ) -> list[ScoreUpdate]:
        """Score a batch (featurised together, which is what makes bulk ingest fast).

        `known` holds `score_texts` results computed beforehand (e.g. in another process);
        texts neither cached nor known are scored here.
        """
        if not messages:
            return []
        cache = self._logits
        new = [text for text in dict.fromkeys(map(_TEXT, messages)) if text not in cache]
        if new:
            cache.update((text, known[text]) for text in new if known and text in known)
            scored = [text for text in new if not known or text not in known]
            if scored:
                cache.update(zip(scored, score_texts(self.model, scored), strict=True))
        updates = [self._update(m, *cache[m.text]) for m in messages]
        # Long texts (pasted blobs) seldom recur, and 50,000 of 16 KB would hold most of a
        # gigabyte: they leave with the batch.
        for text in new:
            if len(text) > LONGEST_CACHED_TEXT:
                del cache[text]
        # Trimmed only now: the oldest texts may be ones this batch holds too ("lol").
        if len(cache) > LOGIT_CACHE_SIZE:  # drop the oldest tenth in one go
            for old in list(islice(cache, len(cache) - LOGIT_CACHE_SIZE * 9 // 10)):
                del cache[old]
        return updates

    def unseen(self, texts: Iterable[str]) -> list[str]:
        """The distinct `texts` whose scores this scorer has not cached (safe to call from
        another thread while `process` runs: it only reads)."""
        cache = self._logits
        return [text for text in dict.fromkeys(texts) if text not in cache]

    def _boost(self, risk: float) -> float:
        return _raise(risk, self.minor_cue_log_ratio)

    def _conversation_risk(self, conversation_id: str, minors: set[str]) -> float:
        """max over participants of their risk, boosted when someone else disclosed a minor age.

        The boost is monotone, so only the two riskiest participants matter; they are kept
        per conversation and recounted only when one of them becomes less risky.
        """
        top = self._top2(conversation_id)
        if not minors:
            return top[0][0] if top else 0.0
        if len(minors) > 1:
            return self._boost(top[0][0])
        (minor,) = minors
        others = [risk for risk, sender in top if sender != minor]
        own = self.conversations[conversation_id].get(minor, 0.0)
        return max([own, *(self._boost(r) for r in others[:1])])

    def _minor_names(self, conversation_id: str, minors: set[str]) -> tuple[str, ...]:
        """`minors` sorted, as each update names them: rebuilt only when the set has changed
        (it only grows, or is replaced), not per message, which in a busy room of many minors
        cost time and, with every update keeping its own copy, memory; and when it grew, the
        newcomers are put in their place, not the whole set sorted again (a room where
        thousands answer "how old r u?" grows it thousands of times)."""
        held = self._sorted_minors.get(conversation_id)
        if held is not None and held[0] is minors and len(held[1]) == len(minors):
            return held[1]
        if held is None or held[0] is not minors:
            names = sorted(minors)
        else:
            names = list(held[1])
            for name in minors.difference(names):
                insort(names, name)
        held = self._sorted_minors[conversation_id] = (minors, tuple(names))
        return held[1]

    def _top2(self, conversation_id: str) -> list[tuple[float, str]]:
        top = self._tops.get(conversation_id)
        if top is None:
            risks = self.conversations.get(conversation_id, {})
            # (risk, sender) pairs are all distinct, so both give the same two. sorted is
            # faster on the two or three participants of most chats, nlargest in busy rooms.
            ranked = zip(risks.values(), risks, strict=True)
            top = self._tops[conversation_id] = (
                sorted(ranked, reverse=True)[:2] if len(risks) <= _SORT_MAX else nlargest(2, ranked)
            )
        return top

    def _note_risk(self, conversation_id: str, sender: str, risk: float) -> None:
        """Keep the cached two riskiest participants right after `sender`'s risk changed."""
        top = self._tops.get(conversation_id)
        if top is None:
            return
        held: int | None = None  # where `sender` is among the (at most two) kept
        if top and top[0][1] == sender:
            held = 0
        elif len(top) > 1 and top[1][1] == sender:
            held = 1
        if held is not None:
            if risk < top[held][0]:
                del self._tops[conversation_id]  # it fell: recount lazily
                return
            top[held] = (risk, sender)
        elif len(top) < 2 or risk > top[-1][0]:
            top.append((risk, sender))
        else:
            return
        top.sort(reverse=True)
        del top[2:]

    def _update(
        self,
        message: Message,
        logit: float,
        minor_cue: bool,
        signals: tuple[Signal, ...],
        bits: int,
    ) -> ScoreUpdate:
        # Runs once per message: fields are read once, and the per-conversation containers
        # are made only when missing (``setdefault`` would build a new one every call).
        cid, sender = message.conversation_id, message.sender_id
        question = self.questions.get(cid)
        if question is not None or bits & _ASKS_AGE:
            question, answer = AgeQuestion.after(
                question, sender, bool(bits & _ASKS_AGE), message.text
            )
            if question is None:
                self.questions.pop(cid, None)
            else:
                self.questions[cid] = question
            if answer is not None:  # "12", answering "how old r u?"
                signals, bits, minor_cue = (*with_answer(signals, answer),), bits | _MINOR, True
        pair = self.pairs.get((cid, sender))
        if pair is None:
            pair = self.pairs[(cid, sender)] = SenderState()
        overall = self.senders.get(sender)
        if overall is None:
            overall = self.senders[sender] = SenderState()
        minors = self.minors.get(cid)
        if minors is None:
            minors = self.minors[cid] = set()
        heavy = (
            self.heavy_combination
            and bool((pair.labels | bits) & HEAVY_BITS)
            and len(minors) > (sender in minors)  # someone else disclosed being a minor
        )
        boost = self.minor_cue_log_ratio if heavy else 0.0
        # The behaviour boost: for a state whose signals so far include a grooming-specific one.
        model, rule, shown = self.model, self.rule, self.behaviour_log_ratio
        if (pair.labels | bits) & SPECIFIC_BITS:
            boost += shown
        fired = pair.update(logit, message, model, rule, bits, boost)
        overall.update(
            logit,
            message,
            model,
            rule,
            bits,
            shown if (overall.labels | bits) & SPECIFIC_BITS else 0.0,
        )
        risk = pair.risk
        risks = self.conversations.get(cid)
        if risks is None:
            risks = self.conversations[cid] = {}
        risks[sender] = risk
        self._note_risk(cid, sender, risk)
        if minor_cue:
            minors.add(sender)
        warned = self.warned
        fired_now = fired and cid not in warned
        if fired_now:
            warned[cid] = message.message_id
        return _new_update(
            ScoreUpdate,
            (
                cid,
                message.message_id,
                sender,
                risk,  # sender_risk
                pair.rule_risk,
                overall.risk,  # sender_risk_overall
                self._conversation_risk(cid, minors),
                self._minor_names(cid, minors) if minors else (),
                cid in warned,  # warning
                fired_now,  # warning_fired
                pair.evidence,
                signals,
                heavy,  # heavy_combination
            ),
        )

    def forget(self, conversation_ids: Iterable[str], sender_ids: Iterable[str] = ()) -> None:
        """Drop the state of finished conversations (and of the senders named)."""
        for cid in conversation_ids:
            for sender in self.conversations.pop(cid, {}):
                self.pairs.pop((cid, sender), None)
            self.warned.pop(cid, None)
            self.minors.pop(cid, None)
            self.questions.pop(cid, None)
            self._sorted_minors.pop(cid, None)
            self._tops.pop(cid, None)
        for sender in sender_ids:
            self.senders.pop(sender, None)

    def mark_minor(self, conversation_id: str, sender_id: str) -> None:
        """Record that `sender_id` is a minor in this conversation (e.g. a declared age)."""
        self.minors.setdefault(conversation_id, set()).add(sender_id)

    def conversation_state(self, conversation_id: str, *, pairs: bool = True) -> dict[str, Any]:
        """One conversation's state as JSON-ready data, for a store that keeps it per row.

        `pairs=False` leaves the participants' states out (an empty "pairs"), for a store that
        keeps them apart (`participant_state`): a message changes only its sender's.
        """
        question = self.questions.get(conversation_id)
        return {
            "pairs": (
                {
                    s: self.participant_state(conversation_id, s)
                    for s in self.conversations.get(conversation_id, {})
                }
                if pairs
                else {}
            ),
            "warned": self.warned.get(conversation_id),
            "minors": sorted(self.minors.get(conversation_id, ())),
            "question": None if question is None else list(question),
        }

    def participant_state(self, conversation_id: str, sender_id: str) -> dict[str, Any]:
        """One participant's state in one conversation, as "pairs" holds it."""
        return self.pairs[(conversation_id, sender_id)].to_dict()

    def load_conversation(self, conversation_id: str, doc: dict[str, Any]) -> None:
        """Continue one conversation from `conversation_state` output (replaces its state;
        ValueError, with the state left as it was, for anything else)."""
        self._put(conversation_id, _Conversation.of(doc))

    def _put(self, conversation_id: str, conversation: _Conversation) -> None:
        self.forget([conversation_id])
        if conversation.pairs:
            risks = self.conversations[conversation_id] = {}
            for sender, pair in conversation.pairs.items():
                self.pairs[(conversation_id, sender)] = pair
                risks[sender] = pair.risk
        if conversation.warned is not None:
            self.warned[conversation_id] = conversation.warned
        if conversation.minors:
            self.minors[conversation_id] = set(conversation.minors)
        if conversation.question is not None:
            self.questions[conversation_id] = conversation.question

    def sender_state(self, sender_id: str) -> dict[str, Any]:
        """One sender's cross-conversation state as JSON-ready data."""
        return self.senders[sender_id].to_dict()

    def load_sender(self, sender_id: str, doc: dict[str, Any]) -> None:
        """Continue a sender from `sender_state` output (ValueError for anything else)."""
        self.senders[sender_id] = SenderState.from_dict(doc)

    def snapshot(self) -> dict[str, Any]:
        """All state as JSON-ready data: each conversation's and each sender's own state
        (a conversation with no message yet may hold a minor marked by `mark_minor`)."""
        known = dict.fromkeys([*self.conversations, *self.minors])
        return {
            "conversations": {c: self.conversation_state(c) for c in known},
            "senders": {s: self.sender_state(s) for s in self.senders},
        }

    def restore(self, doc: dict[str, Any]) -> None:
        """Continue from a snapshot taken by `snapshot`: replaces all current state, or,
        for anything `snapshot` could not have written, raises ValueError and keeps it."""
        try:
            conversations = {str(c): _Conversation.of(s) for c, s in doc["conversations"].items()}
            senders = {str(s): SenderState.from_dict(d) for s, d in doc["senders"].items()}
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a scorer snapshot: {type(exc).__name__}: {exc}") from None
        self.forget([*self.conversations, *self.minors, *self.warned], list(self.senders))
        for conversation_id, conversation in conversations.items():
            self._put(conversation_id, conversation)
        self.senders.update(senders)
