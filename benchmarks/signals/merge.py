"""Join the sampled lines with the hand annotations into `annotations.jsonl`, the set that
`lurewatch evaluate` measures the behaviour-signal detectors on.

    python benchmarks/signals/merge.py

Two rounds, read from beside this script, each record `{"id", "labels": [{"label", "text"}]}`
(see GUIDE.md):

- the first round: `unlabelled.jsonl` (written by `sample.py`), each line annotated once, by one
  of `annotations-a.jsonl` ... `-d.jsonl`;
- the cue round and the third (rare) round: `unlabelled-cue.jsonl` and
  `unlabelled-rare.jsonl`, each line annotated twice, independently, in
  `annotations-R-1.jsonl` and `annotations-R-2.jsonl` (R = cue, rare); where the two label
  sets differ the line must be in `adjudicated-R.jsonl` (`{"id", "labels", "reason"}`), whose
  labels then stand. Where they agree the triggers are annotator 1's. The `reason` is not
  copied.

`annotations.jsonl` holds the first round's lines in their order, then the cue round's, then
the third round's. Each
trigger `text` must be a verbatim substring of its line; its span is the first occurrence.
Stops with an error naming the file and line on anything missing, unknown, duplicated, not a
substring or left undecided, and prints the counts per label and part, per label and stratum,
and the agreement of each round's two annotators before adjudication.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from lurewatch.engine.signals import LABELS

HERE = Path(__file__).resolve().parent
ANNOTATORS = ("a", "b", "c", "d")
DOUBLE_ROUNDS = ("cue", "rare")  # annotated twice: unlabelled-R, annotations-R-1/-2, adjudicated-R
KEYS = ("id", "source", "role", "stratum", "part", "text")

Spans = list[dict[str, Any]]


class MergeError(Exception):
    """The inputs do not add up; the message says where."""


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise MergeError(f"{path}: missing")
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                out.append((number, json.loads(line)))
            except ValueError as exc:
                raise MergeError(f"{path}:{number}: not JSON ({exc})") from exc
    return out


def _lines(unlabelled: Path) -> dict[str, dict[str, Any]]:
    return {doc["id"]: doc for _, doc in _records(unlabelled)}


def _spans(where: str, text: str, items: list[dict[str, Any]]) -> Spans:
    """The checked labels of one record, each trigger with its first-occurrence span."""
    spans = []
    for item in items:
        if item.get("label") not in LABELS:
            raise MergeError(f"{where}: unknown label {item.get('label')!r}")
        trigger = item.get("text")
        if not isinstance(trigger, str) or not trigger or trigger not in text:
            raise MergeError(f"{where}: trigger of {item['label']} is not in the line")
        start = text.find(trigger)
        spans.append(
            {"label": item["label"], "text": trigger, "start": start, "end": start + len(trigger)}
        )
    return spans


def _annotated(
    lines: dict[str, dict[str, Any]], paths: list[Path], *, complete: bool = True
) -> dict[str, Spans]:
    """The labels per line id from `paths` together: each id once, every line when `complete`."""
    labels: dict[str, Spans] = {}
    for path in paths:
        for number, doc in _records(path):
            where = f"{path}:{number}"
            line_id = doc.get("id")
            if line_id not in lines:
                raise MergeError(f"{where}: id {line_id!r} is not a sampled line")
            if line_id in labels:
                raise MergeError(f"{where}: id {line_id!r} annotated twice")
            labels[line_id] = _spans(where, lines[line_id]["text"], doc.get("labels", []))
    missing = [line_id for line_id in lines if line_id not in labels]
    if complete and missing:
        where = f"{paths[0]}: " if len(paths) == 1 else ""
        raise MergeError(
            f"{where}{len(missing)} sampled lines have no annotation, e.g. {missing[0]!r}"
        )
    return labels


def _label_set(spans: Spans) -> set[str]:
    return {x["label"] for x in spans}


def merge(unlabelled: Path, annotation_files: list[Path]) -> list[dict[str, Any]]:
    """The first round's records in the order of `unlabelled`; raises MergeError on any
    mismatch. Each line must be annotated exactly once across `annotation_files`."""
    lines = _lines(unlabelled)
    labels = _annotated(lines, annotation_files)
    return [{**{k: doc[k] for k in KEYS}, "labels": labels[i]} for i, doc in lines.items()]


def merge_double(
    unlabelled: Path, first: Path, second: Path, adjudicated: Path
) -> list[dict[str, Any]]:
    """The cue round's records in the order of `unlabelled`: the adjudicated labels where a
    line was adjudicated, else the annotators' common label set with annotator 1's triggers.
    Each annotator must annotate every line once; raises MergeError on any mismatch."""
    lines = _lines(unlabelled)
    one = _annotated(lines, [first])
    two = _annotated(lines, [second])
    decided = _annotated(lines, [adjudicated], complete=False)
    out = []
    for line_id, doc in lines.items():
        if line_id in decided:
            labels = decided[line_id]
        elif _label_set(one[line_id]) == _label_set(two[line_id]):
            labels = one[line_id]
        else:
            raise MergeError(
                f"{line_id!r}: annotators disagree and no adjudication "
                f"({sorted(_label_set(one[line_id]))} vs {sorted(_label_set(two[line_id]))})"
            )
        out.append({**{k: doc[k] for k in KEYS}, "labels": labels})
    return out


def agreement(unlabelled: Path, first: Path, second: Path) -> str:
    """Per-label agreement of two annotators over every line of `unlabelled` (before any
    adjudication), as a Markdown table: lines each gave the label, lines both did, observed
    agreement and Cohen's kappa (n/a when neither annotator used the label)."""
    lines = _lines(unlabelled)
    one = {i: _label_set(s) for i, s in _annotated(lines, [first]).items()}
    two = {i: _label_set(s) for i, s in _annotated(lines, [second]).items()}
    n = len(lines)
    rows = [
        "| label | annotator 1 | annotator 2 | both | observed agreement | Cohen's kappa |",
        "|---|---|---|---|---|---|",
    ]
    for label in LABELS:
        a = sum(label in one[i] for i in lines)
        b = sum(label in two[i] for i in lines)
        both = sum(label in one[i] and label in two[i] for i in lines)
        observed = (n - a - b + 2 * both) / n if n else 1.0
        chance = (a * b + (n - a) * (n - b)) / (n * n) if n else 1.0
        kappa = f"{(observed - chance) / (1 - chance):.2f}" if chance < 1 else "n/a"
        rows.append(f"| {label} | {a} | {b} | {both} | {observed:.3f} | {kappa} |")
    differ = sum(one[i] != two[i] for i in lines)
    rows.append(f"| (lines whose label sets differ) | | | | {differ} of {n} | |")
    return "\n".join(rows)


def counts(records: list[dict[str, Any]], by: str = "part") -> str:
    """Lines per value of `by` (a record field: part, stratum) and, per label, annotated lines
    per value, as a Markdown table."""
    values = sorted({r[by] for r in records})
    lines_per = Counter(r[by] for r in records)
    per = Counter(
        (x["label"], r[by]) for r in records for x in {x["label"]: x for x in r["labels"]}.values()
    )
    rows = ["| label | " + " | ".join(values) + " |", "|---|" + "---|" * len(values)]
    rows.append("| (lines) | " + " | ".join(str(lines_per[v]) for v in values) + " |")
    rows += [
        f"| {label} | " + " | ".join(str(per[label, v]) for v in values) + " |" for label in LABELS
    ]
    return "\n".join(rows)


def main() -> None:
    kappas = {}
    try:
        records = merge(
            HERE / "unlabelled.jsonl", [HERE / f"annotations-{a}.jsonl" for a in ANNOTATORS]
        )
        for name in DOUBLE_ROUNDS:
            lines = HERE / f"unlabelled-{name}.jsonl"
            first, second = (HERE / f"annotations-{name}-{n}.jsonl" for n in (1, 2))
            records += merge_double(lines, first, second, HERE / f"adjudicated-{name}.jsonl")
            kappas[name] = agreement(lines, first, second)
        ids = Counter(r["id"] for r in records)
        repeated = [line_id for line_id, n in ids.items() if n > 1]
        if repeated:
            raise MergeError(f"id {repeated[0]!r} is sampled in two rounds")
    except MergeError as exc:
        sys.exit(f"error: {exc}")
    out = HERE / "annotations.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} lines to {out}\n")
    print("Lines carrying each label, per part:\n")
    print(counts(records))
    print("\nLines carrying each label, per stratum (both parts):\n")
    print(counts(records, by="stratum"))
    for name, table in kappas.items():
        print(f"\nAgreement of the two {name}-round annotators, before adjudication:\n")
        print(table)


if __name__ == "__main__":
    main()
