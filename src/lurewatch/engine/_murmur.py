"""MurmurHash3 (x86, 32-bit, seed 0) of many keys at once, in numpy.

It is the hash scikit-learn's feature hashing uses (``murmurhash3_32(key, 0)``, the UTF-8
bytes of a string), computed here for the char n-grams of a whole batch of new words, cut
out of one byte buffer: a Python call per n-gram costs more than the hash itself. (Not for
a few strings of mixed lengths: padding them into rows costs more instructions than
sklearn's call per string, so `features` hashes those one by one.) Arithmetic is on uint32
arrays, which wrap as the C reference does.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["murmur3_rows"]

_C1: Final = np.uint32(0xCC9E2D51)
_C2: Final = np.uint32(0x1B873593)

UInt32s = NDArray[np.uint32]


def _rotl(x: UInt32s, r: int) -> UInt32s:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix(k: UInt32s) -> UInt32s:
    return _rotl(k * _C1, 15) * _C2


def murmur3_rows(keys: NDArray[np.uint8]) -> NDArray[np.int32]:
    """Signed ``murmurhash3_32(row, 0)`` of each row of a (count, length) byte matrix."""
    count, length = keys.shape
    h = np.zeros(count, dtype=np.uint32)
    blocks = length // 4
    if blocks:
        words = np.ascontiguousarray(keys[:, : blocks * 4]).view("<u4")
        for b in range(blocks):
            h ^= _mix(words[:, b])
            h = _rotl(h, 13) * np.uint32(5) + np.uint32(0xE6546B64)
    if length % 4:
        tail = np.zeros(count, dtype=np.uint32)
        for i in range(length % 4):
            tail |= keys[:, blocks * 4 + i].astype(np.uint32) << np.uint32(8 * i)
        h ^= _mix(tail)
    return _finish(h, np.uint32(length & 0xFFFFFFFF))


def _finish(h: UInt32s, length: np.uint32 | UInt32s) -> NDArray[np.int32]:
    """The final mix of the key length(s) into `h`, as signed int32."""
    h ^= length
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h.view(np.int32)
