"""Pure metric functions behind `lurewatch evaluate`; no corpus I/O, no model code.

They implement the scoring rules of the benchmark data README ("Evaluation protocols"):
set-based precision/recall/F as in PAN12 (protocol 1), the early-warning measures of eSPD
(Vogt et al. 2021; protocol 2), ROC-AUC and F1 on scored segments (protocol 3), and shares
flagged per group (protocols 1 and 4).

Conventions shared by every function here:

* A ratio 0/0 is 0.0, except that when there is nothing to find *and* nothing was flagged
  (empty truth, empty prediction) precision, recall and every F are 1.0: a vacuously perfect
  run. So an empty prediction against a non-empty truth scores precision 0.0, recall 0.0.
* A score flags an item when ``score >= threshold``.
* Labels are 0/1 ints (1 = positive, i.e. predator / grooming).
* Bad parameter values that could come from an option (``beta``, ``m``, ``max_fpr``) raise
  `lurewatch.ConfigError`; malformed inputs from the calling code (mismatched lengths, labels
  that are not 0/1, NaN scores, lines < 1) raise `ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from .._errors import ConfigError

__all__ = [
    "EarlyScores",
    "FloatArrayLike",
    "LabelArrayLike",
    "SetScores",
    "best_threshold",
    "early_scores",
    "f1_at_threshold",
    "f_beta",
    "latency_penalty",
    "precision_recall_points",
    "rate_by_group",
    "roc_auc",
    "set_scores",
]

_K = TypeVar("_K", bound=Hashable)

#: Scores: a sequence of floats or a 1-d numpy float array.
FloatArrayLike: TypeAlias = Sequence[float] | npt.NDArray[np.floating[Any]]
#: 0/1 labels: a sequence of ints or a 1-d numpy int or bool array.
LabelArrayLike: TypeAlias = Sequence[int] | npt.NDArray[np.integer[Any]] | npt.NDArray[np.bool_]


# --------------------------------------------------------------------------- set-based (PAN12)


@dataclass(frozen=True, slots=True)
class SetScores:
    """Set-based precision, recall, F1 and F0.5 with the counts they came from."""

    precision: float
    recall: float
    f1: float
    f05: float
    tp: int
    fp: int
    fn: int


def _check_beta(beta: float) -> None:
    if not (math.isfinite(beta) and beta > 0 and math.isfinite(1 + beta * beta)):
        raise ConfigError(f"beta must be a finite number > 0 (and beta² too), got {beta!r}")


def f_beta(precision: float, recall: float, beta: float) -> float:
    """F_beta = (1 + b²)·P·R / (b²·P + R); 0.0 when P = R = 0.

    beta < 1 weighs precision more (PAN12 problem 1 ranks by F0.5), beta > 1 recall (problem 2: F3).
    """
    _check_beta(beta)
    b2 = beta * beta
    denominator = b2 * precision + recall
    if denominator <= 0:
        return 0.0
    return (1 + b2) * precision * recall / denominator


def _counts_to_pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Precision and recall from counts with the module's 0/0 convention."""
    if tp + fp + fn == 0:
        return 1.0, 1.0  # nothing to find, nothing flagged
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def _set_scores_from_counts(tp: int, fp: int, fn: int) -> SetScores:
    precision, recall = _counts_to_pr(tp, fp, fn)
    return SetScores(
        precision=precision,
        recall=recall,
        f1=f_beta(precision, recall, 1.0),
        f05=f_beta(precision, recall, 0.5),
        tp=tp,
        fp=fp,
        fn=fn,
    )


def set_scores(predicted: Collection[_K], truth: Collection[_K]) -> SetScores:
    """Score a set of flagged ids against the set of true ids, as PAN12 problem 1 does.

    Items are usually str ids but may be any hashable (PAN12 problem 2 scores pairs).
    Duplicates count once. An empty prediction scores precision 0.0 (and recall 0.0) when the
    truth is non-empty; both empty scores 1.0 everywhere (see the module docstring).
    """
    pred = set(predicted)
    true = set(truth)
    tp = len(pred & true)
    return _set_scores_from_counts(tp, len(pred) - tp, len(true) - tp)


# --------------------------------------------------------------------------- early warning (eSPD)


def latency_penalty(k: int, m: float) -> float:
    """eSPD latency penalty of a warning at line k: -1 + 2/(1 + exp(-p(k - 1))), p = ln 3/(m - 1).

    0 at k = 1, 0.5 at k = m, tending to 1 (Vogt et al. 2021, after Sadeque et al. 2018);
    m is the median stream length of the positives. For m <= 1 the formula's p is infinite and
    its limit is used: 0 at k = 1, 1 for every later line.
    """
    if k < 1:
        raise ValueError(f"latency k is a 1-based line index, got {k}")
    if math.isnan(m):
        raise ConfigError("m (median positive stream length) is NaN")
    if k == 1:
        return 0.0
    if m <= 1:
        return 1.0
    if math.isinf(m):
        return 0.0
    p = math.log(3.0) / (m - 1.0)
    return -1.0 + 2.0 / (1.0 + math.exp(-p * (k - 1)))


@dataclass(frozen=True, slots=True)
class EarlyScores:
    """Early-warning scores of protocol 2 (eSPD): P, R, F1, speed, F_latency = F1 x speed."""

    precision: float
    recall: float
    f1: float
    speed: float
    f_latency: float
    median_latency: float | None
    tp: int
    fp: int
    fn: int


def early_scores(
    warnings: Mapping[str, int | None], positives: Collection[str], m: float
) -> EarlyScores:
    """Score early warnings as eSPD does (Vogt et al. 2021; README protocol 2).

    `warnings` maps every stream id to the 1-based line at which its warning was raised, or
    None if it never was; every positive must be a key. A stream is flagged iff it has a
    warning. speed = 1 - median latency penalty over true positives (0.0 when there are no
    true positives), f_latency = f1 x speed, median_latency = median warning line over true
    positives (None when there are none). P/R/F follow `set_scores` conventions.
    """
    true = set(positives)
    missing = true.difference(warnings)
    if missing:
        example = sorted(missing)[0]
        raise ValueError(
            f"{len(missing)} positive stream(s) have no entry in warnings (e.g. {example!r}); "
            "warnings must map every stream id to a line or None"
        )
    flagged: dict[str, int] = {}
    for stream_id, line in warnings.items():
        if line is None:
            continue
        if isinstance(line, bool) or not float(line).is_integer() or line < 1:  # NaN too
            raise ValueError(f"warning line of {stream_id!r} must be an integer >= 1, got {line}")
        flagged[stream_id] = line
    tp_latencies = [line for stream_id, line in flagged.items() if stream_id in true]
    tp = len(tp_latencies)
    base = _set_scores_from_counts(tp, len(flagged) - tp, len(true) - tp)
    if tp:
        penalties = [latency_penalty(k, m) for k in tp_latencies]
        speed = 1.0 - float(np.median(penalties))
        median_latency: float | None = float(np.median(tp_latencies))
    else:
        speed = 0.0
        median_latency = None
    return EarlyScores(
        precision=base.precision,
        recall=base.recall,
        f1=base.f1,
        speed=speed,
        f_latency=base.f1 * speed,
        median_latency=median_latency,
        tp=base.tp,
        fp=base.fp,
        fn=base.fn,
    )


# --------------------------------------------------------------------------- per-group rates


def rate_by_group(flags: Iterable[tuple[str, bool]]) -> dict[str, float]:
    """Share of items flagged per group, e.g. false-positive rate of ordinary authors by source.

    Takes (group, flagged) pairs; returns group -> flagged/total, keys sorted by name. Groups
    that never occur are absent (never 0/0).
    """
    totals: dict[str, int] = {}
    hits: dict[str, int] = {}
    for group, flagged in flags:
        totals[group] = totals.get(group, 0) + 1
        hits[group] = hits.get(group, 0) + int(bool(flagged))
    return {group: hits[group] / totals[group] for group in sorted(totals)}


# --------------------------------------------------------------------------- scored items


def _arrays(
    scores: FloatArrayLike, labels: LabelArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    y_raw = np.asarray(labels).reshape(-1)
    if s.shape != y_raw.shape:
        raise ValueError(f"{s.size} scores but {y_raw.size} labels")
    if not np.isfinite(s).all():  # an infinite score would outrank every threshold
        raise ValueError("scores contain NaN or infinity")
    if y_raw.size and not np.isin(y_raw, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return s, y_raw.astype(np.int64)


def best_threshold(
    scores: FloatArrayLike,
    labels: LabelArrayLike,
    beta: float = 0.5,
    max_fpr: float | None = None,
) -> float:
    """The threshold (one of the distinct scores) that maximises F_beta; use TRAIN CV scores.

    Items with score >= threshold are flagged. With `max_fpr`, only thresholds whose false
    positive rate on the negatives is <= max_fpr compete; if none does, the smallest float
    above the highest score is returned (flag nothing). Ties go to the higher threshold.
    O(n log n): one sort and cumulative sums. The default beta 0.5 matches PAN12 problem 1.
    """
    _check_beta(beta)
    if max_fpr is not None and not (0.0 <= max_fpr <= 1.0):
        raise ConfigError(f"max_fpr must be within [0, 1], got {max_fpr!r}")
    s, y = _arrays(scores, labels)
    if s.size == 0:
        raise ValueError("best_threshold needs at least one score")
    order = np.argsort(-s, kind="stable")
    s_desc = s[order]
    y_desc = y[order]
    # last position of each run of equal scores: flagging "score >= that value" takes the run
    ends = np.append(np.flatnonzero(s_desc[1:] != s_desc[:-1]), s_desc.size - 1)
    thresholds = s_desc[ends]
    tp = np.cumsum(y_desc)[ends].astype(np.float64)
    fp = (ends + 1).astype(np.float64) - tp
    n_pos = float(y.sum())
    n_neg = float(y.size) - n_pos
    fn = n_pos - tp
    # F_beta from counts, (1 + b²)·tp / ((1 + b²)·tp + b²·fn + fp): equal rationals give equal
    # floats for the usual betas, so exact ties really tie and go to the higher threshold
    b2 = beta * beta
    numerator = (1 + b2) * tp
    f = np.divide(numerator, numerator + b2 * fn + fp, out=np.zeros_like(tp), where=numerator > 0)
    if max_fpr is not None:
        fpr = fp / n_neg if n_neg else np.zeros_like(fp)
        allowed = fpr <= max_fpr
        if not allowed.any():
            return float(np.nextafter(thresholds[0], np.inf))
        f = np.where(allowed, f, -1.0)
    # thresholds are in descending order, so argmax's first maximum is the highest threshold
    return float(thresholds[int(np.argmax(f))])


def f1_at_threshold(scores: FloatArrayLike, labels: LabelArrayLike, threshold: float) -> float:
    """F1 of flagging score >= threshold (segments, README protocol 3); set_scores conventions."""
    s, y = _arrays(scores, labels)
    flagged = s >= threshold
    tp = int(np.count_nonzero(flagged & (y == 1)))
    fp = int(np.count_nonzero(flagged & (y == 0)))
    fn = int(np.count_nonzero(~flagged & (y == 1)))
    return _set_scores_from_counts(tp, fp, fn).f1


def roc_auc(scores: FloatArrayLike, labels: LabelArrayLike) -> float | None:
    """ROC-AUC of the scores (README protocol 3); None when only one class is present."""
    s, y = _arrays(scores, labels)
    if np.unique(y).size < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s))


def precision_recall_points(
    scores: FloatArrayLike, labels: LabelArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(precision, recall, thresholds) of the PR curve, as sklearn's precision_recall_curve.

    Thresholds are the distinct scores ascending; precision and recall have one more entry,
    the final point (precision 1, recall 0). Needs at least one positive label.
    """
    s, y = _arrays(scores, labels)
    if not y.any():
        raise ValueError("a precision-recall curve needs at least one positive label")
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(y, s)
    return (
        np.asarray(precision, dtype=np.float64),
        np.asarray(recall, dtype=np.float64),
        np.asarray(thresholds, dtype=np.float64),
    )
