"""Sections of a generated markdown file that another command owns.

BENCHMARKS.md is written by `lurewatch evaluate` but also holds results measured by other
commands (the service's ingest benchmark). Such a section sits between
`<!-- section:NAME -->` and `<!-- /section:NAME -->`; rewriting the file keeps it, and its owner
replaces it in place.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["keep_sections", "replace_section"]

_BLOCK = re.compile(r"<!-- section:(\w[\w-]*) -->.*?<!-- /section:\1 -->\n?", re.DOTALL)


def _block(name: str, body: str) -> str:
    return f"<!-- section:{name} -->\n{body.strip()}\n<!-- /section:{name} -->\n"


def keep_sections(path: Path, new_text: str) -> str:
    """`new_text` followed by the owned sections found in the current file at `path`."""
    if not path.exists():
        return new_text
    kept = [m.group(0) for m in _BLOCK.finditer(path.read_text(encoding="utf-8"))]
    return new_text.rstrip("\n") + "\n\n" + "\n".join(kept) if kept else new_text


def replace_section(path: Path, name: str, body: str) -> None:
    """Put `body` in section `name` of the file (appended when the file lacks it)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = _block(name, body)
    pattern = re.compile(
        rf"<!-- section:{re.escape(name)} -->.*?<!-- /section:{re.escape(name)} -->\n?", re.DOTALL
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
