"""MessageFeaturizer reproduces, column for column, the scikit-learn pipeline of the weights."""

from __future__ import annotations

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
