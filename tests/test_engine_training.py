"""Training: folds that hold out whole chat domains, and the guards on what may be trained on."""

from __future__ import annotations

import pytest

from lurewatch import ConfigError, Stream
from lurewatch.engine.training import cross_domain_folds, train_detector


def _stream(i: int, source: str, role: str, group: str = "", split: str = "train") -> Stream:
    return Stream(f"s{i}", source, split, role, group or f"g{i}", "en", ("hi",))


def test_each_ordinary_source_sits_whole_in_one_fold() -> None:
    streams = [
        _stream(i, src, "ordinary")
        for i, src in enumerate(["irc-ubuntu"] * 6 + ["chitchat"] * 3 + ["nus-sms"] * 2)
    ]
    streams += [
        _stream(100 + i, "pj", "predator" if i % 2 else "decoy", f"pj:{i // 2}") for i in range(12)
    ]
    folds = cross_domain_folds(streams, 3)
    by_source: dict[str, set[int]] = {}
    for stream, fold in zip(streams, folds, strict=True):
        if stream.role == "ordinary":
            by_source.setdefault(stream.source, set()).add(fold)
    assert all(len(f) == 1 for f in by_source.values())
    assert len({next(iter(f)) for f in by_source.values()}) == 3  # the three sources apart
    pj = [(s.group, f) for s, f in zip(streams, folds, strict=True) if s.source == "pj"]
    assert all(f1 == f2 for g1, f1 in pj for g2, f2 in pj if g1 == g2)  # groups stay together
    assert {f for _, f in pj} == {0, 1, 2}


def test_training_refuses_test_split_and_evaluation_only_sources() -> None:
    base = [_stream(1, "pj", "predator"), _stream(2, "chitchat", "ordinary")]
    with pytest.raises(ConfigError, match="train only on train"):
        train_detector([*base, _stream(3, "chitchat", "ordinary", split="test")])
    with pytest.raises(ConfigError, match="does not allow training"):
        train_detector([*base, _stream(4, "nps", "ordinary")])
    with pytest.raises(ConfigError, match="both offender and non-offender"):
        train_detector([_stream(5, "pj", "predator")])
