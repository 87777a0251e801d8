"""An alert budget: the warning threshold that keeps a platform's own warnings rare.

The shipped rule was chosen on the kinds of chat lurewatch was trained on; on chat unlike
them (adult chat rooms, say) it warns far more ordinary senders (MODEL_CARD.md). A platform
holds what fixes that without a single label: its own traffic. Grooming is rare among
senders, so the share of a platform's senders a rule would have warned is, to a close
approximation, its false-warning rate there. This module turns risk histories into that
share for every threshold at once, and picks the lowest threshold within a budget.

For one risk series and a rule "k of the last n risks >= t", the rule fires for exactly
the thresholds t up to the series' *rule score*: the largest k-th highest risk of any
window of n. So a unit (a sender, a conversation) is warned at t iff its rule score,
maximised over its series, is >= t, and calibration is a quantile of rule scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from .._errors import ConfigError
from .streaming import ScoreUpdate

__all__ = [
    "Budget",
    "pair_scores",
    "rule_reach",
    "rule_score",
    "share_warned",
    "threshold_for_budget",
]

# The threshold must stay below 1 (WarningRule); risks saturate just under it.
_HIGHEST = math.nextafter(1.0, 0.0)


def rule_reach(risks: NDArray[np.float64], k: int, n: int) -> NDArray[np.float64]:
    """After each message, the highest threshold at which "k of the last n" has fired so far.

    The k-th largest of the last n risks (a window not yet full counts its missing
    places as 0, as the streaming scorer's empty flags do), maximised over the prefix:
    non-decreasing, so the rule fires for threshold t at the first message where it
    reaches t. Empty when the series is shorter than k (the rule cannot fire).
    """
    if len(risks) < k:
        return np.empty(0)
    padded = np.concatenate([np.zeros(n - 1), np.asarray(risks, dtype=np.float64)])
    kth = np.partition(sliding_window_view(padded, n), n - k, axis=1)[:, n - k]
    return np.maximum.accumulate(kth)


def rule_score(risks: NDArray[np.float64], k: int, n: int) -> float:
    """The highest threshold at which "k of the last n risks >= threshold" fires on `risks`
    (0.0 when it cannot fire at any threshold above 0)."""
    reach = rule_reach(risks, k, n)
    return float(reach[-1]) if len(reach) else 0.0


def pair_scores(updates: Iterable[ScoreUpdate], k: int, n: int) -> dict[tuple[str, str], float]:
    """The rule score of every (conversation, sender) pair, from all of its updates in order
    (the risks its warning rule saw)."""
    series: dict[tuple[str, str], list[float]] = {}
    for u in updates:
        series.setdefault((u.conversation_id, u.sender_id), []).append(u.rule_risk)
    return {pair: rule_score(np.array(risks), k, n) for pair, risks in series.items()}


def share_warned(scores: NDArray[np.float64], threshold: float) -> float:
    """Share of units whose rule score reaches `threshold`: warned at that threshold."""
    return float(np.mean(scores >= threshold)) if len(scores) else 0.0


@dataclass(frozen=True)
class Budget:
    """The lowest threshold that warns at most `max_rate` of the units, and at what cost.

    `threshold` never goes below `floor` (the rule's own threshold): a budget only makes a
    rule stricter. `limited` says whether the budget, not the floor, set it.
    """

    threshold: float
    units: int
    warned: int  # units warned at `threshold`
    allowed: int  # floor(max_rate * units)
    limited: bool


def threshold_for_budget(
    scores: Sequence[float] | NDArray[np.float64],
    max_rate: float,
    floor: float,
    min_warned: int = 2,
) -> Budget:
    """The lowest threshold >= `floor` at which at most `max_rate` of `scores` reach it.

    `min_warned` guards against calibrating on too little traffic: the budget must allow
    at least that many units (with 300 senders, 0.5% allows one, and the threshold would
    be set by a single sender's score). Raises ConfigError when it does not, or when even
    the highest threshold below 1 would warn too many (risks saturated at 1.0).
    """
    if not 0.0 < max_rate < 1.0:
        raise ConfigError(f"max_rate must be in (0, 1), got {max_rate}")
    if not 0.0 < floor < 1.0:
        raise ConfigError(f"floor must be in (0, 1), got {floor}")
    ranked = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    units = len(ranked)
    allowed = math.floor(max_rate * units + 1e-9)
    if allowed < min_warned:
        needed = math.ceil(min_warned / max_rate)
        raise ConfigError(
            f"{units} units are too few to hold a budget of {max_rate:.2%}: it would allow "
            f"{allowed} warned, and the threshold would rest on {allowed + 1} unit(s) alone; "
            f"collect at least {needed} (run longer, e.g. in shadow mode) or allow a larger rate"
        )
    # Warned at t: scores >= t. The (allowed+1)-th highest score must fall below t.
    threshold = floor
    if allowed < units and ranked[allowed] >= floor:
        threshold = math.nextafter(float(ranked[allowed]), 1.0)
        if threshold > _HIGHEST:
            raise ConfigError(
                f"more than {max_rate:.2%} of units reach the highest possible risk with this "
                "rule; no threshold can hold the budget: require more of the window (k)"
            )
    warned = int(np.count_nonzero(ranked >= threshold))
    return Budget(threshold, units, warned, allowed, threshold > floor)
