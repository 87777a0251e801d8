"""MessageFeaturizer reproduces, column for column, the scikit-learn pipeline of the weights."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer

from lurewatch.engine import features
from lurewatch.engine.features import MessageFeaturizer, char_wb_ngrams, hash_index
from lurewatch.engine.normalise import normalise
from lurewatch.readers import read_streams

FIXTURES = Path(__file__).parent / "fixtures"

TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"


def reference(
    texts: Sequence[str],
    n_features: int = 2**20,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 4),
) -> sp.csr_matrix:
    """The original implementation: two HashingVectorizers, summed, log1p, L2 per row."""
    common = {"n_features": n_features, "alternate_sign": False, "norm": None}
    words = HashingVectorizer(
        ngram_range=word_ngrams,
        lowercase=False,
        token_pattern=TOKEN_PATTERN,
        dtype=np.float32,
        **common,
    )
    chars = HashingVectorizer(
        analyzer="char_wb", ngram_range=char_ngrams, lowercase=False, dtype=np.float32, **common
    )
    clean = [normalise(t) for t in texts]
    matrix = (words.transform(clean) + chars.transform(clean)).tocsr()
    np.log1p(matrix.data, out=matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def assert_same(got: sp.csr_matrix, want: sp.csr_matrix) -> None:
    """Same shape, same columns per row, same values up to float32 rounding."""
    assert isinstance(got, sp.csr_matrix)
    assert got.shape == want.shape
    assert got.dtype == np.float32
    assert got.has_canonical_format  # sorted columns, each once
    want = want.copy()
    want.sum_duplicates()
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_allclose(got.data, want.data, rtol=0, atol=1e-6)


def check(texts: Sequence[str], **config: Any) -> None:
    got = MessageFeaturizer(**config).transform(texts)
    assert_same(got, reference(texts, **config))


TRICKY = [
    "",
    " ",
    "   \t\n  ",
    "a",
    "?",
    "ab",
    "a b c",
    "i u a",
    "!!! ??? ...",
    "?!,.;:",
    "hi!how are you?",
    "don't tell ur parents ok?",
    "😀",
    "😀😀 🔥 hi 👋🏽",
    "lol lol lol lol lol lol",
    "hi hi hi hi",
    "x" * 500,
    "supercalifragilisticexpialidocious " * 20,
    "ѕnар me",
    "Straße größer ÇA",
    "日本語のテキスト です",
    "مرحبا كيف حالك",
    "tab\tseparated\nlines\r\nhere",
    "a\u00a0b\u2003c",
    "_ __ ___ a_b",
    "3 13 1337 b4 gr8",
    "http://example.com/x?y=1 me@mail.com",
    "\u200bhidden\u200d zero width",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_messages_one_at_a_time(text: str) -> None:
    check([text])


def test_tricky_messages_in_one_batch() -> None:
    check(TRICKY)
    check(TRICKY[::-1])


def test_empty_batch() -> None:
    got = MessageFeaturizer().transform([])
    assert got.shape == (0, 2**20)
    assert got.nnz == 0


def test_other_configurations() -> None:
    for config in (
        {"n_features": 2**16},
        {"n_features": 1000, "word_ngrams": (1, 3), "char_ngrams": (1, 5)},
        {"n_features": 7, "word_ngrams": (2, 3), "char_ngrams": (3, 3)},
        {"n_features": 2**18, "word_ngrams": (1, 1), "char_ngrams": (4, 6)},
    ):
        check(TRICKY, **config)


def test_hash_index_matches_sklearn_feature_hasher() -> None:
    from sklearn.feature_extraction import FeatureHasher

    grams = ["", " a", "ab ", "😀", "a b", "日本", "\ufffd", "x" * 37]
    for n_features in (2**20, 1000, 7, 1):
        hasher = FeatureHasher(n_features, input_type="string", alternate_sign=False)
        matrix = hasher.transform([[g] for g in grams]).tocsr()
        assert [hash_index(g, n_features) for g in grams] == matrix.indices.tolist()


def test_plain_abs_agrees_with_sklearns_int32_min_special_case() -> None:
    # _hashing_fast.pyx maps h == -2**31 to (2**31 - 1 - (n - 1)) % n; hash_index uses
    # abs(h) % n on Python integers. No short string is known to hash to -2**31, so check
    # the arithmetic itself.
    for n_features in (1, 2, 3, 7, 1000, 2**20, 2**20 + 1, 2**31 - 1):
        assert (2147483647 - (n_features - 1)) % n_features == abs(-(2**31)) % n_features


def test_char_ngrams_follow_the_short_word_rule() -> None:
    analyzer = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    for word in ["a", "ab", "abc", "abcdef", "😀"]:
        assert char_wb_ngrams(word, (2, 4)) == analyzer(word)
    assert char_wb_ngrams("a", (4, 5)) == [" a "]


def test_logits_equal_matrix_product() -> None:
    rng = np.random.default_rng(0)
    coef = rng.normal(size=2**20).astype(np.float32)
    featurizer = MessageFeaturizer()
    want = np.asarray(reference(TRICKY) @ coef, dtype=np.float64) + 0.25
    np.testing.assert_allclose(featurizer.logits(TRICKY, coef, 0.25), want, atol=1e-5)
    for text, expected in zip(TRICKY, want, strict=True):
        got = featurizer.logits([text], coef, 0.25)
        assert got.shape == (1,)
        assert got[0] == pytest.approx(expected, abs=1e-5)
    assert featurizer.logits([], coef, 0.25).shape == (0,)


def test_memos_stay_bounded_and_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "_LIMITS", {"words": 8, "strings": 16, "pairs": 4})
    n_features = 4099  # a configuration no other test uses: fresh memos
    texts = [*TRICKY, *(f"word{i} w{i % 7} ok?" for i in range(50))]
    check(texts, n_features=n_features)
    check(texts[::-1], n_features=n_features)
    tables = MessageFeaturizer(n_features)._tables
    assert len(tables.words) <= 8
    assert len(tables.strings) <= 16
    assert len(tables.pairs) <= 4


def test_the_word_memo_holds_long_words_within_its_byte_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pasted blob of 16 KB is one word of about 250 KB of columns: 100,000 of them held
    gigabytes. The memo now holds at most `_WORD_BYTES`, and stays exact."""
    monkeypatch.setattr(features, "_WORD_BYTES", 40_000)
    n_features = 4111  # a configuration no other test uses: fresh memos
    blobs = [f"{i:04d}" + "ab" * 600 for i in range(70)]  # about 19 KB of columns each
    texts = [*blobs, "short words", *(f"w{i} {blob}" for i, blob in enumerate(blobs[:8]))]
    check(texts, n_features=n_features)  # the batch path: `add_many` keeps what fits
    for text in texts[:5]:  # one at a time: `__missing__`
        check([text], n_features=n_features)
    words = MessageFeaturizer(n_features)._tables.words
    assert 0 < words.nbytes <= 40_000
    assert words.nbytes == sum(map(len, words.values()))


def test_a_new_featurizer_reuses_the_memos() -> None:
    first = MessageFeaturizer()
    first.transform(["hello there"])
    assert MessageFeaturizer()._tables is first._tables
    assert MessageFeaturizer(n_features=2**18)._tables is not first._tables


def test_rejects_bad_ranges() -> None:
    with pytest.raises(ValueError, match="char_ngrams"):
        MessageFeaturizer(char_ngrams=(0, 2))
    with pytest.raises(ValueError, match="word_ngrams"):
        MessageFeaturizer(word_ngrams=(2, 1))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_matches_sklearn_on_arbitrary_unicode(texts: list[str]) -> None:
    check(texts)


WORDY = st.text(alphabet=st.sampled_from(list("ab?! \t😀é1")), max_size=60)


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDY, min_size=1, max_size=8))
def test_matches_sklearn_on_repetitive_text(texts: list[str]) -> None:
    check(texts)
    check(texts, n_features=97, word_ngrams=(1, 3), char_ngrams=(1, 3))


def _stream_lines(data_dir: Path, limit: int) -> list[str]:
    lines: list[str] = []
    for stream in read_streams(data_dir):
        lines.extend(stream.lines)
        if len(lines) >= limit:
            break
    return lines[:limit]


def test_matches_sklearn_on_the_fixture_corpus() -> None:
    lines = _stream_lines(FIXTURES / "corpus", 5000)
    assert lines
    check(lines)


@pytest.mark.data
def test_matches_sklearn_on_real_chat(data_dir: Path) -> None:
    lines = _stream_lines(data_dir, 4000)
    check(lines)  # one batch
    for start in range(0, 200, 7):  # and one message at a time
        check(lines[start : start + 1])


# -- hashing a batch's new words together (numpy) -------------------------------------------

WORD = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=" \t\n\r\x0b\x0c"),
    min_size=1,
    max_size=30,
).filter(lambda w: not any(c.isspace() for c in w))


def test_numpy_murmur_on_every_key_length() -> None:
    """Every tail length (0 to 3 bytes after the 4-byte blocks), the empty key, and the
    hash whose ``abs`` needs more than 32 bits."""
    from sklearn.utils import murmurhash3_32

    from lurewatch.engine._murmur import murmur3_rows

    rng = np.random.default_rng(0)
    for length in range(0, 21):
        keys = rng.integers(0, 256, size=(50, length), dtype=np.uint8)
        want = [murmurhash3_32(bytes(row), 0) for row in keys]
        assert murmur3_rows(keys).tolist() == want
    lowest = np.array([-(2**31)], dtype=np.int32)
    assert features._columns(lowest, 1000).tolist() == [2**31 % 1000]


CONFIGS = [
    (2**20, (1, 2), (2, 4)),
    (1000, (1, 3), (1, 5)),
    (7, (2, 3), (3, 3)),
    (2**18, (1, 1), (4, 6)),
    (97, (2, 2), (1, 1)),
]


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORD, min_size=1, max_size=40, unique=True))
def test_words_hashed_together_get_the_columns_of_words_hashed_one_by_one(
    config: features.Config, words: list[str]
) -> None:
    one_by_one, together = features._Tables(config), features._Tables(config)
    together.words.add_many(words)
    for word in words:
        want = np.sort(np.frombuffer(one_by_one.words[word], dtype=np.intc))
        got = np.sort(np.frombuffer(dict.__getitem__(together.words, word), dtype=np.intc))
        np.testing.assert_array_equal(got, want, err_msg=repr(word))


def test_a_batch_of_new_words_is_hashed_together_and_matches_sklearn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    add_many = features._Words.add_many

    def spy(self: Any, words: Sequence[str]) -> None:
        calls.append(len(words))
        add_many(self, words)

    monkeypatch.setattr(features._Words, "add_many", spy)
    texts = [*TRICKY, *(f"w{i}x ok{i}? {i}.{i} ñu{i} 😀{i}" for i in range(120))]
    check(texts, n_features=4111)  # a configuration no other test uses: fresh memos
    assert calls and sum(calls) > features._VECTOR_MIN
    calls.clear()
    check(texts, n_features=4111)  # now memoised: nothing hashed again
    assert not calls
    check(texts[:3], n_features=4127)  # a small batch: one word at a time
    assert not calls


def test_words_hashed_together_keep_the_memo_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "_LIMITS", {"words": 50, "strings": 16, "pairs": 8})
    texts = [f"alpha{i} beta{i} gamma{i}" for i in range(200)]  # 600 new words, one batch
    check(texts, n_features=4133)
    check(texts[::-1], n_features=4133)
    assert len(MessageFeaturizer(4133)._tables.words) <= 50


@settings(max_examples=200, deadline=None)
@given(WORD, WORD)
def test_pair_memo_column_is_the_bigram_across_two_words(left: str, right: str) -> None:
    """The memo's key joins the two words; its column is that of the last token of the
    first, a space and the first token of the second, as scikit-learn's word bigrams."""
    tokens = re.compile(TOKEN_PATTERN)
    pairs = features._Pairs(4, 2**20)
    want = hash_index(f"{tokens.findall(left)[-1]} {tokens.findall(right)[0]}", 2**20)
    assert pairs[f"{left} {right}"] == want
    assert pairs[f"{left} {right}"] == want  # and from the memo


def test_counts_are_scaled_by_log1p_also_past_its_table() -> None:
    """Counts below the table's length are looked up, others computed: the same values."""
    for counts in ([1, 2, 255], [1, 256, 3000]):
        keys = np.repeat(np.arange(len(counts)), counts)
        distinct, values = features._distinct(keys)
        assert distinct.tolist() == list(range(len(counts)))
        assert values.tobytes() == np.log1p(np.array(counts, dtype=np.float64)).tobytes()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_é²?!'.\u0301")), min_size=1, max_size=6))
def test_word_tokens_are_the_token_pattern_s(word: str) -> None:
    """The regex-free cases ("you", "you?") give what the token pattern finds."""
    assert features._word_tokens(word) == re.findall(TOKEN_PATTERN, word)


# Words of two tokens, the case `_Words._token_grams` shortcuts, and others.
TWO_TOKENS = st.builds(
    str.__add__,
    st.text(alphabet=st.sampled_from(list("ab1_é²")), min_size=1, max_size=5),
    st.sampled_from(list("?!.,'\u0301")),
)


@settings(max_examples=300, deadline=None)
@given(TWO_TOKENS | WORD, st.sampled_from([(1, 2), (2, 2), (1, 1), (1, 3), (2, 3)]))
def test_in_word_grams_are_the_sliding_windows(word: str, word_ngrams: tuple[int, int]) -> None:
    """The shortcut for a word of two tokens gives what the general windows give."""
    words = features._Words(8, features._Strings(8, 97), word_ngrams, (2, 4))
    low, high = word_ngrams
    tokens = re.findall(TOKEN_PATTERN, word)
    unigrams, inner = words._token_grams(word)
    assert unigrams == (tokens if low == 1 else [])
    assert inner == (features._context_windows(tokens, low, 2) if high == 2 else [])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("ab ?1")), max_size=12), min_size=1, max_size=9),
    st.sampled_from([1, 2, 97, 2**20]),
)
def test_rows_and_columns_of_a_batch_are_its_keys_divided(
    texts: list[str], n_features: int
) -> None:
    """Rows come from a binary search of the sorted keys (empty rows included), columns
    from subtracting the row's start: the quotient and remainder of each key."""
    featurizer = MessageFeaturizer(n_features)
    keys, _ = features._distinct(featurizer._keys(texts))
    rows, columns, _, _ = featurizer._counts(texts)
    want_rows, want_columns = np.divmod(keys.astype(np.int64), n_features)
    assert rows.tolist() == want_rows.tolist()
    assert columns.tolist() == want_columns.tolist()
