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


def murmur3_strings(strings: Sequence[str]) -> NDArray[np.int32]:
    """Signed ``murmurhash3_32(s, 0)`` of each string.

    Strings of similar byte length (a power-of-two class) are hashed together, zero-padded
    to the longest: longest first, so the strings still mixing in body blocks are always a
    leading slice. Fewer, larger numpy calls than a group per exact length (chat words have
    dozens of lengths), and the padding at most doubles a group's bytes.
    """
    encoded = [s.encode("utf-8") for s in strings]
    out = np.empty(len(encoded), dtype=np.int32)
    if not encoded:
        return out
    lengths = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded))
    order = np.argsort(-lengths, kind="stable")
    sizes = lengths[order]
    classes = np.frexp(sizes)[1]  # sizes in [2**(e-1), 2**e) share e; 0 for empty strings
    for group in np.split(np.arange(len(order)), np.flatnonzero(np.diff(classes)) + 1):
        rows = order[group]
        out[rows] = _padded_hash([encoded[i] for i in rows.tolist()], sizes[group])
    return out


def _padded_hash(encoded: list[bytes], lengths: NDArray[np.intp]) -> NDArray[np.int32]:
    """`murmur3_strings` of byte strings whose `lengths` do not increase."""
    count = len(encoded)
    width = (int(lengths[0]) // 4 + 1) * 4  # every body block, and the tail word after them
    flat = np.zeros(count * width, dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    into = np.repeat(np.arange(count) * width - starts, lengths) + np.arange(int(lengths.sum()))
    flat[into] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    words = flat.view("<u4").reshape(count, width // 4)
    blocks = lengths // 4
    h = np.zeros(count, dtype=np.uint32)
    for b in range(int(blocks[0])):
        live = int(np.count_nonzero(blocks > b))  # a leading slice: lengths do not increase
        mixed = h[:live] ^ _mix(words[:live, b])
        h[:live] = _rotl(mixed, 13) * np.uint32(5) + np.uint32(0xE6546B64)
    # The word after the body holds the tail bytes and zero padding: the tail as the
    # reference assembles it, and 0 (which mixes to 0, a no-op) when there is no tail.
    h ^= _mix(words[np.arange(count), blocks])
    return _finish(h, lengths.astype(np.uint32))
