"""Readers for the benchmark corpus: `corpus/{streams,conversations,segments}.jsonl.gz`.

They stream one record at a time (the streams file is ~19 MB compressed), validate every field
against the schema of the data README and filter by split and source while reading.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .._errors import InputError
from .._paths import DATA_HINT
from ..records import Conversation, Message, Segment, Stream
from ._bad import BadRows, reject
from ._fields import (
    RowError,
    as_id,
    check_text,
    get_id,
    get_int,
    get_opt_str,
    get_str,
    get_str_list,
    loads_object,
)
from ._lines import check_file, iter_lines, no_rows

__all__ = [
    "CORPUS_FILES",
    "MAX_RECORD_BYTES",
    "ROLES",
    "corpus_file",
    "corpus_kind",
    "has_segments",
    "read_conversation_file",
    "read_conversations",
    "read_feedback",
    "read_segments",
    "read_streams",
]

CORPUS_FILES = ("streams", "conversations", "segments")
ROLES = frozenset({"predator", "decoy", "ordinary"})

MAX_RECORD_BYTES = 64 * 1_048_576
"""Longest corpus record (one JSON line). A stream record holds all lines of one author, and
real ones exceed 1 MB, so corpus files get a larger cap than user chat files."""

_SUFFIXES = (".jsonl.gz", ".jsonl")
_LABELS_HINT = (
    "a labels directory holds `lurewatch export-labels` output as corpus/conversations.jsonl: "
    "run `lurewatch export-labels --out DIR/corpus/conversations.jsonl` and pass DIR"
)

T = TypeVar("T")


def corpus_file(data_dir: str | Path, name: str) -> Path | None:
    """The path of corpus file `name` ("streams", "conversations", "segments"), or None if absent.

    `data_dir` is the directory that holds `corpus/`. Both `.jsonl.gz` and `.jsonl` are found.
    """
    if name not in CORPUS_FILES:
        raise ValueError(f"unknown corpus file {name!r}; expected one of {', '.join(CORPUS_FILES)}")
    for suffix in _SUFFIXES:
        candidate = Path(data_dir) / "corpus" / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def has_segments(data_dir: str | Path) -> bool:
    """Whether the data directory has the (optional for some users) VTPAN segments file."""
    return corpus_file(data_dir, "segments") is not None


def _require(
    data_dir: str | Path, name: str, hint: str = DATA_HINT, suffix: str = ".jsonl.gz"
) -> Path:
    path = corpus_file(data_dir, name)
    if path is None:
        expected = Path(data_dir) / "corpus" / f"{name}{suffix}"
        raise InputError(expected, None, "missing corpus file", hint)
    return check_file(path)


def _sources(sources: Collection[str] | None) -> frozenset[str] | None:
    if sources is None:
        return None
    if isinstance(sources, str):  # a lone name, not its characters
        return frozenset({sources})
    return frozenset(sources)


def _read(
    path: Path,
    parse: Callable[[dict[str, Any]], T],
    keep: Callable[[T], bool],
    bad: BadRows | None,
    max_line_bytes: int,
) -> Iterator[T]:
    skipped_before = bad.count if bad is not None else 0
    read = False
    for lineno, text in iter_lines(path, bad=bad, max_bytes=max_line_bytes):
        try:
            item = parse(loads_object(text))
        except RowError as e:
            reject(bad, path, lineno, e.reason)
            continue
        read = True
        if keep(item):
            yield item
    if not read:
        raise no_rows(path, bad, skipped_before, "file has no records")


def _keeper(
    split: str | None, sources: Collection[str] | None
) -> Callable[[Stream | Conversation | Segment], bool]:
    wanted = _sources(sources)

    def keep(item: Stream | Conversation | Segment) -> bool:
        if split is not None and item.split != split:
            return False
        return wanted is None or item.source in wanted

    return keep


def _stream(rec: dict[str, Any]) -> Stream:
    role = get_str(rec, "role")
    if role not in ROLES:
        raise RowError(f"field 'role' must be one of {', '.join(sorted(ROLES))}")
    return Stream(
        id=get_id(rec, "id"),
        source=get_str(rec, "source", allow_empty=False),
        split=get_str(rec, "split", allow_empty=False),
        role=role,
        group=get_id(rec, "group"),
        lang=get_str(rec, "lang", allow_empty=False),
        lines=tuple(get_str_list(rec, "lines")),
        pan12_author=get_opt_str(rec, "pan12_author"),
    )


def _time(value: object) -> str | None:
    """A message time in the source's own form: string, seconds (number) or absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return check_text(value, "field 'time'")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return as_id("time", value)
    raise RowError("message field 'time' must be a string, number or null")


def _conversation(rec: dict[str, Any]) -> Conversation:
    conv_id = get_id(rec, "id")
    raw = rec.get("messages")
    if raw is None:
        raise RowError("missing required field 'messages'")
    if not isinstance(raw, list):
        raise RowError("field 'messages' must be an array")
    messages = []
    for i, m in enumerate(raw, start=1):
        if not isinstance(m, dict):
            raise RowError(f"message {i} must be an object")
        try:
            author = get_id(m, "author")
            text = get_str(m, "text")
            sent_at = _time(m.get("time"))
        except RowError as e:
            raise RowError(f"message {i}: {e.reason}") from None
        messages.append(
            Message(
                conversation_id=conv_id,
                message_id=f"{conv_id}:{i}",
                sender_id=author,
                text=text,
                sent_at=sent_at,
                line=i,
            )
        )
    return Conversation(
        id=conv_id,
        messages=messages,
        source=get_str(rec, "source", allow_empty=False),
        split=get_str(rec, "split", allow_empty=False),
        lang=get_str(rec, "lang", allow_empty=False),
        predators=frozenset(get_str_list(rec, "predators", required=False)),
    )


def corpus_kind(rec: dict[str, Any]) -> str | None:
    """Which corpus file ("conversations", "streams", "segments") a record is shaped like,
    or None: a chat file's reader can tell one given in its place (a record of the generic
    format, with its `conversation_id`, is none)."""
    if "conversation_id" in rec or "id" not in rec:
        return None
    if isinstance(rec.get("messages"), list):
        return "conversations"
    if isinstance(rec.get("lines"), list):
        return "streams"
    if "label" in rec and "text" in rec:
        return "segments"
    return None


def read_conversation_file(
    path: str | Path, *, bad: BadRows | None = None, max_line_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Conversation]:
    """Every conversation of a file laid out as `corpus/conversations.jsonl.gz`, at any path
    (message ids `"{id}:{line}"`, senders the authors, times as the file gives them)."""
    return _read(check_file(path), _conversation, lambda _: True, bad, max_line_bytes)


def _segment(rec: dict[str, Any]) -> Segment:
    return Segment(
        id=get_id(rec, "id"),
        source=get_str(rec, "source", allow_empty=False),
        split=get_str(rec, "split", allow_empty=False),
        lang=get_str(rec, "lang", allow_empty=False),
        label=get_int(rec, "label", frozenset({0, 1})),
        text=get_str(rec, "text"),
    )


def read_streams(
    data_dir: str | Path,
    *,
    split: str | None = None,
    sources: Collection[str] | None = None,
    bad: BadRows | None = None,
    max_line_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Stream]:
    """Author streams from `corpus/streams.jsonl.gz`, optionally only one split / some sources.

    The file is checked when called; records are read lazily while iterating.
    """
    path = _require(data_dir, "streams")
    return _read(path, _stream, _keeper(split, sources), bad, max_line_bytes)


def read_conversations(
    data_dir: str | Path,
    *,
    split: str | None = None,
    sources: Collection[str] | None = None,
    bad: BadRows | None = None,
    max_line_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Conversation]:
    """Conversations from `corpus/conversations.jsonl.gz` (message ids are `"{id}:{line}"`)."""
    path = _require(data_dir, "conversations")
    return _read(path, _conversation, _keeper(split, sources), bad, max_line_bytes)


def read_feedback(
    data_dir: str | Path,
    *,
    split: str | None = None,
    bad: BadRows | None = None,
    max_line_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[tuple[Conversation, frozenset[str] | None]]:
    """The conversations of an `export-labels` directory, each with the senders moderators
    dismissed in it (its `dismissed` field; None in an export made before lurewatch wrote it,
    where a dismissal was the whole conversation's)."""
    path = _require(data_dir, "conversations", _LABELS_HINT, ".jsonl")  # as export-labels names it
    keep = _keeper(split, None)
    return _read(path, _labelled, lambda item: keep(item[0]), bad, max_line_bytes)


def _labelled(rec: dict[str, Any]) -> tuple[Conversation, frozenset[str] | None]:
    if rec.get("dismissed") is None:
        return _conversation(rec), None
    return _conversation(rec), frozenset(get_str_list(rec, "dismissed"))


def read_segments(
    data_dir: str | Path,
    *,
    split: str | None = None,
    sources: Collection[str] | None = None,
    bad: BadRows | None = None,
    max_line_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Segment]:
    """Labelled VTPAN segments from `corpus/segments.jsonl.gz` (see `has_segments`)."""
    path = _require(data_dir, "segments")
    return _read(path, _segment, _keeper(split, sources), bad, max_line_bytes)
