"""The inverted index over every item of a knowledge base (built once, queried many times).

Each item is split into fields (title, number, decision, appointments, body text,
group). A posting records, per key and item, the BM25F-normalised term frequency
(`tfn`, fields weighted) and the strongest field the key occurs in (`strength`,
1.0 for title/decision, less for body text), which the fixed-scale score uses.
Postings are stored column-wise in numpy arrays (CSR by term) so 100,000 items fit
in a few hundred MB and a query touches only the postings of its words.
"""
from __future__ import annotations

import logging
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bot.model import Item, Meeting
from bot.search.acronyms import find_acronyms
from bot.search.normalize import WORD_RE, dehyphenate, hyphen_joins, term_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Field:
    """A part of an item: its BM25F weight and its credit in the fixed-scale score."""

    name: str
    weight: float
    strength: float


TITLE = Field("title", 3.0, 1.0)
NUMBER = Field("number", 5.0, 1.0)  # "3.9" names the item itself
DECISION = Field("decision", 2.0, 1.0)
APPOINTMENTS = Field("appointments", 2.0, 1.0)
BODY = Field("body", 1.0, 0.85)
GROUP = Field("group", 0.5, 0.6)
FIELDS = (TITLE, NUMBER, DECISION, APPOINTMENTS, BODY, GROUP)

K1 = 1.2
B = 0.75
# Decisions that appoint someone ("KKR Hovedstaden indstillede Søren Friis Trebbien …").
APPOINTING_RE = re.compile(
    r"\b(?:gen)?(?:udpegede|udpeget|udpeges|indstillede|indstillet|valgte|valgt som)\b", re.IGNORECASE
)


def item_fields(item: Item) -> list[tuple[Field, str]]:
    """The texts of an item that are searched, by field."""
    people = " ".join(
        " ".join(x for x in (a.person, a.party, a.municipality, a.body, a.role) if x)
        for a in item.appointments
    )
    group = " ".join(x for x in (item.group, item.case_number) if x)
    return [
        (TITLE, item.title),
        (NUMBER, item.number or ""),
        (DECISION, item.decision),
        (APPOINTMENTS, people),
        (BODY, item.section_text()),
        (GROUP, group),
    ]


def is_appointing(item: Item) -> bool:
    """True when the item's decision appoints, nominates or elects someone."""
    if any(a.status == "besluttet" for a in item.appointments):
        return True
    return bool(APPOINTING_RE.search(item.decision))


@dataclass
class Index:
    """Postings, vocabulary and per-item data for one knowledge base."""

    docs: list[tuple[Meeting, Item]]
    meetings: list[Meeting]
    doc_meeting: np.ndarray           # int32: meeting index of each item
    appointing: np.ndarray            # bool: the item's decision appoints someone
    vocab: dict[str, int]             # key -> term id
    keys: list[str]                   # term id -> key
    surface: list[str]                # term id -> a word as the minutes write it
    df: np.ndarray                    # int32: items containing the term
    offsets: np.ndarray               # int64, len(keys) + 1: CSR offsets into the postings
    post_doc: np.ndarray              # int32: item of each posting
    post_tfn: np.ndarray              # float32: BM25F-normalised term frequency
    post_strength: np.ndarray         # float32: best field credit (1.0 title/decision, 0.85 body…)
    acronyms: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)  # alphabetic keys by length
    components: dict[str, list[tuple[int, float]]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of items indexed."""
        return len(self.docs)

    def idf(self, df: int | np.ndarray) -> float | np.ndarray:
        """BM25 inverse document frequency (always > 0)."""
        n = self.size
        return np.log1p((n - df + 0.5) / (df + 0.5))

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(items, tfn, strength) of one term."""
        lo, hi = self.offsets[tid], self.offsets[tid + 1]
        return self.post_doc[lo:hi], self.post_tfn[lo:hi], self.post_strength[lo:hi]


class _TermIds(dict):
    """Casefolded word -> term id (-1 for words that are not indexed), filled on demand."""

    def __init__(self, vocab: dict[str, int], keys: list[str], surface: list[str]) -> None:
        super().__init__()
        self.vocab, self.keys, self.surface = vocab, keys, surface

    def __missing__(self, word: str) -> int:
        key = term_key(word)
        tid = -1
        if key is not None:
            tid = self.vocab.get(key, -1)
            if tid < 0:
                tid = self.vocab[key] = len(self.keys)
                self.keys.append(key)
                self.surface.append(word)
        self[word] = tid
        return tid


def build_index(docs: list[tuple[Meeting, Item]]) -> Index:
    """Index (meeting, item) pairs; their order is kept (newest meeting first by convention)."""
    vocab: dict[str, int] = {}
    keys: list[str] = []
    surface: list[str] = []
    ids = _TermIds(vocab, keys, surface)
    lookup = ids.__getitem__
    terms, counts, codes, per_doc = array("i"), array("i"), array("b"), array("i")
    meetings: list[Meeting] = []
    meeting_ids: dict[int, int] = {}
    doc_meeting = np.empty(len(docs), dtype=np.int32)
    appointing = np.zeros(len(docs), dtype=bool)
    acronym_words: dict[str, set[tuple[str, ...]]] = {}
    for d, (meeting, item) in enumerate(docs):
        doc_meeting[d] = meeting_ids.setdefault(id(meeting), len(meeting_ids))
        if doc_meeting[d] == len(meetings):
            meetings.append(meeting)
        appointing[d] = is_appointing(item)
        n = 0
        for code, (fld, text) in enumerate(item_fields(item)):
            if not text:
                continue
            if "(" in text:
                _collect_acronyms(text, acronym_words)
            text = dehyphenate(text).casefold()
            tally = Counter(map(lookup, WORD_RE.findall(text)))
            joins = hyphen_joins(text)
            if joins:
                tally.update(map(lookup, joins))
            tally.pop(-1, None)
            terms.extend(tally.keys())
            counts.extend(tally.values())
            codes.extend(array("b", [code]) * len(tally))
            n += len(tally)
        per_doc.append(n)
    index = _assemble(docs, meetings, doc_meeting, appointing, vocab, keys, surface,
                      terms, counts, codes, per_doc)
    index.acronyms = _acronym_aliases(acronym_words, vocab)
    index.by_length = _by_length(keys)
    index.components = _compound_components(keys, vocab, index.df)
    log.debug("indexed %d items, %d terms, %d postings", len(docs), len(keys), len(index.post_doc))
    return index


def _assemble(docs, meetings, doc_meeting, appointing, vocab, keys, surface,
              terms, counts, codes, per_doc) -> Index:
    """Merge the per-field tallies into BM25F postings grouped by term (vectorised)."""
    n_docs = len(docs)
    weights = np.array([f.weight for f in FIELDS], dtype=np.float32)
    strengths = np.array([f.strength for f in FIELDS], dtype=np.float32)
    term = np.frombuffer(terms, dtype=np.int32) if len(terms) else np.zeros(0, np.int32)
    code = np.frombuffer(codes, dtype=np.int8) if len(codes) else np.zeros(0, np.int8)
    count = np.frombuffer(counts, dtype=np.int32) if len(counts) else np.zeros(0, np.int32)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), np.frombuffer(per_doc, dtype=np.int32)) \
        if n_docs else np.zeros(0, np.int64)
    weighted = count.astype(np.float32) * weights[code]
    doc_len = np.bincount(doc, weights=weighted, minlength=n_docs).astype(np.float32)
    avg_len = float(doc_len.mean()) if n_docs and doc_len.mean() > 0 else 1.0
    # One posting per (term, item): sum the weighted counts, keep the strongest field.
    pair = term.astype(np.int64) * max(n_docs, 1) + doc
    order = np.argsort(pair, kind="stable")
    pair = pair[order]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]]) if len(pair) else np.zeros(0, np.int64)
    tf = np.add.reduceat(weighted[order], starts) if len(pair) else np.zeros(0, np.float32)
    strength = np.maximum.reduceat(strengths[code[order]], starts) if len(pair) else np.zeros(0, np.float32)
    unique = pair[starts]
    del pair, order, weighted
    post_term = (unique // max(n_docs, 1)).astype(np.int32)
    post_doc = (unique % max(n_docs, 1)).astype(np.int32)
    norm = K1 * (1 - B + B * doc_len[post_doc] / avg_len)
    tfn = (tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    df = np.bincount(post_term, minlength=len(keys)).astype(np.int32)
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    return Index(
        docs=docs, meetings=meetings, doc_meeting=doc_meeting, appointing=appointing,
        vocab=vocab, keys=keys, surface=surface, df=df, offsets=offsets,
        post_doc=post_doc, post_tfn=tfn, post_strength=strength.astype(np.float32),
    )


def _collect_acronyms(text: str, found: dict[str, set[tuple[str, ...]]]) -> None:
    for acronym, definition in find_acronyms(text):
        found.setdefault(acronym, set()).add(tuple(w.casefold() for w in definition))


def _acronym_aliases(found: dict[str, set[tuple[str, ...]]], vocab: dict[str, int]) -> dict[str, list[tuple[str, ...]]]:
    """acronym key -> definitions (as keys), and a one-word definition's key -> (acronym,)."""
    aliases: dict[str, list[tuple[str, ...]]] = {}
    for acronym, definitions in sorted(found.items()):
        akey = term_key(acronym.casefold())
        if akey is None:
            continue
        for definition in sorted(definitions):
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


MIN_PART = 4  # shortest compound part considered a word of its own
LINKS = ("", "s", "e")  # Danish linking letters: erhverv-s-fremme, skol-e-


def split_compound(key: str, vocab: dict[str, int]) -> tuple[str, str] | None:
    """Split a key into two known keys (modifier, head), e.g. 'klimapartnerskab'."""
    best = None
    for i in range(MIN_PART, len(key) - MIN_PART + 1):
        head = key[i:]
        if head not in vocab:
            continue
        for link in LINKS:
            if link and not key[:i].endswith(link):
                continue
            modifier = key[: i - len(link)] if link else key[:i]
            if len(modifier) >= MIN_PART and modifier in vocab:
                # Prefer the longest head: "klima|partnerskab" over "klimapartner|skab".
                if best is None or len(head) > len(best[1]):
                    best = (modifier, head)
    return best


HEAD_WEIGHT = 0.7
MODIFIER_WEIGHT = 0.6
MAX_COMPOUNDS = 40


def _compound_components(keys: list[str], vocab: dict[str, int], df: np.ndarray) -> dict[str, list[tuple[int, float]]]:
    """part key -> compounds containing it (term id, weight): 'strategi' -> uddannelsesstrategi."""
    parts: dict[str, list[tuple[int, float]]] = {}
    for tid, key in enumerate(keys):
        if len(key) < 2 * MIN_PART or not key.isalpha():
            continue
        split = split_compound(key, vocab)
        if split:
            modifier, head = split
            parts.setdefault(head, []).append((tid, HEAD_WEIGHT))
            parts.setdefault(modifier, []).append((tid, MODIFIER_WEIGHT))
    for part, compounds in parts.items():
        if len(compounds) > MAX_COMPOUNDS:  # keep the most frequent compounds
            compounds.sort(key=lambda c: -int(df[c[0]]))
            del compounds[MAX_COMPOUNDS:]
    return parts
