"""PAN12 Sexual Predator Identification: the official measures and submission formats.

As the competition scored it (Inches & Crestani, PAN 2012 overview): problem 1 ranks by
F-measure with beta = 0.5 over the SET of predicted predator author ids against the ground
truth ids; problem 2 by F-measure with beta = 3 over the SET of (conversation id, line) pairs
predicted as predator lines. Set semantics: duplicates count once. The 0/0 conventions are those
of `lurewatch.evaluation.metrics` (empty prediction vs non-empty truth scores 0.0; both empty
scores 1.0).

Submission files use the ground-truth formats: problem 1 one author id a line; problem 2
``conversation-id<TAB>line`` a line. The writers sort their output so that runs are diffable.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .metrics import SetScores, f_beta, set_scores

__all__ = [
    "Pan12Problem1",
    "Pan12Problem2",
    "score_problem1",
    "score_problem2",
    "write_problem1",
    "write_problem2",
]


@dataclass(frozen=True, slots=True)
class Pan12Problem1(SetScores):
    """Problem 1 (predator authors): P, R, F1 and the official F0.5, with counts."""

    @property
    def official(self) -> float:
        """The measure PAN12 ranked problem 1 by: F with beta = 0.5."""
        return self.f05


@dataclass(frozen=True, slots=True)
class Pan12Problem2:
    """Problem 2 (predator lines): P, R, F1 and the official F3, with counts."""

    precision: float
    recall: float
    f1: float
    f3: float
    tp: int
    fp: int
    fn: int

    @property
    def official(self) -> float:
        """The measure PAN12 ranked problem 2 by: F with beta = 3."""
        return self.f3


def score_problem1(predicted_ids: Collection[str], truth_ids: Collection[str]) -> Pan12Problem1:
    """Score predicted predator author ids against the ground truth, as PAN12 problem 1."""
    return Pan12Problem1(**asdict(set_scores(predicted_ids, truth_ids)))


def _line_key(item: tuple[str, int]) -> tuple[str, int]:
    conversation_id, line = item
    return str(conversation_id), int(line)


def score_problem2(
    predicted_lines: Collection[tuple[str, int]], truth_lines: Collection[tuple[str, int]]
) -> Pan12Problem2:
    """Score predicted (conversation id, line) pairs against the ground truth, as PAN12 problem 2.

    Line numbers are PAN12's `line` attribute (1-based within the conversation); they are
    compared as ints, so ("c", 7) and a stray ("c", "7") cannot silently differ.
    """
    s = set_scores(
        {_line_key(item) for item in predicted_lines}, {_line_key(item) for item in truth_lines}
    )
    return Pan12Problem2(
        precision=s.precision,
        recall=s.recall,
        f1=s.f1,
        f3=f_beta(s.precision, s.recall, 3.0),
        tp=s.tp,
        fp=s.fp,
        fn=s.fn,
    )


def _check_id(value: str, what: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(
            f"{what} {value!r} is empty or contains whitespace; it would break the file"
        )
    return value


def write_problem1(path: str | Path, ids: Iterable[str]) -> None:
    """Write a problem-1 submission: one predator author id a line, sorted, no duplicates."""
    unique = sorted({_check_id(author_id, "author id") for author_id in ids})
    Path(path).write_text("".join(f"{author_id}\n" for author_id in unique), encoding="utf-8")


def write_problem2(path: str | Path, lines: Iterable[tuple[str, int]]) -> None:
    """Write a problem-2 submission: ``conversation-id<TAB>line`` a line, sorted, no duplicates.

    Sorted by conversation id, then numerically by line.
    """
    unique: set[tuple[str, int]] = set()
    for conversation_id, line in lines:
        number = int(line)
        if number < 1:
            raise ValueError(f"line of {conversation_id!r} must be >= 1, got {line!r}")
        unique.add((_check_id(conversation_id, "conversation id"), number))
    text = "".join(f"{cid}\t{number}\n" for cid, number in sorted(unique))
    Path(path).write_text(text, encoding="utf-8")
