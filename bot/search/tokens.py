"""Splitting many texts into whitespace-separated tokens and mapping each to an id, at numpy speed.

`str.split()` plus one dict lookup per word costs ~0.3 µs a word in CPython, ~15 s for the
47 M words of 100,000 items. Here a batch of texts is one array of code points: token
boundaries come from a whitespace table (the characters `str.split()` splits on), each
token gets two 64-bit polynomial hashes from prefix sums, and an open-addressing hash
table in numpy arrays maps the pair to an id. Only a token never seen before reaches
Python (`resolve`, e.g. casefold + stem), once, and in order of first occurrence, so ids
are handed out exactly as a word-by-word loop would. Two hashes (128 bits) make a false
match of two different tokens practically impossible; tokens that differ only after
their 64th character (URLs, runs of dashes) are told apart by Python, never by hash.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

_MOD = 1 << 64
_BASE = 0xC2B2AE3D27D4EB4F  # odd: invertible modulo 2**64
_LENGTH_MIX = tuple(np.array([0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53], dtype=np.uint64).view(np.int64))
_SLOT_MIX = np.array(0x9E3779B97F4A7C15, dtype=np.uint64).view(np.int64)
MAX_HASHED = 64  # longer tokens are looked up by their text
EMPTY = np.iinfo(np.int32).min

# Every character str.split() splits on lies below U+3001; above it nothing is a space.
_SPACE_LIMIT = 0x3001
_IS_SPACE = np.array([chr(c).isspace() for c in range(_SPACE_LIMIT + 1)], dtype=bool)


def join(texts: list[str]) -> str:
    """The texts as one string, with a space on both sides of every token."""
    return "\n" + "\n".join(texts) + "\n"


_CONTROL = np.flatnonzero(~_IS_SPACE[:33])  # characters up to ' ' that str.split() keeps


def _boundaries(chars: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position before, end) of every run of non-space characters, i.e. of each token
    chars[before + 1:end]; chars[0] and chars[-1] must be spaces."""
    high = chars[chars > 127]
    if len(high) and np.take(_IS_SPACE, high, mode="clip").any():  # no-break spaces and the like
        space = np.flatnonzero(np.take(_IS_SPACE, chars, mode="clip"))
    else:  # the common case: spaces are ASCII
        space = np.flatnonzero(chars <= 32)
        is_space = _IS_SPACE[chars[space]]
        if not is_space.all():  # control characters are part of a token
            space = space[is_space]
    gaps = np.flatnonzero(np.diff(space) > 1)
    return space[gaps], space[gaps + 1]


def _powers(base: int, n: int) -> np.ndarray:
    """base**i modulo 2**64 for i < n."""
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, out=out)  # uint64 arithmetic wraps modulo 2**64


class TokenTable:
    """Whitespace token -> id for whole batches of text; `resolve` names each new token once."""

    def __init__(self, resolve: Callable[[str], int], capacity_bits: int = 16) -> None:
        self.resolve = resolve
        self.long: dict[str, int] = {}  # tokens longer than MAX_HASHED characters
        self.count = 0
        self._alloc(capacity_bits)
        self._grow_powers(1 << 16)

    def _alloc(self, bits: int) -> None:
        self.bits = bits
        self.k1 = np.zeros(1 << bits, dtype=np.int64)
        self.k2 = np.zeros(1 << bits, dtype=np.int64)
        self.v = np.full(1 << bits, EMPTY, dtype=np.int32)

    def _grow_powers(self, n: int) -> None:
        self._pow = _powers(_BASE, n).view(np.int64)
        self._inv = _powers(pow(_BASE, -1, _MOD), n).view(np.int64)

    def tokenise(self, texts: list[str], joined: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(ids of every token of the texts in order, int32; number of tokens of each text).

        `joined` is `join(texts)` when the caller has it already.
        """
        if joined is None:
            joined = join(texts)
        chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        n = len(chars)
        if n > len(self._pow):
            self._grow_powers(max(n, 2 * len(self._pow)))
        before, ends = _boundaries(chars)
        offsets = np.cumsum([0] + [len(t) + 1 for t in texts])  # the space before each text
        per_text = np.diff(np.searchsorted(before, offsets)).astype(np.int32)
        if not len(before):
            return np.empty(0, dtype=np.int32), per_text
        length = ends - before
        length -= 1
        h1, h2 = self._hashes(chars, before, ends, length)
        if length.max() <= MAX_HASHED:
            return self._ids(joined, before, ends, h1, h2), per_text
        ids = np.empty(len(before), dtype=np.int32)
        short = length <= MAX_HASHED
        for i in np.flatnonzero(~short).tolist():
            token = joined[before[i] + 1:ends[i]]
            tid = self.long.get(token)
            if tid is None:
                tid = self.long[token] = self.resolve(token)
            ids[i] = tid
        keep = np.flatnonzero(short)
        ids[keep] = self._ids(joined, before[keep], ends[keep], h1[keep], h2[keep])
        return ids, per_text

    def _hashes(self, chars: np.ndarray, before: np.ndarray, ends: np.ndarray,
                length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Two 64-bit hashes of each token chars[before + 1:end], whatever its position.

        With prefix sums H of c[i]·B**i and G of H, a token of length L at s has
        h1 = Σ c[s+j]·B**j and h2 = Σ c[s+j]·B**j·(L-j) (each plus L times a constant):
        equal h1 and h2 for different tokens would need B to be a double root of their
        difference polynomial.
        """
        # int64 arithmetic wraps modulo 2**64 like uint64, and numpy's int64 cumsum is ~2x faster.
        prefix = chars.astype(np.int64)
        prefix *= self._pow[:len(chars)]
        np.cumsum(prefix, out=prefix)
        second = np.cumsum(prefix)
        last = ends - 1
        inv = self._inv[1:][before]  # B**-s for the token's start s = before + 1
        h_before = prefix[before]
        h1 = prefix[last]
        h1 -= h_before
        h1 *= inv
        h1 += length * _LENGTH_MIX[0]
        h2 = second[last]
        h2 -= second[before]
        h_before *= length
        h2 -= h_before
        h2 *= inv
        h2 += length * _LENGTH_MIX[1]
        return h1, h2

    def _ids(self, joined: str, before: np.ndarray, ends: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """Ids of hashed tokens; new ones resolved in order of first occurrence and stored."""
        ids = self._lookup(h1, h2)
        missing = np.flatnonzero(ids == EMPTY)
        while len(missing):
            # One resolve per new token (its first occurrence), in text order.
            _, first = np.unique(h1[missing], return_index=True)
            first = missing[np.sort(first)]
            new_ids = [self.resolve(joined[b + 1:e]) for b, e in zip(before[first].tolist(), ends[first].tolist())]
            self._insert(h1[first], h2[first], np.array(new_ids, dtype=np.int32))
            ids[missing] = self._lookup(h1[missing], h2[missing])
            missing = missing[ids[missing] == EMPTY]  # only if two new tokens share h1 (never seen)
        return ids

    def _slots(self, h1: np.ndarray) -> np.ndarray:
        mixed = (h1 * _SLOT_MIX).view(np.uint64)
        mixed >>= np.uint64(64 - self.bits)  # the best-mixed bits
        return mixed.view(np.int64)

    def _lookup(self, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """Stored ids of hash pairs (linear probing), EMPTY where absent."""
        slot = self._slots(h1)
        v = self.v[slot]
        empty = v == EMPTY
        found = self.k1[slot] == h1
        found &= self.k2[slot] == h2
        found &= ~empty
        out = np.where(found, v, EMPTY)
        found |= empty
        if found.all():
            return out
        mask = (1 << self.bits) - 1
        todo = np.flatnonzero(~found)  # a different token sits in the slot: probe the next ones
        slot = slot[todo]
        while len(todo):
            slot = (slot + 1) & mask
            v = self.v[slot]
            found = (self.k1[slot] == h1[todo]) & (self.k2[slot] == h2[todo])
            out[todo[found]] = v[found]
            go_on = ~found & (v != EMPTY)
            todo, slot = todo[go_on], slot[go_on]
        return out

    def _insert(self, h1: np.ndarray, h2: np.ndarray, ids: np.ndarray) -> None:
        """Store new (distinct, absent) hash pairs; the table stays at most half full."""
        if 2 * (self.count + len(h1)) > (1 << self.bits):
            old = self.v != EMPTY
            k1, k2, v = self.k1[old], self.k2[old], self.v[old]
            bits = self.bits
            while 2 * (self.count + len(h1)) > (1 << bits):
                bits += 1
            self._alloc(bits)
            self.count = 0
            self._insert(k1, k2, v)
        self.count += len(h1)
        slot = self._slots(h1)
        mask = (1 << self.bits) - 1
        todo = np.arange(len(h1))
        while len(todo):
            free = self.v[slot] == EMPTY
            # Of several new tokens wanting the same free slot, the first takes it.
            cand = np.flatnonzero(free)
            _, winners = np.unique(slot[cand], return_index=True)
            won = cand[winners]
            s, t = slot[won], todo[won]
            self.k1[s], self.k2[s], self.v[s] = h1[t], h2[t], ids[t]
            lost = np.ones(len(todo), dtype=bool)
            lost[won] = False
            todo, slot = todo[lost], slot[lost]
            slot = np.where(self.v[slot] == EMPTY, slot, (slot + 1) & mask)
