"""A detector: the risk model plus the operating points chosen for it, saved as one directory.

    model.json      warning rule, identification threshold, training record (JSON)
    estimator.json  the risk model's parameters and learned scalars (JSON)
    weights.npz     the risk model's weight vector (numpy, loaded with allow_pickle=False)

Nothing in the directory is executable, so loading a model from anyone is safe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .._errors import ModelError
from .model import RiskModel
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

    def scorer(self, rule: WarningRule | None = None) -> StreamingScorer:
        return StreamingScorer(
            self.model, rule or self.rule, self.minor_cue_log_ratio, self.heavy_combination
        )

    def save(self, directory: str | Path) -> Path:
        path = Path(directory)
        self.model.to_files(path)
        doc = {
            "format": _DETECTOR_FORMAT,
            "warning_rule": self.rule.to_dict(),
            "identification_threshold": self.identification_threshold,
            "minor_cue_log_ratio": self.minor_cue_log_ratio,
            "heavy_combination": self.heavy_combination,
            "training": self.training,
        }
        (path / "model.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def load(cls, directory: str | Path | None = None) -> Detector:
        path = default_model_dir() if directory is None else Path(directory)
        if not (path / "model.json").is_file():
            raise ModelError(
                f"no lurewatch model at {path} (expected model.json, estimator.json, "
                "weights.npz); train one with `lurewatch train --out DIR`"
            )
        try:
            doc = json.loads((path / "model.json").read_text())
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read {path / 'model.json'}: {exc}") from exc
        if doc.get("format") != _DETECTOR_FORMAT:
            raise ModelError(f"{path} holds {doc.get('format')!r}, expected {_DETECTOR_FORMAT!r}")
        try:
            rule = doc["warning_rule"]
            prepare()  # the behaviour-signal rules every scorer of this detector runs
            return cls(
                model=RiskModel.from_files(path),
                rule=WarningRule(float(rule["threshold"]), int(rule["k"]), int(rule["n"])),
                identification_threshold=float(doc["identification_threshold"]),
                minor_cue_log_ratio=float(doc["minor_cue_log_ratio"]),
                training=dict(doc.get("training", {})),
                heavy_combination=bool(doc.get("heavy_combination", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{path / 'model.json'} is missing or has a bad field: {exc}") from exc
