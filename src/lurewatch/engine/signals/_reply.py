"""An age given in answer to an age question: "how old r u?" - "12".

A bare number says nothing on its own ("12" may be a score, a time, a count), so no rule of
`detect` fires on it. Right after another participant asked for an age, it is the commonest
way a child says how old they are, so the conversation's signals count it as a minor's
self-disclosure. `AgeQuestion` keeps what that needs for one conversation: who asked, and
how many replies by others may still answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple

from ..normalise import normalise
from ._detect import Signal, _signals, detect, in_order

__all__ = [
    "AGE_ANSWER_CONFIDENCE",
    "REPLIES",
    "AgeQuestion",
    "age_answer",
    "detect_conversation",
    "with_answer",
]

AGE_ANSWER_CONFIDENCE: Final = 0.7  # a medium rule: right in context, not always
REPLIES: Final = 2  # messages by others after an age question that may answer it ("lol", "12")
_LONGEST: Final = 60  # characters of normalised text: an answer is short

_AGES: Final = (
    r"1[0-7]|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen"
)
# What may stand around the age in a message that is only an answer (normalised text:
# "u" is "you", "wbu" "what about you", "i'm" "im"): a few words, punctuation and emoji.
_FILLER: Final = r"u+m+|u+h+|well|lol|haha+|hm+|ok|oh|i dont know|ya|yeah|so"
_SUBJECT: Final = r"im|i am|i just turned|i turned|just turned"
_QUALIFIER: Final = r"only|just|almost|nearly|turning|turned"
_AFTER_WORD: Final = (
    r"(?:(?:[fm]|girl|boy|female|male|yo|y/o|yrs?|years?|old|lol|haha+|hehe+|lmao|ya|yeah"
    r"|yes|ok|and you|n you|you|what about you|how about you|hbu|why|and|u|here|now"
    r"|right now|and a half|i think|i dont know)\b|y\.o\.?)"
)
# Anything but a letter or a digit (so emoji too), except what makes a number something
# else: money, a percentage, feet and inches, a temperature.
_GAP: Final = r"(?:[^\w$£€¥%#+'°]|:p\b|:d\b|\bxd\b)*"
_ANSWER: Final = re.compile(
    rf"^{_GAP}(?:(?:{_FILLER})\b{_GAP})?(?:(?:{_SUBJECT})\s+)?(?:(?:{_QUALIFIER})\s+)?"
    rf"(?P<age>{_AGES})\b(?:{_GAP}{_AFTER_WORD})*{_GAP}$"
)


def age_answer(text: str, *, normalised: str | None = None) -> Signal | None:
    """The minor's self-disclosure a message makes if it only gives an age under 18 ("12",
    "13 f", "im 14 wbu"), with its span on the age; None for anything else."""
    clean = normalise(text) if normalised is None else normalised
    if len(clean) > _LONGEST:
        return None
    found = _ANSWER.match(clean)
    if found is None:
        return None
    start, end = found.span("age")
    (signal,) = _signals(
        text, clean, [("minor_self_disclosure", start, end, AGE_ANSWER_CONFIDENCE)]
    )
    return signal


class AgeQuestion(NamedTuple):
    """An age question still open in a conversation: who asked it, and how many more
    messages by others may answer it."""

    asker: str
    replies: int = REPLIES

    @classmethod
    def of(cls, saved: object) -> AgeQuestion:
        """A question from its saved form, `[asker, replies]` (ValueError for anything that
        `list(question)` cannot have written)."""
        if not (
            isinstance(saved, list)
            and len(saved) == 2
            and isinstance(saved[0], str)
            and type(saved[1]) is int
            and 0 < saved[1] <= REPLIES
        ):
            raise ValueError(f"not an age question: {saved!r}, not [asker, replies 1-{REPLIES}]")
        return cls(saved[0], saved[1])

    @staticmethod
    def after(
        question: AgeQuestion | None, sender: str, asks: bool, text: str
    ) -> tuple[AgeQuestion | None, Signal | None]:
        """One message's part: the question open after it, and the disclosure the message
        makes by answering one (`asks`: it asks for an age itself)."""
        answer = None
        if question is not None and question.asker != sender:
            answer = age_answer(text)
            left = question.replies - 1
            question = None if answer is not None or left == 0 else question._replace(replies=left)
        if asks:
            question = AgeQuestion(sender)
        return question, answer


def with_answer(signals: Sequence[Signal], answer: Signal | None) -> list[Signal]:
    """A message's signals with the disclosure its answer makes (none twice: a message that
    says "im 12" discloses it by its own words already)."""
    if answer is None or any(s.label == answer.label for s in signals):
        return list(signals)
    return sorted([*signals, answer], key=in_order)


def detect_conversation(messages: Iterable[tuple[str, str]]) -> Iterator[list[Signal]]:
    """`detect` of each (sender, text) of one conversation, in order, with the disclosures
    that answers to age questions make."""
    question: AgeQuestion | None = None
    for sender, text in messages:
        signals = detect(text)
        asks = any(s.label == "age_probe" for s in signals)
        question, answer = AgeQuestion.after(question, sender, asks, text)
        yield with_answer(signals, answer)
