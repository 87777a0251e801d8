"""Protocol helpers: how VTPAN segments become messages, and what a prefix of one is."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lurewatch.evaluation.protocols import (
    PSEUDO_MESSAGE_WORDS,
    _prefix,
    runs_of_curves,
    segment_lines,
)
from lurewatch.records import Stream


def test_list_literal_segments_keep_their_lines() -> None:
    assert segment_lines("['Hallo', 'wie gehts?', \"it's me\"]") == [
        "Hallo",
        "wie gehts?",
        "it's me",
    ]


def test_literal_that_is_not_a_list_of_strings_is_plain_text() -> None:
    assert segment_lines("[1, 2]") == ["[1, 2]"]
    assert segment_lines("[__import__('os')]") == ["[__import__('os')]"]


def test_multi_line_text_is_split_on_lines() -> None:
    assert segment_lines("hi\n\nhow are you\n") == ["hi", "how are you"]


def test_text_without_boundaries_becomes_pseudo_messages() -> None:
    words = [f"w{i}" for i in range(PSEUDO_MESSAGE_WORDS * 2 + 1)]
    chunks = segment_lines(" ".join(words))
    assert len(chunks) == 3
    assert chunks[0].split() == words[:PSEUDO_MESSAGE_WORDS]
    assert " ".join(chunks).split() == words


def test_prefix_cuts_characters_across_lines() -> None:
    lines = ["abcde", "fghij"]  # 10 characters
    assert _prefix(lines, 0.3) == ["abc"]
    assert _prefix(lines, 0.5) == ["abcde"]
    assert _prefix(lines, 0.7) == ["abcde", "fg"]
    assert _prefix(["x"], 0.1) == ["x"]  # never empty


def test_the_early_protocol_counts_the_warnings_the_scorer_raised() -> None:
    """Protocol 2 recomputes warnings (for any rule) from the risks the rule saw; for the
    detector's own rule they must be the scorer's own, signal boosts included."""
    from dataclasses import replace

    from lurewatch import Stream
    from lurewatch.engine.detector import Detector
    from lurewatch.engine.streaming import WarningRule
    from lurewatch.evaluation.protocols import _early, score_stream

    lines = ("hey", "lol", "whats ur snap", "u alone?", "ok", "send a pic", "lol", "ok") * 3
    plain = Detector.load().without_signals()
    top = max(score_stream(plain, Stream("a", "pj", "test", "predator", "g", "en", lines)).risks)
    # just above the words' own risk: only the behaviour boost can fire it
    rule = WarningRule(min(0.999, float(top) + (1 - float(top)) / 4), 1, 10)
    boosted = replace(plain, rule=rule, behaviour_log_ratio=2.0)
    runs = [
        score_stream(boosted, Stream(f"s{i}", "pj", "test", role, "g", "en", lines[i:]))
        for i, role in enumerate(["predator", "decoy", "predator"])
    ]
    assert all(r.warned_at is not None for r in runs)
    assert _early(runs, rule)["recall"] == 1.0
    assert _early(runs, rule)["false_warning_rate_by_source"] == {"pj-decoy": 1.0}


def test_the_with_and_without_section_names_the_behaviour_boost_only_when_there_is_one() -> None:
    from lurewatch.evaluation.report import render_markdown

    def section(ratio: float) -> str:
        text = render_markdown({"split": "test", "behaviour_log_ratio": ratio}, "c", {})
        return text.split("## Behaviour signals in the risk: with and without", 1)[1]

    assert "adds 2 log-odds" in section(2.0) and "minor-cue evidence" in section(2.0)
    assert "log-odds to their risk" not in section(0.0) and "minor-cue evidence" in section(0.0)


def test_runs_of_curves_carry_the_curves_as_the_risks_the_rule_sees() -> None:
    streams = [
        Stream("a", "pj", "train", "predator", "g1", "en", ("x", "y")),
        Stream("b", "chitchat", "train", "ordinary", "g2", "en", ("z",)),
    ]
    curves = [np.array([0.2, 0.9]), np.array([0.1])]
    runs = runs_of_curves(streams, curves)
    assert [r.stream for r in runs] == streams
    assert all(r.risks is c and r.rule_risks is c for r, c in zip(runs, curves, strict=True))
    assert [r.final_risk for r in runs] == [0.9, 0.1] and {r.warned_at for r in runs} == {None}
    with pytest.raises(ValueError):
        runs_of_curves(streams, curves[:1])


def test_published_numbers_name_their_commit_and_say_when_the_code_was_not_committed(
    tmp_path: Path,
) -> None:
    import subprocess

    from lurewatch.evaluation.report import git_commit

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout.strip()

    assert git_commit(str(tmp_path)) == "unknown"  # not a repository
    git("init", "-q")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "rules.py").write_text("A = 1\n")
    (tmp_path / "BENCHMARKS.md").write_text("old\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    head = git("rev-parse", "--short", "HEAD")
    (tmp_path / "BENCHMARKS.md").write_text("new\n")  # what a run rewrites is not code
    assert git_commit(str(tmp_path)) == head
    (tmp_path / "src" / "rules.py").write_text("A = 2\n")
    assert git_commit(str(tmp_path)) == f"{head}+uncommitted"


def _write_corpus(
    directory: Path, streams: list[dict[str, object]], segments: list[dict[str, object]] | None
) -> Path:
    import gzip
    import json

    corpus = directory / "corpus"
    corpus.mkdir(parents=True)
    for name, records in (("streams", streams), ("segments", segments or [])):
        if not records:
            continue
        with gzip.open(corpus / f"{name}.jsonl.gz", "wt", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in records)
    return directory


def _stream(sid: str, role: str, lines: list[str], source: str = "pj") -> dict[str, object]:
    return {
        "id": sid,
        "source": source,
        "split": "test",
        "role": role,
        "group": f"g:{sid}",
        "lang": "en",
        "lines": lines,
    }


GROOMING = ["how old are you", "dont tell your mom", "lets talk on snap", "send me a pic"] * 6


def test_an_offender_stream_without_lines_is_a_miss_not_left_out(tmp_path: Path) -> None:
    """A predator whose stream has no lines was never warned on: recall counts him."""
    from lurewatch.engine.detector import Detector
    from lurewatch.evaluation.protocols import evaluate_corpus

    data = _write_corpus(
        tmp_path,
        [
            _stream("p1", "predator", GROOMING),
            _stream("p2", "predator", []),
            _stream("o1", "ordinary", ["hi", "how was work"], "chitchat"),
            _stream("o2", "ordinary", [], "chitchat"),
        ],
        None,
    )
    report = evaluate_corpus(data, "test", Detector.load())
    ident, early = report["identification"], report["early"]
    assert ident["counts"]["streams"] == 4
    assert ident["counts"]["fn"] >= 1 and ident["recall"] <= 0.5
    assert early["recall"] <= 0.5
    assert early["false_warning_rate_by_source"]["chitchat"] == 0.0  # both ordinary authors


def test_measures_without_positives_are_undefined_not_perfect(tmp_path: Path) -> None:
    """Data without offenders (or a language without positive segments) has no recall and
    no F-measure: the report says n/a, not a vacuous 1.000 that would meet a target."""
    from lurewatch.engine.detector import Detector
    from lurewatch.evaluation.protocols import evaluate_corpus
    from lurewatch.evaluation.report import render_markdown

    plain = ["hi", "how was work", "see you at the gym", "lol ok"] * 3
    data = _write_corpus(
        tmp_path,
        [_stream(f"o{i}", "ordinary", plain, "chitchat") for i in range(3)],
        [
            {
                "id": f"v:fr:{i}",
                "source": "vtpan",
                "split": "test",
                "lang": "fr",
                "label": 0,
                "text": "bonjour ça va",
            }
            for i in range(3)
        ],
    )
    report = evaluate_corpus(data, "test", Detector.load())
    ident, early, fr = report["identification"], report["early"], report["segments"]["fr"]
    assert (ident["recall"], ident["f1"], ident["f05"], ident["precision"]) == (None,) * 4
    assert (early["recall"], early["f_latency"], early["speed"], early["m"]) == (None,) * 4
    assert fr["f1"] is None and set(fr["f1_at"].values()) == {None}
    markdown = render_markdown(report, "lurewatch evaluate")
    assert "| identification F0.5 | >= 0.98 | n/a | n/a |" in markdown
    assert "| early F_latency | >= 0.97 | n/a | n/a |" in markdown
    assert "1.000" not in markdown.split("## 1.")[1].split("## 2.")[0]


def test_the_synthetic_section_credits_the_heavy_combination_only_with_what_it_changed() -> None:
    """A warning counts for the minor + meeting combination only if the same conversation,
    replayed without it under the same rule, warns later or never."""
    import math
    from dataclasses import replace

    from lurewatch.engine.detector import Detector
    from lurewatch.engine.streaming import WarningRule
    from lurewatch.evaluation.protocols import _interleaved, interleave, score_stream

    meeting = ("hey", "cool", "we could meet at the mall", "i can pick you up saturday") * 2
    predator = Stream("p", "pj", "test", "predator", "g", "en", meeting)
    victim = Stream("v", "pj", "test", "decoy", "g", "en", ("im 13 lol", "ok", "lol", "ok"))
    base = replace(Detector.load(), behaviour_log_ratio=0.0)
    words = replace(base, heavy_combination=False).scorer().process(interleave(predator, victim))
    top = max(u.sender_risk for u in words if u.sender_id == "predator")
    # one message 1 log-odds above the words' highest risk: only the minor cue can fire it
    rule = WarningRule(1 / (1 + math.exp(-(math.log(top / (1 - top)) + 1.0))), 1, 10)
    runs = [score_stream(base, predator), score_stream(base, victim)]

    made = _interleaved(replace(base, rule=rule), runs)
    assert made is not None and made["recall"] == 1.0
    assert made["heavy_combination"] == {"only_with": 1, "earlier_with": 0}
    # a rule the words alone fire at once: the combination changed nothing
    at_once = _interleaved(replace(base, rule=WarningRule(1e-9, 1, 10)), runs)
    assert at_once is not None and at_once["heavy_combination"] == {
        "only_with": 0,
        "earlier_with": 0,
    }
    without = _interleaved(replace(base, heavy_combination=False), runs)
    assert without is not None and without["heavy_combination"] is None


def test_pseudo_messages_are_as_long_as_the_median_training_chat_line(data_dir: Path) -> None:
    """The size VTPAN's unbroken English segments are cut into follows its stated rule (and
    comes from train, never from the test segments it is used on)."""
    import statistics

    from lurewatch.readers import read_streams

    words = (len(line.split()) for s in read_streams(data_dir, split="train") for line in s.lines)
    assert statistics.median(words) == PSEUDO_MESSAGE_WORDS
