"""Per-message features: hashed word and character n-grams of the normalised text.

Hashing keeps the model a fixed-size weight vector (no vocabulary to ship or to leak chat
text through), and per-message L2 normalisation makes every message one unit of evidence,
so a sender's score is an average of per-message contributions and can be updated in O(1).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from .normalise import normalise

__all__ = ["MessageFeaturizer"]

# Words, and single punctuation marks such as "?" (question rate is a behavioural cue).
_TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"


class MessageFeaturizer:
    """Turns messages into L2-normalised sparse rows; stateless, so nothing is fitted."""

    def __init__(
        self,
        n_features: int = 2**20,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 4),
    ) -> None:
        self.n_features = n_features
        self._words = HashingVectorizer(
            n_features=n_features,
            ngram_range=word_ngrams,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            token_pattern=_TOKEN_PATTERN,
            dtype=np.float32,
        )
        self._chars = HashingVectorizer(
            n_features=n_features,
            analyzer="char_wb",
            ngram_range=char_ngrams,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            dtype=np.float32,
        )

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of log-scaled, L2-normalised n-gram counts, one per message."""
        clean = [normalise(t) for t in texts]
        matrix = (self._words.transform(clean) + self._chars.transform(clean)).tocsr()
        np.log1p(matrix.data, out=matrix.data)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        scaled: sp.csr_matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
        return scaled
