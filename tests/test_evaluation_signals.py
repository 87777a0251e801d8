"""The benchmark's signals section: annotated-set scores, firing rates, the report, and the
script that merges the hand annotations. Data here is a tiny invented fixture."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from lurewatch._errors import InputError
from lurewatch.engine.signals import HIGH_SEVERITY
from lurewatch.evaluation.report import render_markdown
from lurewatch.evaluation.signals import annotated_scores, evaluate_signals, firing_rates
from lurewatch.records import Stream

FIXTURE = Path(__file__).parent / "fixtures" / "signals" / "annotations.jsonl"
MERGE = Path(__file__).parents[1] / "benchmarks" / "signals" / "merge.py"


def _stream(source: str, *lines: str) -> Stream:
    return Stream(f"{source}:1", source, "test", "ordinary", source, "en", lines)


def test_annotated_scores_count_message_level_hits_on_one_part() -> None:
    result = annotated_scores(FIXTURE)
    assert result["lines"] == 5 and result["part"] == "test"
    by = result["by_label"]
    assert by["secrecy"] == {"precision": 1.0, "recall": 1.0, "support": 1, "predicted": 1}
    assert by["off_platform"]["recall"] == 1.0
    # "how's 3?" needs the conversation; "lets meet at the library" is a meeting to the rules
    assert by["meeting"] == {"precision": 0.0, "recall": 0.0, "support": 1, "predicted": 1}
    assert by["age_probe"] == {"precision": None, "recall": None, "support": 0, "predicted": 0}
    assert annotated_scores(FIXTURE, part="train")["by_label"]["age_probe"]["recall"] == 1.0


def test_annotated_scores_are_also_given_per_sampling_stratum() -> None:
    strata = annotated_scores(FIXTURE)["by_stratum"]
    assert {name: s["lines"] for name, s in strata.items()} == {
        "ordinary": 2,
        "pj-enriched": 1,
        "pj-uniform": 2,
    }
    assert strata["pj-uniform"]["by_label"]["secrecy"]["recall"] == 1.0
    assert strata["pj-enriched"]["by_label"]["meeting"]["support"] == 1
    assert strata["ordinary"]["by_label"]["meeting"]["support"] == 0


def test_firing_rates_are_per_thousand_messages_per_source() -> None:
    rates = firing_rates(
        [
            _stream("sms", "call me later", "ok", "lunch?", "sure"),
            _stream("sms", "see you"),
            _stream("irc", "sudo apt update"),
        ]
    )
    assert rates["sms"]["messages"] == 5
    assert rates["sms"]["per_1000"]["off_platform"] == pytest.approx(200.0)
    assert rates["irc"]["per_1000"]["off_platform"] == 0.0


def test_section_degrades_gracefully_without_data() -> None:
    assert evaluate_signals([], None) is None
    section = evaluate_signals([_stream("sms", "hi")], None)
    assert section is not None and section["annotated"] is None
    assert section["firing_rates"]["sms"]["messages"] == 1
    only_annotated = evaluate_signals([], FIXTURE)
    assert only_annotated is not None and only_annotated["firing_rates"] is None


def test_markdown_has_the_signal_tables_and_targets() -> None:
    section = evaluate_signals([_stream("sms", "call me", "hi")], FIXTURE)
    text = render_markdown({"split": "test", "signals": section}, "lurewatch evaluate")
    assert "## 5. Behaviour signals" in text
    assert "| secrecy | yes | 1.000 | 1.000 | 1 | 1 |" in text
    assert "| sms | 2 | " in text and all(label in text for label in HIGH_SEVERITY)
    assert "| pj-uniform | 2 | n/a / n/a (0) | 1.000 / 1.000 (1) |" in text
    assert "signals precision, worst high-severity label (meeting) | >= 0.9 | 0.000 | NO |" in text
    assert "signal firings per 1,000 ordinary messages, worst (off_platform, sms)" in text


def _merge_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("signals_merge", MERGE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.fixture
def sampled(tmp_path: Path) -> Path:
    line = {"source": "pj", "role": "predator", "stratum": "pj-uniform", "lang": "en"}
    return _write(
        tmp_path / "unlabelled.jsonl",
        {**line, "id": "a#1", "part": "train", "context": [], "text": "ok ok dont tell ok"},
        {**line, "id": "a#2", "part": "test", "context": [], "text": "hi"},
    )


def test_merge_joins_lines_with_first_occurrence_spans(sampled: Path, tmp_path: Path) -> None:
    merge = _merge_module()
    annotations = _write(
        tmp_path / "annotations-a.jsonl",
        {"id": "a#1", "labels": [{"label": "secrecy", "text": "ok"}]},
        {"id": "a#2", "labels": []},
    )
    first, second = merge.merge(sampled, [annotations])
    assert first["labels"] == [{"label": "secrecy", "text": "ok", "start": 0, "end": 2}]
    assert set(first) == {"id", "source", "role", "stratum", "part", "text", "labels"}
    assert second["labels"] == [] and second["part"] == "test"
    assert "| secrecy | 0 | 1 |" in merge.counts([first, second])


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"id": "a#1", "labels": [{"label": "secrecy", "text": "nope"}]}], "not in the line"),
        ([{"id": "a#1", "labels": [{"label": "flirting", "text": "ok"}]}], "unknown label"),
        ([{"id": "zz", "labels": []}], "not a sampled line"),
        ([{"id": "a#1", "labels": []}, {"id": "a#1", "labels": []}], "annotated twice"),
        ([{"id": "a#1", "labels": []}], "have no annotation"),
    ],
)
def test_merge_fails_loudly(
    sampled: Path, tmp_path: Path, records: list[dict[str, object]], message: str
) -> None:
    merge = _merge_module()
    with pytest.raises(merge.MergeError, match=message):
        merge.merge(sampled, [_write(tmp_path / "annotations-a.jsonl", *records)])
    with pytest.raises(merge.MergeError, match="missing"):
        merge.merge(sampled, [tmp_path / "annotations-z.jsonl"])


@pytest.fixture
def cue_round(tmp_path: Path) -> dict[str, Path]:
    line = {"source": "pj", "role": "decoy", "stratum": "pj-cue", "lang": "en", "context": []}
    texts = {"c#1": "dont tell ur mom", "c#2": "send a pic", "c#3": "hello there"}
    return {
        "unlabelled": _write(
            tmp_path / "unlabelled-cue.jsonl",
            *({**line, "id": i, "part": "test", "text": t} for i, t in texts.items()),
        ),
        "first": _write(
            tmp_path / "annotations-cue-1.jsonl",
            {"id": "c#2", "labels": [{"label": "image_request", "text": "send a pic"}]},
            {"id": "c#1", "labels": [{"label": "secrecy", "text": "dont tell"}]},
            {"id": "c#3", "labels": []},
        ),
        "second": _write(
            tmp_path / "annotations-cue-2.jsonl",
            {"id": "c#1", "labels": [{"label": "secrecy", "text": "dont tell ur mom"}]},
            {"id": "c#2", "labels": [{"label": "image_request", "text": "pic"}]},
            {"id": "c#3", "labels": [{"label": "trust_building", "text": "hello"}]},
        ),
        "adjudicated": _write(
            tmp_path / "adjudicated-cue.jsonl",
            {"id": "c#3", "labels": [], "reason": "a greeting"},
        ),
    }


def test_merge_double_takes_agreed_or_adjudicated_labels(cue_round: dict[str, Path]) -> None:
    merge = _merge_module()
    first, second, third = merge.merge_double(**cue_round)
    assert [r["id"] for r in (first, second, third)] == ["c#1", "c#2", "c#3"]
    # agreed: annotator 1's triggers; adjudicated: the adjudicator's labels, reason dropped
    assert first["labels"] == [{"label": "secrecy", "text": "dont tell", "start": 0, "end": 9}]
    assert second["labels"][0]["text"] == "send a pic" and third["labels"] == []
    assert set(third) == {"id", "source", "role", "stratum", "part", "text", "labels"}
    table = merge.agreement(cue_round["unlabelled"], cue_round["first"], cue_round["second"])
    assert "| secrecy | 1 | 1 | 1 | 1.000 | 1.00 |" in table
    assert "| trust_building | 0 | 1 | 0 | 0.667 | 0.00 |" in table
    assert "| coercion | 0 | 0 | 0 | 1.000 | n/a |" in table and "| 1 of 3 |" in table


def test_merge_double_fails_on_undecided_or_bad_input(
    cue_round: dict[str, Path], tmp_path: Path
) -> None:
    merge = _merge_module()
    unadjudicated = {**cue_round, "adjudicated": _write(tmp_path / "none.jsonl")}
    with pytest.raises(merge.MergeError, match="'c#3': annotators disagree and no adjudication"):
        merge.merge_double(**unadjudicated)
    bad_trigger = _write(
        tmp_path / "bad.jsonl", {"id": "c#3", "labels": [{"label": "sexual", "text": "nope"}]}
    )
    with pytest.raises(merge.MergeError, match="not in the line"):
        merge.merge_double(**{**cue_round, "adjudicated": bad_trigger})
    with pytest.raises(merge.MergeError, match="have no annotation"):
        merge.merge_double(
            **{**cue_round, "second": _write(tmp_path / "part.jsonl", {"id": "c#1", "labels": []})}
        )
    unknown = _write(tmp_path / "unknown.jsonl", {"id": "zz", "labels": []})
    with pytest.raises(merge.MergeError, match="not a sampled line"):
        merge.merge_double(**{**cue_round, "adjudicated": unknown})


def test_a_given_annotations_path_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the annotated set"):
        evaluate_signals([_stream("sms", "hi")], tmp_path / "missing.jsonl")


def test_a_bad_annotation_record_names_its_missing_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = {"part": "test", "text": "hi", "labels": []}
    path.write_text(json.dumps(good) + "\n" + json.dumps({"text": "hi", "labels": []}) + "\n")
    with pytest.raises(
        InputError, match=r"a\.jsonl:2: bad annotation record: missing field 'part'"
    ):
        annotated_scores(path)
    path.write_text(json.dumps({**good, "labels": [{"text": "hi"}]}) + "\n")
    with pytest.raises(
        InputError, match=r":1: .*'labels' must be a list of objects with a 'label'"
    ):
        annotated_scores(path)
    path.write_text("{not json\n")
    with pytest.raises(InputError, match=r":1: bad annotation record: malformed JSON"):
        annotated_scores(path)
