"""Line-level reading shared by every text reader: gzip, size limits, UTF-8, empty files.

Lines are read in binary with a size cap, so one oversized line is rejected without ever being
held in memory, and a decoding error can name its line instead of failing the whole file.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from .._errors import InputError
from ._bad import MAX_LINE_BYTES, BadRows, reject

__all__ = [
    "DRAIN_CHUNK",
    "EMPTY_HINT",
    "Source",
    "check_encoding",
    "check_file",
    "iter_lines",
    "no_rows",
    "open_binary",
    "split_lines",
    "too_long",
]

EMPTY_HINT = "check the path; the file has no rows to read"
_CORRUPT_HINT = "the file is truncated or not valid gzip; re-download or recompress it"
_GZIP_MAGIC = b"\x1f\x8b"
DRAIN_CHUNK = 1 << 16  # bytes read at a time past an over-long line
_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def check_file(path: str | Path, hint: str = "check the path") -> Path:
    """Return `path` as a Path, or raise InputError if it is not an existing file."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, None, "no such file", hint)
    if not p.is_file():
        raise InputError(p, None, "not a file", hint)
    return p


def open_binary(path: Path) -> tuple[io.BufferedIOBase, io.BufferedIOBase]:
    """Open for binary reading, decompressing gzip (by `.gz` suffix or magic bytes).

    Returns `(reader, raw file)`; close both (a GzipFile does not close the file it wraps).
    """
    try:
        raw: io.BufferedIOBase = path.open("rb")
    except OSError as e:
        raise InputError(path, None, f"cannot open file: {e.strerror}", "check the path") from e
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError as e:
        raw.close()
        raise InputError(path, None, f"cannot read file: {e.strerror}", "check the path") from e
    if path.suffix.lower() == ".gz" or magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw
    return raw, raw


class Source:
    """A binary file (maybe gzip) whose read errors become InputError naming the line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._f, self._raw = open_binary(path)

    def readline(self, size: int, lineno: int) -> bytes:
        try:
            return self._f.readline(size)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(
                self.path, lineno, f"cannot read: {_describe(e)}", _CORRUPT_HINT
            ) from e

    def read(self, size: int) -> bytes:
        try:
            return self._f.read(size)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(self.path, None, f"cannot read: {_describe(e)}", _CORRUPT_HINT) from e

    def close(self) -> None:
        try:
            self._f.close()
        finally:
            self._raw.close()


def _describe(e: BaseException) -> str:
    if isinstance(e, EOFError):
        return "compressed data ends early"
    if isinstance(e, gzip.BadGzipFile):
        return "not a gzip file"
    if isinstance(e, zlib.error):
        return "corrupt compressed data"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return type(e).__name__


def too_long(max_bytes: int) -> str:
    """What every reader says of a line over its limit."""
    return f"line is longer than {max_bytes} bytes"


def _ending(raw: bytes) -> bytes:
    return b"\r\n" if raw.endswith(b"\r\n") else b"\n" if raw.endswith(b"\n") else b""


def split_lines(src: Source, max_bytes: int) -> Iterator[tuple[int, bytes, Iterator[bytes] | None]]:
    """Yield `(line number, bytes, rest)` for every line of `src`, its line ending included.

    `rest` is None for a line of at most `max_bytes` (without its ending). A longer line is
    never held in memory whole: `bytes` is its first `max_bytes + 2` bytes and `rest` yields
    the others, DRAIN_CHUNK at a time, to a caller that needs them (a parser that must see
    every byte); whatever the caller leaves is skipped before the next line.
    """
    lineno = 0
    while raw := src.readline(max_bytes + 2, lineno + 1):
        lineno += 1
        if len(raw) <= max_bytes or len(raw) - len(_ending(raw)) <= max_bytes:
            yield lineno, raw, None
            continue
        rest = _rest(src, raw, lineno)
        yield lineno, raw, rest
        for _ in rest:
            pass


def _rest(src: Source, tail: bytes, lineno: int) -> Iterator[bytes]:
    while not tail.endswith(b"\n") and (tail := src.readline(DRAIN_CHUNK, lineno)):
        yield tail


def check_encoding(path: Path, first: bytes) -> None:
    """Refuse a UTF-16 or UTF-32 file from its first line's BOM.

    Read as UTF-8 every one of its lines would be a bad row, and the reasons ("invalid UTF-8",
    "malformed JSON") would not say that the whole file is in the wrong encoding.
    """
    for bom, name in _WIDE_BOMS:
        if first.startswith(bom):
            raise InputError(path, 1, f"the file is {name}, not UTF-8", "save it as UTF-8")


def no_rows(path: Path, bad: BadRows | None, skipped_before: int, what: str) -> InputError:
    """The error for a file that yields nothing: like an empty file, it is never a success.

    `skipped_before` is `bad.count` when the file was opened, so rows that skip-bad dropped
    from this file are told apart from a file that has no rows at all (`what` says which).
    """
    skipped = bad.count - skipped_before if bad is not None else 0
    if bad is None or not skipped:
        return InputError(path, None, what, EMPTY_HINT)
    reason = f"no valid rows: skipped {skipped} bad row{'s' if skipped != 1 else ''}"
    if len(bad.examples) > skipped_before:
        _, line, why = bad.examples[skipped_before]
        reason += f", the first at line {line}: {why}"
    return InputError(path, None, reason, "fix the file; skipping every row leaves nothing to read")


def iter_lines(
    path: Path, *, bad: BadRows | None, max_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, str]]:
    """Yield `(line number, text)` for each non-blank line, without its line ending.

    Over-long lines and invalid UTF-8 go through the bad-row policy. A file with no non-blank
    line raises InputError "file is empty" whatever the policy: an empty input is never a
    success.
    """
    src = Source(path)
    seen = False
    try:
        for lineno, raw, rest in split_lines(src, max_bytes):
            if lineno == 1:
                check_encoding(path, raw)
            if rest is not None:
                seen = True
                reject(bad, path, lineno, too_long(max_bytes))
                continue
            content = raw[: len(raw) - len(_ending(raw))]
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError as e:
                seen = True
                reject(bad, path, lineno, f"invalid UTF-8 at byte {e.start + 1} of the line")
                continue
            if lineno == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if not text.strip():
                continue
            seen = True
            yield lineno, text
    finally:
        src.close()
    if not seen:
        raise InputError(path, None, "file is empty", EMPTY_HINT)
