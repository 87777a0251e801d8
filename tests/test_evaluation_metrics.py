"""Metric functions of the benchmark (README "Evaluation protocols" 1-4)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch import ConfigError
from lurewatch.evaluation.metrics import (
    EarlyScores,
    SetScores,
    best_threshold,
    early_scores,
    f1_at_threshold,
    f_beta,
    latency_penalty,
    precision_recall_points,
    rate_by_group,
    roc_auc,
    set_scores,
)

ids = st.sets(st.sampled_from([f"a{i}" for i in range(12)]))
unit = st.floats(min_value=0.0, max_value=1.0)
betas = st.floats(min_value=0.05, max_value=20.0)


# --------------------------------------------------------------------------- f_beta


def test_f_beta_known_values() -> None:
    assert f_beta(0.75, 0.6, 1.0) == pytest.approx(2 / 3)
    assert f_beta(0.75, 0.6, 0.5) == pytest.approx(5 / 7)
    assert f_beta(0.0, 0.0, 1.0) == 0.0
    assert f_beta(1.0, 0.0, 3.0) == 0.0


@pytest.mark.parametrize("beta", [0.0, -1.0, math.nan, math.inf, 1e200])  # 1e200²: inf
def test_f_beta_rejects_bad_beta(beta: float) -> None:
    with pytest.raises(ConfigError):
        f_beta(0.5, 0.5, beta)


@given(unit, unit, betas)
def test_f_beta_lies_between_precision_and_recall(p: float, r: float, beta: float) -> None:
    f = f_beta(p, r, beta)
    if p == 0 or r == 0:
        assert f == 0.0
    else:
        assert min(p, r) - 1e-12 <= f <= max(p, r) + 1e-12


@given(unit, unit, betas)
def test_f_beta_swapping_precision_and_recall_inverts_beta(p: float, r: float, b: float) -> None:
    assert f_beta(p, r, b) == pytest.approx(f_beta(r, p, 1 / b), abs=1e-12)


# --------------------------------------------------------------------------- set_scores


def test_set_scores_counts_and_values() -> None:
    s = set_scores({"a", "b", "c", "x"}, {"a", "b", "c", "d", "e"})
    assert (s.tp, s.fp, s.fn) == (3, 1, 2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.f05 == pytest.approx(5 / 7)


def test_set_scores_counts_duplicates_once() -> None:
    assert set_scores(["a", "a", "b"], ["a", "a"]) == set_scores({"a", "b"}, {"a"})


def test_set_scores_empty_prediction_scores_zero() -> None:
    assert set_scores([], ["a"]) == SetScores(0.0, 0.0, 0.0, 0.0, tp=0, fp=0, fn=1)


def test_set_scores_prediction_without_truth_scores_zero() -> None:
    assert set_scores(["a"], []) == SetScores(0.0, 0.0, 0.0, 0.0, tp=0, fp=1, fn=0)


def test_set_scores_both_empty_is_vacuously_perfect() -> None:
    assert set_scores([], []) == SetScores(1.0, 1.0, 1.0, 1.0, tp=0, fp=0, fn=0)


@given(ids, ids)
def test_set_scores_bounds_and_counts(pred: set[str], true: set[str]) -> None:
    s = set_scores(pred, true)
    for value in (s.precision, s.recall, s.f1, s.f05):
        assert 0.0 <= value <= 1.0
    assert s.tp + s.fp == len(pred)
    assert s.tp + s.fn == len(true)
    if s.tp:
        lo, hi = sorted((s.precision, s.recall))
        assert lo - 1e-12 <= s.f05 <= hi + 1e-12
        assert lo - 1e-12 <= s.f1 <= hi + 1e-12
        # F0.5 leans toward precision: it is on precision's side of F1
        assert (s.f05 - s.f1) * (s.precision - s.recall) >= -1e-12


@given(ids)
def test_set_scores_perfect_prediction(true: set[str]) -> None:
    s = set_scores(true, true)
    assert (s.precision, s.recall, s.f1, s.f05) == (1.0, 1.0, 1.0, 1.0)


# --------------------------------------------------------------------------- latency penalty


def test_latency_penalty_anchor_points() -> None:
    assert latency_penalty(1, 50) == 0.0
    assert latency_penalty(50, 50) == pytest.approx(0.5)
    assert latency_penalty(10_000, 50) == pytest.approx(1.0, abs=1e-9)


@given(st.floats(min_value=1.001, max_value=1e5))
def test_latency_penalty_is_zero_at_first_line_and_half_at_median(m: float) -> None:
    assert latency_penalty(1, m) == 0.0
    if m == int(m):
        assert latency_penalty(int(m), m) == pytest.approx(0.5)


@given(st.integers(1, 10_000), st.integers(1, 10_000), st.floats(min_value=1.5, max_value=1e4))
def test_latency_penalty_monotone_and_bounded(k1: int, k2: int, m: float) -> None:
    lo, hi = sorted((k1, k2))
    a, b = latency_penalty(lo, m), latency_penalty(hi, m)
    assert 0.0 <= a <= b <= 1.0


def test_latency_penalty_degenerate_median() -> None:
    assert latency_penalty(1, 1.0) == 0.0
    assert latency_penalty(2, 1.0) == 1.0
    assert latency_penalty(5, 0.5) == 1.0


def test_latency_penalty_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        latency_penalty(0, 10)
    with pytest.raises(ConfigError):
        latency_penalty(3, math.nan)


# --------------------------------------------------------------------------- early_scores


def test_early_scores_hand_computed() -> None:
    warnings: dict[str, int | None] = {"p1": 1, "p2": 11, "p3": None, "n1": 4, "n2": None}
    e = early_scores(warnings, {"p1", "p2", "p3"}, m=11)
    assert (e.tp, e.fp, e.fn) == (2, 1, 1)
    assert e.precision == pytest.approx(2 / 3)
    assert e.recall == pytest.approx(2 / 3)
    assert e.f1 == pytest.approx(2 / 3)
    # penalties 0 (line 1) and 0.5 (line m): median 0.25, speed 0.75
    assert e.speed == pytest.approx(0.75)
    assert e.f_latency == pytest.approx(2 / 3 * 0.75)
    assert e.median_latency == pytest.approx(6.0)


def test_early_scores_without_true_positives_has_zero_speed() -> None:
    e = early_scores({"p": None, "n": 3}, {"p"}, m=20)
    assert e == EarlyScores(0.0, 0.0, 0.0, 0.0, 0.0, None, tp=0, fp=1, fn=1)


def test_early_scores_immediate_warnings_are_full_speed() -> None:
    e = early_scores({"p1": 1, "p2": 1}, ["p1", "p2"], m=30)
    assert e.speed == 1.0
    assert e.f_latency == 1.0
    assert e.median_latency == 1.0


def test_early_scores_requires_every_positive_in_warnings() -> None:
    with pytest.raises(ValueError, match="no entry"):
        early_scores({"p1": 3}, {"p1", "p2"}, m=10)


@pytest.mark.parametrize("line", [0, -3, math.nan, 2.5, True])
def test_early_scores_rejects_lines_that_are_not_positive_integers(line: Any) -> None:
    with pytest.raises(ValueError, match="integer >= 1"):
        early_scores({"p1": line}, {"p1"}, m=10)


@given(
    st.dictionaries(
        st.sampled_from([f"s{i}" for i in range(10)]),
        st.one_of(st.none(), st.integers(1, 500)),
    ),
    st.floats(min_value=1.5, max_value=400),
)
def test_early_scores_bounds(warnings: dict[str, int | None], m: float) -> None:
    positives = [s for s in warnings if int(s[1:]) % 2 == 0]
    e = early_scores(warnings, positives, m)
    for value in (e.precision, e.recall, e.f1, e.speed, e.f_latency):
        assert 0.0 <= value <= 1.0
    assert e.f_latency <= e.f1 + 1e-12
    assert (e.median_latency is None) == (e.tp == 0)


# --------------------------------------------------------------------------- rate_by_group


def test_rate_by_group() -> None:
    flags = [("nps", True), ("nps", False), ("conda", False), ("nps", False), ("irc", True)]
    assert rate_by_group(flags) == {"conda": 0.0, "irc": 1.0, "nps": pytest.approx(1 / 3)}
    assert list(rate_by_group(flags)) == ["conda", "irc", "nps"]
    assert rate_by_group([]) == {}


# --------------------------------------------------------------------------- best_threshold


def _brute_force_f(scores: list[float], labels: list[int], t: float, beta: float) -> Fraction:
    """Exact F_beta of flagging score >= t (beta² must be a simple fraction)."""
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and y == 1)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and y == 0)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < t and y == 1)
    b2 = Fraction(beta) ** 2
    return (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp) if tp else Fraction(0)


def _fpr(scores: list[float], labels: list[int], t: float) -> float:
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    return sum(1 for s in neg if s >= t) / len(neg) if neg else 0.0


def test_best_threshold_hand_example() -> None:
    scores = [0.9, 0.8, 0.7, 0.6, 0.2]
    labels = [1, 0, 1, 1, 0]
    # F1 at 0.6: P 3/4, R 1 -> 6/7, the best; F0.5 at 0.6 is 15/19, above 0.9's 5/7;
    # only 0.9 flags no negative
    assert best_threshold(scores, labels, beta=1.0) == 0.6
    assert best_threshold(scores, labels, beta=0.5) == pytest.approx(0.6)
    assert best_threshold(scores, labels, beta=0.5, max_fpr=0.0) == 0.9


def test_best_threshold_ties_go_to_higher_threshold() -> None:
    # no positives: every F is 0, so the highest score wins
    assert best_threshold([0.1, 0.5, 0.3], [0, 0, 0]) == 0.5
    # F1 at 0.9, 0.8, 0.3, 0.2 is 2/3, 1/2, 2/5, 2/3: 0.9 and 0.2 tie
    assert best_threshold([0.9, 0.8, 0.3, 0.2], [1, 0, 0, 1], beta=1.0) == 0.9


def test_best_threshold_handles_repeated_scores() -> None:
    scores = [0.5, 0.5, 0.5, 0.1]
    labels = [1, 1, 0, 0]
    assert best_threshold(scores, labels, beta=1.0) == 0.5


def test_best_threshold_when_no_threshold_meets_the_fpr_cap_flags_nothing() -> None:
    t = best_threshold([0.9, 0.4], [0, 1], max_fpr=0.0)
    assert t > 0.9
    assert f1_at_threshold([0.9, 0.4], [0, 1], t) == 0.0


def test_best_threshold_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        best_threshold([], [])
    with pytest.raises(ValueError):
        best_threshold([0.1, 0.2], [1])
    with pytest.raises(ValueError):
        best_threshold([0.1, 0.2], [1, 2])
    with pytest.raises(ValueError):
        best_threshold([0.1, math.nan], [1, 0])
    with pytest.raises(ValueError, match="infinity"):  # it would outrank "flag nothing"
        best_threshold([math.inf, 0.5], [0, 1], max_fpr=0.0)
    with pytest.raises(ConfigError):
        best_threshold([0.1, 0.2], [1, 0], max_fpr=1.5)
    with pytest.raises(ConfigError):
        best_threshold([0.1, 0.2], [1, 0], beta=0)


scored = st.lists(
    st.tuples(st.integers(0, 20).map(lambda i: i / 20), st.integers(0, 1)), min_size=1, max_size=40
)


@given(scored, st.sampled_from([0.5, 1.0, 3.0]))
def test_best_threshold_is_a_score_and_optimal(pairs: list[tuple[float, int]], beta: float) -> None:
    scores = [s for s, _ in pairs]
    labels = [y for _, y in pairs]
    t = best_threshold(scores, labels, beta=beta)
    assert t in scores
    best = _brute_force_f(scores, labels, t, beta)
    for other in set(scores):
        f = _brute_force_f(scores, labels, other, beta)
        assert f <= best
        if other > t:
            assert f < best  # ties go to the higher threshold


@given(scored, st.sampled_from([0.0, 0.1, 0.25, 1.0]))
def test_best_threshold_respects_fpr_cap(pairs: list[tuple[float, int]], cap: float) -> None:
    scores = [s for s, _ in pairs]
    labels = [y for _, y in pairs]
    t = best_threshold(scores, labels, beta=0.5, max_fpr=cap)
    assert _fpr(scores, labels, t) <= cap
    allowed = [s for s in set(scores) if _fpr(scores, labels, s) <= cap]
    if allowed:
        assert t in scores
        best = max(_brute_force_f(scores, labels, s, 0.5) for s in allowed)
        assert _brute_force_f(scores, labels, t, 0.5) == best
    else:
        assert t > max(scores)


def test_best_threshold_keeps_the_false_positive_cap_on_100k_scores() -> None:
    """Issue 2 wants no timing asserts in unit tests: the cost is one sort, not measured here."""
    rng = np.random.default_rng(0)
    labels = (rng.random(100_000) < 0.05).astype(int)
    scores = rng.normal(size=100_000) + 1.5 * labels
    t = best_threshold(scores, labels, beta=0.5, max_fpr=0.01)
    assert float(np.mean(scores[labels == 0] >= t)) <= 0.01


# --------------------------------------------------------------------------- segment metrics


def test_roc_auc_known_value_and_single_class() -> None:
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert roc_auc([0.1, 0.2], [1, 1]) is None
    assert roc_auc([0.1, 0.2], [0, 0]) is None
    assert roc_auc([], []) is None


def test_f1_at_threshold() -> None:
    scores = [0.9, 0.8, 0.7, 0.6, 0.2]
    labels = [1, 0, 1, 1, 0]
    assert f1_at_threshold(scores, labels, 0.7) == pytest.approx(2 * (2 / 3) * (2 / 3) / (4 / 3))
    assert f1_at_threshold(scores, labels, 0.95) == 0.0
    assert f1_at_threshold([0.1], [0], 0.5) == 1.0  # nothing to find, nothing flagged


def test_precision_recall_points_shape_and_ends() -> None:
    precision, recall, thresholds = precision_recall_points(
        [0.9, 0.8, 0.7, 0.6, 0.2], [1, 0, 1, 1, 0]
    )
    assert len(precision) == len(recall) == len(thresholds) + 1
    assert precision[-1] == 1.0 and recall[-1] == 0.0
    assert np.all(np.diff(thresholds) > 0)
    assert recall[0] == 1.0
    assert np.all((precision >= 0) & (precision <= 1))


def test_precision_recall_points_needs_a_positive() -> None:
    with pytest.raises(ValueError):
        precision_recall_points([0.1, 0.2], [0, 0])
