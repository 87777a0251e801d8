"""Log lines of the long-running commands (`serve`, `consume`, `quickstart`).

Without this, lurewatch's own lines went to Python's last-resort handler: warnings without a
time or a level, and the information lines (retention purges, webhook deliveries) nowhere.
One configuration now covers lurewatch's loggers and uvicorn's: plain text for a terminal
or one JSON object per line for a log shipper (`log_format`), from `log_level` up, on
standard error. Lines carry ids and counts, never message text (each caller's rule).
"""

from __future__ import annotations

import json
import logging
import logging.config
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from .settings import Settings

__all__ = ["JsonFormatter", "StderrHandler", "configure_logging", "logging_config"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: `time` (UTC, ISO 8601), `level`, `logger`, `message`, and
    `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to `sys.stderr` as it is when a line is logged, not when logging was set up:
    a command run in-process (a test runner's) may swap it and close the old one."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        """`StreamHandler.__init__` sets a stream: this handler has none of its own."""


def logging_config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the settings: also what uvicorn is given, so its
    lines and lurewatch's look alike."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if settings.log_format == "json"
        else {"format": TEXT_FORMAT, "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    )
    level = settings.log_level.upper()
    # Handlers on these two loggers, not on the root: records still propagate, so whatever
    # the host process set up at the root (pytest's capture, an embedding application) sees
    # them too, and the root's absence of handlers keeps Python's last resort silent.
    ours = {"handlers": ["stderr"], "level": level}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"lurewatch": formatter},
        "handlers": {"stderr": {"()": StderrHandler, "formatter": "lurewatch"}},
        "loggers": {
            "lurewatch": ours,
            "uvicorn": ours,
            "uvicorn.error": {"level": level},  # on to "uvicorn"'s handler
        },
    }


def configure_logging(settings: Settings) -> None:
    """Apply `logging_config`: `consume` runs no uvicorn, and `serve` logs before it starts
    uvicorn (which applies the same configuration again)."""
    logging.config.dictConfig(logging_config(settings))
