"""PNG plots for the benchmark report: PR curve, warning latencies, F_latency vs skepticism.

matplotlib is an optional extra (``lurewatch[plots]``), imported only when a plot is drawn.
Figures are drawn on the Agg canvas directly (no pyplot, no global backend switch), at 100 dpi,
with the PNG "Software" tag dropped so that the same numbers give the same bytes on one install.
The quantities plotted are those of the README "Evaluation protocols": precision/recall of
protocols 1 and 3, latency (1-based warning line) and F_latency = F1 x speed of protocol 2 (eSPD).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import ConfigError
from .metrics import FloatArrayLike, LabelArrayLike, precision_recall_points

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_f_latency_vs_skepticism", "plot_latency_histogram", "plot_precision_recall"]

_DPI = 100
_SIZE = (6.0, 4.5)
_INSTALL_HINT = "pip install 'lurewatch[plots]'"


def _new_figure() -> Figure:
    """A fresh figure on an Agg canvas; ConfigError with an install hint without matplotlib."""
    try:
        import matplotlib  # noqa: F401  (fail early and clearly if the extra is missing)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ConfigError(
            f"plots need matplotlib, which is not installed: {_INSTALL_HINT}"
        ) from exc
    figure = Figure(figsize=_SIZE, dpi=_DPI)
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, path: str | Path) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(target, format="png", dpi=_DPI, metadata={"Software": None})
    return target


def plot_precision_recall(
    scores: FloatArrayLike,
    labels: LabelArrayLike,
    path: str | Path,
    title: str,
    threshold: float | None = None,
) -> Path:
    """Draw the precision-recall curve to a PNG; mark the chosen operating `threshold` if given.

    The operating point is what flagging ``score >= threshold`` achieves. Returns the path.
    """
    precision, recall, _ = precision_recall_points(scores, labels)
    figure = _new_figure()
    ax = figure.add_subplot()
    ax.step(recall, precision, where="post", color="tab:blue", label="precision-recall")
    if threshold is not None:
        s = np.asarray(scores, dtype=np.float64)
        y = np.asarray(labels, dtype=np.int64)
        flagged = s >= threshold
        tp = int(np.count_nonzero(flagged & (y == 1)))
        n_flagged = int(np.count_nonzero(flagged))
        point_p = tp / n_flagged if n_flagged else 0.0
        point_r = tp / int(np.count_nonzero(y == 1))
        ax.plot(
            [point_r],
            [point_p],
            marker="o",
            color="tab:red",
            linestyle="none",
            label=f"threshold {threshold:.3g} (P {point_p:.2f}, R {point_r:.2f})",
        )
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0.0, 1.02)
    ax.set_ylim(0.0, 1.02)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return _save(figure, path)


def plot_latency_histogram(latencies: Sequence[int], path: str | Path, title: str) -> Path:
    """Histogram of warning latencies (1-based line of the warning, true positives) to a PNG.

    Empty input still writes a figure, saying there were no warnings. Returns the path.
    """
    values = np.asarray(latencies, dtype=np.int64).reshape(-1)
    figure = _new_figure()
    ax = figure.add_subplot()
    if values.size:
        top = int(values.max())
        bins: Any = np.arange(0.5, top + 1.5) if top <= 60 else 30
        ax.hist(values, bins=bins, color="tab:blue", edgecolor="white")
        median = float(np.median(values))
        ax.axvline(median, color="tab:red", linestyle="--", label=f"median {median:g} lines")
        ax.legend(loc="upper right")
    else:
        ax.text(0.5, 0.5, "no warnings", ha="center", va="center", transform=ax.transAxes)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("latency (line of the warning)")
    ax.set_ylabel("streams")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return _save(figure, path)


def plot_f_latency_vs_skepticism(
    points: Sequence[tuple[int, float]],
    path: str | Path,
    title: str,
    *,
    label: str = "F_latency",
    second: Sequence[tuple[int, float]] | None = None,
    second_label: str = "F1",
) -> Path:
    """F_latency against skepticism k (warn after k of the last scores exceed the threshold).

    `points` are (k, F_latency) pairs, drawn in order of k; `second` is an optional second
    series (e.g. F1, or another model) on the same axes. Returns the path.
    """
    figure = _new_figure()
    ax = figure.add_subplot()
    series = [(points, label, "tab:blue", "o")]
    if second is not None:
        series.append((second, second_label, "tab:orange", "s"))
    for data, name, color, marker in series:
        ordered = sorted(data)
        ax.plot(
            [k for k, _ in ordered],
            [v for _, v in ordered],
            marker=marker,
            color=color,
            label=name,
        )
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("skepticism k")
    ax.set_ylabel("score")
    ax.set_ylim(0.0, 1.02)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    if any(len(data) for data, *_ in series):
        ax.legend(loc="best")
    return _save(figure, path)
