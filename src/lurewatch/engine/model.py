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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .._errors import ModelError
from .features import MessageFeaturizer

__all__ = ["FORMAT", "RiskModel", "evidence_curve"]

FORMAT = "lurewatch-risk-model/1"

History = Sequence[str]
FloatArray = NDArray[np.float64]


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
        max_iter: int = 300,
        random_state: int = 0,
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
    ) -> RiskModel:
        labels = np.asarray(y, dtype=np.int64)
        if len(X) != len(labels):
            raise ValueError(f"X has {len(X)} histories but y has {len(labels)} labels")
        if set(np.unique(labels)) != {0, 1}:
            raise ValueError("y must contain both classes, 0 (ordinary) and 1 (offender)")
        weights = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, float)
        # Balance the classes at the level of histories, not lines.
        for cls in (0, 1):
            mask = labels == cls
            weights[mask] *= len(X) / (2.0 * weights[mask].sum())
        self.classes_ = np.array([0, 1])
        featurizer = self._featurizer()
        rng = np.random.default_rng(self.random_state)
        say = progress or (lambda _msg: None)

        say("featurising messages")
        full = [featurizer.transform(list(history)) for history in X]
        picks = [self._sample_lines(m.shape[0], rng) for m in full]
        matrix = sp.vstack([m[p] for m, p in zip(full, picks, strict=True)]).tocsr()
        owner = np.concatenate([np.full(len(p), i) for i, p in enumerate(picks)])
        counts = np.bincount(owner, minlength=len(X)).astype(float)
        line_weight = weights[owner] / np.maximum(counts[owner], 1.0)
        line_label = labels[owner]

        group_ids = np.arange(len(X)) if groups is None else np.asarray(groups)
        folds = GroupKFold(n_splits=self.cv)
        oof: list[FloatArray] = [np.empty(0)] * len(X)
        for k, (fit_idx, held_idx) in enumerate(folds.split(np.zeros(len(X)), labels, group_ids)):
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
        negative = np.concatenate([oof[i] for i in np.flatnonzero(labels == 0)])
        self.prior_mean_ = float(np.median(negative))
        self.oof_labels_, self.oof_weights_ = labels, weights
        self._fit_calibration(labels, weights)
        return self

    def with_prior_strength(self, prior_strength: float) -> RiskModel:
        """This fitted model with another `prior_strength`, recalibrated on the same
        out-of-fold logits. The line model does not depend on the prior, so cross-validation
        can choose it without refitting."""
        other = copy.copy(self)
        other.prior_strength = prior_strength
        other._fit_calibration(self.oof_labels_, self.oof_weights_)
        return other

    def _line_classifier(
        self, matrix: sp.csr_matrix, labels: NDArray[Any], weights: NDArray[Any]
    ) -> LogisticRegression:
        clf = LogisticRegression(C=self.C, solver="lbfgs", max_iter=self.max_iter, tol=1e-4)
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
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(directory / "weights.npz", coef=self.coef_)
        params = self.get_params()
        params["word_ngrams"] = list(self.word_ngrams)
        params["char_ngrams"] = list(self.char_ngrams)
        doc = {
            "format": FORMAT,
            "params": params,
            "intercept": self.intercept_,
            "prior_mean": self.prior_mean_,
            "calibration": list(self.calibration_),
        }
        (directory / "estimator.json").write_text(json.dumps(doc, indent=2) + "\n")

    @classmethod
    def from_files(cls, directory: Path) -> RiskModel:
        try:
            doc = json.loads((directory / "estimator.json").read_text())
            with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
                coef = np.asarray(arrays["coef"], dtype=np.float32)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot load the risk model from {directory}: {exc}") from exc
        if doc.get("format") != FORMAT:
            raise ModelError(f"{directory} holds {doc.get('format')!r}, expected {FORMAT!r}")
        params = dict(doc["params"])
        params["word_ngrams"] = tuple(params["word_ngrams"])
        params["char_ngrams"] = tuple(params["char_ngrams"])
        model = cls(**params)
        if coef.shape != (model.n_features,):
            raise ModelError(f"{directory}: weights have shape {coef.shape}, expected one row")
        model.classes_ = np.array([0, 1])
        model.coef_ = coef
        model.intercept_ = float(doc["intercept"])
        model.prior_mean_ = float(doc["prior_mean"])
        slope, offset = doc["calibration"]
        model.calibration_ = (float(slope), float(offset))
        return model
