"""Log lines of the service commands: every one that loads the service settings (`serve`,
`consume`, `quickstart`, `import`, `db ...`, `admin ...`, `purge`...) sets them up as the
settings say, where it loads them (`_service_cli._settings`); `serve` itself too.

Without this, lurewatch's own lines went to Python's last-resort handler: warnings without a
time or a level, and the information lines (retention purges, webhook deliveries) nowhere.
One handler now serves lurewatch's loggers and uvicorn's: plain text for a terminal or one
JSON object per line for a log shipper (`log_format`), from `log_level` up, on standard
error. Lines carry ids and counts, never message text (each caller's rule).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from .settings import Settings

__all__ = ["JsonFormatter", "StderrHandler", "configure_logging"]

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


def configure_logging(settings: Settings) -> None:
    """Give lurewatch's and uvicorn's loggers a handler of this module (replacing one given
    before) and the level of the settings. Nothing else is touched: `dictConfig` would close
    every other handler of the process. Records still propagate to the root, which has no
    handler in these commands; an application that embeds lurewatch sets up its own logging
    and does not call this."""
    formatter = (
        JsonFormatter()
        if settings.log_format == "json"
        else logging.Formatter(TEXT_FORMAT, "%Y-%m-%dT%H:%M:%S%z")
    )
    level = settings.log_level.upper()
    for name in ("lurewatch", "uvicorn"):  # "uvicorn.error" propagates to "uvicorn"
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, StderrHandler)]:
            logger.removeHandler(old)
        handler = StderrHandler()
        handler.setFormatter(formatter)
        logger.addHandler(handler)
        logger.setLevel(level)
    logging.getLogger("uvicorn.error").setLevel(level)
