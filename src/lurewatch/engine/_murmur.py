"""MurmurHash3 (x86, 32-bit, seed 0) of many keys at once, in numpy.

It is the hash scikit-learn's feature hashing uses (``murmurhash3_32(key, 0)``, the UTF-8
bytes of a string), computed here for a whole batch of new n-grams: a Python call per
n-gram costs more than the hash itself. Arithmetic is on uint32 arrays, which wrap as the
C reference does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["murmur3_rows", "murmur3_strings"]

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
    h ^= np.uint32(length & 0xFFFFFFFF)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h.view(np.int32)


def murmur3_strings(strings: Sequence[str]) -> NDArray[np.int32]:
    """Signed ``murmurhash3_32(s, 0)`` of each string, hashed in groups of equal byte length."""
    encoded = [s.encode("utf-8") for s in strings]
    out = np.empty(len(encoded), dtype=np.int32)
    if not encoded:
        return out
    lengths = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded))
    order = np.argsort(lengths, kind="stable")
    for group in np.split(order, np.flatnonzero(np.diff(lengths[order])) + 1):
        size = int(lengths[group[0]])
        joined = b"".join([encoded[i] for i in group.tolist()])
        keys = np.frombuffer(joined, dtype=np.uint8).reshape(len(group), size)
        out[group] = murmur3_rows(keys)
    return out
