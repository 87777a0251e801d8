"""The risk model: is the author of these messages grooming?

A scikit-learn estimator over *message histories* (the messages one sender wrote so far).
Each message gets a logit from a linear model over hashed n-grams; a sender's evidence is
the running mean of those logits, shrunk toward the typical ordinary message by a prior
worth `prior_strength` messages:

    z(t) = (sum of message logits up to t + prior_strength * prior_mean_) / (t + prior_strength)

so one odd message cannot raise an alarm, a persistent pattern does, and the streaming
engine updates a sender in O(1) per message. `predict_proba` maps z through a Platt
calibration fitted on out-of-fold scores (grouped cross-validation on the training data),
so probabilities are honest on data the weights never saw. Probabilities are calibrated
for equal class priors; real platforms have far fewer offenders, which is why warnings use
a threshold chosen by cross-validation rather than 0.5.
"""

from __future__ import annotations

import copy
import json
import math
import numbers
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from .._errors import ConfigError, ModelError
from .features import MessageFeaturizer

__all__ = [
    "ANCHOR_GROUP",
    "FORMAT",
    "MAX_CHAR_NGRAM",
    "MAX_WORD_NGRAM",
    "MODEL_FILES",
    "RiskModel",
    "evidence_curve",
    "finite",
    "save_directory",
]

FORMAT = "lurewatch-risk-model/1"
# Offenders pooled per fine-tuning anchor (`RiskModel._set_posterior`), so that no anchor is
# one person's chat; with 10, adapting kept as many offenders as retraining from scratch did
# in `benchmarks/feedback_cv.py` (train only).
ANCHOR_GROUP = 10
# The anchors make fine-tuning stiff: a few hundred solver iterations leave it short of its
# optimum (170 to 510 iterations to converge in `benchmarks/feedback_cv.py`).
FINE_TUNE_MAX_ITER = 5000
# The longest n-grams a saved model may use: well above what training uses (words 1-2,
# characters 2-4), far below what makes scoring one long message take seconds (a model
# file with word n-grams up to 100,000 took 16 s for one 7.5 KB message).
MAX_WORD_NGRAM = 4
MAX_CHAR_NGRAM = 8
# What a model directory holds (a detector's: all four; a bare RiskModel's: the last three).
MODEL_FILES = frozenset({"model.json", "estimator.json", "weights.npz", "posterior.npz"})

History = Sequence[str]
# The arrays of posterior.npz: the training posterior that fine-tuning needs (`_set_posterior`).
_POSTERIOR = ("curvature", "anchor_weights", "anchors_data", "anchors_indices", "anchors_indptr")
FloatArray = NDArray[np.float64]


_T = TypeVar("_T")


class Track(Protocol):
    """Shows progress through `total` `items` (a progress bar) while yielding them; what is
    computed from them must not change."""

    def __call__(self, items: Iterable[_T], desc: str, total: int) -> Iterable[_T]: ...


def untracked(items: Iterable[_T], desc: str, total: int) -> Iterable[_T]:
    """The `Track` that shows nothing."""
    return items


def _loss_curvature(matrix: sp.csr_matrix, weight: FloatArray, logits: FloatArray) -> FloatArray:
    """The diagonal of the weighted logistic loss's Hessian over these lines: for each
    feature, the sum of weight * p(1 - p) * x^2, p the lines' probabilities."""
    p = 1.0 / (1.0 + np.exp(-logits))
    return np.asarray(matrix.multiply(matrix).tocsc().T @ (weight * p * (1.0 - p)))


def evidence_curve(logits: FloatArray, prior_mean: float, prior_strength: float) -> FloatArray:
    """z(t) for every prefix of one history (the batch twin of the streaming update)."""
    t = np.arange(1, len(logits) + 1, dtype=np.float64)
    return (np.cumsum(logits) + prior_strength * prior_mean) / (t + prior_strength)


class RiskModel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Calibrated grooming risk of a sender from the messages they wrote.

    `X` is a sequence of histories (each a sequence of message texts); `y` is 1 when the
    author is an offender. `groups` (to `fit`) keeps related histories, such as an
    offender and the decoy he talked to, in the same cross-validation fold.
    """

    def __init__(
        self,
        *,
        n_features: int = 2**20,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 4),
        C: float = 4.0,
        prior_strength: float = 5.0,
        max_lines: int = 300,  # per history; 300, not 150, by benchmarks/model_cv.py
        early_lines: int = 30,
        cv: int = 3,
        max_iter: int = 1000,
        tol: float = 1e-5,  # 1e-4 stopped where rounding and 21 changed lines moved the CV rule
        random_state: int | np.random.RandomState | None = 0,
    ) -> None:
        self.n_features = n_features
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.C = C
        self.prior_strength = prior_strength
        self.max_lines = max_lines
        self.early_lines = early_lines
        self.cv = cv
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------------------

    def _featurizer(self) -> MessageFeaturizer:
        return MessageFeaturizer(self.n_features, self.word_ngrams, self.char_ngrams)

    def _sample_lines(self, n: int, rng: np.random.Generator) -> NDArray[np.intp]:
        """Every early line (where warnings must come from) plus a random share of later ones."""
        early = np.arange(min(n, self.early_lines))
        rest = np.arange(len(early), n)
        budget = max(0, self.max_lines - len(early))
        if len(rest) > budget:
            rest = np.sort(rng.choice(rest, size=budget, replace=False))
        return np.concatenate([early, rest])

    def fit(
        self,
        X: Sequence[History],
        y: Sequence[int] | NDArray[Any],
        sample_weight: Sequence[float] | NDArray[Any] | None = None,
        groups: Sequence[str] | Sequence[int] | NDArray[Any] | None = None,
        progress: Callable[[str], None] | None = None,
        track: Track = untracked,
    ) -> RiskModel:
        """Fit; `progress` is told each stage, `track` shows progress through the
        histories as they are featurised and through the cross-validation folds."""
        finite("tol", self.tol, positive=True)  # saving needs it: fail before, not after
        labels, weights = self._balanced(X, y, sample_weight)
        self.classes_ = np.array([0, 1])
        say = progress or (lambda _msg: None)
        say("featurising messages")
        full, matrix, owner, line_weight = self._training_lines(X, weights, track)
        line_label = labels[owner]

        # Without groups, every history is its own: folds keep both classes in proportion
        # (a fold of one class could not be fitted). Grouped folds are as they always were.
        folds: GroupKFold | StratifiedKFold = (
            StratifiedKFold(n_splits=self.cv) if groups is None else GroupKFold(n_splits=self.cv)
        )
        group_ids = None if groups is None else np.asarray(groups)
        oof: list[FloatArray] = [np.empty(0)] * len(X)
        splits = track(
            folds.split(np.zeros(len(X)), labels, group_ids), "cross-validation folds", self.cv
        )
        for k, (fit_idx, held_idx) in enumerate(splits):
            say(f"cross-validation fold {k + 1}/{self.cv}")
            in_fold = np.isin(owner, fit_idx)
            clf = self._line_classifier(matrix[in_fold], line_label[in_fold], line_weight[in_fold])
            coef = clf.coef_.ravel()
            for i in held_idx:
                oof[i] = np.asarray(full[i] @ coef + clf.intercept_[0], dtype=np.float64)
        self.oof_logits_ = oof

        say("fitting the final model")
        final = self._line_classifier(matrix, line_label, line_weight)
        self.coef_ = final.coef_.ravel().astype(np.float32)
        self.intercept_ = float(final.intercept_[0])
        self._set_posterior(matrix, owner, line_weight, labels)
        negative = np.concatenate([oof[i] for i in np.flatnonzero(labels == 0)])
        self.prior_mean_ = float(np.median(negative))
        self.oof_labels_, self.oof_weights_ = labels, weights
        self._fit_calibration(labels, weights)
        return self

    def fit_posterior(
        self,
        X: Sequence[History],
        y: Sequence[int] | NDArray[Any],
        sample_weight: Sequence[float] | NDArray[Any] | None = None,
    ) -> RiskModel:
        """Set `curvature_` and `anchors_` for the current weights from the data they were
        fitted on (the same arguments as `fit`), without refitting: for models saved
        before they existed."""
        labels, weights = self._balanced(X, y, sample_weight)
        _, matrix, owner, line_weight = self._training_lines(X, weights)
        self._set_posterior(matrix, owner, line_weight, labels)
        return self

    @staticmethod
    def _balanced(
        X: Sequence[History],
        y: Sequence[int] | NDArray[Any],
        sample_weight: Sequence[float] | NDArray[Any] | None,
    ) -> tuple[NDArray[np.int64], FloatArray]:
        """Labels, and history weights with both classes weighing the same."""
        labels = _labels(X, y)
        if set(np.unique(labels)) != {0, 1}:
            raise ValueError("y must contain both classes, 0 (ordinary) and 1 (offender)")
        weights = _weights(sample_weight, len(X))
        # Balance the classes at the level of histories, not lines.
        for cls in (0, 1):
            mask = labels == cls
            total = weights[mask].sum()
            if total <= 0:
                raise ValueError(f"sample_weight gives class {cls} no weight at all")
            weights[mask] *= len(X) / (2.0 * total)
        return labels, weights

    def _training_lines(
        self, X: Sequence[History], weights: FloatArray, track: Track = untracked
    ) -> tuple[list[sp.csr_matrix], sp.csr_matrix, NDArray[np.intp], FloatArray]:
        """Every history's features, the sampled lines the line model learns from, the
        history each line is from, and each line's weight (its history's, shared out)."""
        featurizer = self._featurizer()
        rng = _generator(self.random_state)
        histories = track(X, "featurising histories", len(X))
        full = [featurizer.transform(list(history)) for history in histories]
        picks = [self._sample_lines(m.shape[0], rng) for m in full]
        matrix = sp.vstack([m[p] for m, p in zip(full, picks, strict=True)]).tocsr()
        owner = np.concatenate([np.full(len(p), i) for i, p in enumerate(picks)])
        counts = np.bincount(owner, minlength=len(X)).astype(float)
        return full, matrix, owner, weights[owner] / np.maximum(counts[owner], 1.0)

    def _set_posterior(
        self,
        matrix: sp.csr_matrix,
        owner: NDArray[np.intp],
        line_weight: FloatArray,
        labels: NDArray[np.int64],
    ) -> None:
        """What `fine_tuned` keeps of the training data: a Laplace approximation of the
        training objective around the current weights, without the data.

        `curvature_`: the diagonal of its Hessian, so each weight is held as firmly as the
        data pinned it down. `anchors_`: the mean features of offenders' lines, pooled over
        groups of `ANCHOR_GROUP` offenders (aggregates of hashed n-grams, no text), each
        with its share of the Hessian in `anchor_weights_`; the diagonal alone lets many
        small cuts to n-grams that offenders share with ordinary chat add up to lost
        offenders (`benchmarks/feedback_cv.py`), and these directions hold their logits.
        """
        logits = np.asarray(matrix @ self.coef_.astype(np.float64), dtype=np.float64)
        scaled = line_weight * (len(line_weight) / line_weight.sum())
        curvature = _loss_curvature(matrix, scaled, logits + self.intercept_)
        self.curvature_ = (1.0 + self.C * curvature).astype(np.float32)
        offenders = np.flatnonzero(labels == 1)
        rng = _generator(self.random_state)
        groups = np.array_split(rng.permutation(offenders), -(-len(offenders) // ANCHOR_GROUP))
        group_of = np.full(len(labels), -1)
        for g, members in enumerate(groups):
            group_of[members] = g
        lines = np.flatnonzero(group_of[owner] >= 0)
        # A line's weight in its group: its history's curvature share (at p(1-p) = 1/4, the
        # logistic loss's most), so heavier offender histories pull their group's mean.
        pull = self.C * 0.25 * scaled[lines]
        pool = sp.csr_matrix(
            (pull, (group_of[owner[lines]], lines)), shape=(len(groups), matrix.shape[0])
        )
        weight = np.asarray(pool.sum(axis=1)).ravel()
        self.anchors_ = sp.csr_matrix(sp.diags(1.0 / weight) @ (pool @ matrix), dtype=np.float32)
        self.anchor_weights_ = weight

    def with_prior_strength(self, prior_strength: float) -> RiskModel:
        """This fitted model with another `prior_strength`, recalibrated on the same
        out-of-fold logits. The line model does not depend on the prior, so cross-validation
        can choose it without refitting."""
        if not hasattr(self, "oof_labels_"):
            raise ModelError(
                "this model has no out-of-fold logits to recalibrate on: only a model fitted "
                "in this process has them (a loaded or fine-tuned one does not); fit it again"
            )
        other = copy.copy(self)
        other.prior_strength = finite("prior_strength", prior_strength, positive=True)
        other._fit_calibration(self.oof_labels_, self.oof_weights_)
        return other

    def fine_tuned(
        self,
        X: Sequence[History],
        y: Sequence[int] | NDArray[Any],
        *,
        C: float,
        anchor_weight: float = 1.0,
        sample_weight: Sequence[float] | NDArray[Any] | None = None,
    ) -> RiskModel:
        """A copy of this fitted model with its weights refitted on new histories alone.

        Maximum a posteriori with the training posterior as prior, in its Laplace
        approximation (`_set_posterior`): line-level logistic loss on the new histories
        (each history weighing `sample_weight`, default 1, spread over its lines) times `C`,
        plus half the squared distance from the current weights under the curvature and the
        offender anchors (those times `anchor_weight`).
        So a platform adapts the shipped model to its own chat without the data it was
        trained on: weights the training data pinned down hold, offenders' mean logits
        hold, and what is left to move is what the platform's chat does not share with
        offenders. Only weights of n-grams in the new lines change (some rise, to hold the
        anchors); the intercept, the prior and the calibration stay, so the risk scale and
        the warning rule keep their meaning.
        """
        if not hasattr(self, "curvature_") or not hasattr(self, "anchors_"):
            raise ModelError(
                "this model has no curvature_ or anchors_ (it was saved by an older "
                "lurewatch); retrain it with `lurewatch train`, or add them with "
                "`python scripts/model_posterior.py --model DIR`, to fine-tune it"
            )
        labels = _labels(X, y)
        if not len(X):
            raise ValueError("X has no histories; need >= 1")
        finite("C", C, positive=True)
        if finite("anchor_weight", anchor_weight) < 0:
            raise ValueError(f"anchor_weight must be >= 0, got {anchor_weight}")
        # No class balancing: the prior already holds the classes' balance, and a handful
        # of confirmed offenders among many dismissals must not each weigh like dozens.
        weights = _weights(sample_weight, len(X))
        _, matrix, owner, line_weight = self._training_lines(X, weights)
        if not matrix.shape[0]:
            raise ValueError("the new histories have no messages")
        columns = np.unique(matrix.indices)
        local = matrix[:, columns].tocsr()
        w = C * line_weight
        sign = 2.0 * labels[owner] - 1.0
        base = np.asarray(matrix @ self.coef_.astype(np.float64), dtype=np.float64)
        base += self.intercept_
        hold = self.curvature_[columns].astype(np.float64)
        anchors = self.anchors_[:, columns].astype(np.float64).tocsr()
        pull = anchor_weight * self.anchor_weights_

        def objective(delta: FloatArray) -> tuple[float, FloatArray]:
            margin = sign * (base + local @ delta)
            moved = anchors @ delta  # each anchor's change of logit
            loss = float(w @ np.logaddexp(0.0, -margin))
            loss += 0.5 * float(hold @ delta**2) + 0.5 * float(pull @ moved**2)
            # d loss / d margin = -sigmoid(-margin)
            slope = -w * sign * 0.5 * (1.0 - np.tanh(0.5 * margin))
            gradient = local.T @ slope + hold * delta + anchors.T @ (pull * moved)
            return loss, np.asarray(gradient, dtype=np.float64)

        result = minimize(
            objective,
            np.zeros(len(columns)),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": FINE_TUNE_MAX_ITER},
        )
        other = copy.copy(self)
        for name in ("oof_logits_", "oof_labels_", "oof_weights_"):
            other.__dict__.pop(name, None)  # they belong to the old weights
        coef = self.coef_.astype(np.float64)
        coef[columns] += result.x
        other.coef_ = coef.astype(np.float32)
        # The new lines pin their weights down too, for the next round of fine-tuning.
        curvature = self.curvature_.astype(np.float64)
        curvature[columns] += _loss_curvature(local, w, base + local @ result.x)
        other.curvature_ = curvature.astype(np.float32)
        other.fine_tuning_ = {
            "C": C,
            "anchor_weight": anchor_weight,
            "histories": len(X),
            "lines": int(matrix.shape[0]),
            "weights_changed": int(np.count_nonzero(result.x)),
            "converged": bool(result.success),
            "iterations": int(result.nit),
        }
        return other

    def _line_classifier(
        self, matrix: sp.csr_matrix, labels: NDArray[Any], weights: NDArray[Any]
    ) -> LogisticRegression:
        clf = LogisticRegression(C=self.C, solver="lbfgs", max_iter=self.max_iter, tol=self.tol)
        clf.fit(matrix, labels, sample_weight=weights * (len(weights) / weights.sum()))
        return clf

    def _fit_calibration(self, labels: NDArray[np.int64], weights: FloatArray) -> None:
        """Platt scaling of out-of-fold z over every prefix length, histories weighted equally."""
        zs, ys, ws = [], [], []
        for i, logits in enumerate(self.oof_logits_):
            curve = self.curve_from_logits(logits)
            zs.append(curve)
            ys.append(np.full(len(curve), labels[i]))
            ws.append(np.full(len(curve), weights[i] / len(curve)))
        platt = LogisticRegression(C=1e4)
        platt.fit(np.concatenate(zs)[:, None], np.concatenate(ys), sample_weight=np.concatenate(ws))
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))

    # -- scoring ---------------------------------------------------------------------------

    def message_logits(self, texts: Sequence[str], *, normalised: bool = False) -> FloatArray:
        """Each message's own logit: its contribution to its sender's evidence."""
        return self._featurizer().logits(texts, self.coef_, self.intercept_, normalised=normalised)

    def curve_from_logits(self, logits: FloatArray) -> FloatArray:
        return evidence_curve(logits, self.prior_mean_, self.prior_strength)

    def risk_curve(self, logits: FloatArray) -> FloatArray:
        """The calibrated risk after each message of a history, from its message logits."""
        return np.asarray(self.probability(self.curve_from_logits(logits)), dtype=np.float64)

    def probability(self, z: float | FloatArray) -> Any:
        """Calibrated probability from the evidence z (a float for a float: the hot path)."""
        slope, offset = self.calibration_
        if isinstance(z, float):
            logit = slope * z + offset
            return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0
        return 1.0 / (1.0 + np.exp(-(slope * np.asarray(z) + offset)))

    def decision_function(self, X: Sequence[History]) -> FloatArray:
        """Evidence z after the last message of each history."""
        check_is_fitted(self, ["coef_", "calibration_"])
        _histories(X)
        out = np.empty(len(X))
        for i, history in enumerate(X):
            curve = self.curve_from_logits(self.message_logits(list(history)))
            out[i] = curve[-1] if len(curve) else self.prior_mean_
        return out

    def predict_proba(self, X: Sequence[History]) -> FloatArray:
        p = np.asarray(self.probability(self.decision_function(X)), dtype=np.float64)
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Sequence[History]) -> NDArray[np.int64]:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int64)

    # -- persistence (no pickle: a JSON document and a plain numpy array) --------------------

    def to_files(self, directory: Path) -> None:
        """Save the model in `directory` all at once (`save_directory`): a save that fails,
        on parameters that cannot be saved or on a full disk, leaves what was there."""
        text = self.estimator_text()  # checked before anything is written
        save_directory(directory, lambda into: self.write_files(into, text))

    def estimator_text(self) -> str:
        """`estimator.json` as written: ModelError, before anything is written, for
        parameters a saved model cannot hold."""
        try:
            return json.dumps(self.document(), indent=2, allow_nan=False) + "\n"
        except (TypeError, ValueError) as exc:
            raise ModelError(f"cannot save the model: estimator.json {exc}") from exc

    def write_files(self, directory: Path, estimator_text: str) -> None:
        """Write the model's files into `directory`, a new empty one (see `to_files`)."""
        np.savez_compressed(directory / "weights.npz", coef=self.coef_)
        if hasattr(self, "curvature_"):  # apart: only fine-tuning reads it, not scoring
            np.savez_compressed(
                directory / "posterior.npz",
                curvature=self.curvature_,
                anchor_weights=self.anchor_weights_,
                anchors_data=self.anchors_.data,
                anchors_indices=self.anchors_.indices,
                anchors_indptr=self.anchors_.indptr,
            )
        (directory / "estimator.json").write_text(estimator_text)

    def document(self) -> dict[str, Any]:
        """Parameters and learned scalars as JSON-ready data (`estimator.json`); ModelError
        for parameters a saved model cannot hold (the same checks as loading it)."""
        return {
            "format": FORMAT,
            "params": self._saved_params(),
            "intercept": float(self.intercept_),
            "prior_mean": float(self.prior_mean_),
            "calibration": [float(v) for v in self.calibration_],
        }

    def _saved_params(self) -> dict[str, Any]:
        """`get_params()` as a saved model holds them: numpy scalars as plain numbers,
        n-gram ranges as lists; refused (ModelError) unless `_checked_params` would load
        them, so that nothing is saved that cannot be loaded."""
        params: dict[str, Any] = {}
        for name, value in self.get_params().items():
            if isinstance(value, np.random.RandomState):
                raise ModelError(
                    "cannot save the model: its random_state is a numpy RandomState, whose "
                    "state a saved model does not hold; fit it with an integer random_state "
                    "(or None) to save it"
                )
            if name in ("word_ngrams", "char_ngrams") and isinstance(value, tuple | list):
                value = [n.item() if isinstance(n, np.generic) else n for n in value]
            elif isinstance(value, np.generic):
                value = value.item()  # np.int64(3) -> 3
            params[name] = value
        try:
            _checked_params(params)
        except ValueError as exc:
            raise ModelError(f"cannot save the model: {exc}") from None
        return params

    @classmethod
    def from_files(cls, directory: Path, *, posterior: bool = False) -> RiskModel:
        """The model saved in `directory`; with `posterior`, also what fine-tuning needs
        (`posterior.npz`, where the model has one)."""
        held = directory / "posterior.npz"
        where = directory / "estimator.json"
        try:
            doc = json.loads(where.read_text())
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            if doc.get("format") != FORMAT:
                raise ModelError(f"{directory} holds {doc.get('format')!r}, expected {FORMAT!r}")
            model = cls(**_checked_params(doc["params"]))
            model._featurizer()  # its n-gram ranges are checked here, not at the first score
            model.intercept_ = finite("intercept", doc["intercept"])
            model.prior_mean_ = finite("prior_mean", doc["prior_mean"])
            if not isinstance(doc["calibration"], list) or len(doc["calibration"]) != 2:
                raise ValueError(f"calibration is {doc['calibration']!r}, not [slope, offset]")
            slope, offset = doc["calibration"]
            model.calibration_ = (finite("calibration", slope), finite("calibration", offset))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise ModelError(f"{where} is unreadable or has a bad field: {exc!r}") from exc
        weights = directory / "weights.npz"
        coef = _of_kind(weights, "coef", _arrays(weights, ["coef"])["coef"], "f")
        coef = coef.astype(np.float32)
        if coef.shape != (model.n_features,):
            raise ModelError(
                f"{directory / 'weights.npz'}: weights have shape {coef.shape}, expected "
                f"({model.n_features},) as estimator.json's n_features says"
            )
        if not np.isfinite(coef).all():
            raise ModelError(f"{directory / 'weights.npz'}: weights are not all finite numbers")
        model.classes_ = np.array([0, 1])
        model.coef_ = coef
        if posterior and held.is_file():
            model._load_posterior(_arrays(held, _POSTERIOR), held)
        return model

    def _load_posterior(self, arrays: dict[str, NDArray[Any]], path: Path) -> None:
        for name, kind in _POSTERIOR_KINDS.items():
            _of_kind(path, name, arrays[name], kind)
        if not all(np.isfinite(a).all() for a in arrays.values() if a.dtype.kind == "f"):
            raise ModelError(f"{path}: holds numbers that are not finite")
        curvature = arrays["curvature"].astype(np.float32)
        if curvature.shape != self.coef_.shape:
            raise ModelError(f"{path}: curvature has shape {curvature.shape}")
        if not (curvature > 0).all():  # 1 + C * the loss's curvature: a convex penalty
            raise ModelError(f"{path}: curvature holds numbers that are not positive")
        weights = arrays["anchor_weights"].astype(np.float64)
        if weights.ndim != 1 or not (weights >= 0).all():
            raise ModelError(
                f"{path}: anchor_weights must be one non-negative number per anchor, got "
                f"shape {weights.shape}"
            )
        try:
            anchors = sp.csr_matrix(
                (arrays["anchors_data"], arrays["anchors_indices"], arrays["anchors_indptr"]),
                shape=(len(weights), self.n_features),
                dtype=np.float32,
            )
            anchors.check_format(full_check=True)
        except ValueError as exc:
            raise ModelError(f"{path}: malformed anchors: {exc}") from exc
        self.curvature_, self.anchors_, self.anchor_weights_ = curvature, anchors, weights


# The least each integer parameter may be (n_features also at most 2**31 - 1, as hashing
# gives); random_state may also be None.
_INT_PARAMS = {
    "n_features": 1,
    "max_lines": 1,
    "early_lines": 0,
    "cv": 2,
    "max_iter": 1,
    "random_state": 0,
}
_POSITIVE_PARAMS = ("C", "prior_strength", "tol")
_NGRAM_CAPS = {"word_ngrams": MAX_WORD_NGRAM, "char_ngrams": MAX_CHAR_NGRAM}
# What each array of posterior.npz holds: floating-point numbers, or integer indices.
_POSTERIOR_KINDS = {
    "curvature": "f",
    "anchor_weights": "f",
    "anchors_data": "f",
    "anchors_indices": "iu",
    "anchors_indptr": "iu",
}


def finite(name: str, value: Any, *, positive: bool = False) -> float:
    """`value` as a finite float; ValueError for anything else (a string, NaN, a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} is {value!r}, not a finite number")
    if positive and value <= 0:
        raise ValueError(f"{name} is {value!r}, not a positive number")
    return float(value)


def _checked_params(params: dict[str, Any]) -> dict[str, Any]:
    """A saved model's parameters with their types checked, so that a damaged file fails
    when it is loaded rather than when the first message is scored."""
    if not isinstance(params, dict):
        raise ValueError(f"params is {params!r}, not an object")
    out = dict(params)  # an unknown name fails in __init__, a missing one takes its default
    out.setdefault("tol", 1e-4)  # except tol: files older than it were fitted at 1e-4
    for name, least in _INT_PARAMS.items():
        if name not in out or (name == "random_state" and out[name] is None):
            continue
        value = out[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} is {value!r}, not an integer")
        if value < least:
            raise ValueError(f"{name} is {value!r}, must be >= {least}")
    if out.get("n_features", 1) > 2**31 - 1:
        raise ValueError(f"n_features is {out['n_features']!r}, must be <= 2**31 - 1")
    for name in _POSITIVE_PARAMS:
        if name in out:
            out[name] = finite(name, out[name], positive=True)
    for name in ("word_ngrams", "char_ngrams"):
        if name in out:
            pair = out[name]
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            ):
                raise ValueError(f"{name} is {pair!r}, not a pair of integers")
            cap = _NGRAM_CAPS[name]
            if not 1 <= pair[0] <= pair[1] <= cap:
                raise ValueError(
                    f"{name} is {pair!r}: need 1 <= min_n <= max_n <= {cap} (longer n-grams "
                    "make scoring a long message slow, and no lurewatch model uses them)"
                )
            out[name] = (pair[0], pair[1])
    return out


def _generator(random_state: Any) -> np.random.Generator:
    """A numpy Generator from what scikit-learn takes as a random_state: None (fresh
    entropy), an integer (numpy's too), or a RandomState (which a seed is drawn from, so it
    advances as scikit-learn estimators advance it)."""
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))
    raise ValueError(
        f"random_state is {random_state!r}: expected None, an integer or a numpy.random.RandomState"
    )


def _of_kind(path: Path, name: str, array: NDArray[Any], kinds: str) -> NDArray[Any]:
    """`array` if its numbers are of one of `kinds` (numpy dtype kinds: "f" floating
    point, "iu" integers); ModelError naming file and array otherwise (complex numbers,
    text, dates, booleans, records: nothing a saved model holds)."""
    if array.dtype.kind not in kinds or array.dtype.fields is not None:
        wanted = "floating-point numbers" if kinds == "f" else "integers"
        raise ModelError(f"{path}: {name} holds {array.dtype} values, not {wanted}")
    return array


def save_directory(directory: Path, write: Callable[[Path], None]) -> None:
    """Save a model directory all at once: `write` fills a new directory beside it, which
    then takes its place, so a save that fails, or is interrupted, leaves the model that was
    there (or none), never a mix of two.

    An existing `directory` is replaced only if it holds nothing but a model's files
    (`MODEL_FILES`); ConfigError, before anything is written, for one that holds anything
    else. A link to a directory saves to the directory it points to. The old directory is
    moved aside just before the new one moves in and removed after: an interruption in
    between (a crash, not an error) leaves it beside the path as `.NAME.old-*`.

    A directory that cannot be moved (a mount point, such as a container's volume) or whose
    parent takes no new entry is saved into file by file instead (`_save_in_place`).
    """
    target = Path(os.path.realpath(directory))
    check_model_directory(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(target, "new")
    try:
        os.mkdir(staging)  # the permissions a plain mkdir gives (not mkdtemp's 0700)
    except PermissionError:
        if not target.is_dir():
            raise
        _save_in_place(target, write)
        return
    try:
        write(staging)
        _sync(staging)
        if target.is_dir():
            os.chmod(staging, os.stat(target).st_mode & 0o7777)
            old = _sibling(target, "old")
            try:
                os.rename(target, old)
            except OSError:  # a mount point, or a parent that refuses the move
                _save_in_place(target, write)
                return
            try:
                os.rename(staging, target)
            except OSError:
                os.rename(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, target)
        _sync_directory(target.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already unless something failed


def _save_in_place(target: Path, write: Callable[[Path], None]) -> None:
    """Save into `target` itself: every file written (and flushed) in a directory inside it
    first, then each moved over its old copy, `model.json` last. A save that fails while
    writing leaves the old model whole; only an interruption between the moves (a crash)
    could leave a mix, which is why `save_directory` prefers replacing the directory."""
    inner = target / f".new-{secrets.token_hex(6)}"
    os.mkdir(inner)
    try:
        write(inner)
        _sync(inner)
        written = sorted((p.name for p in inner.iterdir()), key=lambda n: n == "model.json")
        for name in written:
            os.replace(inner / name, target / name)
        for stale in sorted(MODEL_FILES - set(written)):
            (target / stale).unlink(missing_ok=True)
        _sync_directory(target)
    finally:
        shutil.rmtree(inner, ignore_errors=True)


def check_model_directory(directory: Path) -> None:
    """ConfigError unless `directory` is absent, empty or holds only a model's files: saving
    a model there replaces the directory (`save_directory`)."""
    path = Path(os.path.realpath(directory))
    if not path.exists():
        return
    if not path.is_dir():
        raise ConfigError(f"{directory} is not a directory; give a directory for the model")
    others = sorted(p.name for p in path.iterdir() if p.name not in MODEL_FILES or not p.is_file())
    if others:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise ConfigError(
            f"{directory} holds files that are not a lurewatch model's ({shown}): saving a "
            "model replaces the whole directory, so give a new or empty directory, or one "
            "that holds only a model"
        )


def _sibling(target: Path, what: str) -> Path:
    return target.parent / f".{target.name}.{what}-{secrets.token_hex(6)}"


def _sync(directory: Path) -> None:
    """Flush the files of `directory`, and the directory, to disk."""
    for path in directory.iterdir():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
    _sync_directory(directory)


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # a platform that cannot open directories (Windows): nothing to flush
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _arrays(path: Path, names: Sequence[str]) -> dict[str, NDArray[Any]]:
    """The named arrays of an .npz file; never unpickles (ModelError for damage)."""
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is missing or not an .npz archive (damaged or replaced)")
    try:
        with np.load(path, allow_pickle=False) as arrays:
            return {name: np.asarray(arrays[name]) for name in names}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelError(f"cannot read {path}: {exc!r}") from exc


def _histories(X: Any) -> None:
    """Refuse what is not a sequence of histories (each a list or tuple of message texts):
    a list of plain strings would be read as histories of single characters."""
    if isinstance(X, str | bytes) or not isinstance(X, Sequence):
        raise ValueError(f"X must be a list of histories (lists of texts), not {type(X).__name__}")
    for i, history in enumerate(X):
        if isinstance(history, str | bytes) or not isinstance(history, Sequence | np.ndarray):
            raise ValueError(
                f"X[{i}] is a {type(history).__name__}; each history is a list of message texts"
            )


def _labels(X: Sequence[History], y: Any) -> NDArray[np.int64]:
    """y as 0/1 labels, one per history of X; ValueError for anything else (1.9 is not 1)."""
    _histories(X)
    given = np.asarray(y)
    if given.ndim != 1 or len(given) != len(X):
        raise ValueError(f"X has {len(X)} histories but y has shape {given.shape}")
    if not np.isin(given, [0, 1]).all():
        raise ValueError("y must hold 0 (ordinary) and 1 (offender) only")
    return given.astype(np.int64)


def _weights(sample_weight: Any, n: int) -> FloatArray:
    """One finite, non-negative weight per history (default 1)."""
    if sample_weight is None:
        return np.ones(n)
    weights = np.array(sample_weight, dtype=float)
    if weights.shape != (n,):
        raise ValueError(f"sample_weight has shape {weights.shape}, expected ({n},)")
    if not (np.isfinite(weights).all() and (weights >= 0).all()):
        raise ValueError("sample_weight must be finite and >= 0")
    return weights
