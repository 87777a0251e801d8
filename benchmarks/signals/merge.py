"""Join the sampled lines with the hand annotations into `annotations.jsonl`, the set that
`lurewatch evaluate` measures the behaviour-signal detectors on.

    python benchmarks/signals/merge.py

Reads `unlabelled.jsonl` (written by `sample.py`) and `annotations-a.jsonl` ... `-d.jsonl`
(one record per line: `{"id", "labels": [{"label", "text"}]}`, see GUIDE.md) beside this
script. Each trigger `text` must be a verbatim substring of its line; its span is the first
occurrence. Stops with an error naming the file and line on anything missing, unknown,
duplicated or not a substring, and prints the counts per label and part.
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


def merge(unlabelled: Path, annotation_files: list[Path]) -> list[dict[str, Any]]:
    """The merged records in the order of `unlabelled`; raises MergeError on any mismatch."""
    lines = {doc["id"]: doc for _, doc in _records(unlabelled)}
    labels: dict[str, list[dict[str, Any]]] = {}
    for path in annotation_files:
        for number, doc in _records(path):
            where = f"{path}:{number}"
            line_id = doc.get("id")
            if line_id not in lines:
                raise MergeError(f"{where}: id {line_id!r} is not a sampled line")
            if line_id in labels:
                raise MergeError(f"{where}: id {line_id!r} annotated twice")
            text = lines[line_id]["text"]
            spans = []
            for item in doc.get("labels", []):
                if item.get("label") not in LABELS:
                    raise MergeError(f"{where}: unknown label {item.get('label')!r}")
                trigger = item.get("text")
                start = text.find(trigger) if isinstance(trigger, str) and trigger else -1
                if start < 0:
                    raise MergeError(f"{where}: trigger of {item['label']} is not in the line")
                spans.append(
                    {
                        "label": item["label"],
                        "text": trigger,
                        "start": start,
                        "end": start + len(trigger),
                    }
                )
            labels[line_id] = spans
    missing = [line_id for line_id in lines if line_id not in labels]
    if missing:
        raise MergeError(f"{len(missing)} sampled lines have no annotation, e.g. {missing[0]!r}")
    keys = ("id", "source", "role", "stratum", "part", "text")
    return [{**{k: doc[k] for k in keys}, "labels": labels[i]} for i, doc in lines.items()]


def counts(records: list[dict[str, Any]]) -> str:
    """Lines per part and, per label, annotated lines per part, as a Markdown table."""
    parts = sorted({r["part"] for r in records})
    lines_per = Counter(r["part"] for r in records)
    per = Counter(
        (x["label"], r["part"])
        for r in records
        for x in {x["label"]: x for x in r["labels"]}.values()
    )
    rows = ["| label | " + " | ".join(parts) + " |", "|---|" + "---|" * len(parts)]
    rows.append("| (lines) | " + " | ".join(str(lines_per[p]) for p in parts) + " |")
    rows += [
        f"| {label} | " + " | ".join(str(per[label, p]) for p in parts) + " |" for label in LABELS
    ]
    return "\n".join(rows)


def main() -> None:
    try:
        records = merge(
            HERE / "unlabelled.jsonl", [HERE / f"annotations-{a}.jsonl" for a in ANNOTATORS]
        )
    except MergeError as exc:
        sys.exit(f"error: {exc}")
    out = HERE / "annotations.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} lines to {out}\n")
    print(counts(records))


if __name__ == "__main__":
    main()
