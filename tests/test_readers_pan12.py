"""PAN12 official formats: corpus XML, predator / problem-1 id lists, problem-2 line lists."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from lurewatch import InputError, Message
from lurewatch.readers import (
    MAX_LINE_BYTES,
    BadRows,
    Pan12Files,
    find_pan12_files,
    read_pan12_author_ids,
    read_pan12_lines,
    read_pan12_xml,
)

FIXTURES = Path(__file__).parent / "fixtures" / "pan12"
TRAIN_XML = (
    FIXTURES / "train" / "pan12-sexual-predator-identification-training-corpus-2012-05-01.xml"
)
TEST_DIR = FIXTURES / "test"


def _xml(tmp_path: Path, body: str, name: str = "corpus.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _message(line: int | str | None, author: str | None = "a", text: str = "hi") -> str:
    attr = "" if line is None else f' line="{line}"'
    who = "" if author is None else f"<author>{author}</author>"
    return f"<message{attr}>{who}<time>10:00</time><text>{text}</text></message>\n"


# --- reading the XML ----------------------------------------------------------------------


def test_fixture_xml_conversations_and_messages() -> None:
    conversations = list(read_pan12_xml(TRAIN_XML))
    assert [c.id for c in conversations] == [
        "c0000000000000000000000000000001",
        "c0000000000000000000000000000002",
        "c0000000000000000000000000000003",
    ]
    first = conversations[0]
    assert first.source == "pan12"
    assert [m.line for m in first.messages] == [1, 2, 3, 4, 5]
    assert first.messages[0] == Message(
        conversation_id=first.id,
        message_id=f"{first.id}:1",
        sender_id="a0000000000000000000000000000001",
        text="hey",
        sent_at="20:48",
        line=1,
    )
    assert first.messages[3].text == ""  # <text />
    assert first.messages[4].text == "dont tell your mom & dad ok"  # entity decoded
    second = conversations[1]
    assert second.messages[1].sent_at is None  # no <time>
    assert second.messages[2].text == ""  # no <text>
    assert conversations[2].messages == []


def test_unicode_and_tab_indentation(tmp_path: Path) -> None:
    conversations = list(read_pan12_xml(TEST_DIR / _corpus_name(TEST_DIR)))
    assert len(conversations) == 2
    assert "ünïcödé" in conversations[1].messages[0].text


def _corpus_name(directory: Path) -> str:
    return next(p.name for p in directory.iterdir() if p.suffix == ".xml")


def test_text_is_kept_verbatim(tmp_path: Path) -> None:
    body = (
        '<conversations><conversation id="c">'
        + _message(1, text="  two  spaces ")
        + ("</conversation></conversations>")
    )
    (conv,) = read_pan12_xml(_xml(tmp_path, body))
    assert conv.messages[0].text == "  two  spaces "


def test_gzip_xml_reads_the_same(tmp_path: Path) -> None:
    gz = tmp_path / "corpus.xml.gz"
    gz.write_bytes(gzip.compress(TRAIN_XML.read_bytes()))
    assert list(read_pan12_xml(gz)) == list(read_pan12_xml(TRAIN_XML))


def test_xml_streams_conversations_before_the_end(tmp_path: Path) -> None:
    conv = '<conversation id="c{}">' + _message(1) + "</conversation>\n"
    body = "<conversations>\n" + "".join(conv.format(i) for i in range(3000))
    body += "<conversation id='broken'><message line='1'>\n<</conversations>\n"
    reader = read_pan12_xml(_xml(tmp_path, body))
    assert next(reader).id == "c0"  # yielded before the parser reaches the broken tail
    seen = 1
    with pytest.raises(InputError) as err:
        for _ in reader:
            seen += 1
    assert seen == 3000
    assert err.value.line == 2 * 3000 + 3


def test_malformed_xml_names_the_parser_line(tmp_path: Path) -> None:
    body = "<conversations>\n<conversation id='c'>\n" + _message(1) + "<message line='2'>\n</oops>"
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(_xml(tmp_path, body), bad=BadRows()))
    assert err.value.line == 5
    assert "malformed XML: mismatched tag" in err.value.reason
    assert "skip-bad cannot" in err.value.hint


def test_truncated_xml(tmp_path: Path) -> None:
    body = "<conversations>\n<conversation id='c'>\n" + _message(1)
    with pytest.raises(InputError, match="malformed XML"):
        list(read_pan12_xml(_xml(tmp_path, body)))


def test_invalid_utf8_in_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.xml"
    path.write_bytes(
        b"<conversations>\n<conversation id='c'>\n<message line='1'><author>a</author>"
        b"<text>\xff\xfe</text></message>\n</conversation></conversations>\n"
    )
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(path))
    assert err.value.line == 3
    assert "\xff" not in str(err.value)


def test_wrong_root_element(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="root element is <html>") as err:
        list(read_pan12_xml(_xml(tmp_path, "<html><body/></html>")))
    assert "<conversations>" in err.value.hint
    assert "directory" not in err.value.hint  # a single file, not the directory layout


def test_message_time_must_be_a_time(tmp_path: Path) -> None:
    body = (
        '<conversations>\n<conversation id="c">\n'
        + _message(1)
        + _message(2).replace("10:00", "garbage-time")
        + _message(3).replace("10:00", "2024")
        + _message(4).replace("<time>10:00</time>", "<time> </time>")
        + "</conversation>\n</conversations>\n"
    )
    path = _xml(tmp_path, body)
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(path))
    assert (err.value.line, err.value.reason) == (4, "<time> is not a time (HH:MM or ISO 8601)")
    bad = BadRows()
    [conversation] = read_pan12_xml(path, bad=bad)
    assert [(m.line, m.sent_at) for m in conversation.messages] == [(1, "10:00"), (4, None)]
    assert [line for _, line, _ in bad.examples] == [4, 5]


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    body = '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x "boom">]>\n<conversations/>'
    with pytest.raises(InputError, match="entity declarations"):
        list(read_pan12_xml(_xml(tmp_path, body)))


def test_bad_messages_and_conversations_follow_the_policy(tmp_path: Path) -> None:
    body = (
        "<conversations>\n"  # line 1
        '<conversation id="ok">\n'  # 2
        + _message(1)  # 3
        + _message(None)  # 4: no line attribute
        + _message("x")  # 5: not an integer
        + _message(0)  # 6: below 1
        + _message(5, author=None)  # 7: no author
        + _message(6, author="  ")  # 8: blank author
        + _message(7)  # 9
        + "</conversation>\n"  # 10
        '<conversation id="">\n'  # 11: no id -> whole conversation skipped
         + _message(1) + "</conversation>\n"
        "<conversation>\n"  # 14: no id attribute at all
         + _message(1) + "</conversation>\n"
        '<conversation id="last">\n' + _message(1) + "</conversation>\n</conversations>\n"
    )
    path = _xml(tmp_path, body)
    bad = BadRows()
    conversations = list(read_pan12_xml(path, bad=bad))
    assert [c.id for c in conversations] == ["ok", "last"]
    assert [m.line for m in conversations[0].messages] == [1, 7]
    assert bad.count == 7
    assert [(line, reason) for _, line, reason in bad.examples] == [
        (4, "<message> has no line attribute"),
        (5, "<message> line attribute is not an integer"),
        (6, "<message> line attribute must be 1 or more"),
        (7, "<message> has no author"),
        (8, "<message> has no author"),
        (11, "<conversation> has no id attribute; skipped with its 1 message"),
        (14, "<conversation> has no id attribute; skipped with its 1 message"),
    ]
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(path))
    assert (err.value.line, err.value.reason) == (4, "<message> has no line attribute")
    assert "--skip-bad" in err.value.hint


def _long_text_corpus(tmp_path: Path) -> Path:
    """A corpus whose message at line 4 has a <text> over the line limit, on its own line."""
    text = "x" * (MAX_LINE_BYTES + 100)
    body = (
        "<conversations>\n<conversation id='c'>\n"  # lines 1-2
        + _message(1)  # 3
        + f"<message line='2'><author>b</author><time>10:01</time>\n<text>{text}</text>\n"
        + "</message>\n"  # 4-6
        + _message(3)  # 7
        + "</conversation>\n</conversations>\n"
    )
    return _xml(tmp_path, body)


def test_an_over_long_line_names_file_and_line_as_the_other_readers_do(tmp_path: Path) -> None:
    path = _long_text_corpus(tmp_path)
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(path))
    assert (err.value.line, err.value.reason) == (5, "line is longer than 1048576 bytes")
    assert str(err.value).startswith(f"{path}:5: line is longer than 1048576 bytes")
    assert "--skip-bad" in err.value.hint


def test_skip_bad_skips_the_message_an_over_long_line_is_part_of(tmp_path: Path) -> None:
    path = _long_text_corpus(tmp_path)
    bad = BadRows()
    [conversation] = read_pan12_xml(path, bad=bad)
    assert [m.line for m in conversation.messages] == [1, 3]
    assert (bad.count, bad.examples) == (1, [(str(path), 5, "line is longer than 1048576 bytes")])


def test_skip_bad_skips_every_message_on_an_over_long_line(tmp_path: Path) -> None:
    """XML written on one line: every message is part of the over-long line."""
    messages = "".join(_message(i, text="y" * 1000).strip() for i in range(1, 1200))
    path = tmp_path / "one-line.xml"
    path.write_text(
        f"<conversations><conversation id='c'>{messages}</conversation></conversations>"
    )
    bad = BadRows()
    with pytest.raises(
        InputError, match="no valid rows: skipped 1199 bad rows, the first at line 1"
    ):
        list(read_pan12_xml(path, bad=bad))


def test_an_over_long_line_outside_any_message_is_refused_even_with_skip_bad(
    tmp_path: Path,
) -> None:
    body = (
        "<conversations>\n<conversation id='c'>\n"
        + _message(1)
        + "<!--"
        + "z" * (MAX_LINE_BYTES + 1)
        + "-->\n</conversation>\n</conversations>\n"
    )
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(_xml(tmp_path, body), bad=BadRows()))
    assert (err.value.line, err.value.reason) == (4, "line is longer than 1048576 bytes")
    assert "part of none" in err.value.hint


def test_a_skipped_conversation_counts_every_message_it_held(tmp_path: Path) -> None:
    """Skipped for its missing id, a conversation drops all its messages: the count (and the
    summary a user reads) must not say one row."""
    body = (
        "<conversations>\n<conversation>\n"  # line 2: no id
        + "".join(_message(line) for line in range(1, 5))
        + '</conversation>\n<conversation id="ok">\n'
        + _message(1)
        + "</conversation>\n</conversations>\n"
    )
    path = _xml(tmp_path, body)
    bad = BadRows()
    assert [c.id for c in read_pan12_xml(path, bad=bad)] == ["ok"]
    assert bad.count == 4
    assert bad.examples == [
        (str(path), 2, "<conversation> has no id attribute; skipped with its 4 messages")
    ]
    assert bad.summary().startswith("skipped 4 bad rows")


def test_official_ids_refuse_whitespace_naming_the_line(tmp_path: Path) -> None:
    """PAN12's submission files separate fields by whitespace: for them an id with a space
    is a bad row of the corpus, found as it is read, not when the files are written."""
    body = (
        '<conversations>\n<conversation id="conv one">\n'  # line 2
        + _message(1)
        + '</conversation>\n<conversation id="c2">\n'
        + _message(1, author="bad guy")  # line 6
        + _message(2)
        + "</conversation>\n</conversations>\n"
    )
    path = _xml(tmp_path, body)
    assert [c.id for c in read_pan12_xml(path)] == ["conv one", "c2"]  # other uses keep them
    with pytest.raises(InputError) as err:
        list(read_pan12_xml(path, official_ids=True))
    assert err.value.line == 2 and "<conversation> id has whitespace" in err.value.reason
    bad = BadRows()
    conversations = list(read_pan12_xml(path, bad=bad, official_ids=True))
    assert [(c.id, [m.line for m in c.messages]) for c in conversations] == [("c2", [2])]
    assert [(line, reason.split(",")[0]) for _, line, reason in bad.examples] == [
        (2, "<conversation> id has whitespace"),
        (6, "<author> has whitespace"),
    ]


def test_empty_and_missing_xml(tmp_path: Path) -> None:
    for content in ("", "  \n\n"):
        with pytest.raises(InputError, match="file is empty"):
            list(read_pan12_xml(_xml(tmp_path, content), bad=BadRows()))
    for content in ("<conversations/>", '<conversations><conversation id="c"/></conversations>'):
        with pytest.raises(InputError, match="file has no messages"):
            list(read_pan12_xml(_xml(tmp_path, content), bad=BadRows()))
    only_bad = (
        '<conversations><conversation id="c">' + _message(0) + "</conversation></conversations>"
    )
    with pytest.raises(InputError, match="no valid rows: skipped 1 bad row, the first at line 1"):
        list(read_pan12_xml(_xml(tmp_path, only_bad), bad=BadRows()))
    with pytest.raises(InputError, match="no such file"):
        read_pan12_xml(tmp_path / "absent.xml")


# --- ground-truth files -------------------------------------------------------------------


def test_author_ids_ignore_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("aa\n\n  bb  \r\ncc", encoding="utf-8")
    assert read_pan12_author_ids(path) == {"aa", "bb", "cc"}
    assert read_pan12_author_ids(TEST_DIR / _named(TEST_DIR, "problem1")) == {
        "e0000000000000000000000000000005"
    }


def _named(directory: Path, part: str) -> str:
    return next(p.name for p in directory.iterdir() if part in p.name)


def test_author_ids_reject_bad_lines_and_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("aa\nbb cc\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_pan12_author_ids(path)
    assert err.value.line == 2
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="file is empty"):
        read_pan12_author_ids(path)
    with pytest.raises(InputError, match="no such file"):
        read_pan12_author_ids(tmp_path / "absent.txt")


def test_problem2_lines(tmp_path: Path) -> None:
    assert read_pan12_lines(TEST_DIR / _named(TEST_DIR, "problem2")) == {
        ("t0000000000000000000000000000001", 3),
        ("t0000000000000000000000000000001", 4),
    }
    path = tmp_path / "p2.txt"
    path.write_text("c1\t1\n\nc1\t2\nc2\t10\n", encoding="utf-8")
    assert read_pan12_lines(path) == {("c1", 1), ("c1", 2), ("c2", 10)}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("c1\t1\nc1\n", "expected 'conversation-id<TAB>line'"),
        ("c1\t1\nc1\t2\t3\n", "expected 'conversation-id<TAB>line'"),
        ("c1\t1\nc1\tx\n", "line number is not an integer"),
        ("c1\t1\nc1\t0\n", "line number must be 1 or more"),
    ],
)
def test_problem2_bad_lines(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "p2.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_pan12_lines(path)
    assert (err.value.line, err.value.reason) == (2, reason)


# --- finding the files --------------------------------------------------------------------


def test_find_files_in_training_layout() -> None:
    files = find_pan12_files(FIXTURES / "train")
    assert files == Pan12Files(
        corpus=TRAIN_XML,
        predators=FIXTURES
        / "train"
        / "pan12-sexual-predator-identification-training-corpus-predators-2012-05-01.txt",
        problem2=None,
    )


def test_find_files_in_test_layout() -> None:
    files = find_pan12_files(TEST_DIR)
    assert files.corpus.name == "pan12-sexual-predator-identification-test-corpus-2012-05-17.xml"
    assert files.predators is not None and "groundtruth-problem1" in files.predators.name
    assert files.problem2 is not None and "groundtruth-problem2" in files.problem2.name


def test_find_files_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        find_pan12_files(tmp_path / "absent")
    with pytest.raises(InputError, match="no PAN12 corpus XML"):
        find_pan12_files(tmp_path)
    for name in ("a-corpus-1.xml", "b-corpus-2.xml"):
        shutil.copy(TRAIN_XML, tmp_path / name)
    with pytest.raises(InputError, match="several corpus XML files"):
        find_pan12_files(tmp_path)
    (tmp_path / "b-corpus-2.xml").unlink()
    (tmp_path / "x-groundtruth-problem1.txt").write_text("a\n")
    (tmp_path / "x-predators.txt").write_text("a\n")
    with pytest.raises(InputError, match="several predator"):
        find_pan12_files(tmp_path)


def test_find_files_accepts_gzip_corpus(tmp_path: Path) -> None:
    (tmp_path / "pan12-test-corpus.xml.gz").write_bytes(gzip.compress(TRAIN_XML.read_bytes()))
    files = find_pan12_files(tmp_path)
    assert files.corpus.name == "pan12-test-corpus.xml.gz"
    assert files.predators is None and files.problem2 is None


# --- the real toy excerpts ----------------------------------------------------------------


@pytest.mark.data
def test_real_toy_train(data_dir: Path) -> None:
    files = find_pan12_files(data_dir / "pan12" / "toy.train")
    assert files.predators is not None and files.problem2 is None
    conversations = list(read_pan12_xml(files.corpus))
    assert len(conversations) >= 16
    authors = {m.sender_id for c in conversations for m in c.messages}
    predators = read_pan12_author_ids(files.predators)
    assert predators and predators <= authors
    assert all(m.line >= 1 for c in conversations for m in c.messages)


@pytest.mark.data
def test_real_toy_test(data_dir: Path) -> None:
    files = find_pan12_files(data_dir / "pan12" / "toy.test")
    assert files.predators is not None and files.problem2 is not None
    conversations = list(read_pan12_xml(files.corpus))
    assert len(conversations) == 9
    present = {(c.id, m.line) for c in conversations for m in c.messages}
    assert read_pan12_lines(files.problem2) <= present
    assert read_pan12_author_ids(files.predators)


@pytest.mark.data
def test_real_official_label_files(data_dir: Path) -> None:
    official = data_dir / "pan12" / "official"
    training = read_pan12_author_ids(official / _named(official, "predators"))
    problem1 = read_pan12_author_ids(official / _named(official, "problem1"))
    assert (len(training), len(problem1)) == (142, 254)
