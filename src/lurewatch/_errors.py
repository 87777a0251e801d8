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

from pathlib import Path
from typing import ClassVar

__all__ = ["ConfigError", "DataNotFoundError", "InputError", "LurewatchError", "ModelError"]


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
