"""Splitting a CSV file into records before csv parses them, so a bad record is skipped whole.

A quoted CSV field may span lines. Were lines handed to csv.reader one by one, a line dropped
for bad bytes, or a field over csv's size limit, would leave the reader mid-field: it would then
read the rest of that field as new rows, or cut a line out of a kept one. Here the quoting state
is followed on the raw bytes (quotes, commas and line breaks are ASCII, so invalid UTF-8 does not
disturb it), each record is cut where csv.reader would end it, and a record with any problem is
reported as one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .._errors import InputError
from ._lines import EMPTY_HINT, Source, check_encoding, split_lines

__all__ = ["Record", "iter_records"]

_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")
_LINE_BREAK = b"\r\n"
_UTF8_BOM = b"\xef\xbb\xbf"
_BARE_CR = "line endings are bare CR; convert the file to LF or CRLF line endings"


class Record(NamedTuple):
    """One CSV record: its lines `start`-`end`, and its text or why it cannot be read."""

    start: int
    end: int
    text: str  # with its line endings; "" when `problem` is set
    problem: str | None = None
    unclosed: bool = False  # the file ends inside a quoted field


class _Quotes:
    """csv.reader's quoting state (default dialect), fed the bytes of a file in order.

    It jumps from quote to quote: outside a quoted field only a quote that starts a field
    matters (csv keeps one inside an unquoted field as text), so a line costs a few searches.
    """

    FIELD, UNQUOTED, QUOTED, QUOTE, CR = range(5)  # QUOTE: a '"' seen inside a quoted field

    def __init__(self) -> None:
        self.state = self.FIELD
        self.bare_cr = False  # a CR not followed by LF outside quotes (csv refuses it)

    @property
    def quoted(self) -> bool:
        return self.state == self.QUOTED

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            state = self.state
            if state == self.QUOTED:
                j = data.find(b'"', i)
                if j < 0:
                    return
                self.state, i = self.QUOTE, j + 1
            elif state == self.QUOTE:
                if data[i] == _QUOTE:  # a doubled quote: still inside the field
                    self.state, i = self.QUOTED, i + 1
                else:  # the field closed; csv (strict) refuses any text after it
                    self.state = self.UNQUOTED
            elif state == self.CR:
                if data[i] not in _LINE_BREAK:
                    self.bare_cr = True
                    self.state = self.FIELD
                else:
                    self.state = self.FIELD if data[i] == _LF else self.CR
                    i += 1
            else:
                j = data.find(b'"', i)
                self._find_bare_cr(data, i, n if j < 0 else j)
                if j < 0:
                    last = data[-1]
                    self.state = (
                        self.CR if last == _CR else self.FIELD if last in b",\n" else self.UNQUOTED
                    )
                    return
                opens = data[j - 1] in b",\r\n" if j > i else state == self.FIELD
                self.state, i = (self.QUOTED if opens else self.UNQUOTED), j + 1

    def _find_bare_cr(self, data: bytes, start: int, end: int) -> None:
        k = data.find(b"\r", start, end)
        while k >= 0 and not self.bare_cr:
            self.bare_cr = k + 1 < len(data) and data[k + 1] not in _LINE_BREAK
            k = data.find(b"\r", k + 1, end)


def iter_records(path: Path, *, max_bytes: int) -> Iterator[Record]:
    """Yield every CSV record of `path`, blank ones included, with its line span.

    A record over `max_bytes` (without its final line ending) is followed to its end but never
    held in memory. Problems (invalid UTF-8, too long, bare CR) come back on the record for the
    caller's policy; only an empty, UTF-16 or UTF-32 file raises here.
    """
    src = Source(path)
    quotes = _Quotes()
    seen = False
    lineno = 0
    start = 1
    lines: list[str] = []
    size = 0
    too_long = False
    problem: str | None = None
    try:
        for lineno, raw, rest in split_lines(src, max_bytes):
            if lineno == 1:
                check_encoding(path, raw)
                raw = raw.removeprefix(_UTF8_BOM)
            quotes.feed(raw)
            size += len(raw)
            tail = raw
            for tail in rest or ():
                quotes.feed(tail)
                size += len(tail)
            if size > max_bytes + 2:
                too_long, lines = True, []
            elif not too_long:
                try:
                    lines.append(raw.decode("utf-8"))
                except UnicodeDecodeError as e:
                    where = "the line" if lineno == start else f"line {lineno}"
                    problem = problem or f"invalid UTF-8 at byte {e.start + 1} of {where}"
            seen = seen or too_long or bool(raw.strip())
            if quotes.bare_cr:
                problem = problem or _BARE_CR
            if quotes.quoted:
                continue
            ending = 2 if tail.endswith(b"\r\n") else 1 if tail.endswith(b"\n") else 0
            if too_long or size - ending > max_bytes:
                noun = "line" if lineno == start else "record"
                problem = problem or f"{noun} is longer than {max_bytes} bytes"
            yield Record(start, lineno, "" if problem else "".join(lines), problem)
            start, lines, size, too_long, problem = lineno + 1, [], 0, False, None
            quotes.bare_cr = False
        if lineno >= start:
            seen = True
            unclosed = "a quoted field is never closed: it runs to the end of the file"
            yield Record(start, lineno, "", unclosed, unclosed=True)
    finally:
        src.close()
    if not seen:
        raise InputError(path, None, "file is empty", EMPTY_HINT)
