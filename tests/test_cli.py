"""The `lurewatch` command line: train, evaluate, scan, demo, and clear errors on bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lurewatch.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

TOY = {
    "conversation_id": "c1",
    "message_id": "m1",
    "sender_id": "s1",
    "sent_at": "2026-01-01T10:00:00Z",
    "text": "hi",
}


SMALL = ("--n-features", str(2**16), "--cv", "2")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "m"
    code, stdout, stderr = run(
        "train", "--data", str(FIXTURES / "corpus"), "--out", str(out), *SMALL
    )
    assert code == 0, stderr
    assert json.loads(stdout)["by_role"]["predator"] > 0
    return out


def test_train_writes_a_loadable_model_with_cv_operating_points(small_model: Path) -> None:
    doc = json.loads((small_model / "model.json").read_text())
    assert 0 < doc["warning_rule"]["threshold"] < 1
    assert doc["training"]["data"].startswith("split=train")
    assert {"python", "numpy", "scipy", "scikit-learn", "blas"} <= set(doc["training"]["libraries"])
    assert {"weights.npz", "estimator.json", "model.json"} <= {
        p.name for p in small_model.iterdir()
    }


def test_train_chooses_a_rule_with_behaviour_signals_and_one_without(tmp_path: Path) -> None:
    from lurewatch.engine.detector import Detector

    out = tmp_path / "boosted"
    code, _, stderr = run(
        "train", "--data", str(FIXTURES / "corpus"), "--out", str(out),
        "--behaviour-log-ratio", "2", *SMALL,
    )  # fmt: skip
    assert code == 0, stderr
    doc = json.loads((out / "model.json").read_text())
    assert doc["behaviour_log_ratio"] == doc["training"]["behaviour_log_ratio"] == 2.0
    plain = doc["warning_rule_without_signals"]
    assert doc["training"]["warning_rule_without_signals"]["threshold"] == plain["threshold"]
    detector = Detector.load(out)
    assert detector.uses_signals and detector.behaviour_log_ratio == 2.0
    words_only = detector.without_signals()
    assert not words_only.uses_signals
    assert words_only.rule.to_dict() == plain
    assert detector.rule.to_dict() == doc["warning_rule"]


def test_train_is_reproducible(small_model: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    code, _, stderr = run("train", "--data", str(FIXTURES / "corpus"), "--out", str(again), *SMALL)
    assert code == 0, stderr
    # its long steps show progress (featurising ran ~97 s, a CV fold ~300 s, silent)
    streams = re.findall(r"reading train streams: (\d+) streams", stderr)[-1]
    assert "featurising histories: 100%|" in stderr and f"{streams}/{streams}" in stderr
    assert "cross-validation folds: 100%|" in stderr and "2/2" in stderr, stderr
    assert "prior strength candidates: 100%|" in stderr and "4/4" in stderr, stderr
    assert (again / "model.json").read_text() == (small_model / "model.json").read_text()
    assert (again / "estimator.json").read_text() == (small_model / "estimator.json").read_text()


def test_a_tracked_step_keeps_its_bar_moving_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A CV fold is one step of minutes: on a terminal its bar is redrawn meanwhile."""
    import io
    import sys
    import time

    from lurewatch import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli, "TICK_SECONDS", 0.05)
    for _ in cli._tracked(range(1), "fold", 1):
        time.sleep(0.5)
    assert terminal.getvalue().count("0/1") >= 3, terminal.getvalue()
    assert "1/1" in terminal.getvalue()


def test_evaluate_writes_every_section(small_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    md = tmp_path / "B.md"
    code, _, stderr = run(
        "evaluate",
        "--data",
        str(FIXTURES / "corpus"),
        "--split",
        "test",
        "--model",
        str(small_model),
        "--out",
        str(out),
        "--plots",
        str(tmp_path / "img"),
        "--markdown",
        str(md),
        "--signals",
        str(FIXTURES / "signals" / "annotations.jsonl"),
    )
    assert code == 0, stderr
    report = json.loads(out.read_text())
    assert report["signals"]["annotated"]["lines"] == 5
    assert set(report["signals"]["firing_rates"]) >= {"chitchat", "nps"}
    assert "Behaviour signals" in md.read_text()
    assert set(report["identification"]) >= {
        "precision",
        "recall",
        "f1",
        "f05",
        "threshold",
        "fpr_by_source",
    }
    assert set(report["early"]) >= {
        "precision",
        "recall",
        "f1",
        "speed",
        "f_latency",
        "median_latency",
        "false_warning_rate_by_source",
    }
    assert set(report["segments"]) == {"en", "de"}
    assert set(report["segments"]["en"]["f1_at"]) == {"0.1", "0.3", "0.5"}
    assert "false_alert_rate_by_source" in report["conversations"]
    assert report["conversations"]["positives"] is None  # the fixture has no predator conversations
    assert report["speed"]["messages_per_second"] > 0
    assert "nps" in report["identification"]["fpr_by_source"]
    for png in report["plots"].values():
        assert Path(png).read_bytes().startswith(b"\x89PNG")
    assert "Early warning" in md.read_text()


def test_evaluate_reports_missing_segments_as_null(small_model: Path, tmp_path: Path) -> None:
    data = tmp_path / "data" / "corpus"
    data.mkdir(parents=True)
    src = FIXTURES / "corpus" / "corpus"
    (data / "streams.jsonl.gz").write_bytes((src / "streams.jsonl.gz").read_bytes())
    code, stdout, stderr = run(
        "evaluate",
        "--data",
        str(tmp_path / "data"),
        "--model",
        str(small_model),
        "--signals",
        str(FIXTURES / "signals" / "annotations.jsonl"),
    )
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["signals"]["annotated"] and report["signals"]["firing_rates"]
    assert report["segments"] is None and report["conversations"] is None
    assert report["identification"] is not None


def test_evaluate_pan12_on_toy_files(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pan" / "report.json"
    code, stdout, stderr = run(
        "evaluate", "--pan12", str(data_dir / "pan12" / "toy.test"), "--out", str(out)
    )
    assert code == 0, stderr
    report = json.loads(stdout)
    assert 0 <= report["problem1"]["f05"] <= 1 and 0 <= report["problem2"]["f3"] <= 1
    assert (out.parent / "problem1.txt").exists() and (out.parent / "problem2.txt").exists()


def test_scan_flags_grooming_and_writes_json_and_csv(tmp_path: Path) -> None:
    sample = Path(__file__).parents[1] / "src" / "lurewatch" / "samples" / "demo.jsonl"
    code, _stdout, stderr = run("scan", str(sample), "--out", str(tmp_path / "scan"))
    assert code == 0, stderr
    result = json.loads((tmp_path / "scan.json").read_text())
    flagged = {f["conversation_id"] for f in result["flagged_conversations"]}
    assert flagged, "the synthetic grooming chats must be flagged"
    assert all(cid.startswith("synthetic-grooming") for cid in flagged)
    first = result["flagged_conversations"][0]
    assert first["evidence"] and first["warning_line"] >= 1
    assert first["minor_disclosed_by"] == ["kid_m"]  # "13 f cali" in synthetic-grooming-1
    assert (tmp_path / "scan.csv").read_text().startswith("conversation_id,risk")
    # README's "Scan output" names every field of the JSON
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("### Scan output", 1)[1].split("\n#", 1)[0]
    documents = [
        result,
        result["warning_rule"],
        first,
        first["evidence"][0],
        result["flagged_senders"][0],
    ]
    named = set(re.findall(r"`(\w+)(?:\[\])?`", section))
    missing = {key for doc in documents for key in doc if key not in named}
    assert not missing, f"README's Scan output does not name {sorted(missing)}"


def test_scan_bad_input_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "chat.jsonl"
    bad.write_text(
        json.dumps(TOY) + "\n{not json\n" + json.dumps({**TOY, "message_id": "m2"}) + "\n"
    )
    code, _, stderr = run("scan", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2
    assert f"{bad}:2" in stderr and "Traceback" not in stderr
    code, _stdout, stderr = run("scan", str(bad), "--skip-bad", "--out", str(tmp_path / "o"))
    assert code == 0, stderr
    assert json.loads((tmp_path / "o.json").read_text())["skipped_rows"] == 1


def test_scan_errors_start_their_own_line_not_after_the_progress_bar(tmp_path: Path) -> None:
    """The bar was drawn before the first file was read: an empty file or a bad first row
    came out after `scanning: 0 conversations [...]`."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    for chat in (empty, bad):
        code, _, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
        assert code == 2 and stderr.startswith("error: "), stderr


def test_scan_and_explain_count_one_conversation_and_one_message_in_the_singular(
    tmp_path: Path,
) -> None:
    chat = tmp_path / "one.jsonl"
    chat.write_text(json.dumps(TOY) + "\n")
    code, stdout, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
    assert code == 0 and stdout.startswith("0 of 1 conversation flagged, 0 senders;"), stderr
    code, stdout, stderr = run("explain", str(chat))
    assert code == 0 and stdout.startswith("conversation c1 (1 message)\n"), stderr


def test_scan_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, _, stderr = run("scan", str(empty))
    assert code == 2 and "empty" in stderr


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    code, _, stderr = run("scan", str(tmp_path / "x.jsonl"), "--model", str(tmp_path / "none"))
    assert code == 2 and "lurewatch train" in stderr


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name in main.commands:
        assert f"lurewatch {name}" in readme, f"README does not document `lurewatch {name}`"


def test_speed_benchmark_runs_in_its_own_process(data_dir: Path) -> None:
    from lurewatch.evaluation.speed import measure_in_subprocess

    result = measure_in_subprocess(data_dir, "test", None, count=300)
    assert result["messages"] == 300
    assert result["messages_per_second"] > 0 and result["p99_update_ms"] > 0
    assert result["rss_mb"] > 0 and result["rss_before_load_mb"] > 0
    assert result["warm_messages_per_second"] > 0 and result["warm_p99_update_ms"] > 0
    assert result["warm_rss_mb"] > 0


def test_speed_is_measured_on_every_source_in_turn(data_dir: Path) -> None:
    """The corpus lists its sources one after another: the first 20,000 lines of it were
    all chit-chat and in-game chat, shorter and calmer than the rest."""
    from lurewatch.evaluation.speed import measure_lines
    from lurewatch.readers import read_streams

    firsts: dict[str, str] = {}
    for stream in read_streams(data_dir, split="test"):
        if stream.lines:
            firsts.setdefault(stream.source, stream.lines[0])
    assert len(firsts) >= 5
    assert measure_lines(data_dir, "test", len(firsts)) == list(firsts.values())


def test_train_and_evaluate_skip_bad_corpus_rows(tmp_path: Path, small_model: Path) -> None:
    import gzip

    data = tmp_path / "data" / "corpus"
    data.mkdir(parents=True)
    src = FIXTURES / "corpus" / "corpus"
    good = gzip.decompress((src / "streams.jsonl.gz").read_bytes())
    (data / "streams.jsonl.gz").write_bytes(gzip.compress(b"{broken\n" + good))
    code, _, stderr = run("evaluate", "--data", str(tmp_path / "data"), "--model", str(small_model))
    assert code == 2 and "streams.jsonl.gz:1" in stderr
    code, stdout, stderr = run(
        "evaluate", "--data", str(tmp_path / "data"), "--model", str(small_model), "--skip-bad"
    )
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["skipped_rows"] == 1 and report["identification"] is not None
    code, _, stderr = run(
        "train",
        "--data",
        str(tmp_path / "data"),
        "--out",
        str(tmp_path / "m"),
        "--skip-bad",
        *SMALL,
    )
    assert code == 0, stderr
    assert "skipped 1 bad row" in stderr and (tmp_path / "m" / "model.json").exists()


def test_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.strip()
    # its explanation numbers the messages 1, 2, 3 (no line given: by position)
    assert "asked the other's age (msg 1)" in out and "(msg 3)" in out, out
    assert "the other participant said they are 13 (msg 2)" in out, out


def test_scan_reads_pan12_xml_and_counts_its_conversations(tmp_path: Path) -> None:
    from lurewatch.readers import find_pan12_files, read_pan12_xml

    corpus = find_pan12_files(FIXTURES / "pan12" / "test").corpus
    expected = sum(1 for _ in read_pan12_xml(corpus))
    code, stdout, stderr = run("scan", str(corpus), "--out", str(tmp_path / "p"))
    assert code == 0, stderr
    assert json.loads((tmp_path / "p.json").read_text())["conversations"] == expected > 0
    assert f"of {expected} conversations flagged" in stdout


def test_train_cross_domain_records_its_kind(tmp_path: Path) -> None:
    out = tmp_path / "m"
    code, stdout, stderr = run(
        "train", "--data", str(FIXTURES / "corpus"), "--out", str(out), "--cross-domain", *SMALL
    )
    assert code == 0, stderr
    assert json.loads(stdout)["cv_kind"] == "cross-domain"


GROOMING = [
    ("kid", "hi im 13"),
    ("man", "ur so pretty"),
    ("man", "dont tell ur mom we talk ok"),
    ("man", "add me on sn@p"),
    ("kid", "ok"),
]


def _chat_file(tmp_path: Path) -> Path:
    path = tmp_path / "chat.jsonl"
    path.write_text(
        "".join(
            json.dumps({**TOY, "message_id": f"m{i}", "sender_id": who, "text": text}) + "\n"
            for i, (who, text) in enumerate(GROOMING, 1)
        )
    )
    return path


def test_explain_prints_each_conversation_with_labels_inline(tmp_path: Path) -> None:
    code, stdout, stderr = run("explain", str(_chat_file(tmp_path)))
    assert code == 0, stderr
    assert "conversation c1 (5 messages)" in stdout
    assert 'man: add me on sn@p  [off_platform 0.90 "add me on sn@p"]' in stdout
    assert "-> man: " in stdout and "asked to move to Snapchat (msg 4)" in stdout
    assert "the other participant said they are 13 (msg 1)" in stdout


def test_explain_json_is_one_object_per_message(tmp_path: Path) -> None:
    code, stdout, stderr = run("explain", str(_chat_file(tmp_path)), "--format", "json")
    assert code == 0, stderr
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [r["message_id"] for r in records] == ["m1", "m2", "m3", "m4", "m5"]
    assert set(records[0]) == {"conversation_id", "message_id", "sender_id", "line", "labels"}
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]
    (secrecy,) = records[2]["labels"]
    assert secrecy["label"] == "secrecy" and secrecy["confidence"] == 0.9
    assert GROOMING[2][1][secrecy["start"] : secrecy["end"]] == "dont tell ur mom"
    assert records[4]["labels"] == []


def test_explain_reads_pan12_xml_and_skips_bad_rows(tmp_path: Path) -> None:
    from lurewatch.readers import find_pan12_files, read_pan12_xml

    corpus = find_pan12_files(FIXTURES / "pan12" / "test").corpus
    expected = sum(len(c.messages) for c in read_pan12_xml(corpus))
    code, stdout, stderr = run("explain", str(corpus), "--format", "json")
    assert code == 0, stderr
    assert len(stdout.splitlines()) == expected
    bad = _chat_file(tmp_path)
    bad.write_text(bad.read_text() + "{not json\n")
    code, _, stderr = run("explain", str(bad))
    assert code == 2 and f"{bad}:6" in stderr
    code, stdout, stderr = run("explain", str(bad), "--skip-bad")
    assert code == 0 and "skipped 1 bad row" in stderr


def test_explain_and_scan_read_the_corpus_conversations_file(tmp_path: Path) -> None:
    """issue 3: FILE is any format the readers take. A file laid out as the benchmark's
    corpus/conversations.jsonl.gz (a conversation a line, `messages: [{author, time, text}]`)
    failed with "missing required field 'conversation_id'"."""
    import gzip

    record = {
        "id": "chitchat:1",
        "source": "chitchat",
        "split": "test",
        "lang": "en",
        "messages": [{"author": who, "time": "10:00", "text": text} for who, text in GROOMING],
        "predators": [],
    }
    path = tmp_path / "conversations.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    code, stdout, stderr = run("explain", str(path), "--format", "json")
    assert code == 0, stderr
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [(r["message_id"], r["sender_id"]) for r in records[:2]] == [
        ("chitchat:1:1", "kid"),
        ("chitchat:1:2", "man"),
    ]
    assert [s["label"] for s in records[2]["labels"]] == ["secrecy"]
    code, stdout, stderr = run("scan", str(path), "--out", str(tmp_path / "o"))
    assert code == 0, stderr
    assert json.loads((tmp_path / "o.json").read_text())["conversations"] == 1


def test_scan_explains_what_it_flags(tmp_path: Path) -> None:
    sample = Path(__file__).parents[1] / "src" / "lurewatch" / "samples" / "demo.jsonl"
    code, _stdout, stderr = run("scan", str(sample), "--out", str(tmp_path / "scan"))
    assert code == 0, stderr
    flagged = json.loads((tmp_path / "scan.json").read_text())["flagged_conversations"]
    assert flagged and all(rec["explanation"] for rec in flagged)
    first = flagged[0]
    assert first["labels"] and all(isinstance(v, list) for v in first["labels"].values())
    assert "said they are" in first["explanation"]
    assert all("labels" in e for e in first["evidence"])
    header = (tmp_path / "scan.csv").read_text().splitlines()[0]
    assert header.endswith(",labels,explanation")


def test_train_chooses_the_prior_strength_by_cross_validation(small_model: Path) -> None:
    from lurewatch.engine.detector import Detector
    from lurewatch.engine.training import PRIOR_STRENGTHS

    record = json.loads((small_model / "model.json").read_text())["training"]["warning_rule"]
    assert record["prior_strength"] in PRIOR_STRENGTHS
    assert set(record["prior_strength_cv_f_latency"]) == {str(p) for p in PRIOR_STRENGTHS}
    assert Detector.load(small_model).model.prior_strength == record["prior_strength"]


def test_evaluate_with_another_warning_rule(small_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = ["evaluate", "--data", str(FIXTURES / "corpus"), "--split", "test"]
    args += ["--model", str(small_model), "--out", str(out)]
    code, _, stderr = run(*args, "--warning-rule", "0.99,2,10")
    assert code == 0, stderr
    assert json.loads(out.read_text())["early"]["rule"] == {"threshold": 0.99, "k": 2, "n": 10}
    for bad in ("0.99,2", "1.5,2,10", "0.9,x,10"):
        code, _, stderr = run(*args, "--warning-rule", bad)
        assert code == 2 and "THRESHOLD,K,N" in stderr, (bad, stderr)


def _labels_dir(tmp_path: Path, source: str = "lurewatch:acme", *, dismissed: bool = False) -> Path:
    """Moderators' decisions as `lurewatch export-labels` writes them (invented chats); with
    `dismissed`, as it writes them now (whose alert was dismissed: y1, y3, y5), else as it
    did before it recorded that."""
    grooming = ["hey", "how old r u", "dont tell ur mom we talk", "add me on snap", "ok", "lol"]
    ordinary = ["hey team", "match at 6?", "bring the ball", "sure thing", "see you", "ok"]
    records = []
    for i in range(6):
        bad = i % 2 == 0
        lines = grooming if bad else ordinary
        records.append(
            {
                "id": f"lurewatch:c{i}",
                "source": source,
                "split": "test" if i >= 4 else "train",
                "lang": "und",
                "messages": [
                    {"author": f"{'x' if j % 2 else 'y'}{i}", "time": None, "text": t}
                    for j, t in enumerate(lines)
                ],
                "predators": [f"y{i}"] if bad else [],
            }
        )
        if dismissed:
            records[-1]["dismissed"] = [] if bad else [f"y{i}"]
    corpus = tmp_path / "labels" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "conversations.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return corpus.parent


def test_train_learns_from_moderators_labels_and_evaluate_measures_their_test_part(
    small_model: Path, tmp_path: Path
) -> None:
    labels = _labels_dir(tmp_path)
    out = tmp_path / "with-labels"
    code, stdout, stderr = run(
        "train", "--data", str(FIXTURES / "corpus"), "--out", str(out), "--labels", str(labels),
        *SMALL,
    )  # fmt: skip
    assert code == 0, stderr
    record = json.loads(stdout)
    # split=train only: conversations 0-3, two confirmed (offender + child), two dismissed
    assert record["feedback_streams_by_role"] == {"predator": 2, "decoy": 2, "ordinary": 4}
    assert "lurewatch:acme" in record["sources"] and "moderators' labels" in record["data"]
    assert (
        record["streams"]
        == json.loads((small_model / "model.json").read_text())["training"]["streams"] + 8
    )

    md = tmp_path / "labels.md"
    code, _, stderr = run(
        "evaluate", "--data", str(labels), "--split", "test", "--model", str(out),
        "--out", str(tmp_path / "labels.json"), "--markdown", str(md),
    )  # fmt: skip
    assert code == 0, stderr
    report = json.loads((tmp_path / "labels.json").read_text())
    assert report["early"] is None and report["segments"] is None
    assert set(report["conversations"]["false_alert_rate_by_source"]) == {"lurewatch:acme"}
    assert report["conversations"]["positives"] is not None
    assert "Conversations with an offender" in md.read_text()


def test_train_refuses_labels_that_are_not_moderators_decisions(tmp_path: Path) -> None:
    code, _, stderr = run(
        "train", "--data", str(FIXTURES / "corpus"), "--out", str(tmp_path / "m"),
        "--labels", str(_labels_dir(tmp_path, source="chitchat")), *SMALL,
    )  # fmt: skip
    assert code == 2 and "not moderators' labels" in stderr and "export-labels" in stderr


def test_adapt_fine_tunes_a_model_on_labels_alone_and_evaluate_measures_it(
    small_model: Path, tmp_path: Path
) -> None:
    labels = _labels_dir(tmp_path)
    out = tmp_path / "adapted"
    code, stdout, stderr = run(
        "adapt", "--labels", str(labels), "--model", str(small_model), "--out", str(out),
        "--strength", "3",
    )  # fmt: skip
    assert code == 0, stderr
    record = json.loads(stdout)
    assert record["streams_by_role"] == {"predator": 2, "decoy": 2, "ordinary": 4}
    assert record["C"] == 3.0 and record["from"] == str(small_model) and record["converged"]
    saved = json.loads((out / "model.json").read_text())
    assert (
        saved["warning_rule"]
        == json.loads((small_model / "model.json").read_text())["warning_rule"]
    )
    assert saved["training"]["adapted"] == [record]

    code, _, stderr = run(
        "evaluate", "--data", str(labels), "--split", "test", "--model", str(out),
        "--out", str(tmp_path / "adapted.json"),
    )  # fmt: skip
    assert code == 0, stderr
    report = json.loads((tmp_path / "adapted.json").read_text())
    assert set(report["conversations"]["false_alert_rate_by_source"]) == {"lurewatch:acme"}


def test_adapt_learns_a_dismissal_of_the_dismissed_sender_alone(
    small_model: Path, tmp_path: Path
) -> None:
    """A dismissal judged one sender, the alert's: the other participant of a dismissed
    conversation is not learnt as ordinary chat (exports from before that was recorded
    are read as they were, with a warning)."""
    out = tmp_path / "adapted"
    args = ["--model", str(small_model), "--out", str(out), "--strength", "3"]
    code, stdout, stderr = run(
        "adapt", "--labels", str(_labels_dir(tmp_path, dismissed=True)), *args
    )
    assert code == 0, stderr
    assert json.loads(stdout)["streams_by_role"] == {"predator": 2, "decoy": 2, "ordinary": 2}
    assert "warning" not in stderr
    older = _labels_dir(tmp_path / "older")
    code, stdout, stderr = run("adapt", "--labels", str(older), *args)
    assert code == 0, stderr
    assert json.loads(stdout)["streams_by_role"] == {"predator": 2, "decoy": 2, "ordinary": 4}
    assert "exported before lurewatch recorded whom moderators dismissed" in stderr


def test_train_and_adapt_refuse_an_out_dir_that_holds_other_files(tmp_path: Path) -> None:
    """Saving a model replaces its directory whole: one that holds anything but a model is
    refused before the run, and left as it was."""
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    for args in (
        ["train", "--data", str(FIXTURES / "corpus"), "--out", str(out), *SMALL],
        ["adapt", "--labels", str(_labels_dir(tmp_path, dismissed=True)), "--out", str(out)],
    ):
        code, _, stderr = run(*args)
        assert code == 2 and "not a lurewatch model's (notes.txt)" in stderr, stderr
        assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_adapt_refuses_other_labels_and_needs_some(tmp_path: Path) -> None:
    out = str(tmp_path / "m")
    code, _, stderr = run(
        "adapt", "--labels", str(_labels_dir(tmp_path, source="chitchat")), "--out", out
    )
    assert code == 2 and "not moderators' labels" in stderr
    code, _, stderr = run("adapt", "--out", out)
    assert code == 2 and "--labels" in stderr
    code, _, stderr = run(
        "adapt", "--labels", str(tmp_path / "labels"), "--out", out, "--strength", "0"
    )
    assert code == 2 and "--strength" in stderr


DEMO = Path(__file__).parents[1] / "src" / "lurewatch" / "samples" / "demo.jsonl"


def test_scan_finds_evidence_by_position_when_message_ids_repeat() -> None:
    from dataclasses import replace

    from lurewatch.cli import _scan
    from lurewatch.engine.detector import Detector
    from lurewatch.readers import read_chat_file
    from lurewatch.records import Conversation

    detector = Detector.load()
    conversations = read_chat_file(DEMO)
    same = [
        Conversation(c.id, [replace(m, message_id="same") for m in c.messages])
        for c in conversations
    ]
    expected, _, _ = _scan(conversations, detector)
    got, _, _ = _scan(same, detector)
    assert expected, "the demo's grooming chats must be flagged"
    for record in [*expected, *got]:
        record.pop("warning_message_id")
        for item in record["evidence"]:
            item.pop("message_id")
    assert got == expected


def test_scan_checks_the_output_location_before_scanning(tmp_path: Path) -> None:
    chat = _chat_file(tmp_path)
    cases = {".": "the prefix needs a name", f"{chat}/x": f"{chat} is not a directory"}
    if Path("/proc/self").is_dir():  # refuses new files even to root
        cases["/proc/x"] = "cannot write in /proc"
    for out, reason in cases.items():
        code, _, stderr = run("scan", str(chat), "--out", out)
        assert code == 2 and f"error: --out {out}" in stderr and reason in stderr, stderr
        assert "scanning" not in stderr and "Traceback" not in stderr


def test_scan_write_failure_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(self: Path, *_args: object, **_kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    chat = _chat_file(tmp_path)
    monkeypatch.setattr(Path, "write_text", full)
    code, _, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
    assert code == 2 and f"--out {tmp_path / 'o.json'}: cannot write (No space left" in stderr


def test_scan_out_prefix_keeps_its_dots(tmp_path: Path) -> None:
    code, stdout, stderr = run("scan", str(_chat_file(tmp_path)), "--out", str(tmp_path / "r.v2"))
    assert code == 0, stderr
    assert (tmp_path / "r.v2.json").is_file() and (tmp_path / "r.v2.csv").is_file()
    assert not (tmp_path / "r.json").exists() and "r.v2.json" in stdout


def test_scan_refuses_a_directory(tmp_path: Path) -> None:
    code, _, stderr = run("scan", str(_chat_file(tmp_path)), str(tmp_path))
    assert code == 2 and f"{tmp_path}: is a directory; scan takes chat files" in stderr
    assert "scanning" not in stderr


def test_evaluate_checks_output_paths_before_running(tmp_path: Path) -> None:
    file = tmp_path / "f.jsonl"
    file.write_text("{}\n{}\n")
    data = ("--data", str(FIXTURES / "corpus"))
    for args, reason in [
        (("--out", str(tmp_path)), f"--out {tmp_path}: is a directory"),
        (("--out", f"{file}/r.json"), f"--out {file}/r.json: {file} is not a directory"),
        (("--plots", str(file)), f"--plots {file}: {file} is not a directory"),
        (("--markdown", f"{file}/B.md"), f"--markdown {file}/B.md: {file} is not a directory"),
        (("--markdown", str(tmp_path / "B.md"), "--compare", str(file)), f"{file}:2: not JSON"),
        (
            ("--markdown", str(tmp_path / "B.md"), "--compare", str(_chat_file(tmp_path))),
            "not JSON",
        ),
    ]:
        code, _, stderr = run("evaluate", *data, *args)
        assert code == 2 and reason in stderr, (args, stderr)
        assert "protocols" not in stderr and "Traceback" not in stderr
    file.write_text('{"problem1": null}\n')
    code, _, stderr = run(
        "evaluate", *data, "--markdown", str(tmp_path / "B.md"), "--compare", str(file)
    )
    assert code == 2 and "not a report of `lurewatch evaluate` on a corpus" in stderr


def test_evaluate_creates_the_markdown_directory(small_model: Path, tmp_path: Path) -> None:
    md = tmp_path / "new" / "B.md"
    code, _, stderr = run(
        "evaluate", "--data", str(FIXTURES / "corpus"), "--model", str(small_model),
        "--markdown", str(md), "--signals", str(FIXTURES / "signals" / "annotations.jsonl"),
    )  # fmt: skip
    assert code == 0, stderr
    assert "Early warning" in md.read_text()


def test_evaluate_refuses_options_it_would_ignore(tmp_path: Path) -> None:
    code, _, stderr = run("evaluate", "--pan12", str(tmp_path), "--plots", str(tmp_path / "p"))
    assert code == 2 and "--plots: not used with --pan12" in stderr
    report = tmp_path / "r.json"
    report.write_text('{"split": "test"}\n')
    code, _, stderr = run("evaluate", "--compare", str(report))
    assert code == 2 and "add --markdown" in stderr


def test_evaluate_refuses_a_data_dir_without_corpus_files(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    code, stdout, stderr = run("evaluate", "--data", str(tmp_path))
    assert code == 2 and not stdout
    assert f"{tmp_path} holds no benchmark corpus file" in stderr
    assert "corpus/streams.jsonl.gz" in stderr


def test_evaluate_refuses_a_signals_file_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "annotations.jsonl"
    code, _, stderr = run("evaluate", "--data", str(FIXTURES / "corpus"), "--signals", str(missing))
    assert code == 2 and "--signals" in stderr and "does not exist" in stderr


def test_evaluate_pan12_says_a_file_is_not_a_directory(tmp_path: Path) -> None:
    code, _, stderr = run("evaluate", "--pan12", str(_chat_file(tmp_path)))
    assert code == 2 and "--pan12" in stderr and "is a file" in stderr
    assert "no such directory" not in stderr


def test_explain_text_escapes_control_characters(tmp_path: Path) -> None:
    chat = tmp_path / "chat.jsonl"
    text = "hi\nadd me on snap \x1b[2J\u2028ok"
    chat.write_text(json.dumps({**TOY, "sender_id": "a\x1bb", "text": text}) + "\n")
    code, stdout, stderr = run("explain", str(chat))
    assert code == 0, stderr
    assert "\x1b" not in stdout and "\u2028" not in stdout
    lines = stdout.splitlines()
    assert lines[1] == (
        r"     1 a\x1bb: hi\nadd me on snap \x1b[2J\u2028ok"
        '  [off_platform 0.90 "add me on snap"]'
    )
    code, stdout, _ = run("explain", str(chat), "--format", "json")
    assert code == 0 and json.loads(stdout)["sender_id"] == "a\x1bb"


# Invented chat that the shipped model flags (its warning fires on message 5, the sender's 3rd).
FLAGGED = [
    ("kid", "hi"),
    ("g", "hey cutie how old r u"),
    ("kid", "im 13"),
    ("g", "ur so mature for ur age"),
    ("g", "are ur parents home?"),
    ("g", "dont tell anyone about us ok its our secret"),
    ("g", "add me on snapchat"),
    ("g", "send me a pic"),
    ("g", "wanna meet up this weekend?"),
    ("g", "ill buy u a new phone"),
    ("g", "delete our chats"),
    ("g", "u alone right now?"),
]


def _flagged_csv(path: Path, conversations: dict[str, str]) -> Path:
    """`FLAGGED` once per conversation id, its groomer named by the value."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["conversation_id", "message_id", "sender_id", "sent_at", "text"])
        for n, (conv_id, groomer) in enumerate(conversations.items()):
            for i, (who, text) in enumerate(FLAGGED, 1):
                writer.writerow([conv_id, f"m{n}-{i}", groomer if who == "g" else who, "", text])
    return path


def test_scan_refuses_to_overwrite_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lurewatch scan scan.csv` with the default prefix `scan` replaced the chat export."""
    import os

    chat = tmp_path / "scan.csv"
    chat.write_text("conversation_id,message_id,sender_id,sent_at,text\nc1,m1,u1,,hello\n")
    before = chat.read_bytes()
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run("scan", "scan.csv")
    assert code == 2 and "--out scan.csv: would overwrite the input scan.csv" in stderr, stderr
    os.link(chat, tmp_path / "o.csv")  # the same file under another name
    code, _, stderr = run("scan", "scan.csv", "--out", "o")
    assert code == 2 and "--out o.csv: would overwrite the input scan.csv" in stderr, stderr
    assert "scanning" not in stderr and chat.read_bytes() == before
    assert not (tmp_path / "scan.json").exists() and not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("name", "header"),
    [("chats.csv", "conversation_id,risk"), ("chats-senders.csv", "sender_id,risk,messages")],
)
def test_scan_refuses_to_overwrite_existing_outputs_without_force(
    tmp_path: Path, name: str, header: str
) -> None:
    """`scan chats.jsonl --out chats` replaced the user's own `chats.csv` export unasked;
    an earlier scan's own files are replaced without --force (re-running a scan). Its
    senders CSV (`chats-senders.csv`) is one of them."""
    chat = tmp_path / "chats.jsonl"
    chat.write_text(json.dumps(TOY) + "\n")
    export = tmp_path / name
    export.write_text("the user's own export\n")
    prefix = tmp_path / "chats"
    code, _, stderr = run("scan", str(chat), "--out", str(prefix))
    assert code == 2, stderr
    assert stderr == (
        f"error: --out {prefix}: {export} already exists; choose another --out, "
        "or pass --force to overwrite\n"
    )
    assert export.read_text() == "the user's own export\n"
    assert not (tmp_path / "chats.json").exists()
    code, _, stderr = run("scan", str(chat), "--out", str(prefix), "--force")
    assert code == 0, stderr
    assert export.read_text().startswith(header)
    code, _, stderr = run("scan", str(export), "--out", str(prefix), "--force")
    assert code == 2 and f"would overwrite the input {export}" in stderr, stderr
    code, _, stderr = run("scan", str(chat), "--out", str(prefix))  # its own, replaced
    assert code == 0, stderr
    written = (tmp_path / "chats.json").read_text()
    (tmp_path / "chats.json").write_bytes(written.replace("\n", "\r\n").encode())  # Windows
    code, _, stderr = run("scan", str(chat), "--out", str(prefix))
    assert code == 0, stderr
    (tmp_path / "chats.json").write_text('{"files": ["mine"]}\n')  # not as scan writes it
    code, _, stderr = run("scan", str(chat), "--out", str(prefix))
    assert code == 2 and f"{prefix}.json already exists;" in stderr, stderr


def test_evaluate_and_adapt_refuse_to_overwrite_their_inputs(
    small_model: Path, tmp_path: Path
) -> None:
    report = tmp_path / "r.json"
    report.write_text('{"split": "test"}\n')
    code, _, stderr = run(
        "evaluate", "--data", str(FIXTURES / "corpus"), "--out", str(report),
        "--markdown", str(tmp_path / "B.md"), "--compare", str(report),
    )  # fmt: skip
    assert code == 2 and f"--out {report}: would overwrite the input {report}" in stderr
    assert "protocols" not in stderr and report.read_text() == '{"split": "test"}\n'
    model = (small_model / "model.json").read_bytes()
    code, _, stderr = run(
        "adapt", "--labels", str(_labels_dir(tmp_path, dismissed=True)),
        "--model", str(small_model), "--out", str(small_model),
    )  # fmt: skip
    assert code == 2 and f"--out {small_model}: would overwrite the input" in stderr, stderr
    assert (small_model / "model.json").read_bytes() == model


def test_scan_csv_shows_formula_like_chat_ids_as_text(tmp_path: Path) -> None:
    """Ids come from the chat: in PREFIX.csv one starting with = + - @ must not run as a
    spreadsheet formula; the JSON keeps them exact."""
    import csv

    link = '=HYPERLINK("http://x.example","click")'
    chat = _flagged_csv(tmp_path / "chat.csv", {link: "@evil"})
    code, _, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
    assert code == 0, stderr
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["conversation_id"], row["flagged_sender"]) == ("'" + link, "'@evil")
    (record,) = json.loads((tmp_path / "o.json").read_text())["flagged_conversations"]
    assert (record["conversation_id"], record["flagged_sender"]) == (link, "@evil")


def test_scan_writes_flagged_senders_with_explanations_as_csv_too(tmp_path: Path) -> None:
    """PREFIX.csv had the conversations only, and a flagged sender no explanation: issue 2
    asks for the senders as CSV too, issue 3 for an explanation with every score."""
    import csv

    link = '=HYPERLINK("http://x.example","click")'
    chat = _flagged_csv(tmp_path / "chat.csv", {link: "@evil", "plain": "groomer"})
    code, stdout, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
    assert code == 0, stderr
    assert f"{tmp_path / 'o-senders.csv'}" in stdout
    senders = json.loads((tmp_path / "o.json").read_text())["flagged_senders"]
    by_id = {s["sender_id"]: s for s in senders}
    assert {"@evil", "groomer"} <= set(by_id)
    evil = by_id["@evil"]
    assert evil["explanation"].startswith(f"in conversation {link}: ")
    assert "asked for secrecy (msg 6" in evil["explanation"]  # the line of FLAGGED's 6th
    assert "the other participant said they are 13 (msg 3)" in evil["explanation"]
    assert {e["conversation_id"] for e in evil["evidence"]} == {link}
    assert by_id["groomer"]["explanation"].startswith("in conversation plain: ")
    with (tmp_path / "o-senders.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["sender_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"'@evil" if s == "@evil" else s for s in by_id}
    row = rows["'@evil"]
    assert row["explanation"] == evil["explanation"]
    assert row["warning_conversation_id"] == "'" + link  # shown as text, not run
    assert row["evidence_lines"].startswith("'" + link + ":")
    assert (row["risk"], row["warning_line"]) == (str(evil["risk"]), str(evil["warning_line"]))


def test_scan_writes_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """PREFIX.csv was written in the locale's encoding: under an ASCII locale a non-ASCII id
    ended the scan with a UnicodeEncodeError and a truncated CSV."""
    import os
    import subprocess
    import sys

    chat = _flagged_csv(tmp_path / "chat.csv", {"чат-1": "игрок"})
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env["PYTHONCOERCECLOCALE"] = "0"
    command = [sys.executable, "-c", "from lurewatch.cli import main; main()", "scan", str(chat)]
    result = subprocess.run(
        [*command, "--out", str(tmp_path / "o")], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "чат-1,0." in (tmp_path / "o.csv").read_text(encoding="utf-8")


def _skipped_message_xml(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """`FLAGGED` as PAN12 XML with a bad message (no author) at line 2, and the text of each
    good line: skipped, the bad one puts positions one behind the lines from line 3 on."""
    lines = {position + (position > 1): text for position, (_, text) in enumerate(FLAGGED, 1)}
    rows = [
        f'<message line="{line}"><author>{who}</author><time>03:20</time><text>{text}</text>'
        "</message>"
        for line, (who, text) in zip(lines, FLAGGED, strict=True)
    ]
    rows.insert(1, '<message line="2"><author></author><time>03:20</time><text>x</text></message>')
    path = tmp_path / "chat.xml"
    body = "\n".join(rows)
    path.write_text(
        f'<conversations>\n<conversation id="c1">\n{body}\n</conversation>\n</conversations>\n'
    )
    return path, lines


def test_scan_and_explain_cite_pan12_lines_when_a_message_is_skipped(tmp_path: Path) -> None:
    """One numbering everywhere, the one a moderator finds in the file (PAN12's `line`):
    the labels and the explanation cited positions while the rest cited lines."""
    import csv

    chat, lines = _skipped_message_xml(tmp_path)
    snapchat = next(line for line, text in lines.items() if "snapchat" in text)
    assert snapchat == 8
    code, _, stderr = run("scan", "--skip-bad", str(chat), "--out", str(tmp_path / "o"))
    assert code == 0 and "skipped 1 bad row" in stderr, stderr
    (record,) = json.loads((tmp_path / "o.json").read_text())["flagged_conversations"]
    assert record["labels"]["off_platform"] == [snapchat]
    assert f"asked to move to Snapchat (msg {snapchat})" in record["explanation"]
    assert record["warning_message_id"] == f"c1:{record['warning_line']}"
    for item in record["evidence"]:
        assert lines[item["line"]] == item["text"] and item["message_id"] == f"c1:{item['line']}"
    assert all(line > 2 for found in record["labels"].values() for line in found)
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["evidence_lines"] == " ".join(str(e["line"]) for e in record["evidence"])
    code, stdout, stderr = run("explain", "--skip-bad", str(chat))
    assert code == 0, stderr
    assert f"     {snapchat} g: add me on snapchat  [off_platform" in stdout
    assert f"asked to move to Snapchat (msg {snapchat})" in stdout
    code, stdout, stderr = run("explain", "--skip-bad", "--format", "json", str(chat))
    assert code == 0, stderr
    cited = {r["line"]: r["labels"] for r in map(json.loads, stdout.splitlines())}
    assert [label["label"] for label in cited[snapchat]] == ["off_platform"]
    assert sorted(cited) == sorted(lines)


def test_scan_names_where_each_senders_warning_fired(tmp_path: Path) -> None:
    """The sender's warning is their Nth message across every scanned conversation: a count
    alone named no conversation or message, and read as a line it pointed elsewhere."""
    chat = _flagged_csv(tmp_path / "chat.csv", {"c1": "g", "c2": "g"})
    code, _, stderr = run("scan", str(chat), "--out", str(tmp_path / "o"))
    assert code == 0, stderr
    result = json.loads((tmp_path / "o.json").read_text())
    first = result["flagged_conversations"][0]
    (sender,) = [s for s in result["flagged_senders"] if s["sender_id"] == "g"]
    assert sender["messages"] == 20 and sender["warned_at_own_message"] == 3
    assert "warned_at_message" not in sender
    assert (
        (
            sender["warning_conversation_id"],
            sender["warning_message_id"],
            sender["warning_line"],
        )
        == ("c1", first["warning_message_id"], first["warning_line"])
        == ("c1", "m0-5", 5)
    )


def test_scan_checks_every_input_before_reading_any(tmp_path: Path) -> None:
    import os

    chat = _chat_file(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, reason in ((tmp_path / "missing.csv", "no such file"), (fifo, "not a file")):
        code, _, stderr = run("scan", str(chat), str(path), "--out", str(tmp_path / "o"))
        assert code == 2 and f"{path}: {reason}" in stderr, stderr
        assert "scanning" not in stderr


def test_explain_prints_no_behaviour_line_for_a_minors_own_disclosure(tmp_path: Path) -> None:
    """`explain` leaves out a sender's own minor disclosure (it is the others' context): a
    line for a child who only said their age read "no behaviour signal" under that label."""
    chat = tmp_path / "c.csv"
    chat.write_text(
        "conversation_id,message_id,sender_id,sent_at,text\nc,m1,adult,,hey how old r u\n"
        "c,m2,kid,,im 13\n"
    )
    code, stdout, stderr = run("explain", str(chat))
    assert code == 0, stderr
    assert "kid: im 13  [minor_self_disclosure" in stdout
    assert "-> kid" not in stdout and "no behaviour signal" not in stdout
    assert "-> adult: asked the other's age (msg 1), the other participant said they are 13" in (
        stdout
    )


def test_train_and_adapt_check_their_options_before_reading(tmp_path: Path) -> None:
    """Bad numbers and an --out under a file were found only after reading and training."""
    data = ("--data", str(FIXTURES / "corpus"))
    for args in (("--n-features", "0"), ("--n-features", "-3"), ("--seed", "-1")):
        code, _, stderr = run("train", *data, "--out", str(tmp_path / "m"), *args)
        assert code == 2 and f"Invalid value for '{args[0]}'" in stderr, stderr
    afile = tmp_path / "afile"
    afile.write_text("x")
    labels = str(_labels_dir(tmp_path, dismissed=True))
    for args in (("train", *data, *SMALL), ("adapt", "--labels", labels)):
        code, _, stderr = run(*args, "--out", str(afile / "model"))
        assert code == 2 and f"--out {afile / 'model'}: {afile} is not a directory" in stderr
        assert "reading" not in stderr and "fine-tuning" not in stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, stderr = run("train", *data, "--out", str(tmp_path / "m"), "--labels", str(empty))
    assert code == 2 and "export-labels --out DIR/corpus/conversations.jsonl" in stderr
    assert "reading train streams" not in stderr


def test_evaluate_pan12_refuses_ids_its_files_cannot_hold_and_says_what_it_writes(
    tmp_path: Path,
) -> None:
    code, stdout, _ = run("evaluate", "--help")
    assert code == 0 and "problem1.txt and problem2.txt" in " ".join(stdout.split())
    pan = tmp_path / "pan"
    pan.mkdir()
    corpus = pan / "toy-corpus.xml"
    corpus.write_text(
        '<conversations>\n<conversation id="c1">\n'
        '<message line="1"><author>bad guy</author><time>03:20</time><text>hi</text></message>\n'
        "</conversation>\n</conversations>\n"
    )
    out = tmp_path / "o" / "r.json"
    code, _, stderr = run("evaluate", "--pan12", str(pan), "--out", str(out))
    assert code == 2 and f"{corpus}:3: <author> has whitespace" in stderr, stderr
    (tmp_path / "o" / "problem2.txt").mkdir(parents=True)
    code, _, stderr = run("evaluate", "--pan12", str(pan), "--out", str(out))
    assert code == 2 and "problem2.txt: is a directory" in stderr and "whitespace" not in stderr


def test_python_dash_m_lurewatch_is_the_lurewatch_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "Usage:" in done.stdout and "scan" in done.stdout
