"""The ``signals`` section of the benchmark: how well the behaviour detectors work.

Two measurements, neither of which fits anything: per-label precision and recall on the
test part of the hand-annotated set (``benchmarks/signals/annotations.jsonl``; message
level, a label counts when it fires anywhere in the line), and how often each label fires
on ordinary chat, per 1,000 messages and source.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from .._errors import InputError
from ..engine.normalise import normalise
from ..engine.signals import HIGH_SEVERITY, LABELS, detect, detect_normalised
from ..records import Stream

__all__ = [
    "DEFAULT_ANNOTATIONS",
    "annotated_scores",
    "evaluate_signals",
    "firing_rates",
]

# The annotated set beside the sources, when lurewatch runs from its repository.
DEFAULT_ANNOTATIONS: Final = (
    Path(__file__).resolve().parents[3] / "benchmarks" / "signals" / "annotations.jsonl"
)


_RECORD_HINT = "each line a JSON object with 'part', 'text' and 'labels' (objects with 'label')"


def _annotated_row(line: str) -> tuple[str, str, set[str], str]:
    """(part, text, labels, stratum) of one record; ValueError names what is wrong with it."""
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    for field in ("part", "text", "labels"):
        if field not in doc:
            raise ValueError(f"missing field {field!r}")
    labels = doc["labels"]
    if not isinstance(labels, list) or not all(
        isinstance(x, dict) and "label" in x for x in labels
    ):
        raise ValueError("field 'labels' must be a list of objects with a 'label'")
    truth = {str(x["label"]) for x in labels}
    return str(doc["part"]), str(doc["text"]), truth, str(doc.get("stratum", ""))


def _annotated_rows(path: Path, part: str) -> list[tuple[str, set[str], str]]:
    """The records of one part; a path that was given but cannot be read is an error, never
    an annotated section quietly left out."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise InputError(path, None, f"cannot read the annotated set ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(path, None, "not UTF-8 text", _RECORD_HINT) from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc_part, text, truth, stratum = _annotated_row(line)
        except ValueError as exc:
            raise InputError(path, number, f"bad annotation record: {exc}", _RECORD_HINT) from None
        if doc_part == part:
            rows.append((text, truth, stratum))
    return rows


def annotated_scores(path: Path, part: str = "test") -> dict[str, Any]:
    """Per-label precision, recall and counts on one part of the annotated set, overall and
    per sampling stratum (uniform samples and keyword-enriched ones answer different
    questions: see benchmarks/signals/README.md)."""
    rows = _annotated_rows(path, part)
    overall = _Tally()
    strata: dict[str, _Tally] = {}
    for text, truth, stratum in rows:
        predicted = {s.label for s in detect(text)}
        overall.add(predicted, truth)
        strata.setdefault(stratum, _Tally()).add(predicted, truth)
    return {
        "path": str(path),
        "part": part,
        "lines": len(rows),
        "by_label": overall.scores(),
        "by_stratum": {
            name: {"lines": tally.lines, "by_label": tally.scores()}
            for name, tally in sorted(strata.items())
        },
    }


class _Tally:
    """True and false positives and false negatives per label, over some lines."""

    def __init__(self) -> None:
        self.lines = 0
        self.tp = dict.fromkeys(LABELS, 0)
        self.fp = dict.fromkeys(LABELS, 0)
        self.fn = dict.fromkeys(LABELS, 0)

    def add(self, predicted: set[str], truth: set[str]) -> None:
        self.lines += 1
        for label in LABELS:
            hit, wanted = label in predicted, label in truth
            self.tp[label] += hit and wanted
            self.fp[label] += hit and not wanted
            self.fn[label] += wanted and not hit

    def scores(self) -> dict[str, dict[str, Any]]:
        tp, fp, fn = self.tp, self.fp, self.fn
        return {
            label: {
                "precision": tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else None,
                "recall": tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else None,
                "support": tp[label] + fn[label],
                "predicted": tp[label] + fp[label],
            }
            for label in LABELS
        }


def firing_rates(streams: Iterable[Stream]) -> dict[str, dict[str, Any]]:
    """Messages per 1,000 in which each label fires, by source of the given streams."""
    counts: dict[str, dict[str, int]] = {}
    messages: dict[str, int] = {}
    for stream in streams:
        per_label = counts.setdefault(stream.source, dict.fromkeys(LABELS, 0))
        messages[stream.source] = messages.get(stream.source, 0) + len(stream.lines)
        for line in stream.lines:
            for label in {hit[0] for hit in detect_normalised(normalise(line))}:
                per_label[label] += 1
    return {
        source: {
            "messages": messages[source],
            "per_1000": {
                label: 1000 * n / messages[source] if messages[source] else 0.0
                for label, n in per_label.items()
            },
        }
        for source, per_label in sorted(counts.items())
    }


def evaluate_signals(ordinary: Iterable[Stream], annotations: Path | None) -> dict[str, Any] | None:
    """Both measurements, and the detector's speed (normalising included) while measuring
    the firing rates; a part is None when its data is missing (no ordinary streams, or no
    `annotations` path), the section when both are. A given path must be readable."""
    start = time.perf_counter()
    rates = firing_rates(ordinary) or None
    elapsed = time.perf_counter() - start
    messages = sum(r["messages"] for r in rates.values()) if rates else 0
    annotated = annotated_scores(annotations) if annotations is not None else None
    if rates is None and annotated is None:
        return None
    return {
        "high_severity": list(HIGH_SEVERITY),
        "annotated": annotated,
        "firing_rates": rates,
        "messages_per_second": messages / elapsed if messages and elapsed > 0 else None,
    }
