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
