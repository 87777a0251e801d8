"""A detector: the risk model plus the operating points chosen for it, saved as one directory.

    model.json      warning rule, identification threshold, training record (JSON)
    estimator.json  the risk model's parameters and learned scalars (JSON)
    weights.npz     the risk model's weight vector (numpy, loaded with allow_pickle=False)
    posterior.npz   what fine-tuning (`lurewatch adapt`) needs of the training data: the
                    curvature and offender anchors (numpy; read only to fine-tune)

Nothing in the directory is executable, so loading a model from anyone is safe.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .._errors import ConfigError, ModelError
from .model import RiskModel, finite, save_directory
from .signals import prepare
from .streaming import StreamingScorer, WarningRule

__all__ = ["DEFAULT_MODEL", "Detector", "default_model_dir"]

DEFAULT_MODEL = "default"
_DETECTOR_FORMAT = "lurewatch-detector/1"


def default_model_dir() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("lurewatch") / "models" / DEFAULT_MODEL))


@dataclass
class Detector:
    model: RiskModel
    rule: WarningRule
    identification_threshold: float
    minor_cue_log_ratio: float = 0.0
    training: dict[str, Any] = field(default_factory=dict)
    # Count the minor-cue evidence in a sender's warning rule once they show sexual or
    # meeting signals after another participant said they are a minor (issue 3).
    heavy_combination: bool = True
    # Log-odds the warning rule adds once a sender has shown a grooming-specific behaviour
    # (`signals.GROOMING_SPECIFIC`); `rule` was chosen with it, `rule_without_signals`
    # on the same out-of-fold scores without it (for `without_signals`).
    behaviour_log_ratio: float = 0.0
    rule_without_signals: WarningRule | None = None

    @property
    def uses_signals(self) -> bool:
        """Whether behaviour signals change any warning (not only explain it)."""
        return self.heavy_combination or self.behaviour_log_ratio != 0.0

    def without_signals(self) -> Detector:
        """The words alone: no signal changes a warning, and the rule is the one chosen for
        that. What the signals add is measured against this (`evaluate --without-signals`)."""
        return replace(
            self,
            rule=self.rule_without_signals or self.rule,
            heavy_combination=False,
            behaviour_log_ratio=0.0,
        )

    def scorer(self, rule: WarningRule | None = None) -> StreamingScorer:
        return StreamingScorer(
            self.model,
            rule or self.rule,
            self.minor_cue_log_ratio,
            self.heavy_combination,
            self.behaviour_log_ratio,
        )

    def save(self, directory: str | Path) -> Path:
        """Save the detector in `directory` all at once (`model.save_directory`): what
        cannot be saved is refused (ModelError) before anything is written, and a save that
        fails leaves the model that was there, never a mix of two."""
        path = Path(directory)
        estimator = self.model.estimator_text()
        try:
            text = json.dumps(self.document(), indent=2, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise ModelError(f"cannot save the model: model.json {exc}") from exc

        def write(into: Path) -> None:
            self.model.write_files(into, estimator)
            (into / "model.json").write_text(text + "\n")

        save_directory(path, write)
        return path

    def document(self) -> dict[str, Any]:
        """Operating points and training record as JSON-ready data (`model.json`)."""
        doc: dict[str, Any] = {
            "format": _DETECTOR_FORMAT,
            "warning_rule": self.rule.to_dict(),
            "identification_threshold": self.identification_threshold,
            "minor_cue_log_ratio": self.minor_cue_log_ratio,
            "heavy_combination": self.heavy_combination,
            "behaviour_log_ratio": self.behaviour_log_ratio,
            "training": self.training,
        }
        if self.rule_without_signals is not None:
            doc["warning_rule_without_signals"] = self.rule_without_signals.to_dict()
        return doc

    def fingerprint(self) -> str:
        """SHA-256 of everything that sets a score: weights, parameters, learned scalars and
        operating points, not the training record (a model retrained to the same weights
        scores the same). Scores of detectors with different fingerprints do not mix, so a
        store records the fingerprint its scoring states were computed with."""
        digest = hashlib.sha256()
        scoring = {k: v for k, v in self.document().items() if k != "training"}
        for doc in (scoring, self.model.document()):
            digest.update(json.dumps(doc, sort_keys=True).encode())
        digest.update(np.ascontiguousarray(self.model.coef_).tobytes())
        return digest.hexdigest()

    @classmethod
    def load(cls, directory: str | Path | None = None, *, posterior: bool = False) -> Detector:
        """The detector in `directory` (default: the shipped one); `posterior` also reads
        what fine-tuning needs (`RiskModel.from_files`)."""
        path = default_model_dir() if directory is None else Path(directory)
        if not (path / "model.json").is_file():
            raise ModelError(
                f"no lurewatch model at {path} (expected model.json, estimator.json, "
                "weights.npz); train one with `lurewatch train --out DIR`"
            )
        try:
            doc = json.loads((path / "model.json").read_text())
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError, RecursionError) as exc:
            raise ModelError(f"cannot read {path / 'model.json'}: {exc}") from exc
        if doc.get("format") != _DETECTOR_FORMAT:
            raise ModelError(f"{path} holds {doc.get('format')!r}, expected {_DETECTOR_FORMAT!r}")
        model = RiskModel.from_files(path, posterior=posterior)
        try:
            plain = doc.get("warning_rule_without_signals")
            heavy = doc.get("heavy_combination", False)
            if not isinstance(heavy, bool):  # bool("false") is True
                raise ValueError(f"heavy_combination is {heavy!r}, not true or false")
            prepare()  # the behaviour-signal rules every scorer of this detector runs
            return cls(
                model=model,
                rule=_rule(doc["warning_rule"]),
                identification_threshold=finite(
                    "identification_threshold", doc["identification_threshold"]
                ),
                minor_cue_log_ratio=finite("minor_cue_log_ratio", doc["minor_cue_log_ratio"]),
                training=dict(doc.get("training", {})),
                heavy_combination=heavy,
                behaviour_log_ratio=finite(
                    "behaviour_log_ratio", doc.get("behaviour_log_ratio", 0.0)
                ),
                rule_without_signals=None if plain is None else _rule(plain),
            )
        except (KeyError, TypeError, ValueError, AttributeError, ConfigError) as exc:
            raise ModelError(
                f"{path / 'model.json'} is missing or has a bad field: {exc!r}"
            ) from exc


def _rule(doc: dict[str, Any]) -> WarningRule:
    k, n = doc["k"], doc["n"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (k, n)):
        raise ValueError(f"warning rule k={k!r} n={n!r}: not integers")
    return WarningRule(finite("threshold", doc["threshold"]), k, n)
