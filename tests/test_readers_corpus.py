"""Corpus readers: the benchmark's streams, conversations and segments files."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
from collections import Counter
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from types import ModuleType

import pytest

from lurewatch import Conversation, InputError, Message, Segment, Stream
from lurewatch._paths import DATA_HINT
from lurewatch.readers import (
    CORPUS_FILES,
    BadRows,
    corpus_file,
    has_segments,
    read_conversations,
    read_feedback,
    read_segments,
    read_streams,
)

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def _load_make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", FIXTURES / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    return _load_make_corpus()


def _write_corpus(root: Path, name: str, records: Iterable[object]) -> Path:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return path


# --- the synthetic fixture corpus ---------------------------------------------------------


def test_fixture_streams_follow_the_schema() -> None:
    streams = list(read_streams(CORPUS))
    assert all(isinstance(s, Stream) for s in streams)
    roles = Counter((s.source, s.role) for s in streams)
    assert roles[("pj", "predator")] == 40
    assert roles[("pj", "decoy")] == 40
    ordinary = [s for s in streams if s.role == "ordinary"]
    assert len(ordinary) == 120
    assert {s.source for s in ordinary} == {"chitchat", "irc-ubuntu", "nus-sms", "conda", "nps"}
    assert {s.split for s in streams} == {"train", "test"}
    assert all(10 <= len(s.lines) <= 60 for s in streams)
    assert all(
        isinstance(s.lines, tuple) and all(isinstance(x, str) for x in s.lines) for s in streams
    )
    assert len({s.id for s in streams}) == len(streams)


def test_fixture_groups_tie_each_predator_to_a_decoy_on_the_same_split() -> None:
    by_group: dict[str, list[Stream]] = {}
    for s in read_streams(CORPUS, sources=["pj"]):
        by_group.setdefault(s.group, []).append(s)
    assert len(by_group) == 40
    for members in by_group.values():
        assert sorted(m.role for m in members) == ["decoy", "predator"]
        assert len({m.split for m in members}) == 1


def test_fixture_splits_are_roughly_60_40_and_eval_only_sources_are_test() -> None:
    streams = list(read_streams(CORPUS))
    groups = {s.group: s.split for s in streams if s.source in ("pj", "chitchat", "irc-ubuntu")}
    train_share = sum(split == "train" for split in groups.values()) / len(groups)
    assert 0.45 < train_share < 0.75
    assert {s.split for s in streams if s.source in ("conda", "nps")} == {"test"}


def test_pan12_author_may_be_a_string_null_or_missing() -> None:
    predators = list(read_streams(CORPUS, sources={"pj"}))
    authors = [s.pan12_author for s in predators if s.is_predator]
    assert any(a is None for a in authors)
    assert any(isinstance(a, str) and len(a) == 32 for a in authors)
    raw = gzip.decompress((CORPUS / "corpus" / "streams.jsonl.gz").read_bytes()).decode()
    records = [json.loads(line) for line in raw.splitlines()]
    assert any("pan12_author" not in r for r in records if r["role"] == "predator")
    assert any(r.get("pan12_author", 0) is None for r in records)


def test_split_and_source_filters() -> None:
    test_pj = list(read_streams(CORPUS, split="test", sources=["pj"]))
    assert test_pj and all(s.split == "test" and s.source == "pj" for s in test_pj)
    everything = list(read_streams(CORPUS))
    assert len(test_pj) == sum(s.split == "test" and s.source == "pj" for s in everything)
    # a lone string is one source name, not a set of characters
    assert [s.id for s in read_streams(CORPUS, sources="nps")] == [
        s.id for s in everything if s.source == "nps"
    ]
    assert list(read_streams(CORPUS, sources=[])) == []
    assert list(read_streams(CORPUS, split="nonexistent")) == []


def test_fixture_conversations_become_messages() -> None:
    conversations = list(read_conversations(CORPUS))
    assert 50 <= len(conversations) <= 70
    assert all(isinstance(c, Conversation) for c in conversations)
    assert all(c.predators == frozenset() for c in conversations)
    for c in conversations:
        assert len({m.sender_id for m in c.messages}) >= 2
        for i, m in enumerate(c.messages, start=1):
            assert isinstance(m, Message)
            assert m.conversation_id == c.id
            assert m.message_id == f"{c.id}:{i}"
            assert m.line == i
    nps = next(read_conversations(CORPUS, sources=["nps"]))
    assert all(m.sent_at is None for m in nps.messages)
    chitchat = next(read_conversations(CORPUS, sources=["chitchat"]))
    assert all(m.sent_at and m.sent_at.endswith("Z") for m in chitchat.messages)


def test_conversation_fields_map_onto_the_record(tmp_path: Path) -> None:
    record = {
        "id": "c1",
        "source": "chitchat",
        "split": "train",
        "lang": "en",
        "messages": [
            {"author": "a", "time": "2018-05-09T23:19:51Z", "text": "hi"},
            {"author": "b", "text": "hello"},
            {"author": 7, "time": 1854, "text": "gg"},
        ],
        "predators": ["a"],
    }
    _write_corpus(tmp_path, "conversations", [record])
    (conv,) = read_conversations(tmp_path)
    assert conv.id == "c1" and conv.source == "chitchat" and conv.split == "train"
    assert conv.predators == frozenset({"a"})
    assert conv.messages == [
        Message("c1", "c1:1", "a", "hi", "2018-05-09T23:19:51Z", 1),
        Message("c1", "c1:2", "b", "hello", None, 2),
        Message("c1", "c1:3", "7", "gg", "1854", 3),
    ]


def test_fixture_segments() -> None:
    segments = list(read_segments(CORPUS))
    assert all(isinstance(s, Segment) for s in segments)
    assert Counter(s.lang for s in segments) == {"en": 40, "de": 40}
    assert {s.label for s in segments} == {0, 1}
    assert {s.source for s in segments} == {"vtpan"}
    de = list(read_segments(CORPUS, sources=["vtpan"]))
    assert any("wie" in s.text for s in de if s.lang == "de")


def test_corpus_file_and_has_segments(tmp_path: Path) -> None:
    assert corpus_file(CORPUS, "streams") == CORPUS / "corpus" / "streams.jsonl.gz"
    assert has_segments(CORPUS)
    assert not has_segments(tmp_path)
    assert corpus_file(tmp_path, "segments") is None
    (tmp_path / "corpus").mkdir()
    plain = tmp_path / "corpus" / "segments.jsonl"
    plain.write_text(
        json.dumps(
            {"id": "s", "source": "vtpan", "split": "test", "lang": "en", "label": 1, "text": "t"}
        )
        + "\n"
    )
    assert corpus_file(tmp_path, "segments") == plain
    assert [s.id for s in read_segments(tmp_path)] == ["s"]
    with pytest.raises(ValueError, match="unknown corpus file"):
        corpus_file(CORPUS, "nope")
    assert CORPUS_FILES == ("streams", "conversations", "segments")


@pytest.mark.parametrize("reader", [read_streams, read_conversations, read_segments])
def test_missing_corpus_file_names_it_and_the_layout(tmp_path: Path, reader: object) -> None:
    with pytest.raises(InputError) as err:
        reader(tmp_path)  # type: ignore[operator]
    assert err.value.path.startswith(str(tmp_path / "corpus"))
    assert err.value.path.endswith(".jsonl.gz")
    assert err.value.hint == DATA_HINT
    assert "missing corpus file" in str(err.value)


def test_missing_labels_file_says_where_export_labels_output_goes(tmp_path: Path) -> None:
    """A --labels directory is no benchmark data dir: LUREWATCH_DATA and --data are no help."""
    with pytest.raises(InputError) as err:
        read_feedback(tmp_path)
    assert err.value.path == str(tmp_path / "corpus" / "conversations.jsonl")
    assert "export-labels --out DIR/corpus/conversations.jsonl" in err.value.hint
    assert "LUREWATCH_DATA" not in str(err.value)


def test_missing_segments_only(tmp_path: Path) -> None:
    for name in ("streams", "conversations"):
        shutil.copy(CORPUS / "corpus" / f"{name}.jsonl.gz", _dir(tmp_path) / f"{name}.jsonl.gz")
    assert not has_segments(tmp_path)
    assert next(read_streams(tmp_path)).id
    with pytest.raises(InputError, match=r"segments\.jsonl\.gz"):
        read_segments(tmp_path)


def _dir(root: Path) -> Path:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_bad_records_are_counted_and_good_ones_kept(tmp_path: Path) -> None:
    good = {
        "id": "x:1",
        "source": "chitchat",
        "split": "train",
        "role": "ordinary",
        "group": "x:1",
        "lang": "en",
        "lines": ["a", "b"],
    }
    bad_rows = [
        {**good, "role": "villain"},
        {**good, "lines": "not a list"},
        {**good, "lines": ["ok", 3]},
        {k: v for k, v in good.items() if k != "group"},
        {**good, "pan12_author": 12},
        [1, 2],
    ]
    _write_corpus(tmp_path, "streams", [good, *bad_rows, {**good, "id": "x:2"}])
    bad = BadRows()
    assert [s.id for s in read_streams(tmp_path, bad=bad)] == ["x:1", "x:2"]
    assert bad.count == len(bad_rows)
    reasons = [r for _, _, r in bad.examples]
    assert "field 'role' must be one of decoy, ordinary, predator" in reasons
    assert "missing required field 'group'" in reasons
    assert "expected a JSON object, got array" in reasons
    assert [line for _, line, _ in bad.examples] == [2, 3, 4, 5, 6, 7]
    with pytest.raises(InputError) as err:
        list(read_streams(tmp_path))
    assert err.value.line == 2


def test_bad_segment_label_and_message(tmp_path: Path) -> None:
    seg = {"id": "s", "source": "vtpan", "split": "test", "lang": "en", "label": 1, "text": "t"}
    _write_corpus(tmp_path, "segments", [seg, {**seg, "label": 2}, {**seg, "label": True}])
    bad = BadRows()
    assert len(list(read_segments(tmp_path, bad=bad))) == 1
    assert bad.count == 2
    conv = {"id": "c", "source": "nps", "split": "test", "lang": "en", "messages": []}
    _write_corpus(
        tmp_path,
        "conversations",
        [
            conv,
            {**conv, "messages": [{"author": "a"}]},
            {**conv, "messages": [{"author": "a", "text": "x", "time": [1]}]},
            {**conv, "messages": ["hi"]},
            {**conv, "messages": None},
        ],
    )
    bad = BadRows()
    assert [c.messages for c in read_conversations(tmp_path, bad=bad)] == [[]]
    assert [r for _, _, r in bad.examples] == [
        "message 1: missing required field 'text'",
        "message 1: message field 'time' must be a string, number or null",
        "message 1 must be an object",
        "missing required field 'messages'",
    ]


def test_unpaired_surrogates_are_bad_records(tmp_path: Path) -> None:
    # json.loads accepts "\\ud800"; the text would crash whatever prints or stores it later
    good = {"id": "a", "source": "s", "split": "train", "role": "ordinary", "group": "a"}
    good |= {"lang": "en", "lines": ["x"]}
    _write_corpus(
        tmp_path,
        "streams",
        [good, {**good, "lines": ["x", "y\ud800"]}, {**good, "pan12_author": "\udfff"}],
    )
    bad = BadRows()
    assert len(list(read_streams(tmp_path, bad=bad))) == 1
    assert [(line, reason) for _, line, reason in bad.examples] == [
        (2, "field 'lines' item 2 holds an unpaired surrogate, which is not valid Unicode"),
        (3, "field 'pan12_author' holds an unpaired surrogate, which is not valid Unicode"),
    ]
    conv = {"id": "c", "source": "nps", "split": "test", "lang": "en"}
    _write_corpus(
        tmp_path,
        "conversations",
        [{**conv, "messages": [{"author": "a", "text": "x", "time": "1\ud800"}]}],
    )
    with pytest.raises(InputError) as err:
        list(read_conversations(tmp_path))
    assert err.value.reason == (
        "message 1: field 'time' holds an unpaired surrogate, which is not valid Unicode"
    )


def test_a_corpus_file_of_only_bad_records_is_refused(tmp_path: Path) -> None:
    seg = {"id": "s", "source": "vtpan", "split": "test", "lang": "en", "label": 2, "text": "t"}
    _write_corpus(tmp_path, "segments", [seg, seg])
    with pytest.raises(InputError, match="no valid rows: skipped 2 bad rows, the first at line 1"):
        list(read_segments(tmp_path, bad=BadRows()))
    _write_corpus(tmp_path, "segments", [seg, {**seg, "label": 1}])
    assert (
        list(read_segments(tmp_path, split="train", bad=BadRows())) == []
    )  # filtered out is not bad


def test_records_longer_than_the_cap_are_rejected(tmp_path: Path) -> None:
    small = {"id": "a", "source": "s", "split": "train", "role": "ordinary", "group": "a"}
    rows = [{**small, "lang": "en", "lines": ["x" * n]} for n in (10, 5000, 20)]
    _write_corpus(tmp_path, "streams", rows)
    bad = BadRows()
    kept = list(read_streams(tmp_path, bad=bad, max_line_bytes=1000))
    assert [len(s.lines[0]) for s in kept] == [10, 20]
    assert bad.examples == [
        (str(tmp_path / "corpus" / "streams.jsonl.gz"), 2, "line is longer than 1000 bytes")
    ]


# --- the fixture generator ----------------------------------------------------------------


def test_committed_fixture_matches_the_generator(make_corpus: ModuleType) -> None:
    records = make_corpus.build_records()
    for name in CORPUS_FILES:
        committed = (CORPUS / "corpus" / f"{name}.jsonl.gz").read_bytes()
        assert committed[4:8] == b"\0\0\0\0", "gzip mtime must be 0 for reproducible files"
        assert gzip.decompress(committed) == make_corpus.encode(records[name]), (
            f"{name}: run python tests/fixtures/make_corpus.py and commit the result"
        )


def test_generator_is_deterministic_and_small(make_corpus: ModuleType, tmp_path: Path) -> None:
    first = make_corpus.write(tmp_path / "a")
    second = make_corpus.write(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert sum(p.stat().st_size for p in first) < 100_000
    assert make_corpus.build_records(seed=1) != make_corpus.build_records()
    assert [s.id for s in read_streams(tmp_path / "a")] == [s.id for s in read_streams(CORPUS)]


def test_fixture_text_is_only_invented_vocabulary(make_corpus: ModuleType) -> None:
    predator_lines = {
        line for s in read_streams(CORPUS, sources=["pj"]) if s.is_predator for line in s.lines
    }
    assert predator_lines <= set(make_corpus.GROOMING) | set(make_corpus.NEUTRAL)
    decoy_lines = {
        line for s in read_streams(CORPUS, sources=["pj"]) if s.role == "decoy" for line in s.lines
    }
    assert decoy_lines <= set(make_corpus.DECOY)


# --- the real benchmark data --------------------------------------------------------------


@pytest.mark.data
def test_real_streams_parse(data_dir: Path) -> None:
    streams = list(islice(read_streams(data_dir), 200))
    assert len(streams) == 200
    assert all(s.role in ("predator", "decoy", "ordinary") and s.lines for s in streams)


@pytest.mark.data
def test_real_conversations_and_segments_parse(data_dir: Path) -> None:
    conversations = list(islice(read_conversations(data_dir), 200))
    assert len(conversations) == 200
    assert all(c.messages and c.messages[0].line == 1 for c in conversations)
    assert has_segments(data_dir)
    segments = list(islice(read_segments(data_dir), 200))
    assert len(segments) == 200 and {s.label for s in segments} <= {0, 1}


@pytest.mark.data
def test_real_stream_records_over_1_mb_are_read(data_dir: Path) -> None:
    # Records 163 and 275 of the real streams file hold single authors with > 1 MB of lines:
    # the corpus cap (MAX_RECORD_BYTES) must admit them, unlike the 1 MB cap of chat files.
    bad = BadRows()
    assert len(list(islice(read_streams(data_dir, bad=bad), 300))) == 300
    assert bad.count == 0


def test_the_data_not_found_error_names_each_place_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run from the project's folder, `../shared/data` and the one beside the project are
    the same place: the error named it twice."""
    from lurewatch import _paths
    from lurewatch._errors import DataNotFoundError

    project = Path(_paths.__file__).resolve().parents[2]
    monkeypatch.delenv("LUREWATCH_DATA", raising=False)
    monkeypatch.chdir(project)
    assert _paths._candidates() == [project.parent / "shared" / "data"]
    monkeypatch.setattr(Path, "is_dir", lambda self: False)
    with pytest.raises(DataNotFoundError) as error:
        _paths.find_data_dir()
    assert f"(tried {project.parent / 'shared' / 'data'}):" in str(error.value)
