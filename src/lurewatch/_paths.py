"""Where the benchmark data lives: `$LUREWATCH_DATA`, else `../shared/data` beside the project."""

from __future__ import annotations

import os
from pathlib import Path

from ._errors import DataNotFoundError

__all__ = ["DATA_HINT", "find_data_dir"]

DATA_HINT = (
    "set LUREWATCH_DATA to a directory laid out like the benchmark data "
    "(corpus/streams.jsonl.gz, corpus/conversations.jsonl.gz, corpus/segments.jsonl.gz), "
    "pass --data DIR, or place it at ../shared/data beside the project"
)


def _candidates() -> list[Path]:
    env = os.environ.get("LUREWATCH_DATA")
    if env:
        return [Path(env)]
    here = Path.cwd().resolve()
    project = Path(__file__).resolve().parents[2]
    # run from the project's own folder, both name one place: try (and name) it once
    return list(
        dict.fromkeys([here.parent / "shared" / "data", project.parent / "shared" / "data"])
    )


def find_data_dir(explicit: str | Path | None = None) -> Path:
    """Return the data directory, or raise DataNotFoundError saying how to get one."""
    candidates = [Path(explicit)] if explicit is not None else _candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise DataNotFoundError(f"benchmark data not found (tried {tried}): {DATA_HINT}")
