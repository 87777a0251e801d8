"""Bad input: every reader names file and line, skips when asked, and never leaks message text."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lurewatch import InputError, LurewatchError
from lurewatch.readers import (
    MAX_LINE_BYTES,
    BadRows,
    read_chat_file,
    read_conversations,
    read_messages,
    read_pan12_author_ids,
    read_pan12_lines,
    read_pan12_xml,
    read_segments,
    read_streams,
)

SECRET = "SECRET-CHAT-TEXT"  # stands for message text that must never reach logs
HEADER = "conversation_id,message_id,sender_id,sent_at,text"


def _row(n: int, text: str = "hello") -> dict[str, object]:
    return {
        "conversation_id": "c",
        "message_id": f"m{n}",
        "sender_id": "s",
        "sent_at": None,
        "text": text,
    }


def _jsonl(n: int) -> bytes:
    return json.dumps(_row(n)).encode() + b"\n"


def _csv(n: int) -> bytes:
    return f"c,m{n},s,,hello\n".encode()


def _write(path: Path, chunks: Iterable[bytes]) -> Path:
    path.write_bytes(b"".join(chunks))
    return path


def _ids(path: Path, bad: BadRows | None = None) -> list[str]:
    return [m.message_id for m in read_messages(path, bad=bad)]


def _assert_no_secret(err: LurewatchError | None, bad: BadRows | None) -> None:
    if err is not None:
        assert SECRET not in str(err)
        assert SECRET not in repr(err.args)
    if bad is not None:
        assert SECRET not in repr(bad.examples) and SECRET not in bad.summary()


# --- one bad row among good ones: raise without skip-bad, count and keep the rest with it ---

JSONL_BAD = {
    "invalid UTF-8": (b'{"text": "\xff\xfe ' + SECRET.encode() + b'"}\n', "invalid UTF-8 at byte"),
    "malformed JSON": (
        b'{"conversation_id": "c", "text": "' + SECRET.encode() + b"\n",
        "malformed JSON",
    ),
    "not an object": (json.dumps([SECRET]).encode() + b"\n", "expected a JSON object, got array"),
    "missing field": (
        json.dumps({k: v for k, v in _row(9, SECRET).items() if k != "sender_id"}).encode() + b"\n",
        "missing required field 'sender_id'",
    ),
    "missing sent_at": (
        json.dumps({k: v for k, v in _row(9, SECRET).items() if k != "sent_at"}).encode() + b"\n",
        "missing required field 'sent_at'",
    ),
    "text not a string": (
        json.dumps({**_row(9), "text": 5}).encode() + b"\n",
        "field 'text' must be a string, got number",
    ),
    "id is a boolean": (
        json.dumps({**_row(9, SECRET), "sender_id": True}).encode() + b"\n",
        "field 'sender_id' must be a string or number, got boolean",
    ),
    "id is a list": (
        json.dumps({**_row(9, SECRET), "message_id": [1]}).encode() + b"\n",
        "field 'message_id' must be a string or number, got array",
    ),
    "empty id": (
        json.dumps({**_row(9, SECRET), "conversation_id": " "}).encode() + b"\n",
        "field 'conversation_id' is empty",
    ),
    "sent_at not ISO": (
        json.dumps({**_row(9, SECRET), "sent_at": "yesterday"}).encode() + b"\n",
        "not an ISO-8601 time",
    ),
    "sent_at a number": (
        json.dumps({**_row(9, SECRET), "sent_at": 17}).encode() + b"\n",
        "ISO-8601 string or null",
    ),
    "NaN": (b'{"conversation_id": NaN, "text": "' + SECRET.encode() + b'"}\n', "malformed JSON"),
    "lone surrogate in text": (
        json.dumps({**_row(9), "text": SECRET + "\ud800"}).encode() + b"\n",
        "field 'text' holds an unpaired surrogate",
    ),
    "lone surrogate in id": (
        json.dumps({**_row(9, SECRET), "sender_id": "s\udc00"}).encode() + b"\n",
        "field 'sender_id' holds an unpaired surrogate",
    ),
    "NUL in id": (
        json.dumps({**_row(9, SECRET), "conversation_id": "c\u0000"}).encode() + b"\n",
        "field 'conversation_id' holds a NUL character",
    ),
    "line too long": (
        b'{"text": "' + SECRET.encode() * (MAX_LINE_BYTES // len(SECRET)) + b'"}\n',
        "line is longer than 1048576 bytes",
    ),
}

CSV_BAD = {
    "invalid UTF-8": (b"c,m9,s,,\xff" + SECRET.encode() + b"\n", "invalid UTF-8 at byte 9"),
    "malformed quoting": (b'c,m9,s,,"' + SECRET.encode() + b'"x\n', "malformed CSV"),
    "too few fields": (b"c,m9," + SECRET.encode() + b"\n", "row has 3 fields, the header has 5"),
    "too many fields": (
        b"c,m9,s,," + SECRET.encode() + b",extra\n",
        "row has 6 fields, the header has 5",
    ),
    "empty id": (b"c,,s,," + SECRET.encode() + b"\n", "field 'message_id' is empty"),
    "sent_at not ISO": (b"c,m9,s,noon," + SECRET.encode() + b"\n", "not an ISO-8601 time"),
    "NUL in id": (b"c,m\x009,s,," + SECRET.encode() + b"\n", "'message_id' holds a NUL character"),
    "line too long": (
        b"c,m9,s,," + SECRET.encode() * (MAX_LINE_BYTES // len(SECRET)) + b"\n",
        "line is longer",
    ),
    "bad byte in a multi-line field": (
        b'c,m9,s,,"' + SECRET.encode() + b"\n\xff\n" + SECRET.encode() + b'"\n',
        "invalid UTF-8 at byte 1 of line 4 (record spans lines 3-5)",
    ),
    "multi-line field too long": (
        b'c,m9,s,,"' + (SECRET.encode() * 1000 + b"\n") * (MAX_LINE_BYTES // 16000 + 1) + b'"\n',
        "record is longer than 1048576 bytes",
    ),
    "bare CR": (b"c,m9,s,," + SECRET.encode() + b"\rc,m10,s,,x\n", "line endings are bare CR"),
}


@pytest.mark.parametrize("case", list(JSONL_BAD))
def test_bad_jsonl_row(tmp_path: Path, case: str) -> None:
    line, reason = JSONL_BAD[case]
    path = _write(tmp_path / "m.jsonl", [_jsonl(1), line, _jsonl(3)])
    with pytest.raises(InputError) as err:
        _ids(path)
    assert (err.value.path, err.value.line) == (str(path), 2)
    assert reason in err.value.reason
    assert "--skip-bad" in err.value.hint
    _assert_no_secret(err.value, None)
    bad = BadRows()
    assert _ids(path, bad) == ["m1", "m3"]
    assert bad.count == 1
    assert bad.examples[0][:2] == (str(path), 2)
    assert reason in bad.examples[0][2]
    _assert_no_secret(None, bad)


@pytest.mark.parametrize("case", list(CSV_BAD))
def test_bad_csv_row(tmp_path: Path, case: str) -> None:
    line, reason = CSV_BAD[case]
    path = _write(tmp_path / "m.csv", [HEADER.encode() + b"\n", _csv(1), line, _csv(3)])
    with pytest.raises(InputError) as err:
        _ids(path)
    assert (err.value.line, reason in err.value.reason) == (3, True)
    _assert_no_secret(err.value, None)
    bad = BadRows()
    assert _ids(path, bad) == ["m1", "m3"]
    assert (bad.count, bad.examples[0][1]) == (1, 3)
    _assert_no_secret(None, bad)


def test_a_line_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    row = _row(1, "")
    base = len(json.dumps(row).encode())
    row["text"] = "x" * (MAX_LINE_BYTES - base)
    line = json.dumps(row).encode()
    assert len(line) == MAX_LINE_BYTES
    path = _write(tmp_path / "m.jsonl", [line, b"\r\n", line + b"x\n", line])
    bad = BadRows()
    assert _ids(path, bad) == ["m1", "m1"]
    assert [n for _, n, _ in bad.examples] == [2]


def test_unclosed_quote_fails_the_file_even_with_skip_bad(tmp_path: Path) -> None:
    # nothing tells whether the lines after the quote are rows or text of the field
    path = _write(
        tmp_path / "m.csv",
        [HEADER.encode() + b"\n", _csv(1), b'c,m2,s,,"never closed\n', _csv(3), _csv(4)],
    )
    for bad in (None, BadRows()):
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert err.value.line == 3
        assert "quoted field is never closed" in err.value.reason
        assert "spans lines 3-5" in err.value.reason


def _multiline_csv(tmp_path: Path, bad_line: bytes, where: str) -> Path:
    body = [b"start\n", bad_line, b"end"] if where == "middle" else [b"start\n", b"end" + bad_line]
    return _write(
        tmp_path / "m.csv",
        [HEADER.encode() + b"\n", b'c,m1,s,,"', *body, b'"\n', _csv(2), b'c,m3,s,,"x"\n', _csv(4)],
    )


@pytest.mark.parametrize("where", ["middle", "last"])
def test_a_bad_line_inside_a_quoted_field_skips_the_whole_record(
    tmp_path: Path, where: str
) -> None:
    path = _multiline_csv(tmp_path, b"\xff\n" if where == "middle" else b"\xff", where)
    bad = BadRows()
    assert _ids(path, bad) == ["m2", "m3", "m4"]
    assert bad.count == 1
    assert bad.examples[0][1] == 2
    assert "invalid UTF-8 at byte" in bad.examples[0][2] and "line 3" in bad.examples[0][2]


def test_a_field_over_the_size_limit_is_one_bad_row_and_never_rows(tmp_path: Path) -> None:
    filler = b"x" * 999 + b"\n"
    field = filler * 1100 + b"c9,m_injected,s,,text\n" + filler * 100
    path = _write(
        tmp_path / "m.csv",
        [HEADER.encode() + b"\n", _csv(1), b'c,m2,s,,"', field, b'"\n', _csv(3)],
    )
    bad = BadRows()
    assert _ids(path, bad) == ["m1", "m3"]
    assert bad.count == 1
    assert bad.examples[0][1:] == (
        3,
        "record is longer than 1048576 bytes (record spans lines 3-1204)",
    )


def test_a_bad_header_fails_the_file_even_with_skip_bad(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.csv", [HEADER.encode() + b"\xff\n", HEADER.encode() + b"\n", _csv(1)]
    )
    for bad in (None, BadRows()):
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert err.value.line == 1
        assert err.value.reason.startswith("bad CSV header: invalid UTF-8")
        assert "header" in err.value.hint


def test_bare_cr_line_endings_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", [HEADER.encode() + b"\r", b"c,m1,s,,hi\r"])
    for bad in (None, BadRows()):
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert err.value.line == 1
        assert "line endings are bare CR" in err.value.reason
        assert "universal-newline" not in str(err.value)


def test_missing_csv_column_names_it_at_line_1(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", [b"conversation_id,message_id,sent_at,text\n", b"c,m,,hi\n"])
    for bad in (None, BadRows()):
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert (err.value.line, err.value.reason) == (1, "missing required column 'sender_id'")
    path = _write(tmp_path / "m.csv", [b"\xef\xbb\xbfid,body\n", b"c,hi\n"])  # BOM is ignored
    with pytest.raises(InputError) as err:
        _ids(path)
    assert err.value.reason == (
        "missing required columns 'conversation_id', 'message_id', 'sender_id', 'sent_at', 'text'"
    )


def test_csv_header_with_bom_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", [b"\xef\xbb\xbf" + HEADER.encode() + b"\n", _csv(1)])
    assert _ids(path) == ["m1"]


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    assert _ids(_write(tmp_path / "m.jsonl", [b"\n", _jsonl(1), b"  \n\n", _jsonl(2)])) == [
        "m1",
        "m2",
    ]
    path = _write(tmp_path / "m.csv", [b"\n", HEADER.encode() + b"\n", b"\n", _csv(1), b"\r\n"])
    assert _ids(path) == ["m1"]


@pytest.mark.parametrize("skip", [False, True])
def test_a_file_with_no_rows_is_refused_like_an_empty_one(tmp_path: Path, skip: bool) -> None:
    header_only = _write(tmp_path / "m.csv", [HEADER.encode() + b"\r\n", b"\n"])
    root_only = _write(tmp_path / "m.xml", [b"<conversations/>\n"])
    for path, reason in [
        (header_only, "file has a header but no rows"),
        (root_only, "file has no messages"),
    ]:
        with pytest.raises(InputError) as err:
            read_chat_file(path, bad=BadRows() if skip else None)
        assert (err.value.path, err.value.line, err.value.reason) == (str(path), None, reason)
        assert err.value.hint


# --- whole-file problems: always an InputError, skip-bad or not -----------------------------


def _empty_variants(tmp_path: Path) -> list[Path]:
    return [
        _write(tmp_path / "zero.jsonl", []),
        _write(tmp_path / "blank.jsonl", [b"\n \n\t\r\n"]),
        _write(tmp_path / "zero.csv", []),
        _write(tmp_path / "empty.jsonl.gz", [gzip.compress(b"")]),
        _write(tmp_path / "empty.xml", []),
    ]


@pytest.mark.parametrize("skip", [False, True])
def test_empty_files_raise(tmp_path: Path, skip: bool) -> None:
    for path in _empty_variants(tmp_path):
        with pytest.raises(InputError) as err:
            read_chat_file(path, bad=BadRows() if skip else None)
        assert err.value.reason == "file is empty", path
        assert err.value.hint


def test_empty_corpus_and_label_files_raise(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    for name in ("streams", "conversations", "segments"):
        (tmp_path / "corpus" / f"{name}.jsonl.gz").write_bytes(gzip.compress(b"\n"))
    for reader in (read_streams, read_conversations, read_segments):
        with pytest.raises(InputError, match="file is empty"):
            list(reader(tmp_path, bad=BadRows()))
    empty = _write(tmp_path / "ids.txt", [])
    for label_reader in (read_pan12_author_ids, read_pan12_lines):
        with pytest.raises(InputError, match="file is empty"):
            label_reader(empty)


def test_a_file_of_only_bad_rows_is_refused(tmp_path: Path) -> None:
    bad = BadRows()
    assert _ids(_write(tmp_path / "a.jsonl", [b"{\n", _jsonl(1)]), bad) == ["m1"]
    for name, rows in [
        ("m.jsonl", [b"\xff\n", b"{\n"]),
        ("m.csv", [HEADER.encode() + b"\n", b"x\n"]),
    ]:
        path = _write(tmp_path / name, rows)
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert err.value.path == str(path)
        assert err.value.reason.startswith("no valid rows: skipped ")
        assert "the first at line" in err.value.reason
    assert bad.count == 4


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_utf16_or_utf32_file_is_named_as_such(
    tmp_path: Path, bom: bytes, codec: str, suffix: str
) -> None:
    text = (HEADER + "\n" + _csv(1).decode()) if suffix == ".csv" else _jsonl(1).decode()
    path = _write(tmp_path / f"m{suffix}", [bom, text.encode(codec)])
    with pytest.raises(InputError) as err:
        _ids(path, BadRows())
    name = codec[:6].upper()
    assert (err.value.line, err.value.reason) == (1, f"the file is {name}, not UTF-8")
    assert err.value.hint == "save it as UTF-8"


_MISSING_READERS: list[Callable[..., object]] = [
    read_messages,
    read_chat_file,
    read_pan12_xml,
    read_pan12_author_ids,
    read_pan12_lines,
]


@pytest.mark.parametrize("reader", _MISSING_READERS)
@pytest.mark.parametrize("name", ["absent.jsonl", "absent.csv", "absent.xml"])
def test_nonexistent_path_raises_when_called(
    tmp_path: Path, reader: Callable[..., object], name: str
) -> None:
    with pytest.raises(InputError) as err:
        reader(tmp_path / name)  # no iteration needed: checked at call time
    assert err.value.reason == "no such file"
    assert err.value.path == str(tmp_path / name)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir.jsonl"
    folder.mkdir()
    with pytest.raises(InputError, match="not a file"):
        read_messages(folder)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(_jsonl(n) for n in range(2000)))
    path = _write(tmp_path / "m.jsonl.gz", [data[: len(data) // 2]])
    for bad in (None, BadRows()):
        with pytest.raises(InputError) as err:
            _ids(path, bad)
        assert "compressed data ends early" in err.value.reason
        assert err.value.line is not None and err.value.line > 1
        assert "re-download" in err.value.hint


def test_not_really_gzip(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.jsonl.gz", [_jsonl(1)])
    with pytest.raises(InputError, match="not a gzip file"):
        _ids(path)


def test_gzip_without_suffix_is_detected(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.jsonl", [gzip.compress(_jsonl(1) + _jsonl(2))])
    assert _ids(path) == ["m1", "m2"]


def test_invalid_utf8_in_gzip_names_the_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.csv.gz", [gzip.compress(HEADER.encode() + b"\n" + _csv(1) + b"c,m,s,,\xc3\n")]
    )
    with pytest.raises(InputError) as err:
        _ids(path)
    assert (err.value.line, err.value.reason) == (3, "invalid UTF-8 at byte 8 of the line")


# --- BadRows itself -------------------------------------------------------------------------


def test_examples_are_capped_but_count_is_not(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.jsonl", [b"{\n"] * 25 + [_jsonl(1)])
    bad = BadRows()
    assert _ids(path, bad) == ["m1"]
    assert bad.count == 25
    assert [n for _, n, _ in bad.examples] == list(range(1, 11))
    assert bad.summary().startswith("skipped 25 bad rows (first 10: ")
    assert BadRows().summary() == "no bad rows"
    assert "count=25" in repr(bad)


def test_one_bad_rows_object_collects_across_files(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [b"{\n", _jsonl(1)])
    b = _write(tmp_path / "b.csv", [HEADER.encode() + b"\n", b"x\n", _csv(2)])
    bad = BadRows()
    assert _ids(a, bad) + _ids(b, bad) == ["m1", "m2"]
    assert [(Path(p).name, n) for p, n, _ in bad.examples] == [("a.jsonl", 1), ("b.csv", 2)]
    assert bad.summary() == (
        f"skipped 2 bad rows (first 2: {a}:1: malformed JSON (Expecting property name enclosed "
        f"in double quotes at column 2); {b}:2: row has 1 fields, the header has 5)"
    )


# --- property: with skip-bad nothing accepted is lost ---------------------------------------

_BAD_LINES = [line for line, _ in JSONL_BAD.values() if len(line) < 1000]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=st.lists(st.one_of(st.none(), st.sampled_from(_BAD_LINES)), min_size=1, max_size=30))
def test_skip_bad_keeps_every_good_row(tmp_path: Path, plan: list[bytes | None]) -> None:
    chunks = [_jsonl(i) if item is None else item for i, item in enumerate(plan)]
    path = _write(tmp_path / "m.jsonl", chunks)
    bad = BadRows()
    if all(item is not None for item in plan):
        with pytest.raises(InputError, match="no valid rows"):
            _ids(path, bad)
        return
    assert _ids(path, bad) == [f"m{i}" for i, item in enumerate(plan) if item is None]
    assert bad.count == sum(item is not None for item in plan)
    assert [n for _, n, _ in bad.examples] == [
        i + 1 for i, item in enumerate(plan) if item is not None
    ][:10]


_CSV_BAD_RECORDS = [
    b'c,m,s,,"' + SECRET.encode() + b"\n\xff\n" + SECRET.encode() + b'"\n',  # bad byte inside
    b'c,m,s,,"' + SECRET.encode() + b'\n"x\n',  # text after the closing quote
    b'c,m,s,,"a ""quoted"", then\n' + SECRET.encode() + b'\n",extra\n',  # 6 fields
    b'c,m,s,\xff,"' + SECRET.encode() + b'\n"\n',
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(
        st.one_of(st.sampled_from(["one line", "lines"]), st.sampled_from(_CSV_BAD_RECORDS)),
        min_size=1,
        max_size=20,
    ).filter(lambda plan: any(isinstance(item, str) for item in plan))
)
def test_skip_bad_keeps_every_good_csv_record(tmp_path: Path, plan: list[str | bytes]) -> None:
    chunks = [HEADER.encode() + b"\n"]
    for i, item in enumerate(plan):
        if item == "lines":
            chunks.append(f'c,m{i},s,,"a ""b"",\nc,m_injected,s,,x\r\n"\r\n'.encode())
        else:
            chunks.append(_csv(i) if isinstance(item, str) else item)
    path = _write(tmp_path / "m.csv", chunks)
    bad = BadRows()
    messages = list(read_messages(path, bad=bad))
    assert [m.message_id for m in messages] == [
        f"m{i}" for i, item in enumerate(plan) if isinstance(item, str)
    ]
    assert {m.text for m in messages} <= {"hello", 'a "b",\nc,m_injected,s,,x\r\n'}
    assert bad.count == sum(isinstance(item, bytes) for item in plan)
    _assert_no_secret(None, bad)
