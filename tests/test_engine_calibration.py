"""Alert budgets: rule scores agree with the warning rule, and budgets hold and are tight."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch._errors import ConfigError
from lurewatch.engine.calibration import (
    pair_scores,
    rule_score,
    share_warned,
    threshold_for_budget,
)
from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import WarningRule, first_warning
from lurewatch.records import Message

risks = st.lists(st.floats(0.0, 0.999, allow_nan=False), max_size=40)


@given(risks, st.integers(1, 6), st.integers(0, 4), st.floats(0.001, 0.999))
def test_the_rule_fires_exactly_for_thresholds_up_to_the_rule_score(
    series: list[float], k: int, extra: int, threshold: float
) -> None:
    n = k + extra
    values = np.array(series, dtype=np.float64)
    fires = first_warning(values, WarningRule(threshold, k, n)) is not None
    assert fires == (rule_score(values, k, n) >= threshold)


def test_rule_score_counts_a_window_not_yet_full_like_the_scorer() -> None:
    # 3 high scores in the first 3 messages: "3 of the last 10" fires at their level.
    assert rule_score(np.array([0.9, 0.95, 0.97]), 3, 10) == 0.9
    assert rule_score(np.array([0.9, 0.95]), 3, 10) == 0.0  # too short to fire
    # The window slides: two highs 10 apart never count together.
    spread = np.array([0.99] + [0.1] * 9 + [0.99])
    assert rule_score(spread, 2, 10) == pytest.approx(0.1)


@given(
    st.lists(st.floats(0.0, 0.999), min_size=40, max_size=300),
    st.sampled_from([0.01, 0.05, 0.1]),
    st.floats(0.05, 0.95),
)
def test_a_budget_holds_and_no_lower_threshold_would(
    scores: list[float], rate: float, floor: float
) -> None:
    values = np.array(scores)
    try:
        budget = threshold_for_budget(values, rate, floor)
    except ConfigError as exc:
        assert "too few" in str(exc)
        return
    assert budget.threshold >= floor
    assert budget.warned == np.count_nonzero(values >= budget.threshold) <= budget.allowed
    assert budget.allowed == int(rate * len(values) + 1e-9)
    assert share_warned(values, budget.threshold) <= rate
    if budget.limited:  # the next score down would warn one unit too many
        below = values[values < budget.threshold].max()
        assert np.count_nonzero(values >= below) > budget.allowed
    else:
        assert budget.threshold == floor


def test_a_budget_refuses_too_little_traffic_and_saturated_risks() -> None:
    with pytest.raises(ConfigError, match=r"too few.*collect at least 400"):
        threshold_for_budget(np.full(300, 0.5), 0.005, 0.9)
    with pytest.raises(ConfigError, match="no threshold can hold the budget"):
        threshold_for_budget(np.full(1000, 1.0), 0.005, 0.9)
    with pytest.raises(ConfigError, match="max_rate"):
        threshold_for_budget(np.full(1000, 0.5), 0.0, 0.9)


def test_pair_scores_say_which_pairs_the_scorer_warned(detector: Detector) -> None:
    lines = ["hey", "how old r u", "dont tell ur mom", "add me on snap", "send a pic"] * 3
    messages = [
        Message(cid, f"{cid}{i}", sender, text)
        for cid, sender in (("c1", "a"), ("c2", "b"))
        for i, text in enumerate(lines if cid == "c1" else ["see you at practice"] * 15)
    ]
    updates = detector.scorer().process(messages)
    scores = pair_scores(updates, detector.rule.k, detector.rule.n)
    assert set(scores) == {("c1", "a"), ("c2", "b")}
    for (cid, _), score in scores.items():  # warned exactly where the score reaches the rule
        warned = any(u.warning_fired for u in updates if u.conversation_id == cid)
        assert warned == (score >= detector.rule.threshold)
