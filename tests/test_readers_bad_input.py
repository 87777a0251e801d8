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
    "line too long": (
        b"c,m9,s,," + SECRET.encode() * (MAX_LINE_BYTES // len(SECRET)) + b"\n",
        "line is longer",
    ),
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


def test_unterminated_quote_reports_where_the_record_started(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.csv",
        [HEADER.encode() + b"\n", _csv(1), b'c,m2,s,,"never closed\n', _csv(3), _csv(4)],
    )
    bad = BadRows()
    assert _ids(path, bad) == ["m1"]
    assert bad.count == 1
    assert bad.examples[0][1] == 3
    assert "spans lines 3-5" in bad.examples[0][2]


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


def test_header_only_csv_has_no_messages(tmp_path: Path) -> None:
    assert _ids(_write(tmp_path / "m.csv", [HEADER.encode() + b"\n"])) == []


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


def test_a_file_of_only_bad_rows_is_not_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.jsonl", [b"\xff\n", b"{\n"])
    bad = BadRows()
    assert _ids(path, bad) == []
    assert bad.count == 2


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
    assert _ids(path, bad) == [f"m{i}" for i, item in enumerate(plan) if item is None]
    assert bad.count == sum(item is not None for item in plan)
    assert [n for _, n, _ in bad.examples] == [
        i + 1 for i, item in enumerate(plan) if item is not None
    ][:10]
