"""The risk model as a scikit-learn estimator: API contract, calibration, safe persistence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from lurewatch import ModelError
from lurewatch.engine.model import RiskModel, evidence_curve
from lurewatch.readers import read_streams

FIXTURES = Path(__file__).parent / "fixtures"

SMALL = {"n_features": 2**16, "cv": 2, "max_lines": 40}


@pytest.fixture(scope="module")
def train_streams() -> list:
    return list(read_streams(FIXTURES / "corpus", split="train"))


@pytest.fixture(scope="module")
def fitted(train_streams: list) -> RiskModel:
    model = RiskModel(**SMALL)
    labels = [int(s.role == "predator") for s in train_streams]
    return model.fit(
        [s.lines for s in train_streams], labels, groups=[s.group for s in train_streams]
    )


def test_init_only_stores_parameters() -> None:
    model = RiskModel(C=2.0, prior_strength=3.0)
    assert model.get_params()["C"] == 2.0
    assert not any(name.endswith("_") and not name.startswith("_") for name in vars(model))
    assert clone(model).get_params() == model.get_params()


def test_fit_returns_self_with_learned_attributes(fitted: RiskModel) -> None:
    assert fitted.coef_.shape == (2**16,)
    assert isinstance(fitted.prior_mean_, float)
    slope, _offset = fitted.calibration_
    assert slope > 0, "more evidence must mean more risk"


def test_separates_offenders_on_held_out_fixture_streams(fitted: RiskModel) -> None:
    test = list(read_streams(FIXTURES / "corpus", split="test"))
    proba = fitted.predict_proba([s.lines for s in test])[:, 1]
    offenders = np.array([s.role == "predator" for s in test])
    assert proba.shape == (len(test),)
    assert proba[offenders].mean() > proba[~offenders].mean() + 0.3


def test_out_of_fold_logits_cover_every_history(fitted: RiskModel, train_streams: list) -> None:
    assert [len(x) for x in fitted.oof_logits_] == [len(s.lines) for s in train_streams]


def test_evidence_curve_is_the_prior_shrunk_running_mean() -> None:
    curve = evidence_curve(np.array([2.0, 0.0, 4.0]), prior_mean=-1.0, prior_strength=1.0)
    assert curve == pytest.approx([(2 - 1) / 2, (2 - 1) / 3, (6 - 1) / 4])


def test_fit_rejects_one_class() -> None:
    with pytest.raises(ValueError, match="both classes"):
        RiskModel(**SMALL).fit([["hi"], ["hello"]], [0, 0])


def test_save_and_load_round_trip_without_pickle(fitted: RiskModel, tmp_path: Path) -> None:
    fitted.to_files(tmp_path)
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as arrays:
        assert set(arrays.files) == {"coef"}
    loaded = RiskModel.from_files(tmp_path)
    texts = [["hi there", "how old are you"], ["the build failed again"]]
    assert loaded.predict_proba(texts) == pytest.approx(fitted.predict_proba(texts))


def test_load_refuses_foreign_or_corrupt_files(fitted: RiskModel, tmp_path: Path) -> None:
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    doc["format"] = "something-else/9"
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="expected"):
        RiskModel.from_files(tmp_path)
    (tmp_path / "weights.npz").write_bytes(b"not a numpy file")
    with pytest.raises(ModelError, match="cannot load"):
        RiskModel.from_files(tmp_path)


def test_another_prior_strength_recalibrates_without_refitting(fitted: RiskModel) -> None:
    other = fitted.with_prior_strength(fitted.prior_strength * 2)
    assert other.prior_strength == fitted.prior_strength * 2
    assert other.calibration_ != fitted.calibration_  # recalibrated ...
    assert other.coef_ is fitted.coef_  # ... on the same line model
    assert fitted.with_prior_strength(fitted.prior_strength).calibration_ == pytest.approx(
        fitted.calibration_
    )
