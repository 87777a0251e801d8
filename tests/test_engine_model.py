"""The risk model as a scikit-learn estimator: API contract, calibration, safe persistence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from lurewatch import ConfigError, ModelError
from lurewatch.engine.detector import Detector, default_model_dir
from lurewatch.engine.model import (
    ANCHOR_GROUP,
    MAX_CHAR_NGRAM,
    MAX_WORD_NGRAM,
    RiskModel,
    evidence_curve,
)
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
    assert fitted.coef_.shape == fitted.curvature_.shape == (2**16,)
    # 1 (the L2 penalty) where no training line had the n-gram, more where lines had it
    assert fitted.curvature_.min() == pytest.approx(1.0) and fitted.curvature_.max() > 1.5
    offenders = sum(fitted.oof_labels_)
    assert fitted.anchors_.shape == (-(-offenders // ANCHOR_GROUP), 2**16)
    assert np.all(fitted.anchor_weights_ > 0)
    assert isinstance(fitted.prior_mean_, float)
    slope, _offset = fitted.calibration_
    assert slope > 0, "more evidence must mean more risk"


def test_separates_offenders_on_held_out_fixture_streams(fitted: RiskModel) -> None:
    test = list(read_streams(FIXTURES / "corpus", split="test"))
    proba = fitted.predict_proba([s.lines for s in test])[:, 1]
    offenders = np.array([s.role == "predator" for s in test])
    assert proba.shape == (len(test),)
    assert proba[offenders].mean() > proba[~offenders].mean() + 0.3


def test_posterior_is_recomputed_exactly_for_weights_saved_without_it(
    fitted: RiskModel, train_streams: list, tmp_path: Path
) -> None:
    fitted.to_files(tmp_path)
    (tmp_path / "posterior.npz").unlink()  # as saved by an older lurewatch
    older = RiskModel.from_files(tmp_path, posterior=True)
    assert not hasattr(older, "curvature_") and not hasattr(older, "anchors_")
    labels = [int(s.role == "predator") for s in train_streams]
    assert older.fit_posterior([s.lines for s in train_streams], labels) is older
    np.testing.assert_array_equal(older.curvature_, fitted.curvature_)
    np.testing.assert_array_equal(older.anchors_.toarray(), fitted.anchors_.toarray())
    np.testing.assert_array_equal(older.anchor_weights_, fitted.anchor_weights_)


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
    assert not hasattr(RiskModel.from_files(tmp_path), "curvature_")  # scoring needs none
    loaded = RiskModel.from_files(tmp_path, posterior=True)
    np.testing.assert_array_equal(loaded.curvature_, fitted.curvature_)
    np.testing.assert_array_equal(loaded.anchors_.toarray(), fitted.anchors_.toarray())
    np.testing.assert_array_equal(loaded.anchor_weights_, fitted.anchor_weights_)
    RiskModel.from_files(tmp_path).to_files(tmp_path)  # saved without: none left behind
    assert not (tmp_path / "posterior.npz").exists()
    texts = [["hi there", "how old are you"], ["the build failed again"]]
    assert loaded.predict_proba(texts) == pytest.approx(fitted.predict_proba(texts))


def test_load_refuses_foreign_or_corrupt_files(fitted: RiskModel, tmp_path: Path) -> None:
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    doc["format"] = "something-else/9"
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="expected"):
        RiskModel.from_files(tmp_path)
    fitted.to_files(tmp_path)
    (tmp_path / "weights.npz").write_bytes(b"not a numpy file")
    with pytest.raises(ModelError, match=r"not an \.npz archive"):
        RiskModel.from_files(tmp_path)
    fitted.to_files(tmp_path)
    whole = (tmp_path / "weights.npz").read_bytes()
    (tmp_path / "weights.npz").write_bytes(whole[: len(whole) // 2])  # truncated
    with pytest.raises(ModelError, match=r"weights\.npz"):
        RiskModel.from_files(tmp_path)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.update(intercept=float("nan")), "intercept"),
        (lambda d: d.update(prior_mean="1.5"), "prior_mean"),
        (lambda d: d.update(calibration=[1.0]), "calibration"),
        (lambda d: d["params"].update(prior_strength="2"), "prior_strength"),
        (lambda d: d["params"].update(prior_strength=-1), "prior_strength"),
        (lambda d: d["params"].update(word_ngrams=[2, 1]), "word_ngrams"),
        (lambda d: d["params"].update(word_ngrams="12"), "word_ngrams"),
        (lambda d: d["params"].update(n_features="1048576"), "n_features"),
        (lambda d: d.update(params=[1, 2]), "params"),
        (lambda d: d["params"].update(surprise=1), "surprise"),
    ],
)
def test_load_refuses_a_damaged_estimator_file_by_field(
    fitted: RiskModel, tmp_path: Path, change: Any, says: str
) -> None:
    """Refused when loaded, naming the file and field, not when the first message is
    scored (or never: a NaN intercept made every risk 0)."""
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    change(doc)
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match=r"estimator\.json") as refused:
        RiskModel.from_files(tmp_path)
    assert says in str(refused.value)


def test_load_refuses_weights_that_are_not_finite(fitted: RiskModel, tmp_path: Path) -> None:
    fitted.to_files(tmp_path)
    coef = fitted.coef_.copy()
    coef[7] = np.nan
    np.savez_compressed(tmp_path / "weights.npz", coef=coef)
    with pytest.raises(ModelError, match="not all finite"):
        RiskModel.from_files(tmp_path)


def test_load_refuses_a_corrupt_posterior(fitted: RiskModel, tmp_path: Path) -> None:
    fitted.to_files(tmp_path)
    with np.load(tmp_path / "posterior.npz") as arrays:
        parts = dict(arrays)
    np.savez_compressed(
        tmp_path / "posterior.npz", **{**parts, "curvature": parts["curvature"][:9]}
    )
    with pytest.raises(ModelError, match="curvature has shape"):
        RiskModel.from_files(tmp_path, posterior=True)
    parts["anchors_indices"] = parts["anchors_indices"] + 2**20  # columns past the weights
    np.savez_compressed(tmp_path / "posterior.npz", **parts)
    with pytest.raises(ModelError, match="malformed anchors"):
        RiskModel.from_files(tmp_path, posterior=True)
    del parts["anchor_weights"]
    np.savez_compressed(tmp_path / "posterior.npz", **parts)
    with pytest.raises(ModelError, match="cannot read"):
        RiskModel.from_files(tmp_path, posterior=True)


def test_another_prior_strength_recalibrates_without_refitting(fitted: RiskModel) -> None:
    other = fitted.with_prior_strength(fitted.prior_strength * 2)
    assert other.prior_strength == fitted.prior_strength * 2
    assert other.calibration_ != fitted.calibration_  # recalibrated ...
    assert other.coef_ is fitted.coef_  # ... on the same line model
    assert fitted.with_prior_strength(fitted.prior_strength).calibration_ == pytest.approx(
        fitted.calibration_
    )


DISMISSED = [
    ["hey wanna meet at the mall later", "lol yes", "bring ur sister"],
    ["u home alone tonight? gaming", "yep parents out", "cool join my server"],
]


def test_fine_tuning_is_logistic_regression_held_toward_the_current_weights() -> None:
    """From zero weights, fine-tuning is plain L2 logistic regression without intercept on
    the new lines (each history's weight spread over its lines)."""
    from sklearn.linear_model import LogisticRegression

    zero = RiskModel(n_features=2**12)
    zero.coef_, zero.intercept_ = np.zeros(2**12, dtype=np.float32), 0.0
    zero.curvature_ = np.ones(2**12, dtype=np.float32)  # the L2 penalty of a fresh fit
    zero.anchors_, zero.anchor_weights_ = sp.csr_matrix((1, 2**12)), np.ones(1)  # nothing held
    histories = [*DISMISSED, ["how old r u", "dont tell ur mom", "add me on snap"]]
    labels = [0, 0, 1]
    tuned = zero.fine_tuned(histories, labels, C=2.0)

    lines = [line for h in histories for line in h]
    line_labels = [y for h, y in zip(histories, labels, strict=True) for _ in h]
    weights = [1 / len(h) for h in histories for _ in h]
    matrix = zero._featurizer().transform(lines)
    reference = LogisticRegression(C=2.0, fit_intercept=False, tol=1e-10, max_iter=10_000)
    reference.fit(matrix, line_labels, sample_weight=weights)
    assert tuned.fine_tuning_["converged"]
    np.testing.assert_allclose(tuned.coef_, reference.coef_.ravel(), atol=2e-4)


def test_fine_tuning_on_false_alarms_lowers_them_and_keeps_the_scale(fitted: RiskModel) -> None:
    tuned = fitted.fine_tuned(DISMISSED, [0, 0], C=3.0, anchor_weight=0.0)
    assert not hasattr(tuned, "oof_logits_"), "out-of-fold logits belong to the old weights"
    assert np.all(tuned.curvature_ >= fitted.curvature_)  # the new lines pin weights too
    assert (tuned.intercept_, tuned.prior_mean_, tuned.calibration_) == (
        fitted.intercept_,
        fitted.prior_mean_,
        fitted.calibration_,
    )
    change = tuned.coef_.astype(float) - fitted.coef_
    touched = np.unique(fitted._featurizer().transform([x for h in DISMISSED for x in h]).indices)
    # Without anchors nothing couples the weights: false alarms alone can only lower them.
    assert np.all(change <= 1e-6)
    assert np.count_nonzero(change) == tuned.fine_tuning_["weights_changed"] > 0
    assert set(np.flatnonzero(change)) <= set(touched)  # n-grams the labels never had stay
    before = [fitted.message_logits(h) for h in DISMISSED]
    weaker = [fitted.fine_tuned(DISMISSED, [0, 0], C=0.3).message_logits(h) for h in DISMISSED]
    after = [fitted.fine_tuned(DISMISSED, [0, 0], C=3.0).message_logits(h) for h in DISMISSED]
    for b, w, a in zip(before, weaker, after, strict=True):
        assert a.mean() < w.mean() < b.mean(), "larger C moves the weights further"


def test_anchors_hold_offenders_logits_while_false_alarms_fall(fitted: RiskModel) -> None:
    def moved(anchor_weight: float) -> tuple[float, float]:
        tuned = fitted.fine_tuned(DISMISSED, [0, 0], C=30.0, anchor_weight=anchor_weight)
        change = tuned.coef_.astype(float) - fitted.coef_
        dismissed = np.mean([tuned.message_logits(h).mean() for h in DISMISSED])
        return float(np.abs(fitted.anchors_ @ change).max()), float(dismissed)

    free, free_dismissed = moved(0.0)
    held, held_dismissed = moved(100.0)
    before = np.mean([fitted.message_logits(h).mean() for h in DISMISSED])
    assert held < free / 2, "the anchors' logits move less when held"
    assert held_dismissed < before and free_dismissed < before  # the false alarms fall either way


def test_estimator_refuses_what_it_cannot_learn_from_or_score(fitted: RiskModel) -> None:
    """Clear errors where numpy or sklearn internals would fail, or, worse, go on: a list of
    strings would be histories of single characters, y=1.9 would be truncated to 1."""
    unfitted = RiskModel(**SMALL)
    with pytest.raises(NotFittedError):
        unfitted.predict([["hi"]])
    texts = ["hello there", "bye now"] * 6
    for bad_x in (texts, "hello"):
        with pytest.raises(ValueError, match=r"list of message texts|list of histories"):
            unfitted.fit(bad_x, [0, 1] * 6)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"list of message texts|list of histories"):
            fitted.predict_proba(bad_x)  # type: ignore[arg-type]
    histories = [[t] for t in texts]
    for y, says in (([0, 1.9] * 6, "0 .ordinary. and 1"), ([0, 1] * 5, "y has shape")):
        with pytest.raises(ValueError, match=says):
            unfitted.fit(histories, y)
    for weights, says in (
        ([1.0, 0.0] * 6, "class 1 no weight"),
        ([1.0] * 5, "sample_weight has shape"),
        ([-1.0] * 12, "finite and >= 0"),
    ):
        with pytest.raises(ValueError, match=says):
            unfitted.fit(histories, [0, 1] * 6, sample_weight=weights)
    with pytest.raises(ValueError, match="sample_weight has shape"):
        fitted.fine_tuned(histories, [0, 1] * 6, C=1.0, sample_weight=[1.0])
    with pytest.raises(ValueError, match="anchor_weight"):
        fitted.fine_tuned(histories, [0, 1] * 6, C=1.0, anchor_weight=float("nan"))


def test_another_prior_strength_needs_the_out_of_fold_logits(
    fitted: RiskModel, tmp_path: Path
) -> None:
    fitted.to_files(tmp_path)
    with pytest.raises(ModelError, match="no out-of-fold logits"):
        RiskModel.from_files(tmp_path).with_prior_strength(3.0)
    with pytest.raises(ValueError, match="prior_strength"):
        fitted.with_prior_strength(float("nan"))


def test_fine_tuning_on_an_offender_raises_his_lines(fitted: RiskModel) -> None:
    offender = ["u alone? whats ur snap", "send a pic", "our secret ok"]
    free = fitted.fine_tuned([offender], [1], C=3.0, anchor_weight=0.0)
    assert np.all(free.coef_.astype(float) - fitted.coef_ >= -1e-6)
    for tuned in (free, fitted.fine_tuned([offender], [1], C=3.0)):
        assert np.all(tuned.message_logits(offender) > fitted.message_logits(offender))
    for bad, message in (
        (dict(X=[], y=[], C=1.0), "need >= 1"),
        (dict(X=[["a"]], y=[2], C=1.0), "0 .ordinary. and 1"),
        (dict(X=[["a"]], y=[0], C=0.0), "C is 0.0, not a positive number"),
        (dict(X=[["a"]], y=[0], C=float("nan")), "C is nan"),
        (dict(X=[[]], y=[0], C=1.0), "no messages"),
    ):
        with pytest.raises(ValueError, match=message):
            fitted.fine_tuned(bad["X"], bad["y"], C=bad["C"])  # type: ignore[arg-type]
    old = RiskModel(**SMALL)
    old.coef_, old.intercept_ = fitted.coef_, fitted.intercept_  # as saved before anchors_
    with pytest.raises(ModelError, match="retrain"):
        old.fine_tuned(DISMISSED, [0, 0], C=1.0)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.update(heavy_combination="false"), "heavy_combination"),  # bool("false")
        (lambda d: d["warning_rule"].update(k="3"), "warning rule"),
        (lambda d: d["warning_rule"].update(threshold=1.5), "threshold"),
        (lambda d: d.update(identification_threshold="0.9"), "identification_threshold"),
        (lambda d: d.update(minor_cue_log_ratio=float("inf")), "minor_cue_log_ratio"),
        (lambda d: d.pop("warning_rule"), "warning_rule"),
    ],
)
def test_detector_load_refuses_a_damaged_model_file_by_field(
    tmp_path: Path, change: Any, says: str
) -> None:
    shutil.copytree(default_model_dir(), tmp_path / "m")
    doc = json.loads((tmp_path / "m" / "model.json").read_text())
    change(doc)
    (tmp_path / "m" / "model.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match=r"model\.json") as refused:
        Detector.load(tmp_path / "m")
    assert says in str(refused.value)
    (tmp_path / "m" / "model.json").write_text("[1, 2]")
    with pytest.raises(ModelError, match="not a JSON object"):
        Detector.load(tmp_path / "m")


# -- cross-validation without groups, and what can be saved ----------------------------------

_POS = ["hey are you alone", "send me a pic", "dont tell your mom"]
_NEG = ["the build failed", "lunch at noon?", "ok thanks"]
TINY = {"n_features": 2**10, "cv": 2}


def _tiny(n: int = 40, every: int = 2) -> tuple[list[list[str]], list[int]]:
    """Histories whose classes alternate (an offender every `every`-th): the order in which
    the ungrouped split put a single class in a fold."""
    y = [int(i % every == 0) for i in range(n)]
    return [[(_POS if label else _NEG)[j % 3] for j in range(5)] for label in y], y


def test_cross_validation_without_groups_keeps_both_classes_in_every_fold() -> None:
    X, y = _tiny()
    model = RiskModel(**TINY).fit(X, y)  # a fold of one class could not be fitted
    assert [len(x) for x in model.oof_logits_] == [5] * len(X)
    final = np.array([x[-1] for x in model.oof_logits_])
    offenders = np.array(y) == 1
    assert final[offenders].min() > final[~offenders].max()


@pytest.mark.parametrize(
    ("seed", "saved"), [(None, None), (np.int64(3), 3), (7, 7)], ids=["None", "int64", "int"]
)
def test_random_state_none_and_numpy_integers_are_saved_and_loaded(
    seed: Any, saved: int | None, tmp_path: Path
) -> None:
    X, y = _tiny(30, every=3)
    model = RiskModel(**TINY, max_iter=np.int64(60), random_state=seed).fit(X, y)
    model.to_files(tmp_path / "m")
    loaded = RiskModel.from_files(tmp_path / "m")
    assert (loaded.random_state, loaded.max_iter) == (saved, 60)
    assert type(loaded.max_iter) is int
    np.testing.assert_array_equal(loaded.coef_, model.coef_)


def test_what_cannot_be_saved_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    X, y = _tiny(30, every=3)
    state = RiskModel(**TINY, random_state=np.random.RandomState(0)).fit(X, y)  # as sklearn
    with pytest.raises(ModelError, match="random_state is a numpy RandomState"):
        state.to_files(tmp_path / "m")
    assert not (tmp_path / "m").exists() and list(tmp_path.iterdir()) == []
    for bad, says in (
        ({"random_state": "zero"}, "random_state"),
        ({"word_ngrams": (1, 5)}, "word_ngrams"),
        ({"C": float("inf")}, "C is inf"),
    ):
        model = RiskModel(**TINY).fit(X, y)
        model.set_params(**bad)
        with pytest.raises(ModelError, match=says):
            model.to_files(tmp_path / "m")
        assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="random_state"):
        RiskModel(**TINY, random_state="zero").fit(X, y)  # type: ignore[arg-type]


def test_a_failed_save_leaves_the_model_that_was_there(
    fitted: RiskModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved into a new directory beside the old one, which replaces it only when whole."""
    target = tmp_path / "m"
    shutil.copytree(default_model_dir(), target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    detector = Detector.load(target)
    detector.model = fitted
    real = np.savez_compressed

    def disk_full(file: Any, **arrays: Any) -> None:
        if "curvature" in arrays:  # weights.npz is written by then
            raise OSError(28, "No space left on device")
        real(file, **arrays)

    monkeypatch.setattr(np, "savez_compressed", disk_full)
    with pytest.raises(OSError, match="No space left"):
        detector.save(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["m"]  # nothing half-written beside it
    monkeypatch.undo()

    link = tmp_path / "current"
    link.symlink_to(target)
    detector.save(link)  # replaced whole: the new model, the link kept
    assert link.is_symlink()
    np.testing.assert_array_equal(Detector.load(link).model.coef_, fitted.coef_)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "m"]


def test_save_replaces_only_a_directory_that_holds_a_model(
    fitted: RiskModel, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(ConfigError, match=r"not a lurewatch model's \(notes\.txt\)"):
        fitted.to_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(ConfigError, match="not a directory"):
        fitted.to_files(notes)
    fitted.to_files(tmp_path / "new" / "m")  # made, parents and all
    assert RiskModel.from_files(tmp_path / "new" / "m").intercept_ == fitted.intercept_


def _changed_npz(path: Path, **changes: Any) -> None:
    with np.load(path) as arrays:
        parts = dict(arrays)
    np.savez_compressed(path, **{**parts, **changes})


@pytest.mark.parametrize("dtype", ["complex64", "U8", "datetime64[s]", "bool", "int64", "f4,f4"])
def test_load_refuses_weights_that_are_not_floating_point_numbers(
    fitted: RiskModel, tmp_path: Path, dtype: str
) -> None:
    fitted.to_files(tmp_path)
    _changed_npz(tmp_path / "weights.npz", coef=np.zeros(fitted.n_features, dtype=dtype))
    with pytest.raises(ModelError, match=r"weights\.npz: coef holds .* not floating-point"):
        RiskModel.from_files(tmp_path)


def test_load_refuses_a_posterior_of_the_wrong_kind_or_sign(
    fitted: RiskModel, tmp_path: Path
) -> None:
    fitted.to_files(tmp_path)
    path = tmp_path / "posterior.npz"
    with np.load(path) as arrays:
        parts = dict(arrays)
    for change, says in (
        ({"anchors_indices": parts["anchors_indices"].astype(np.float64)}, "anchors_indices"),
        ({"curvature": parts["curvature"].astype(np.complex64)}, "curvature holds complex"),
        ({"curvature": -parts["curvature"]}, "curvature holds numbers that are not positive"),
        ({"anchor_weights": -parts["anchor_weights"]}, "anchor_weights"),
    ):
        np.savez_compressed(path, **{**parts, **change})
        with pytest.raises(ModelError, match=says):
            RiskModel.from_files(tmp_path, posterior=True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("word_ngrams", [1, 100000]),
        ("word_ngrams", [1, 5]),
        ("char_ngrams", [1, 9]),
        ("char_ngrams", [0, 4]),
        ("cv", 1),
        ("max_iter", 0),
        ("tol", 0),
        ("tol", "1e-5"),
        ("max_lines", 0),
        ("early_lines", -1),
        ("random_state", -1),
        ("random_state", "0"),
        ("n_features", 2**31),
    ],
)
def test_load_refuses_parameters_out_of_range(
    fitted: RiskModel, tmp_path: Path, name: str, value: Any
) -> None:
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    doc["params"][name] = value
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match=r"estimator\.json") as refused:
        RiskModel.from_files(tmp_path)
    assert name in str(refused.value)


def test_load_takes_n_grams_up_to_the_caps(fitted: RiskModel, tmp_path: Path) -> None:
    assert (MAX_WORD_NGRAM, MAX_CHAR_NGRAM) == (4, 8)
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    doc["params"].update(word_ngrams=[1, 4], char_ngrams=[1, 8], random_state=None)
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    loaded = RiskModel.from_files(tmp_path)
    assert (loaded.word_ngrams, loaded.char_ngrams) == ((1, 4), (1, 8))
    assert loaded.message_logits(["a b c d e"]).shape == (1,)


def test_a_directory_that_cannot_be_moved_is_saved_into_file_by_file(
    fitted: RiskModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point (a container's volume, say) cannot be renamed: the model is saved
    into it, as it was before saves became atomic, and a failed write still leaves the
    old model whole."""
    import os

    target = tmp_path / "volume"
    shutil.copytree(default_model_dir(), target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    real_rename = os.rename

    def mount_point(src: Any, dst: Any) -> None:
        if Path(src) == target:
            raise OSError(16, "Device or resource busy")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", mount_point)
    detector = Detector.load(target)
    detector.model = fitted
    real = np.savez_compressed

    def disk_full(file: Any, **arrays: Any) -> None:
        if "curvature" in arrays:
            raise OSError(28, "No space left on device")
        real(file, **arrays)

    monkeypatch.setattr(np, "savez_compressed", disk_full)
    with pytest.raises(OSError, match="No space left"):
        detector.save(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before  # old model whole
    monkeypatch.setattr(np, "savez_compressed", real)
    detector.save(target)
    assert sorted(p.name for p in target.iterdir()) == sorted(before)  # no leftovers
    assert [p.name for p in tmp_path.iterdir()] == ["volume"]
    np.testing.assert_array_equal(Detector.load(target).model.coef_, fitted.coef_)


def test_a_model_saved_before_tol_existed_loads_with_the_tolerance_it_was_fitted_at(
    fitted: RiskModel, tmp_path: Path
) -> None:
    fitted.to_files(tmp_path)
    doc = json.loads((tmp_path / "estimator.json").read_text())
    del doc["params"]["tol"]
    (tmp_path / "estimator.json").write_text(json.dumps(doc))
    assert RiskModel.from_files(tmp_path).tol == 1e-4


@pytest.mark.parametrize("tol", [0, -1e-5, float("nan"), "1e-5"])
def test_fit_refuses_a_tolerance_it_could_not_save_before_fitting(tol: Any) -> None:
    X, y = _tiny()
    with pytest.raises(ValueError, match="tol"):
        RiskModel(**TINY, tol=tol).fit(X, y)
