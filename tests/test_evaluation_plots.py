"""Benchmark plots: each writes a small, valid PNG; a missing matplotlib gives an install hint."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from lurewatch import ConfigError
from lurewatch.evaluation.plots import (
    plot_f_latency_vs_skepticism,
    plot_latency_histogram,
    plot_precision_recall,
)

pytest.importorskip("matplotlib")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert b"IHDR" in data[: 16 + 8]
    assert data.rstrip().endswith(b"IEND\xaeB`\x82")
    assert len(data) < 500_000


def _scored() -> tuple[list[float], list[int]]:
    rng = np.random.default_rng(1)
    labels = (rng.random(300) < 0.2).astype(int)
    scores = rng.random(300) * 0.7 + 0.3 * labels
    return scores.tolist(), labels.tolist()


def test_plot_precision_recall_writes_png(tmp_path: Path) -> None:
    scores, labels = _scored()
    out = plot_precision_recall(scores, labels, tmp_path / "pr.png", "PR")
    assert out == tmp_path / "pr.png"
    _assert_png(out)


def test_plot_precision_recall_marks_threshold(tmp_path: Path) -> None:
    scores, labels = _scored()
    out = plot_precision_recall(scores, labels, tmp_path / "sub" / "pr.png", "PR", threshold=0.6)
    _assert_png(out)


def test_plot_precision_recall_is_deterministic(tmp_path: Path) -> None:
    scores, labels = _scored()
    a = plot_precision_recall(scores, labels, tmp_path / "a.png", "PR", threshold=0.5)
    b = plot_precision_recall(scores, labels, tmp_path / "b.png", "PR", threshold=0.5)
    assert a.read_bytes() == b.read_bytes()


def test_plot_latency_histogram_writes_png(tmp_path: Path) -> None:
    _assert_png(plot_latency_histogram([1, 3, 3, 7, 12, 40], tmp_path / "lat.png", "latency"))
    _assert_png(plot_latency_histogram(list(range(1, 500, 7)), tmp_path / "wide.png", "latency"))


def test_plot_latency_histogram_without_warnings(tmp_path: Path) -> None:
    _assert_png(plot_latency_histogram([], tmp_path / "empty.png", "latency"))


def test_plot_f_latency_vs_skepticism_writes_png(tmp_path: Path) -> None:
    points = [(1, 0.41), (2, 0.52), (3, 0.55), (5, 0.48)]
    _assert_png(plot_f_latency_vs_skepticism(points, tmp_path / "k.png", "skepticism"))


def test_plot_f_latency_vs_skepticism_with_second_series(tmp_path: Path) -> None:
    points = [(3, 0.55), (1, 0.41), (2, 0.52)]
    f1 = [(1, 0.6), (2, 0.63), (3, 0.61)]
    out = plot_f_latency_vs_skepticism(
        points, tmp_path / "k2.png", "skepticism", second=f1, second_label="F1"
    )
    _assert_png(out)


def test_plots_without_matplotlib_say_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ConfigError, match=r"lurewatch\[plots\]"):
        plot_latency_histogram([1, 2], tmp_path / "x.png", "latency")
    assert not (tmp_path / "x.png").exists()
