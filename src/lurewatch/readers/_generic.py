"""The generic import format platforms export to: JSONL or CSV messages, plus PAN12 inputs.

One row is one message with `conversation_id, message_id, sender_id, sent_at, text`; CSV may
instead use PAN12's sample layout `conversation_id, author, text, timestamp`. Rows stream one at
a time, so an export of any size can be scanned.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .._errors import InputError
from ..records import Conversation, Message
from ._bad import MAX_LINE_BYTES, BadRows, reject
from ._corpus import MAX_RECORD_BYTES, corpus_kind, read_conversation_file
from ._fields import RowError, as_id, get_id, get_str, is_iso_time, loads_object
from ._lines import check_file, iter_lines, no_rows
from ._pan12 import read_pan12_xml
from ._records import iter_records

__all__ = [
    "GENERIC_FIELDS",
    "SUPPORTED_SUFFIXES",
    "chat_format",
    "check_chat_files",
    "read_chat_file",
    "read_messages",
]

GENERIC_FIELDS = ("conversation_id", "message_id", "sender_id", "sent_at", "text")
_PAN12_CSV = ("conversation_id", "author", "text")  # plus optional "timestamp"

_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".csv": "csv",
    ".xml": "xml",
}
SUPPORTED_SUFFIXES = (*_FORMATS, *(f"{s}.gz" for s in _FORMATS))

_CSV_HINT = (
    "the CSV header must name conversation_id, message_id, sender_id, sent_at, text "
    "(or PAN12's conversation_id, author, text, timestamp)"
)
_HEADER_HINT = "fix the header line; --skip-bad skips data rows, never the header"
_UNCLOSED_HINT = (
    "close the quote (a quote inside a quoted field is written twice); --skip-bad cannot "
    "tell where the next row starts"
)


def chat_format(path: str | Path) -> str:
    """The format of a chat file from its name: "jsonl", "csv" or "xml" (maybe + `.gz`)."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, fmt in _FORMATS.items():
        if name.endswith(suffix):
            return fmt
    raise InputError(
        path,
        None,
        "unsupported file type",
        f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
    )


def check_chat_files(paths: Iterable[str | Path], command: str) -> None:
    """Refuse, before reading any, a path that is no readable chat file (missing, a
    directory, a FIFO, unreadable, of no chat format): a bad last file would otherwise fail
    only after the others were read and scored."""
    for path in paths:
        if os.path.isdir(path):
            raise InputError(
                path,
                None,
                f"is a directory; {command} takes chat files",
                "pass the files in it, e.g. DIR/*.jsonl",
            )
        chat_format(path)
        try:
            with check_file(path).open("rb"):
                pass
        except OSError as e:
            raise InputError(path, None, f"cannot open file: {e.strerror}", "check the path") from e


def _sent_at(key: str, value: object, *, empty_is_null: bool) -> str | None:
    if value is None or (empty_is_null and value == ""):
        return None
    if not isinstance(value, str):
        raise RowError(f"field '{key}' must be an ISO-8601 string or null")
    if not is_iso_time(value.strip()):
        raise RowError(f"field '{key}' is not an ISO-8601 time")
    return value


_CORPUS_HINTS = {
    "conversations": "scan and explain read it as it is; import takes one message a line "
    "(conversation_id, message_id, sender_id, sent_at, text)",
    "streams": "train and evaluate read it from its data directory (--data DIR); chat "
    "commands take messages",
    "segments": "evaluate reads it from its data directory (--data DIR); chat commands take "
    "messages",
}
_PEEK_LINES = 10  # lines looked at for a first record that parses


def _corpus_shape(path: Path) -> tuple[str, int] | None:
    """The benchmark corpus file a JSONL file is laid out as, by its first record, with that
    record's line; None for anything else (the generic format, or no record in its first
    lines: its reader says what is wrong)."""
    lines = iter_lines(path, bad=BadRows(), max_bytes=MAX_RECORD_BYTES)
    for _, (lineno, text) in zip(range(_PEEK_LINES), lines, strict=False):
        try:
            kind = corpus_kind(loads_object(text))
        except RowError:
            continue
        return None if kind is None else (kind, lineno)
    return None


def _not_messages(path: Path, shape: tuple[str, int]) -> InputError:
    kind, lineno = shape
    reason = f"a benchmark corpus {kind} file (one {kind[:-1]} a line), not chat messages"
    return InputError(path, lineno, reason, _CORPUS_HINTS[kind])


class _Numberer:
    """Gives each message its 1-based position inside its conversation, in file order."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, conv_id: str) -> int:
        n = self.counts.get(conv_id, 0) + 1
        self.counts[conv_id] = n
        return n


def _jsonl(path: Path, bad: BadRows | None) -> Iterator[Message]:
    skipped_before = bad.count if bad is not None else 0
    numbers = _Numberer()
    for lineno, text in iter_lines(path, bad=bad, max_bytes=MAX_LINE_BYTES):
        try:
            rec = loads_object(text)
            conv_id = get_id(rec, "conversation_id")
            message_id = get_id(rec, "message_id")
            sender_id = get_id(rec, "sender_id")
            if "sent_at" not in rec:
                raise RowError("missing required field 'sent_at'")
            sent_at = _sent_at("sent_at", rec["sent_at"], empty_is_null=False)
            body = get_str(rec, "text")
        except RowError as e:
            reject(bad, path, lineno, e.reason)
            continue
        yield Message(conv_id, message_id, sender_id, body, sent_at, numbers.next(conv_id))
    if not numbers.counts:
        raise no_rows(path, bad, skipped_before, "file has no rows")


class _Fields:
    """Parses one record's text (see `iter_records`) at a time with one csv.reader.

    The reader pulls its input from here and gets only the record it was given, so even where
    csv would disagree with `iter_records` about where a record ends, it cannot read on into
    the next one: it fails with a csv error instead.
    """

    def __init__(self) -> None:
        self._text: str | None = None
        self._reader = csv.reader(self, strict=True)

    def __iter__(self) -> _Fields:
        return self

    def __next__(self) -> str:
        text, self._text = self._text, None
        if text is None:
            raise StopIteration
        return text

    def __call__(self, text: str) -> list[str]:
        self._text = text
        try:
            return next(self._reader, [])
        except csv.Error as e:
            raise RowError(f"malformed CSV: {e}") from None


def _csv(path: Path, bad: BadRows | None) -> Iterator[Message]:
    if csv.field_size_limit() < MAX_LINE_BYTES:
        csv.field_size_limit(MAX_LINE_BYTES)
    skipped_before = bad.count if bad is not None else 0
    header: list[str] | None = None
    cols: dict[str, int] = {}
    generic = False
    numbers = _Numberer()
    fields = _Fields()
    for record in iter_records(path, max_bytes=MAX_LINE_BYTES):
        lineno = record.start
        span = f" (record spans lines {lineno}-{record.end})" if record.end > lineno else ""
        try:
            if record.problem is not None:
                raise RowError(record.problem)
            row = fields(record.text)
        except RowError as e:
            if record.unclosed:
                raise InputError(path, lineno, e.reason + span, _UNCLOSED_HINT) from None
            if header is None:
                reason = f"bad CSV header: {e.reason}{span}"
                raise InputError(path, lineno, reason, _HEADER_HINT) from None
            reject(bad, path, lineno, e.reason + span)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            cols = {name: i for i, name in reversed(list(enumerate(header)))}
            generic = all(f in cols for f in GENERIC_FIELDS)
            pan12 = not generic and all(f in cols for f in _PAN12_CSV)
            if not generic and not pan12:
                missing = [f for f in GENERIC_FIELDS if f not in cols]
                noun = "column" if len(missing) == 1 else "columns"
                names = ", ".join(f"'{m}'" for m in missing)
                raise InputError(path, lineno, f"missing required {noun} {names}", _CSV_HINT)
            continue
        if len(row) != len(header):
            reject(bad, path, lineno, f"row has {len(row)} fields, the header has {len(header)}")
            continue
        try:
            if generic:
                conv_id = as_id("conversation_id", row[cols["conversation_id"]])
                message = Message(
                    conversation_id=conv_id,
                    message_id=as_id("message_id", row[cols["message_id"]]),
                    sender_id=as_id("sender_id", row[cols["sender_id"]]),
                    text=row[cols["text"]],
                    sent_at=_sent_at("sent_at", row[cols["sent_at"]], empty_is_null=True),
                )
            else:
                conv_id = as_id("conversation_id", row[cols["conversation_id"]])
                stamp = row[cols["timestamp"]].strip() if "timestamp" in cols else ""
                message = Message(
                    conversation_id=conv_id,
                    message_id="",
                    sender_id=as_id("author", row[cols["author"]]),
                    text=row[cols["text"]],
                    sent_at=_sent_at("timestamp", stamp, empty_is_null=True),
                )
        except RowError as e:
            reject(bad, path, lineno, e.reason)
            continue
        n = numbers.next(conv_id)
        message_id = message.message_id or f"{conv_id}:{n}"
        yield dataclasses.replace(message, message_id=message_id, line=n)
    if not numbers.counts:
        what = "file has a header but no rows" if header is not None else "file has no rows"
        raise no_rows(path, bad, skipped_before, what)


def _xml(path: Path, bad: BadRows | None) -> Iterator[Message]:
    for conversation in read_pan12_xml(path, bad=bad):
        yield from conversation.messages


def read_messages(path: str | Path, *, bad: BadRows | None = None) -> Iterator[Message]:
    """Messages from a JSONL, CSV or PAN12 XML file (optionally gzip), in file order.

    The format comes from the extension. `line` is the message's 1-based position within its
    conversation (for XML, PAN12's own `line`). The file is checked when called; rows are read
    lazily while iterating.
    """
    fmt = chat_format(path)
    p = check_file(path)
    shape = _corpus_shape(p) if fmt == "jsonl" else None
    if shape is not None:
        raise _not_messages(p, shape)
    return _messages(p, fmt, bad)


def _messages(path: Path, fmt: str, bad: BadRows | None) -> Iterator[Message]:
    """The reader of `fmt` (a file already checked, not a benchmark corpus file)."""
    if fmt == "jsonl":
        return _jsonl(path, bad)
    if fmt == "csv":
        return _csv(path, bad)
    return _xml(path, bad)


def read_chat_file(path: str | Path, *, bad: BadRows | None = None) -> list[Conversation]:
    """All conversations of a chat file, in order of first appearance.

    Messages keep file order within each conversation, so interleaved exports regroup
    correctly; PAN12 XML keeps its conversations (and any repeated id is merged). A JSONL
    file laid out as the benchmark's `corpus/conversations.jsonl` (its first record says)
    is read as one, by `read_conversation_file`.
    """
    fmt = chat_format(path)
    if fmt == "xml":
        merged: dict[str, Conversation] = {}
        for conversation in read_pan12_xml(path, bad=bad):
            if conversation.id in merged:
                merged[conversation.id].messages.extend(conversation.messages)
            else:
                merged[conversation.id] = conversation
        return list(merged.values())
    p = check_file(path)
    shape = _corpus_shape(p) if fmt == "jsonl" else None  # its first lines, read once
    if shape is not None and shape[0] == "conversations":
        return list(read_conversation_file(p, bad=bad))
    if shape is not None:
        raise _not_messages(p, shape)
    groups: dict[str, list[Message]] = {}
    for message in _messages(p, fmt, bad):
        groups.setdefault(message.conversation_id, []).append(message)
    return [Conversation(conv_id, msgs) for conv_id, msgs in groups.items()]
