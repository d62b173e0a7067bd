"""Splitting many texts into whitespace-separated tokens and mapping each to an id, at numpy speed.

Word by word in CPython, `str.split()` plus one dict lookup per word would be most of a
build. Here a batch of texts is one array of code points: token boundaries come from a
whitespace table (exactly the characters `str.split()` splits on), each token gets a
64-bit polynomial hash from prefix sums, and an open-addressing hash table in numpy
arrays maps the hash to an id. Only a token never seen before
reaches Python (`resolve`: casefold, stem …), once, in order of first occurrence, so
ids are handed out as a word-by-word loop would hand them out.

Two different tokens of up to MAX_HASHED characters with the same 64-bit hash would
share an id; for a million distinct tokens the odds of that are about 1 in 10 million.
Longer tokens (URLs, runs of dashes) are told apart by their text.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

SEPARATOR = "\n\n\n"  # between texts; three line breaks also stop a PDF hyphen joining across
MAX_HASHED = 64  # longer tokens are looked up by their text
EMPTY = np.iinfo(np.int32).min

_MOD = 1 << 64
_BASE = 0xC2B2AE3D27D4EB4F  # odd: invertible modulo 2**64
_MIX = np.array(0x9E3779B97F4A7C15, dtype=np.uint64).view(np.int64)  # odd: a bijection
_LENGTH = 0x2545F4914F6CDD1D

# Every character str.split() splits on lies below U+3001 (tests/search/test_tokens.py).
_SPACE_LIMIT = 0x3001
_IS_SPACE = np.array([chr(c).isspace() for c in range(_SPACE_LIMIT + 1)], dtype=bool)


def join(texts: list[str]) -> tuple[str, np.ndarray]:
    """The texts as one string, and where each starts in it (plus the end, len(texts) + 1
    positions): text i is joined[starts[i]:starts[i + 1] - len(SEPARATOR)]."""
    joined = SEPARATOR.join(["", *texts, ""])  # one copy, not three
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.empty(len(texts) + 1, dtype=np.int64)
    starts[0] = len(SEPARATOR)
    np.cumsum(lengths + len(SEPARATOR), out=starts[1:])
    starts[1:] += len(SEPARATOR)
    return joined, starts


def _code_points(text: str) -> np.ndarray:
    """The text's characters as numbers: uint16 when all are in the BMP (the usual case,
    half the memory of uint32), else uint32."""
    encoded = text.encode("utf-16-le")
    if len(encoded) == 2 * len(text):  # no surrogate pairs
        return np.frombuffer(encoded, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _powers(base: int, n: int) -> np.ndarray:
    """base**i modulo 2**64 for i < n, as int64 (whose arithmetic wraps modulo 2**64 too)."""
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, out=out).view(np.int64)


def _boundaries(chars: np.ndarray) -> np.ndarray:
    """Position before and last position of each run of non-space characters, pairwise
    (before, last, before, last, …): the tokens chars[before + 1:last + 1]. chars[0] and
    chars[-1] must be spaces."""
    space = chars <= 32
    # str.split() also splits on no-break spaces and the like (>= 0x85), and not on most
    # control characters (< 32): where there are any, ask the full table. One subtraction
    # (wrapping below 32) finds both ranges.
    shifted = chars - chars.dtype.type(32)
    odd = chars[shifted >= 0x85 - 32]
    if np.any((odd < 32) != np.take(_IS_SPACE, odd, mode="clip")):
        space = np.take(_IS_SPACE, chars, mode="clip")
    return np.flatnonzero(space[1:] != space[:-1])  # i where chars[i] and chars[i + 1] differ


class TokenTable:
    """Whitespace token -> id for whole batches of text; `resolve` names each new token once."""

    def __init__(self, resolve: Callable[[str], int], capacity_bits: int = 18) -> None:
        self.resolve = resolve
        self.long: dict[str, int] = {}  # tokens longer than MAX_HASHED characters
        self.count = 0
        self._alloc(capacity_bits)
        self._grow_powers(1 << 16)

    def _alloc(self, bits: int) -> None:
        self.bits = bits
        self.keys = np.zeros(1 << bits, dtype=np.int64)  # 0: empty (every key is odd)
        self.ids = np.full(1 << bits, EMPTY, dtype=np.int32)

    def _grow_powers(self, n: int) -> None:
        self._pow = _powers(_BASE, n)
        self._inv = _powers(pow(_BASE, -1, _MOD), n)

    def tokenise(self, joined: str, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the id of every token in order, int32; how many tokens each text has), for
        texts joined as join() does it."""
        chars = _code_points(joined)
        if len(chars) > len(self._pow):
            self._grow_powers(max(len(chars), 2 * len(self._pow)))
        edges = _boundaries(chars)
        before, last = edges[0::2], edges[1::2]
        per_text = np.diff(np.searchsorted(before, starts - 1)).astype(np.int32)
        if not len(before):
            return np.empty(0, dtype=np.int32), per_text
        lengths = last - before
        keys = self._keys(chars, edges, lengths)
        long = np.flatnonzero(lengths > MAX_HASHED)
        if len(long):
            hashed = np.ones(len(before), dtype=bool)
            hashed[long] = False
            hashed = np.flatnonzero(hashed)
            ids = np.empty(len(before), dtype=np.int32)
            ids[hashed], missing = self._lookup(keys[hashed])
            missing = hashed[missing]
        else:
            ids, missing = self._lookup(keys)
        if len(missing) or len(long):
            self._resolve_new(joined, before, last, keys, ids, missing, long)
        return ids, per_text

    def _resolve_new(self, joined: str, before: np.ndarray, last: np.ndarray, keys: np.ndarray,
                     ids: np.ndarray, missing: np.ndarray, long: np.ndarray) -> None:
        """Fill in the ids of tokens not in the table (missing) and of long ones: each new
        token is resolved once, at its first occurrence, all in text order."""
        _, first = np.unique(keys[missing], return_index=True)
        new: list[tuple[int, str]] = [(i, "") for i in missing[first].tolist()]  # hashed: no text key
        long_tokens = [joined[b + 1:e + 1] for b, e in zip(before[long].tolist(), last[long].tolist(), strict=True)]
        seen = set(self.long)
        for i, token in zip(long.tolist(), long_tokens, strict=True):
            if token not in seen:
                seen.add(token)
                new.append((i, token))
        new.sort()
        hashed_new, hashed_ids = [], []
        for i, token in new:
            tid = self.resolve(joined[before[i] + 1:last[i] + 1])
            if token:
                self.long[token] = tid
            else:
                hashed_new.append(i)
                hashed_ids.append(tid)
        if hashed_new:
            self._insert(keys[hashed_new], np.array(hashed_ids, dtype=np.int32))
            ids[missing], _ = self._lookup(keys[missing])
        for i, token in zip(long.tolist(), long_tokens, strict=True):
            ids[i] = self.long[token]

    def _keys(self, chars: np.ndarray, edges: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Each token's hash: (Σ c[s+j]·B**j + length·L) modulo 2**64 for its characters
        from s, from prefix sums of c[i]·B**i (the length so that a code point 0 counts),
        mixed and odd."""
        prefix = chars.astype(np.int64)  # then multiply in place: cheaper than a mixed-type multiply
        prefix *= self._pow[:len(chars)]
        np.cumsum(prefix, out=prefix)
        at = prefix[edges]  # one gather of both ends, not two
        key = at[1::2] - at[0::2]
        key *= self._inv[1:][edges[0::2]]  # B**-s for the token's start s = before + 1
        key += lengths * _LENGTH
        key *= _MIX
        key |= 1  # 0 marks an empty slot
        return key

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        slots = keys.view(np.uint64) >> np.uint64(64 - self.bits)  # keys are mixed: top bits vary
        return slots.view(np.int64)

    def _lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(stored ids of the keys, EMPTY where absent; positions of the absent keys)."""
        slot = self._slots(keys)
        ids = self.ids[slot]
        todo = np.flatnonzero(self.keys[slot] != keys)
        if not len(todo):
            return ids, todo
        missing = []
        slot = slot[todo]
        mask = (1 << self.bits) - 1
        while len(todo):  # linear probing for the few keys not in their first slot
            at = self.keys[slot]
            found = at == keys[todo]
            ids[todo[found]] = self.ids[slot[found]]
            empty = at == 0
            missing.append(todo[empty])
            go_on = ~(found | empty)
            todo, slot = todo[go_on], (slot[go_on] + 1) & mask
        not_found = np.sort(np.concatenate(missing))
        ids[not_found] = EMPTY
        return ids, not_found

    def _insert(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """Store new (distinct, absent) keys; the table stays at most half full."""
        if 2 * (self.count + len(keys)) > (1 << self.bits):
            old = self.keys != 0
            old_keys, old_ids = self.keys[old], self.ids[old]
            bits = self.bits
            while 2 * (self.count + len(keys)) > (1 << bits):
                bits += 1
            self._alloc(bits)
            self.count = 0
            self._insert(old_keys, old_ids)
        self.count += len(keys)
        slot = self._slots(keys)
        mask = (1 << self.bits) - 1
        todo = np.arange(len(keys))
        while len(todo):
            free = np.flatnonzero(self.keys[slot] == 0)
            # Of several new keys wanting the same free slot, the first takes it.
            _, winners = np.unique(slot[free], return_index=True)
            won = free[winners]
            self.keys[slot[won]], self.ids[slot[won]] = keys[todo[won]], ids[todo[won]]
            lost = np.ones(len(todo), dtype=bool)
            lost[won] = False
            todo, slot = todo[lost], (slot[lost] + 1) & mask
