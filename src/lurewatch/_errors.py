"""Every exception lurewatch raises on purpose, listed in one place.

LurewatchError                 base class; catch this to handle any of ours
├── InputError                 a file or record could not be read (names file and line)
├── DataNotFoundError          the benchmark data directory is missing
├── ModelError                 a model file is missing, corrupt or of an unknown version
├── ConfigError                an invalid option or setting, or one naming something unusable
│   ├── SchemaOutdatedError        service.store: the database is not at this version's schema
│   ├── StoreUnavailableError      service.store: the database cannot be reached or opened
│   │   ├── StoreBusyError             ... another writer held it past the busy timeout
│   │   ├── StoreReplacedError         ... its SQLite file was deleted or replaced while open
│   │   └── StoreWritesFailingError    ... the last write failed (a full disk), none since
│   ├── ScoringModelChangedError   service.scoring_model: the stored scores are another model's
│   │   └── RescoreUnderWayError       ... or are being moved to another model right now
│   ├── RedisUnavailableError      service.redis_client: the Redis it was given does not answer
│   │   └── RedisRefusedError          ... or refuses commands (out of memory, an ACL, a password)
│   │       └── ConsumerStoppedError       service.streams: a refusal no retry mends (exit 3)
│   └── InvalidSettingsError       service.settings: platform settings that do not validate
└── CaseError                  service.cases: a moderation step that the case's state forbids

The service's errors live beside the code that raises them (the science never imports the
service); this tree is their one index. The CLI exits with an error's `exit_status`: 2, or 3
where restarting cannot help (a supervisor's "do not restart" status).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

__all__ = [
    "ConfigError",
    "DataNotFoundError",
    "InputError",
    "LurewatchError",
    "ModelError",
    "validation_message",
]


class LurewatchError(Exception):
    """Base class of all errors lurewatch raises deliberately."""

    exit_status: ClassVar[int] = 2  # the CLI's, when this error ends a command


class InputError(LurewatchError):
    """Bad input: says which file, which line, what was wrong and what to do."""

    def __init__(self, path: str | Path, line: int | None, reason: str, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        self.hint = hint
        where = f"{self.path}:{line}" if line is not None else self.path
        message = f"{where}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class DataNotFoundError(LurewatchError):
    """The benchmark data directory could not be found."""


class ModelError(LurewatchError):
    """A model file could not be loaded or is not a lurewatch model."""


class ConfigError(LurewatchError):
    """An option or setting has an invalid value."""


# What pydantic puts before the words of a ValueError that a validator of ours raised.
_RAISED_PREFIX = "Value error, "


def validation_message(error: Mapping[str, Any]) -> str:
    """What is wrong, in the words of one pydantic error (an item of
    `ValidationError.errors()`): our validators' own sentences without pydantic's
    "Value error, " before them. Every place that words validation errors (API problems,
    settings, imported or streamed messages) uses it."""
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "value_error" and message.startswith(_RAISED_PREFIX):
        return message[len(_RAISED_PREFIX) :]
    return message
