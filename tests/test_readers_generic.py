"""The generic import format (JSONL / CSV), PAN12's sample CSV layout and grouping."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lurewatch import Conversation, InputError, Message
from lurewatch.readers import (
    GENERIC_FIELDS,
    SUPPORTED_SUFFIXES,
    BadRows,
    chat_format,
    check_chat_files,
    read_chat_file,
    read_messages,
    read_pan12_xml,
)

FIXTURES = Path(__file__).parent / "fixtures"
GENERIC = FIXTURES / "generic"
TRAIN_XML = (
    FIXTURES
    / "pan12"
    / "train"
    / "pan12-sexual-predator-identification-training-corpus-2012-05-01.xml"
)

EXPECTED = [
    Message("room-1", "m1", "alice", "morning all", "2024-03-01T10:00:00Z", 1),
    Message("room-2", "m2", "carol", "is the shop open today?", "2024-03-01T10:00:05+01:00", 1),
    Message("room-1", "m3", "bob", "hi alice", None, 2),
    Message("42", "7", "1001", "", "2024-03-01", 1),
    Message(
        "room-2",
        "m5",
        "dave",
        'yes until 6 — "quotes", commas\nand a second line',
        "2024-03-01T10:01:00",
        2,
    ),
]


def test_jsonl_fixture() -> None:
    assert list(read_messages(GENERIC / "messages.jsonl")) == EXPECTED


def test_csv_fixture_reads_the_same_as_jsonl() -> None:
    # CRLF and LF endings mixed, an extra column, an empty sent_at, a quoted multi-line text
    assert list(read_messages(GENERIC / "messages.csv")) == EXPECTED


def test_pan12_sample_csv_layout() -> None:
    messages = list(read_messages(GENERIC / "pan12_layout.csv"))
    assert [
        (m.conversation_id, m.message_id, m.sender_id, m.sent_at, m.line) for m in messages
    ] == [
        ("conv-a", "conv-a:1", "u1", "03:20", 1),
        ("conv-a", "conv-a:2", "u2", "03:21", 2),
        ("conv-b", "conv-b:1", "u3", "11:00", 1),
        ("conv-a", "conv-a:3", "u1", "03:22", 3),
        ("conv-b", "conv-b:2", "u4", None, 2),
    ]
    assert messages[2].text == "anyone know a good, cheap laptop?"


def test_pan12_layout_without_timestamp_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Conversation_ID , Author,Text\nc,u,hi\n", encoding="utf-8")
    assert list(read_messages(path)) == [Message("c", "c:1", "u", "hi", None, 1)]


def test_grouping_keeps_first_appearance_and_message_order() -> None:
    conversations = read_chat_file(GENERIC / "pan12_layout.csv")
    assert [c.id for c in conversations] == ["conv-a", "conv-b"]
    assert [m.text for m in conversations[0].messages] == ["hello there", "hi", "how are you"]
    assert [m.line for m in conversations[0].messages] == [1, 2, 3]
    assert [m.line for m in conversations[1].messages] == [1, 2]
    jsonl = read_chat_file(GENERIC / "messages.jsonl")
    assert [c.id for c in jsonl] == ["room-1", "room-2", "42"]
    assert [m.message_id for m in jsonl[1].messages] == ["m2", "m5"]
    assert all(isinstance(c, Conversation) for c in jsonl)


def test_chat_file_reads_pan12_xml() -> None:
    conversations = read_chat_file(TRAIN_XML)
    assert conversations == list(read_pan12_xml(TRAIN_XML))
    assert conversations[2].messages == []  # an empty conversation is still a conversation
    flat = list(read_messages(TRAIN_XML))
    assert flat == [m for c in conversations for m in c.messages]


def test_repeated_xml_conversation_ids_are_merged(tmp_path: Path) -> None:
    msg = "<message line='{}'><author>a</author><text>t</text></message>"
    body = (
        "<conversations><conversation id='x'>" + msg.format(1) + "</conversation>"
        "<conversation id='y'>" + msg.format(1) + "</conversation>"
        "<conversation id='x'>" + msg.format(2) + "</conversation></conversations>"
    )
    path = tmp_path / "c.xml"
    path.write_text(body, encoding="utf-8")
    conversations = read_chat_file(path)
    assert [(c.id, [m.line for m in c.messages]) for c in conversations] == [
        ("x", [1, 2]),
        ("y", [1]),
    ]


@pytest.mark.parametrize("name", ["messages.jsonl", "messages.csv"])
def test_gzip_is_transparent(tmp_path: Path, name: str) -> None:
    gz = tmp_path / f"{name}.gz"
    gz.write_bytes(gzip.compress((GENERIC / name).read_bytes()))
    assert list(read_messages(gz)) == EXPECTED


@pytest.mark.parametrize("suffix", [".ndjson", ".json-lines", ".JSONL"])
def test_jsonl_suffixes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"m{suffix}"
    shutil.copy(GENERIC / "messages.jsonl", path)
    assert list(read_messages(path)) == EXPECTED


def test_chat_format() -> None:
    assert chat_format("a.jsonl") == "jsonl"
    assert chat_format("a.ndjson.gz") == "jsonl"
    assert chat_format("A.CSV") == "csv"
    assert chat_format("dir.v2/corpus.xml.gz") == "xml"
    assert ".jsonl" in SUPPORTED_SUFFIXES and ".csv.gz" in SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", ["chat.txt", "chat.json", "chat", "chat.gz"])
def test_unknown_extension_lists_supported_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("{}\n")
    for reader in (read_messages, read_chat_file):
        with pytest.raises(InputError) as err:
            reader(path)
        assert err.value.reason == "unsupported file type"
        assert all(s in err.value.hint for s in (".jsonl", ".ndjson", ".csv", ".xml"))


def test_extra_fields_and_ids_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    rows = [
        {"conversation_id": 1, "message_id": 2.0, "sender_id": 3, "sent_at": None, "text": "a"},
        {"conversation_id": 1, "message_id": 2.5, "sender_id": "s", "sent_at": None, "text": "b"},
        {**dict.fromkeys(GENERIC_FIELDS, "v"), "sent_at": "12:30", "x": {"nested": [1]}},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    messages = list(read_messages(path))
    assert [(m.conversation_id, m.message_id, m.sender_id) for m in messages] == [
        ("1", "2", "3"),
        ("1", "2.5", "s"),
        ("v", "v", "v"),
    ]
    assert [m.line for m in messages] == [1, 2, 1]


_NOT_TIMES = ["1700000000", "2024", "12", "170000", "20240301", "2024-W09-5", "12h30", "noon"]
_TIMES = [
    "12:30",
    "09:05:59",
    "09:05:59.250",
    "2024-03-01",
    "2024-03-01T10:00:00Z",
    "2024-03-01 10:00:00.123456+01:00",
]


@pytest.mark.parametrize("value", _NOT_TIMES + _TIMES)
def test_sent_at_must_be_extended_iso_8601(tmp_path: Path, value: str) -> None:
    # fromisoformat alone reads "2024" as 20:24 and a Unix time as 17:00
    jsonl, table = tmp_path / "m.jsonl", tmp_path / "m.csv"
    _write_jsonl(jsonl, [("c", "m", "s", value, "hi")])
    _write_csv(table, [("c", "m", "s", value, "hi")])
    for path in (jsonl, table):
        if value in _TIMES:
            assert [m.sent_at for m in read_messages(path)] == [value]
        else:
            with pytest.raises(InputError) as err:
                list(read_messages(path))
            assert (err.value.line, err.value.reason) == (
                2 if path == table else 1,
                "field 'sent_at' is not an ISO-8601 time",
            )


def test_pan12_layout_timestamp_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "conversation_id,author,text,timestamp\nc,u,hi,03:20\nc,u,yo,garbage-time\nc,u,ok, \n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        list(read_messages(path))
    assert (err.value.line, err.value.reason) == (3, "field 'timestamp' is not an ISO-8601 time")
    bad = BadRows()
    assert [(m.text, m.sent_at) for m in read_messages(path, bad=bad)] == [
        ("hi", "03:20"),
        ("ok", None),
    ]
    assert bad.count == 1


@pytest.mark.data
@pytest.mark.parametrize("split", ["train", "test"])
def test_real_pan12_sample_csv(data_dir: Path, split: str) -> None:
    path = data_dir / "pan12" / "sample" / f"pan12_{split}_dataset.csv"
    messages = list(read_messages(path))
    assert len(messages) == 999  # 1000 rows with the header
    conversations = read_chat_file(path)
    assert sum(len(c.messages) for c in conversations) == 999
    for c in conversations:
        assert [m.line for m in c.messages] == list(range(1, len(c.messages) + 1))
        assert all(m.message_id == f"{c.id}:{m.line}" for m in c.messages)


# --- round trips ----------------------------------------------------------------------------

_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_:", min_size=1, max_size=12)
_times = st.none() | st.datetimes().map(lambda d: d.isoformat())
_messages = st.lists(
    st.tuples(st.sampled_from(["c1", "c2", "c3"]), _ids, _ids, _times, st.text(max_size=60)),
    min_size=1,
    max_size=15,
)


def _write_jsonl(path: Path, rows: list[tuple[str, str, str, str | None, str]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(dict(zip(GENERIC_FIELDS, row, strict=True)), ensure_ascii=False))
            f.write("\n")


def _write_csv(path: Path, rows: list[tuple[str, str, str, str | None, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GENERIC_FIELDS)
    for c, m, s, t, text in rows:
        writer.writerow([c, m, s, t or "", text])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def _expected(rows: list[tuple[str, str, str, str | None, str]]) -> list[Message]:
    counts: dict[str, int] = {}
    out = []
    for c, m, s, t, text in rows:
        counts[c] = counts.get(c, 0) + 1
        out.append(Message(c, m, s, text, t, counts[c]))
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_messages)
def test_jsonl_and_csv_round_trip(
    tmp_path: Path, rows: list[tuple[str, str, str, str | None, str]]
) -> None:
    jsonl, table = tmp_path / "m.jsonl", tmp_path / "m.csv"
    _write_jsonl(jsonl, rows)
    _write_csv(table, rows)
    expected = _expected(rows)
    assert list(read_messages(jsonl)) == expected
    assert list(read_messages(table)) == expected
    grouped = read_chat_file(table)
    assert [c.id for c in grouped] == list(dict.fromkeys(r[0] for r in rows))
    assert [m for c in grouped for m in c.messages] == sorted(
        expected, key=lambda m: [c.id for c in grouped].index(m.conversation_id)
    )


def test_check_chat_files_refuses_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found before any file is read (root reads any file, so the denial is simulated)."""
    chat = tmp_path / "a.csv"
    chat.write_text("conversation_id,message_id,sender_id,sent_at,text\n")

    def denied(self: Path, *_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(InputError, match=r"a\.csv: cannot open file: Permission denied"):
        check_chat_files([chat], "scan")


# --- a benchmark corpus file given as a chat file -----------------------------------------

CORPUS_CONVERSATION = {
    "id": "chitchat:1",
    "source": "chitchat",
    "split": "test",
    "lang": "en",
    "messages": [
        {"author": "a1", "time": "2018-05-09T23:19:51Z", "text": "hi"},
        {"author": "b2", "time": "23:20", "text": "hey"},
        {"author": "a1", "text": "how are you"},
    ],
    "predators": [],
}


@pytest.mark.parametrize("name", ["conversations.jsonl.gz", "chats.jsonl"])
def test_a_corpus_conversations_file_is_read_as_conversations(tmp_path: Path, name: str) -> None:
    """issue 3: FILE is any format the readers take; the corpus's conversations file failed
    with "missing required field 'conversation_id'"."""
    path = tmp_path / name
    second = {**CORPUS_CONVERSATION, "id": "irc:2", "messages": [{"author": "x", "text": "yo"}]}
    text = "\n".join(json.dumps(r) for r in (CORPUS_CONVERSATION, second)) + "\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    first, other = read_chat_file(path)
    assert [(m.message_id, m.sender_id, m.sent_at, m.line) for m in first.messages] == [
        ("chitchat:1:1", "a1", "2018-05-09T23:19:51Z", 1),
        ("chitchat:1:2", "b2", "23:20", 2),
        ("chitchat:1:3", "a1", None, 3),
    ]
    assert (first.id, first.source, other.id, other.messages[0].text) == (
        "chitchat:1",
        "chitchat",
        "irc:2",
        "yo",
    )
    # read_messages feeds `import`, whose messages need the generic fields: a clear refusal
    with pytest.raises(InputError) as err:
        read_messages(path)
    assert (err.value.line, err.value.reason) == (
        1,
        "a benchmark corpus conversations file (one conversation a line), not chat messages",
    )
    assert "scan and explain read it" in err.value.hint


def test_a_bad_corpus_conversation_follows_the_bad_row_policy(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    broken = {**CORPUS_CONVERSATION, "id": "bad", "messages": [{"text": "no author"}]}
    path.write_text(f"{json.dumps(CORPUS_CONVERSATION)}\n{json.dumps(broken)}\n")
    with pytest.raises(InputError, match=r"c.jsonl:2: message 1: missing required field"):
        read_chat_file(path)
    bad = BadRows()
    assert [c.id for c in read_chat_file(path, bad=bad)] == ["chitchat:1"] and bad.count == 1


def test_a_corpus_streams_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "streams.jsonl"
    stream = {"id": "s", "source": "pj", "split": "train", "role": "ordinary", "lines": ["hi"]}
    path.write_text("\n" + json.dumps(stream) + "\n")
    with pytest.raises(InputError) as err:
        read_chat_file(path)
    assert (err.value.line, err.value.reason) == (
        2,
        "a benchmark corpus streams file (one stream a line), not chat messages",
    )
    assert "--data DIR" in err.value.hint
