"""Minor cues: a participant saying they are a child, and how much that weighs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch.engine.cues import (
    MINOR_CUE_PATTERNS,
    has_minor_cue,
    minor_cue_log_ratio,
    minor_cues,
)


@pytest.mark.parametrize(
    "text",
    [
        "im 13",
        "I'm 12 years old",
        "13/f/cali",
        "asl? 14 f here",
        "i'm in 8th grade",
        "im only 15",
        "14 yo",
        "I go to middle school",
        "I’m 13",
        "IM 13 F",
    ],
)
def test_self_disclosed_minor_ages_are_cues(text: str) -> None:
    assert has_minor_cue(text)


@pytest.mark.parametrize(
    "text",
    [
        "im 25 m",
        "i have 13 apples",
        "im 5 mins away",
        "see you at 9 pm",
        "im 18",
        "my mom",
        "room 13 is free",
        "",
    ],
)
def test_adult_ages_and_ordinary_numbers_are_not_cues(text: str) -> None:
    assert not has_minor_cue(text)


def test_log_ratio_is_estimated_from_the_histories() -> None:
    victims = [["hi", "im 13"], ["13/f"], ["lol"]]
    ordinary = {"a": [["hello"], ["im 30"]], "b": [["ok"], ["im 12"], ["cool"], ["yes"]]}
    victim_share = (2 + 1) / (3 + 2)
    ordinary_share = ((0 + 1) / (2 + 2) + (1 + 1) / (4 + 2)) / 2
    assert minor_cue_log_ratio(victims, ordinary) == pytest.approx(
        math.log(victim_share / ordinary_share)
    )


_FRAGMENTS = [
    "im ",
    "i am ",
    "only ",
    "13",
    "7",
    "17",
    "18",
    "2",
    "4",
    "10",
    "12",
    " yo",
    "/f",
    " m",
    "th grade",
    "middle school",
    "junior high",
    "school",
    "hi ",
    "lol",
    " ",
    ",",
    "(",
    "min",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join))
def test_the_quick_precheck_never_hides_a_cue(text: str) -> None:
    """The age-digit and school tests before the patterns must not change any answer."""
    assert has_minor_cue(text, normalised=True) == any(p.search(text) for p in MINOR_CUE_PATTERNS)


@given(st.lists(st.lists(st.sampled_from([*_FRAGMENTS, "\n", "5", "1"]), max_size=6).map("".join)))
def test_minor_cues_of_a_batch_are_those_of_each_text(texts: list[str]) -> None:
    """The one pass over a batch (texts at its edges, a text holding its separator) gives
    each text the answer it gets alone."""
    assert minor_cues(texts) == [has_minor_cue(text, normalised=True) for text in texts]
