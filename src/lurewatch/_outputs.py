"""Rules for the files lurewatch writes: never over a file the command reads, and CSV cells
from chat that a spreadsheet program shows as text rather than runs as formulas."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ._errors import ConfigError

__all__ = ["check_not_existing", "check_not_inputs", "no_formula"]


def no_formula(cell: str) -> str:
    """A cell a spreadsheet program will show as text: a chat id or message like
    `=HYPERLINK(...)` would otherwise run as a formula in whoever opens the CSV (OWASP's
    advice: prefix `'` to cells starting with = + - @, tab or carriage return)."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def check_not_inputs(outputs: Iterable[tuple[Path, str]], inputs: Iterable[Path | None]) -> None:
    """Refuse, before anything is read, an output `(path, option)` that is one of `inputs`
    (the same file under any name: a link, `./x`): writing it would destroy what the command
    was asked to read, as `lurewatch scan scan.csv` with the default prefix `scan` did."""
    existing = [p for p in inputs if p is not None and os.path.exists(p)]
    for out, option in outputs:
        if not os.path.exists(out):
            continue
        same = next((p for p in existing if os.path.samefile(out, p)), None)
        if same is not None:
            raise ConfigError(
                f"{option} {out}: would overwrite the input {same}; choose another {option}"
            )


def check_not_existing(
    outputs: Iterable[Path], option: str, given: Path, ours: Callable[[Path], bool]
) -> None:
    """Refuse outputs that exist already, unless `ours` recognises one as this command's own
    earlier output: for a command that names its files after a prefix (`scan --out chats`
    writes chats.json and chats.csv), which the user never typed, so a `chats.csv` export
    of theirs was replaced unasked. `--force` skips this check."""
    taken = [str(p) for p in outputs if os.path.lexists(p) and not ours(p)]
    if taken:
        files = " and ".join(taken)
        raise ConfigError(
            f"{option} {given}: {files} already exist{'s' if len(taken) == 1 else ''}; "
            f"choose another {option}, or pass --force to overwrite"
        )
