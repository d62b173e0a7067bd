"""Building the Index: items -> texts -> tokens (bot/search/tokens.py) -> postings.

Items are tokenised BATCH at a time as numpy arrays; each batch's tokens become packed
postings (term | item | field | weighted count in one uint64), merged MERGE items at a
time with 32-bit sort keys; all postings are then sorted once by term and item and
unpacked into the Index's CSR arrays with BM25F-normalised frequencies; see docs/search.md.
"""
from __future__ import annotations

import gc
import logging
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from bot.knowledge.case_numbers import CaseNumbers
from bot.model import Item, Meeting
from bot.search.acronyms import DEFINITION_HINT_RE, definition_at
from bot.search.compounds import compound_components
from bot.search.index import (
    FIELDS,
    K1,
    B,
    Index,
    has_absence,
    has_dissent,
    has_votes,
    is_appointing,
    item_texts,
)
from bot.search.normalize import (
    WORD_RE,
    dehyphenate_joined,
    hyphen_joins,
    term_key,
    token_keys,
)
from bot.search.tokens import SEPARATOR, TokenTable, join

log = logging.getLogger(__name__)


# Token ids: a term id (>= 0), NOTHING, or -2 - k for the k-th token that stands for several
# terms (a hyphenated word: its parts and the parts joined).
NOTHING = -1


class _Terms:
    """The vocabulary as it is built: key -> term id, and each whitespace token's id."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.keys: list[str] = []
        self.surface: list[str] = []
        self.multi: list[list[int]] = []
        self._multi_arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def multi_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pseudo ids' terms as arrays: (how many, all of them flat, where each starts)."""
        done = 0 if self._multi_arrays is None else len(self._multi_arrays[0])
        if done < len(self.multi):  # extend by the pseudo ids added since the last call
            new = self.multi[done:]
            sizes = np.array([len(m) for m in new], dtype=np.int64)
            flat = np.array([t for m in new for t in m], dtype=np.int32)
            if self._multi_arrays is not None:
                old_sizes, old_flat, _ = self._multi_arrays
                sizes, flat = np.concatenate((old_sizes, sizes)), np.concatenate((old_flat, flat))
            self._multi_arrays = sizes, flat, np.cumsum(sizes) - sizes
        return self._multi_arrays  # type: ignore[return-value]

    def _tid(self, key: str, word: str) -> int:
        tid = self.vocab.get(key, -1)
        if tid < 0:
            tid = self.vocab[key] = len(self.keys)
            self.keys.append(key)
            self.surface.append(word)
        return tid

    def resolve(self, raw: str) -> int:
        """A whitespace token's id: its term id, NOTHING when nothing in it is indexed, or
        -2 - k for the k-th token that stands for several terms (a hyphenated token)."""
        token = raw.casefold()
        keys = token_keys(token)
        if not keys:
            return NOTHING
        if len(keys) == 1:
            return self._tid(keys[0], token.strip(".,;:!?()[]\"'”“’‘«»–-"))
        words = WORD_RE.findall(token) + hyphen_joins(token)
        surfaces = dict(zip(map(term_key, words), words, strict=True))
        self.multi.append([self._tid(k, surfaces.get(k, k)) for k in dict.fromkeys(keys)])
        return -1 - len(self.multi)


BATCH = 512  # items tokenised at a time (bounds the build's memory)
MERGE = 128  # items merged at a time (<= 2**_LOCAL_BITS)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are made at once (a build, a
    load): each collection pass would walk all of them, and none of them is garbage yet."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_index(docs: list[tuple[Meeting, Item]]) -> Index:
    """Index (meeting, item) pairs; their order is kept (newest meeting first by convention)."""
    with gc_paused():
        return _build(docs)


@dataclass
class _Batch:
    """Up to BATCH items' searched texts, joined and dehyphenated, ready to tokenise."""

    first: int                    # the first item's position in docs
    joined: str
    starts: np.ndarray            # where each text starts in joined (join())
    places: np.ndarray            # uint32 per text: item within the batch << _CODE_BITS | field


BLOCK = 1 << 23  # postings per block: 64 MB, above the size from which malloc maps memory apart


class _PostingBlocks:
    """Packed postings gathered in blocks of BLOCK. Arrays that large get memory of their
    own from malloc, handed back to the system when freed; thousands of small arrays
    would leave the process that much heap it keeps after the build."""

    def __init__(self) -> None:
        self.blocks: list[np.ndarray] = []
        self.used = 0  # in the last block

    def add(self, packed: np.ndarray) -> None:
        """Append packed postings."""
        while len(packed):
            if not self.blocks or self.used == BLOCK:
                self.blocks.append(np.empty(BLOCK, dtype=np.uint64))
                self.used = 0
            n = min(BLOCK - self.used, len(packed))
            self.blocks[-1][self.used:self.used + n] = packed[:n]
            self.used += n
            packed = packed[n:]

    def take(self) -> np.ndarray:
        """All postings in the order added, as one array; the blocks are let go."""
        if not self.blocks:
            return np.zeros(0, dtype=np.uint64)
        last = self.blocks.pop()[:self.used]
        whole = np.concatenate([*self.blocks, last])
        self.blocks.clear()
        return whole


@dataclass
class _Tokenised:
    """What tokenising every item gives: the vocabulary, packed postings, per-item data."""

    terms: _Terms
    postings: _PostingBlocks      # packed, sorted per MERGE items (see _merge_batch)
    doc_len: np.ndarray           # float32: each item's weighted length
    appointing: np.ndarray        # bool: the item appoints someone
    dissenting: np.ndarray        # bool: the minutes record dissent on it
    acronym_words: dict[str, dict[tuple[str, ...], int]]


def _batch(docs: list[tuple[Meeting, Item]], first: int, stop: int,
           acronym_words: dict[str, dict[tuple[str, ...], int]]) -> _Batch:
    """The texts of docs[first:stop] joined and dehyphenated; counts their acronym definitions."""
    texts: list[str] = []
    places = array("I")
    for d in range(first, stop):
        local = (d - first) << _CODE_BITS
        for code, text in item_texts(docs[d][1]):
            texts.append(text)
            places.append(local | code)
    joined, starts = join(texts)
    joined, starts = dehyphenate_joined(joined, starts, starts[1:] - len(SEPARATOR))
    _collect_acronyms(joined, starts, starts[1:] - len(SEPARATOR), acronym_words)
    return _Batch(first, joined, starts, np.frombuffer(places, dtype=np.uint32))


def _tokenise_all(docs: list[tuple[Meeting, Item]]) -> _Tokenised:
    """Tokenise and merge every item, BATCH items at a time."""
    n = len(docs)
    terms = _Terms()
    table = TokenTable(terms.resolve)
    doc_len = np.zeros(n, dtype=np.float32)
    postings = _PostingBlocks()
    acronym_words: dict[str, dict[tuple[str, ...], int]] = {}
    for first in range(0, n, BATCH):
        batch = _batch(docs, first, min(first + BATCH, n), acronym_words)
        term, per_text = table.tokenise(batch.joined, batch.starts)
        if len(terms.keys) > 1 << _TERM_BITS or len(terms.multi) >= 1 << _TERM_BITS:
            raise ValueError("too many distinct words to index")
        place = np.repeat(batch.places, per_text)
        # Tokens come in item order: merge them MERGE items at a time, for 32-bit sort keys.
        cuts = np.searchsorted(place, np.arange(0, BATCH + 1, MERGE, dtype=np.uint32) << np.uint32(_CODE_BITS))
        for sub, (a, b) in enumerate(pairwise(cuts.tolist())):
            start = first + sub * MERGE
            if start >= n:
                break
            local = place[a:b] - np.uint32(sub * MERGE << _CODE_BITS)
            packed, lengths = _merge_batch(term[a:b], local, start, min(MERGE, n - start), terms)
            doc_len[start:start + len(lengths)] = lengths
            postings.add(packed)
    appointing = np.fromiter((is_appointing(item) for _, item in docs), dtype=bool, count=n)
    dissenting = np.fromiter((has_dissent(item) for _, item in docs), dtype=bool, count=n)
    return _Tokenised(terms, postings, doc_len, appointing, dissenting, acronym_words)


def case_ids(docs: list[tuple[Meeting, Item]]) -> np.ndarray:
    """Per item its case (int32, -1 for none): the items of one case number that is a case
    (bot/knowledge/case_numbers.py)."""
    numbers = CaseNumbers(docs)
    ids: dict[str, int] = {}
    out = np.full(len(docs), -1, dtype=np.int32)
    for d, (_, item) in enumerate(docs):
        number = numbers.case_of(item)
        if number is not None:
            out[d] = ids.setdefault(number, len(ids))
    return out


def _build(docs: list[tuple[Meeting, Item]]) -> Index:
    n_docs = len(docs)
    if n_docs >= 1 << _DOC_BITS:
        raise ValueError(f"too many items to index: {n_docs}")
    part = _tokenise_all(docs)
    meetings: list[Meeting] = []
    meeting_ids: dict[int, int] = {}
    doc_meeting = np.empty(n_docs, dtype=np.int32)
    for d, (meeting, _) in enumerate(docs):
        m = meeting_ids.get(id(meeting))
        if m is None:
            m = meeting_ids[id(meeting)] = len(meetings)
            meetings.append(meeting)
        doc_meeting[d] = m
    index = _assemble(docs, meetings, doc_meeting, part.appointing, part.terms, part.postings, part.doc_len)
    index.acronyms = _acronym_aliases(part.acronym_words, index.vocab)
    index.by_length = _by_length(index.keys)
    index.components = compound_components(index.keys, index.vocab, index.df)
    index.dissenting = part.dissenting
    index.voting = np.fromiter((has_votes(item) for _, item in docs), dtype=bool, count=n_docs)
    index.absence = np.fromiter((has_absence(m, item) for m, item in docs), dtype=bool, count=n_docs)
    index.doc_case = case_ids(docs)
    log.debug("indexed %d items, %d terms, %d postings", n_docs, len(index.keys), len(index.post_doc))
    return index


# Postings travel as one uint64 each: term | item | field | count (or weighted frequency).
_TERM_BITS, _DOC_BITS, _CODE_BITS, _COUNT_BITS = 22, 21, 2, 19
_LOW = _CODE_BITS + _COUNT_BITS
_TERM_SHIFT = np.uint64(_DOC_BITS + _LOW)  # where the term id starts in a packed posting
_WEIGHTS = np.array([int(f.weight) for f in FIELDS], dtype=np.int64)  # integer weights: exact sums
assert all(f.weight == int(f.weight) for f in FIELDS)


def _u64(values: np.ndarray, shift: int) -> np.ndarray:
    out = values.astype(np.uint64)
    if shift:
        out <<= np.uint64(shift)
    return out


_LOCAL_BITS = 7  # an item's place within its batch
assert MERGE <= 1 << _LOCAL_BITS and BATCH % MERGE == 0 and _TERM_BITS + _LOCAL_BITS + _CODE_BITS <= 32


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts (values not empty)."""
    change = np.empty(len(values), dtype=bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    return np.flatnonzero(change)


def _merge_batch(term: np.ndarray, place: np.ndarray, first: int, count: int,
                 terms: _Terms) -> tuple[np.ndarray, np.ndarray]:
    """A batch's tokens (token id; item within the batch << _CODE_BITS | field) -> packed
    postings (term, item, best field, weighted frequency) sorted, one per (term, item);
    and each item's weighted length."""
    several = np.flatnonzero(term < NOTHING)
    if len(several):  # hyphenated tokens: add their terms (the tokens themselves drop out below)
        sizes, flat, begin = terms.multi_arrays()
        k = -2 - term[several]
        n = sizes[k]
        within = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        term = np.concatenate((term, flat[np.repeat(begin[k], n) + within]))
        place = np.concatenate((place, np.repeat(place[several], n)))
    # Sort (term, item, field) as 32 bits. Negative ids (stop words, punctuation, the
    # hyphenated tokens) wrap around to 2**31 and above: they sort last and are cut off.
    key = term.view(np.uint32) << np.uint32(_LOCAL_BITS + _CODE_BITS)
    key |= place
    key.sort()
    key = key[:np.searchsorted(key, np.uint32(1 << 31))]
    if not len(key):
        return np.zeros(0, np.uint64), np.zeros(count, np.float32)
    # Runs of equal (term, item, field), then of equal (term, item): one posting each.
    runs = _run_starts(key)
    occurrences = np.diff(runs, append=len(key))
    run_key = key[runs]
    field = run_key & np.uint32((1 << _CODE_BITS) - 1)
    pair = run_key >> np.uint32(_CODE_BITS)
    starts = _run_starts(pair)
    pair, best = pair[starts], field[starts]  # fields sort strongest first
    freq = np.add.reduceat(_WEIGHTS[field] * occurrences, starts)
    local = pair & np.uint32((1 << _LOCAL_BITS) - 1)
    lengths = np.bincount(local, weights=freq, minlength=count).astype(np.float32)
    np.minimum(freq, (1 << _COUNT_BITS) - 1, out=freq)
    packed = _u64(pair >> np.uint32(_LOCAL_BITS), int(_TERM_SHIFT))
    packed |= _u64(local, _LOW) + np.uint64(first << _LOW)
    packed |= _u64(best, _COUNT_BITS)
    packed |= freq.astype(np.uint64)
    return packed, lengths


def _assemble(docs, meetings, doc_meeting, appointing, ids: _Terms, merged: _PostingBlocks,
              doc_len: np.ndarray) -> Index:
    """All batches' postings grouped by term (CSR) with BM25F-normalised frequencies."""
    key = merged.take()
    # Batches hold ascending, disjoint items and are each sorted: a stable sort (merging
    # those runs) orders by term, then item. In-place steps spare temporaries of the size of all postings.
    key.sort(kind="stable")
    part = np.right_shift(key, np.uint64(_LOW))
    part &= np.uint64((1 << _DOC_BITS) - 1)
    post_doc = part.astype(np.int32)
    np.right_shift(key, np.uint64(_COUNT_BITS), out=part)
    part &= np.uint64((1 << _CODE_BITS) - 1)
    post_field = part.astype(np.uint8)
    np.bitwise_and(key, np.uint64((1 << _COUNT_BITS) - 1), out=part)
    tf = part.astype(np.float32)
    np.right_shift(key, _TERM_SHIFT, out=part)
    del key
    df = np.bincount(part.view(np.int64), minlength=len(ids.keys)).astype(np.int32)
    del part
    avg_len = float(doc_len.mean()) if len(doc_len) and doc_len.mean() > 0 else 1.0
    # tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avg_len)) in float32, step by step
    norm = doc_len[post_doc]
    norm *= B
    norm /= np.float32(avg_len)
    norm += 1 - B
    norm *= np.float32(K1)
    norm += tf
    np.divide(np.float32(K1 + 1), norm, out=norm)
    tf *= norm
    del norm
    offsets = np.zeros(len(ids.keys) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    return Index(
        docs=docs, meetings=meetings, doc_meeting=doc_meeting, appointing=appointing,
        vocab=ids.vocab, keys=ids.keys, surface=ids.surface, df=df, offsets=offsets,
        post_doc=post_doc, post_tfn=tf, post_field=post_field,
    )


MAX_DEFINITIONS = 2  # per acronym: the definitions the minutes use most


def _collect_acronyms(joined: str, starts: np.ndarray, ends: np.ndarray,
                      found: dict[str, dict[tuple[str, ...], int]]) -> None:
    """Count the acronym definitions of the (dehyphenated) texts joined[starts[i]:ends[i]]."""
    if "(" not in joined:
        return
    hints = np.array([m.start() for m in DEFINITION_HINT_RE.finditer(joined)], dtype=np.int64)
    texts = np.searchsorted(starts, hints, side="right") - 1
    for start, i in zip(hints.tolist(), texts.tolist(), strict=True):
        if start < ends[i]:  # not in the separator after the text
            definition = definition_at(joined, start, int(starts[i]), int(ends[i]))
            if definition:
                acronym, words = definition
                seen = found.setdefault(acronym, {})
                key = tuple(w.casefold() for w in words)
                seen[key] = seen.get(key, 0) + 1


def _acronym_aliases(
    found: dict[str, dict[tuple[str, ...], int]], vocab: dict[str, int]
) -> dict[str, list[tuple[str, ...]]]:
    """acronym key -> definitions (as keys), and a one-word definition's key -> (acronym,).

    Only an acronym's most used definitions count (a stray match elsewhere never does).
    """
    aliases: dict[str, list[tuple[str, ...]]] = {}
    for acronym, definitions in sorted(found.items()):
        akey = term_key(acronym.casefold())
        if akey is None:
            continue
        ranked = sorted(definitions.items(), key=lambda d: (-d[1], d[0]))
        top = ranked[0][1]
        for definition, count in ranked[:MAX_DEFINITIONS]:
            if count * 2 < top:
                break
            dkeys = tuple(k for k in map(term_key, definition) if k and k in vocab)
            if not dkeys:
                continue
            aliases.setdefault(akey, [])
            if dkeys not in aliases[akey]:
                aliases[akey].append(dkeys)
            if len(dkeys) == 1 and akey in vocab:
                aliases.setdefault(dkeys[0], [])
                if (akey,) not in aliases[dkeys[0]]:
                    aliases[dkeys[0]].append((akey,))
    return aliases


def _by_length(keys: list[str]) -> dict[int, list[str]]:
    """Alphabetic keys grouped by length: the candidates for typo matching."""
    buckets: dict[int, list[str]] = {}
    for key in keys:
        if len(key) >= 4 and key.isalpha():
            buckets.setdefault(len(key), []).append(key)
    return buckets
