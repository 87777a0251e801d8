"""Grooming behaviour signals: what a sender does, per message, with the words that show it.

Thirteen labels (``LABELS``; ``docs/signals.md`` says what fires each, in which languages
and how reliably): eleven behaviours of the offender side and two disclosures of age.
``detect(text)`` returns ``Signal(label, start, end, confidence)`` with spans into the
original text, matched on its normalised form so that obfuscation does not hide them.
``detect_conversation`` adds what only the conversation shows (an age given in answer to an
age question). ``Timeline`` collects a conversation's signals per sender and stage;
``explain`` turns them and the risk model's evidence into one sentence for a moderator.
"""

from ._detect import (
    GROOMING_SPECIFIC,
    HIGH_SEVERITY,
    LABELS,
    Signal,
    detect,
    detect_many,
    detect_normalised,
    prepare,
)
from ._explain import PHRASES, explain
from ._reply import AgeQuestion, age_answer, detect_conversation, with_answer
from ._timeline import (
    HEAVY_LABELS,
    STAGE_OF,
    STAGES,
    Firing,
    SenderFeatures,
    Timeline,
    timeline_of,
)

__all__ = [
    "GROOMING_SPECIFIC",
    "HEAVY_LABELS",
    "HIGH_SEVERITY",
    "LABELS",
    "PHRASES",
    "STAGES",
    "STAGE_OF",
    "AgeQuestion",
    "Firing",
    "SenderFeatures",
    "Signal",
    "Timeline",
    "age_answer",
    "detect",
    "detect_conversation",
    "detect_many",
    "detect_normalised",
    "explain",
    "prepare",
    "timeline_of",
    "with_answer",
]
