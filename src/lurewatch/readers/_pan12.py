"""Readers for the official PAN12 formats: corpus XML, problem-1 and problem-2 ground truth.

The full PAN12 corpus is not shipped, but a user who has it must be able to evaluate on it, so
the XML is parsed as a stream (expat, chunk by chunk): a 1 GB file needs only memory for one
conversation, and every problem is reported with its line number in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from .._errors import InputError
from ..records import Conversation, Message
from ._bad import MAX_LINE_BYTES, SKIP_HINT, BadRows, reject
from ._fields import is_iso_time
from ._lines import Source, check_file, iter_lines, no_rows, split_lines, too_long

__all__ = [
    "Pan12Files",
    "find_pan12_files",
    "read_pan12_author_ids",
    "read_pan12_lines",
    "read_pan12_xml",
]

_XML_HINT = "the file must be well-formed PAN12 corpus XML; skip-bad cannot skip broken XML"
_LAYOUT_HINT = (
    "expected a PAN12 directory: one '*corpus*.xml' file, optionally "
    "'*groundtruth-problem1*' or '*predators*' and '*groundtruth-problem2*' text files"
)
_ROOT_HINT = "a PAN12 corpus XML file has one root element <conversations> holding <conversation>s"
_FIELDS = ("author", "time", "text")
_SPACED = "has whitespace, which PAN12's whitespace-separated files cannot hold"
_LONG_HINT = (
    "skip-bad skips the <message>s an over-long line is part of; this one is part of none, "
    "so break the line (XML allows a line break between any two elements)"
)
_FEED_BYTES = 1 << 16  # lines are handed to the parser this many bytes at a time


class _Pan12Parser:
    """expat callbacks that assemble conversations; finished ones wait in `ready`."""

    def __init__(self, path: Path, bad: BadRows | None, official_ids: bool) -> None:
        self.path = path
        self.bad = bad
        self.official_ids = official_ids
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.parser.EntityDeclHandler = self.entity
        self.ready: list[Conversation] = []
        self.depth = 0
        self.conv_id: str | None = None
        self.conv_at = 0
        self.conv_problem: str | None = None
        self.dropped = 0  # messages of a conversation that is skipped whole
        self.messages: list[Message] = []
        self.in_message = False
        self.msg_at = 0
        self.msg_line: int | None = None
        self.msg_problem: str | None = None
        self.fields: dict[str, str] = {}
        self.field: str | None = None
        self.buf: list[str] = []
        # The over-long line being parsed (skip-bad: each <message> it is part of is skipped,
        # its text never collected), whether it held one, and the line that marks this message
        self.long_line: int | None = None
        self.long_held_message = False
        self.msg_long: int | None = None

    def start_long_line(self, lineno: int) -> None:
        self.long_line = lineno
        self.long_held_message = self.in_message
        if self.in_message:
            self.msg_long = self.msg_long or lineno

    def end_long_line(self) -> bool:
        """Leave the over-long line; whether a <message> was part of it."""
        self.long_line = None
        return self.long_held_message

    def here(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def entity(self, name: str, *_: object) -> None:
        raise InputError(
            self.path, self.here(), "XML entity declarations are not allowed", _XML_HINT
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            if name != "conversations":
                raise InputError(
                    self.path,
                    self.here(),
                    f"not a PAN12 corpus: root element is <{name}>, not <conversations>",
                    _ROOT_HINT,
                )
        elif self.depth == 2 and name == "conversation":
            conv_id = attrs.get("id", "").strip()
            self.conv_id = conv_id
            self.messages = []
            self.conv_at = self.here()
            self.dropped = 0
            self.conv_problem = None
            if not conv_id:
                self.conv_problem = "<conversation> has no id attribute"
            elif self.official_ids and _spaced(conv_id):
                self.conv_problem = f"<conversation> id {_SPACED}"
            if self.conv_problem is not None and self.bad is None:
                raise InputError(self.path, self.conv_at, self.conv_problem, SKIP_HINT)
        elif self.depth == 3 and name == "message" and self.conv_id is not None:
            self.in_message = True
            self.msg_at = self.here()
            self.fields = {}
            self.msg_problem = None
            self.msg_line = None
            self.msg_long = self.long_line
            self.long_held_message = self.long_held_message or self.long_line is not None
            raw = attrs.get("line")
            if raw is None:
                self.msg_problem = "<message> has no line attribute"
            else:
                try:
                    self.msg_line = int(raw)
                except ValueError:
                    self.msg_problem = "<message> line attribute is not an integer"
                else:
                    if self.msg_line < 1:
                        self.msg_problem = "<message> line attribute must be 1 or more"
        elif self.depth == 4 and self.in_message and name in _FIELDS:
            self.field = name
            self.buf = []

    def chars(self, data: str) -> None:
        if self.field is not None and self.msg_long is None:
            self.buf.append(data)

    def end(self, name: str) -> None:
        if self.depth == 4 and self.field is not None:
            self.fields[self.field] = "".join(self.buf)
            self.field = None
        elif self.depth == 3 and self.in_message:
            self.in_message = False
            self.finish_message()
        elif self.depth == 2 and self.conv_id is not None:
            if self.conv_problem is None:
                self.ready.append(Conversation(self.conv_id, self.messages, source="pan12"))
            else:  # one bad row per message it held, so the count tells what was dropped
                n = self.dropped
                reason = f"{self.conv_problem}; skipped with its {n} message{'s' if n != 1 else ''}"
                reject(self.bad, self.path, self.conv_at, reason, rows=max(n, 1))
            self.conv_id = None
            self.messages = []
        self.depth -= 1

    def finish_message(self) -> None:
        if self.conv_problem is not None:
            self.dropped += 1
            return
        if self.msg_long is not None:
            reject(self.bad, self.path, self.msg_long, too_long(MAX_LINE_BYTES))
            return
        author = self.fields.get("author", "").strip()
        problem = self.msg_problem
        if problem is None and not author:
            problem = "<message> has no author"
        if problem is None and self.official_ids and _spaced(author):
            problem = f"<author> {_SPACED}"
        time = self.fields.get("time", "").strip() or None
        if problem is None and time is not None and not is_iso_time(time):
            problem = "<time> is not a time (HH:MM or ISO 8601)"
        if problem is not None or self.msg_line is None or self.conv_id is None:
            reject(self.bad, self.path, self.msg_at, problem or "bad <message>")
            return
        self.messages.append(
            Message(
                conversation_id=self.conv_id,
                message_id=f"{self.conv_id}:{self.msg_line}",
                sender_id=author,
                text=self.fields.get("text", ""),
                sent_at=time,
                line=self.msg_line,
            )
        )


def _spaced(value: str) -> bool:
    return any(c.isspace() for c in value)


def _feed(p: _Pan12Parser, data: bytes, final: bool) -> InputError | None:
    """Parse one chunk; return (not raise) the error, so finished conversations go out first."""
    try:
        p.parser.Parse(data, final)
    except expat.ExpatError as e:
        reason = f"malformed XML: {expat.ErrorString(e.code)} at column {e.offset + 1}"
        return InputError(p.path, e.lineno, reason, _XML_HINT)
    except InputError as e:
        return e
    return None


class _Feeder:
    """Hands a file's lines to the parser and takes back the conversations it finished."""

    def __init__(self, parser: _Pan12Parser) -> None:
        self.p = parser
        self.messages = 0

    def __call__(self, data: bytes, final: bool = False) -> Iterator[Conversation]:
        """Parse `data`; yield what it finished, then raise any error in it."""
        error = _feed(self.p, data, final)
        self.messages += sum(len(c.messages) for c in self.p.ready)
        yield from self.p.ready
        self.p.ready.clear()
        if error is not None:
            raise error


def _parse_xml(path: Path, bad: BadRows | None, official_ids: bool) -> Iterator[Conversation]:
    p = _Pan12Parser(path, bad, official_ids)
    feed = _Feeder(p)
    skipped_before = bad.count if bad is not None else 0
    seen = False
    pending: list[bytes] = []
    size = 0
    src = Source(path)
    try:
        for lineno, raw, rest in split_lines(src, MAX_LINE_BYTES):
            seen = seen or bool(raw.strip())
            if rest is None:
                pending.append(raw)
                size += len(raw)
                if size < _FEED_BYTES:
                    continue
            yield from feed(b"".join(pending))
            pending, size = [], 0
            if rest is not None:  # over-long: parsed piece by piece, its messages skipped
                if bad is None:
                    raise InputError(path, lineno, too_long(MAX_LINE_BYTES), SKIP_HINT)
                p.start_long_line(lineno)
                yield from feed(raw)
                for piece in rest:
                    yield from feed(piece)
                if not p.end_long_line():
                    raise InputError(path, lineno, too_long(MAX_LINE_BYTES), _LONG_HINT)
        yield from feed(b"".join(pending))
    finally:
        src.close()
    if not seen:
        raise InputError(path, None, "file is empty", "check the path; it has no XML")
    yield from feed(b"", final=True)
    if not feed.messages:
        raise no_rows(path, bad, skipped_before, "file has no messages")


def read_pan12_xml(
    path: str | Path, *, bad: BadRows | None = None, official_ids: bool = False
) -> Iterator[Conversation]:
    """Conversations from a PAN12 corpus XML file (plain or `.gz`), streamed.

    Message `line` is PAN12's own `line` attribute (problem 2 refers to it); missing `<text>` or
    `<time>` give "" and None. Broken XML, and a file without a single message, always raise;
    a bad message or conversation (no id, no author, bad line number or time) follows the
    bad-row policy, a skipped conversation counting one bad row per message it held. With
    `official_ids`, an author or conversation id with whitespace is bad too: PAN12's own ids
    have none, and its submission files could not hold them.
    """
    p = check_file(path)
    return _parse_xml(p, bad, official_ids)


def read_pan12_author_ids(path: str | Path) -> set[str]:
    """Author ids, one a line (training predators list or problem-1 ground truth)."""
    p = check_file(path)
    ids: set[str] = set()
    for lineno, text in iter_lines(p, bad=None):
        author = text.strip()
        if len(author.split()) != 1:
            raise InputError(p, lineno, "expected one author id per line", "fix the line")
        ids.add(author)
    return ids


def read_pan12_lines(path: str | Path) -> set[tuple[str, int]]:
    """Problem-2 ground truth: `(conversation id, line)` pairs from `id<TAB>line` rows."""
    p = check_file(path)
    pairs: set[tuple[str, int]] = set()
    for lineno, text in iter_lines(p, bad=None):
        parts = text.split()
        if len(parts) != 2:
            raise InputError(p, lineno, "expected 'conversation-id<TAB>line'", "fix the line")
        try:
            line = int(parts[1])
        except ValueError:
            raise InputError(p, lineno, "line number is not an integer", "fix the line") from None
        if line < 1:
            raise InputError(p, lineno, "line number must be 1 or more", "fix the line")
        pairs.add((parts[0], line))
    return pairs


@dataclass(frozen=True, slots=True)
class Pan12Files:
    """The files of one PAN12 directory (training or test layout)."""

    corpus: Path
    predators: Path | None = None  # training predator list or problem-1 ground truth
    problem2: Path | None = None  # problem-2 ground truth (suspicious lines)


def _one(directory: Path, names: list[Path], what: str) -> Path | None:
    if len(names) > 1:
        listed = ", ".join(n.name for n in names)
        raise InputError(directory, None, f"several {what} files: {listed}", _LAYOUT_HINT)
    return names[0] if names else None


def find_pan12_files(directory: str | Path) -> Pan12Files:
    """Recognise the PAN12 files in a directory by the official naming."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(d, None, "no such directory", _LAYOUT_HINT)
    files = sorted(p for p in d.iterdir() if p.is_file())
    corpus, predators, problem2 = [], [], []
    for p in files:
        name = p.name.lower()
        if "corpus" in name and (name.endswith(".xml") or name.endswith(".xml.gz")):
            corpus.append(p)
        elif "groundtruth-problem1" in name or ("predators" in name and ".txt" in name):
            predators.append(p)
        elif "groundtruth-problem2" in name:
            problem2.append(p)
    found = _one(d, corpus, "corpus XML")
    if found is None:
        raise InputError(d, None, "no PAN12 corpus XML file", _LAYOUT_HINT)
    return Pan12Files(
        corpus=found,
        predators=_one(d, predators, "predator / problem-1"),
        problem2=_one(d, problem2, "problem-2"),
    )
