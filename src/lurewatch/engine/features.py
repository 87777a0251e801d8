"""Per-message features: hashed word and character n-grams of the normalised text.

Hashing keeps the model a fixed-size weight vector (no vocabulary to ship or to leak chat
text through), and per-message L2 normalisation makes every message one unit of evidence,
so a sender's score is an average of per-message contributions and can be updated in O(1).

The features are exactly those the shipped weights were trained on: two scikit-learn
``HashingVectorizer``s (word n-grams with ``_TOKEN_PATTERN``, and ``char_wb`` n-grams;
``alternate_sign=False``, ``norm=None``, ``lowercase=False``) summed, then ``log1p`` of the
counts and an L2 norm per row. scikit-learn builds and hashes every n-gram string of every
message in Python, so this module re-implements the same hashing (``murmurhash3_32``,
seed 0, ``abs(h) % n_features``) behind memos: chat words repeat massively, so the
n-grams inside a whitespace-separated word, and the bigram across two neighbouring words,
are hashed once and reused, and counting and scaling run on numpy arrays for a whole
batch. The char n-grams of the many new words of a large batch are hashed together in
numpy (`_murmur`), where a Python call per n-gram would cost more than the hash. The
memos are bounded, and shared by every featurizer of a configuration because the model
builds a new featurizer for each call. `MessageFeaturizer.logits` scores without building
the sparse matrix, which dominates the cost of a single message.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Sequence
from itertools import chain, filterfalse, islice, pairwise
from typing import Any, Final, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.utils import murmurhash3_32

from ._murmur import murmur3_rows
from .normalise import normalise

__all__ = ["MessageFeaturizer"]

# Words, and single punctuation marks such as "?" (question rate is a behavioural cue).
_TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"
_TOKEN_RE: Final = re.compile(_TOKEN_PATTERN)

# Entries per memo (~250 bytes each, so ~70 MB when all are full); chat vocabulary is
# Zipfian, and a bigger memo buys little.
_LIMITS: Final = {"words": 100_000, "strings": 100_000, "pairs": 100_000}
# And bytes of the word memo's columns: a long word (a pasted blob of 16 KB) holds about
# 250 KB of them, so 100,000 such words would otherwise hold gigabytes.
_WORD_BYTES: Final = 64 << 20
# New words in one batch from which hashing them together in numpy (`_Tables.fill`) pays
# for its fixed cost; fewer are hashed one at a time by the memo.
_VECTOR_MIN: Final = 64
_INDEX_DTYPE: Final = np.dtype(np.intc)  # array("i") items, 32-bit on every platform we run
assert _INDEX_DTYPE.itemsize == array("i").itemsize == 4

FloatArray = NDArray[np.float64]
Keys = NDArray[np.integer[Any]]
Config = tuple[int, tuple[int, int], tuple[int, int]]
_K = TypeVar("_K")
_V = TypeVar("_V")


def hash_index(gram: str, n_features: int) -> int:
    """Column of an n-gram, as scikit-learn's FeatureHasher computes it (``_hashing_fast``).

    sklearn special-cases ``h == -2**31`` (``abs`` overflows in C) with a formula equal to
    ``2**31 % n_features``; Python integers do not overflow, so plain ``abs`` agrees.
    """
    return abs(murmurhash3_32(gram, 0)) % n_features  # type: ignore[no-any-return]


def char_wb_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``_char_wb_ngrams`` for one whitespace-free word.

    The word is padded with a space on each side; a padded word no longer than n yields
    itself once and ends the list (sklearn's short-word rule, which also stops at == n).
    """
    min_n, max_n = ngram_range
    padded = " " + word + " "
    size = len(padded)
    if size > max_n:  # the common case: the short-word rule cannot apply
        return [padded[i : i + n] for n in range(min_n, max_n + 1) for i in range(size - n + 1)]
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if size <= n:
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(size - n + 1)]
    return grams


class _Memo(dict[_K, _V]):
    """A dict that forgets its oldest quarter when full: bounded, and stays warm."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def _keep(self, key: _K, value: _V) -> _V:
        if len(self) >= self.limit:
            self._evict()
        self[key] = value
        return value

    def _keep_all(self, keys: Sequence[_K], values: Sequence[_V]) -> None:
        """`_keep` for many new entries at once (at most `limit` of them are kept)."""
        while self and len(self) + len(keys) > self.limit:
            self._evict()
        start = max(0, len(keys) - self.limit)
        self.update(zip(keys[start:], values[start:], strict=True))

    def _evict(self) -> None:
        for old in list(islice(self, max(1, self.limit // 4))):
            gone = self.pop(old, None)  # tolerate another thread evicting it first
            if gone is not None:
                self._dropped(gone)

    def _dropped(self, value: _V) -> None:
        """`value` left the memo (eviction): for memos that account for their values."""


class _Strings(_Memo[str, int]):
    """Memo of char n-gram or token -> column: they recur across many different words."""

    def __init__(self, limit: int, n_features: int) -> None:
        super().__init__(limit)
        self.n_features = n_features

    def __missing__(self, gram: str) -> int:
        # `hash_index` and `_keep` inlined: this runs for every new n-gram.
        index: int = abs(murmurhash3_32(gram, 0)) % self.n_features
        if len(self) >= self.limit:
            self._evict()
        self[gram] = index
        return index


def _context_windows(tokens: Sequence[str], low: int, high: int) -> list[str]:
    """Word n-grams with n >= 2, in scikit-learn's ``_word_ngrams`` order."""
    return [
        " ".join(tokens[i : i + n])
        for n in range(max(low, 2), min(high, len(tokens)) + 1)
        for i in range(len(tokens) - n + 1)
    ]


def _word_tokens(word: str) -> list[str]:
    """The tokens of a whitespace-free word; the common cases need no regex: a word of word
    characters only is one token, and a punctuation mark after one ("you?") is another."""
    if word.isalnum():
        return [word]
    head = word[:-1]
    if head.isalnum() and word[-1] != "_":  # not alphanumeric, not "_": not a word character
        return [head, word[-1]]
    return _TOKEN_RE.findall(word)


def _columns(hashes: NDArray[np.int32], n_features: int) -> NDArray[np.int64]:
    """`hash_index` of many signed murmur hashes (int64 first: ``abs`` of -2**31 fits)."""
    return np.abs(hashes.astype(np.int64)) % n_features


def _char_wb_hashes(
    words: Sequence[str], ngram_range: tuple[int, int]
) -> list[tuple[NDArray[np.intp], NDArray[np.int32]]]:
    """(word index, hash) of every `char_wb_ngrams` n-gram of ASCII `words`, cut out of one
    byte buffer by index arithmetic instead of as a Python string each."""
    min_n, max_n = ngram_range
    buffer = np.frombuffer("".join([f" {w} " for w in words]).encode("ascii"), dtype=np.uint8)
    sizes = np.fromiter(map(len, words), dtype=np.intp, count=len(words)) + 2
    offsets = np.cumsum(sizes) - sizes
    out = []
    for n in range(min_n, max_n + 1):
        longer = np.flatnonzero(sizes > n)
        counts = sizes[longer] - n + 1
        firsts = np.cumsum(counts) - counts
        starts = np.repeat(offsets[longer] - firsts, counts) + np.arange(counts.sum())
        out.append(
            (np.repeat(longer, counts), murmur3_rows(buffer[starts[:, None] + np.arange(n)]))
        )
    # sklearn's short-word rule: a padded word no longer than max_n is also itself one n-gram
    short = np.flatnonzero(sizes <= max_n)
    for size in np.unique(sizes[short]).tolist():
        these = short[sizes[short] == size]
        out.append((these, murmur3_rows(buffer[offsets[these][:, None] + np.arange(size)])))
    return out


class _Words(_Memo[str, bytes]):
    """Memo of whitespace-free word -> int32 columns of every n-gram that lies inside it.

    Tokens never cross whitespace (it is neither ``\\w`` nor ``[^\\w\\s]``), so the
    tokens of a message are those of its words in order, and char_wb n-grams are per word
    by design. With word bigrams at most, the only n-grams that span words are the bigrams
    of two neighbours (see `_Pairs`), so everything else is memoised here; with longer word
    n-grams this holds char n-grams and unigrams and `MessageFeaturizer` adds the rest.
    """

    def __init__(
        self,
        limit: int,
        strings: _Strings,
        word_ngrams: tuple[int, int],
        char_ngrams: tuple[int, int],
    ) -> None:
        super().__init__(limit)
        self.strings = strings
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.nbytes = 0  # of the values kept, held under `_WORD_BYTES`

    def _keep(self, key: str, value: bytes) -> bytes:
        self._keep_all([key], [value])
        return value

    def _keep_all(self, keys: Sequence[str], values: Sequence[bytes]) -> None:
        """`_Memo._keep_all` within `_WORD_BYTES` too: the last values that fit are kept (a
        word that does not is computed again when met again)."""
        budget, start = _WORD_BYTES, len(keys)
        while start and budget >= len(values[start - 1]) and len(keys) - start < self.limit:
            start -= 1
            budget -= len(values[start])
        added = _WORD_BYTES - budget
        while self and self.nbytes + added > _WORD_BYTES:
            self._evict()
        super()._keep_all(keys[start:], values[start:])  # within `limit` already: all kept
        self.nbytes += added

    def _dropped(self, value: bytes) -> None:
        self.nbytes -= len(value)

    def _token_grams(self, word: str) -> tuple[list[str], list[str]]:
        """The word's unigrams (when the range starts at 1) and the word bigrams inside it
        (when the range ends at 2), the n-grams it holds besides char n-grams."""
        low, high = self.word_ngrams
        tokens = _word_tokens(word)
        inner: list[str] = []
        if high == 2 and len(tokens) == 2:  # "you?", most such words: one bigram, no windows
            inner = [f"{tokens[0]} {tokens[1]}"]
        elif high == 2 and len(tokens) > 2:
            inner = _context_windows(tokens, low, 2)
        return (tokens if low == 1 else []), inner

    def __missing__(self, word: str) -> bytes:
        unigrams, inner = self._token_grams(word)
        columns = array("i", map(self.strings.__getitem__, char_wb_ngrams(word, self.char_ngrams)))
        columns.extend(map(self.strings.__getitem__, unigrams))
        # the bigrams inside a word are rarely repeated: not worth a place in `strings`
        n_features = self.strings.n_features
        columns.extend(hash_index(gram, n_features) for gram in inner)
        return self._keep(word, columns.tobytes())

    def add_many(self, words: Sequence[str]) -> None:
        """Memoise new `words` at once, their n-grams hashed together in numpy (the same
        columns as `__missing__` gives, possibly in another order within a word)."""
        plain = [i for i, word in enumerate(words) if word.isascii()]
        parts = [
            (np.asarray(plain, dtype=np.intp)[owner], hashes)
            for owner, hashes in _char_wb_hashes([words[i] for i in plain], self.char_ngrams)
        ]
        owners: list[int] = []
        grams: list[str] = []
        with_unigrams = self.word_ngrams[0] == 1
        for i, word in enumerate(words):
            if word.isalnum() and word.isascii():  # the common case: its one token is itself
                if with_unigrams:
                    grams.append(word)
                    owners.append(i)
                continue
            unigrams, inner = self._token_grams(word)
            rest = unigrams + inner
            if not word.isascii():
                rest += char_wb_ngrams(word, self.char_ngrams)
            grams += rest
            owners += [i] * len(rest)
        # One C call per n-gram: numpy's murmur (`murmur3_rows`) pays off on the many
        # n-grams of one length cut from a buffer, not on these few of mixed lengths.
        hashed = np.array([murmurhash3_32(gram, 0) for gram in grams], dtype=np.int32)
        parts.append((np.asarray(owners, dtype=np.intp), hashed))
        owner = np.concatenate([o for o, _ in parts])
        order = np.argsort(owner, kind="stable")
        hashes = np.concatenate([h for _, h in parts])[order]
        blob = _columns(hashes, self.strings.n_features).astype(_INDEX_DTYPE).tobytes()
        ends = (np.searchsorted(owner[order], np.arange(len(words) + 1)) * 4).tolist()
        self._keep_all(words, [blob[a:b] for a, b in pairwise(ends)])


class _Pairs(_Memo[str, int]):
    """Memo of two neighbouring words, joined by a space -> column of the bigram across them.

    That bigram is the last token of the first word, a space, and the first token of the
    second (every non-empty word has a token). Keyed by a string, not a tuple of the words:
    each new message adds several pairs, and new tuples, unlike strings, count towards the
    garbage collector's next pass (they made half of the scorer's tracked allocations).
    """

    def __init__(self, limit: int, n_features: int) -> None:
        super().__init__(limit)
        self.n_features = n_features

    def __missing__(self, pair: str) -> int:
        # Inlined, this runs for about half of all word pairs: a word of word characters
        # only is one token (the common case, and no regex), and two such are the bigram.
        bigram = pair
        left, _, right = pair.partition(" ")
        if not left.isalnum():
            bigram = _word_tokens(left)[-1] + bigram[len(left) :]
        if not right.isalnum():
            bigram = bigram[: -len(right)] + _word_tokens(right)[0]
        index: int = abs(murmurhash3_32(bigram, 0)) % self.n_features
        if len(self) >= self.limit:
            self._evict()
        self[pair] = index
        return index


class _Tables:
    """The memos of one featurizer configuration."""

    def __init__(self, config: Config) -> None:
        n_features, word_ngrams, char_ngrams = config
        self.strings = _Strings(_LIMITS["strings"], n_features)
        self.words = _Words(_LIMITS["words"], self.strings, word_ngrams, char_ngrams)
        self.pairs = _Pairs(_LIMITS["pairs"], n_features)

    def fill(self, split: Sequence[list[str]]) -> None:
        """Memoise, hashed together, the words of a batch that the memo lacks, when there
        are enough of them to pay for it; any left over, or evicted meanwhile by another
        thread, the memo computes one at a time. In order of first use: deterministic,
        as sorting would be, at a fraction of its cost."""
        new = list(filterfalse(self.words.__contains__, dict.fromkeys(chain.from_iterable(split))))
        if len(new) >= _VECTOR_MIN:
            self.words.add_many(new)


_TABLES: dict[Config, _Tables] = {}


def _check_range(name: str, ngram_range: tuple[int, int]) -> tuple[int, int]:
    low, high = (int(n) for n in ngram_range)
    if not 1 <= low <= high:
        raise ValueError(f"{name} must be (min_n, max_n), 1 <= min_n <= max_n: {ngram_range}")
    return low, high


class MessageFeaturizer:
    """Turns messages into L2-normalised sparse rows; stateless, so nothing is fitted.

    Construction is cheap (the memos live at module level, per configuration), so a new
    featurizer per call costs nothing.
    """

    def __init__(
        self,
        n_features: int = 2**20,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 4),
    ) -> None:
        if not 1 <= n_features <= 2**31 - 1:
            raise ValueError(f"n_features must be in [1, 2**31 - 1], got {n_features}")
        self.n_features = int(n_features)
        self.word_ngrams = _check_range("word_ngrams", word_ngrams)
        self.char_ngrams = _check_range("char_ngrams", char_ngrams)
        config = (self.n_features, self.word_ngrams, self.char_ngrams)
        tables = _TABLES.get(config)
        if tables is None:
            tables = _TABLES[config] = _Tables(config)
        self._tables = tables

    # -- counting and scaling ------------------------------------------------------------

    def _keys(self, texts: Sequence[str], normalised: bool = False) -> Keys:
        """Sorted ``row * n_features + column`` of every n-gram occurrence in `texts`.

        The n-grams inside each word come from the word memo as int32 bytes; those across
        words (bigrams of neighbours) from the pair memo. Both are looked up for the whole
        batch in one C-level pass, and numpy gives each key its row from the counts per
        message: a Python loop per message would cost more than the lookups.
        """
        tables = self._tables
        low, high = self.word_ngrams
        split = list(map(str.split, texts if normalised else map(normalise, texts)))
        if len(split) >= _VECTOR_MIN:
            tables.fill(split)
        blobs = list(map(tables.words.__getitem__, chain.from_iterable(split)))
        windows: list[list[str]] = []
        if high == 2:
            joined = map(" ".join, chain.from_iterable(map(pairwise, split)))
            spanning = list(map(tables.pairs.__getitem__, joined))
        else:  # no shipped model: unigrams only, or word n-grams beyond bigrams (not memoised)
            windows = [
                _context_windows(_TOKEN_RE.findall(" ".join(words)), low, high) for words in split
            ]
            spanning = list(map(tables.strings.__getitem__, chain.from_iterable(windows)))
        inner = np.frombuffer(b"".join(blobs), dtype=_INDEX_DTYPE)
        outer = np.array(spanning, dtype=_INDEX_DTYPE)
        keys: Keys
        if len(texts) == 1:
            keys = np.concatenate([inner, outer])
        else:
            # int32 keys where they fit (up to 2,048 messages with 2**20 columns): the sort,
            # the biggest single cost of a batch, takes about half as long as on int64.
            key_type: type[np.signedinteger[Any]] = (
                np.int32 if len(texts) * self.n_features <= 2**31 else np.int64
            )
            rows = np.arange(len(texts), dtype=key_type) * self.n_features
            n_words = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
            sizes = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 4
            n_spanning = (
                np.maximum(n_words - 1, 0)  # a bigram per two neighbouring words
                if high == 2
                else np.fromiter(map(len, windows), dtype=np.int64, count=len(windows))
            )
            keys = np.concatenate(
                [
                    np.repeat(np.repeat(rows, n_words), sizes) + inner,
                    np.repeat(rows, n_spanning) + outer,
                ]
            )
        keys.sort()
        return keys

    def _counts(
        self, texts: Sequence[str], normalised: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], FloatArray, FloatArray]:
        """Per distinct (row, column): row, column, log1p(count); and each row's L2 norm.

        Duplicate columns are summed before log1p, as scikit-learn's ``sum_duplicates``
        and the sum of the word and char matrices do (their columns may collide).
        """
        keys, values = _distinct(self._keys(texts, normalised))
        keys = keys.astype(np.int64, copy=False)
        # The keys are sorted, so each row's are one run: where the runs start is a binary
        # search per row, cheaper than dividing every key by `n_features`.
        bounds = np.arange(len(texts) + 1, dtype=np.int64) * self.n_features
        rows = np.repeat(np.arange(len(texts)), np.diff(np.searchsorted(keys, bounds)))
        columns = keys - rows * self.n_features
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0] = 1.0
        return rows, columns, values, norms

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of log-scaled, L2-normalised n-gram counts, one per message."""
        n_rows = len(texts)
        rows, columns, values, norms = self._counts(texts)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        data = (values / norms[rows]).astype(np.float32)
        index_type = np.int32 if len(data) < 2**31 else np.int64
        return sp.csr_matrix(
            (data, columns.astype(index_type), indptr.astype(index_type)),
            shape=(n_rows, self.n_features),
        )

    def logits(
        self,
        texts: Sequence[str],
        coef: NDArray[np.floating],
        intercept: float,
        *,
        normalised: bool = False,
    ) -> FloatArray:
        """``transform(texts) @ coef + intercept``, without building the sparse matrix.

        The streaming engine scores one or a few new messages at a time, where building a
        scipy matrix costs more than the features themselves. Computed in float64, so it
        can differ from the float32 matrix product in the seventh significant digit.
        `normalised=True` says the caller already normalised the texts (it needed them too).

        A text's logit is bit for bit the same whatever batch it comes in (its sums run in
        one order, as `bincount` adds): a scorer restored from its state, or given scores
        made in another process, must continue exactly as one that never stopped.
        """
        if len(texts) == 1:  # skip the row bookkeeping: fewer numpy calls
            columns, values = _distinct(self._keys(texts, normalised))
            if not len(columns):
                return np.array([float(intercept)])
            dot = float(np.cumsum(values * coef.take(columns))[-1])  # bincount's order, not BLAS's
            norm = math.sqrt(float(np.cumsum(values * values)[-1]))
            return np.array([dot / norm + intercept])
        rows, columns, values, norms = self._counts(texts, normalised)
        # `take`, not `coef[columns]`: the same values by a loop made for one index array
        # (fancy indexing's general one costs twice as much on the ~150 keys a message).
        weighted = values * coef.take(columns)
        return np.bincount(rows, weights=weighted, minlength=len(texts)) / norms + intercept


# log1p of the counts below its length: nearly every n-gram occurs a few times at most in
# a message, and looking them up costs a fraction of computing them (log1p's own values).
_LOG1P: Final = np.log1p(np.arange(256, dtype=np.float64))


def _distinct(keys: Keys) -> tuple[Keys, FloatArray]:
    """Distinct values of a sorted array and log1p of how often each occurs (a lean
    ``np.unique``)."""
    size = len(keys)
    if not size:
        return keys, np.empty(0)
    new = np.empty(size, dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    counts = np.empty(len(starts), dtype=np.intp)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = size - starts[-1]
    if counts.max() < len(_LOG1P):
        return keys[starts], _LOG1P.take(counts)
    return keys[starts], np.log1p(counts.astype(np.float64))
