"""The inverted index over every item of a knowledge base (built once, queried many times).

Each item is split into fields (title with number, decision with appointments, body
text with group heading). A posting records, per key and item, the BM25F-normalised term frequency
(`tfn`, fields weighted) and the strongest field the key occurs in (`strength`,
1.0 for title/decision, less for body text), which the fixed-scale score uses.
Postings are stored column-wise in numpy arrays (CSR by term), compact enough for the
scale in docs/search.md, and a query touches only the postings of its words.
bot/search/build.py builds an Index; bot/search/compounds.py splits its compound words.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from bot.model import Item, Meeting
from bot.search.parties import party_names, vote_parties


@dataclass(frozen=True)
class Field:
    """A part of an item: its BM25F weight and its credit in the fixed-scale score."""

    name: str
    weight: float
    strength: float


# The number is searched with the title ("3.9"), appointments with the decision, and the
# group heading with the body text.
TITLE = Field("title", 3.0, 1.0)
DECISION = Field("decision", 2.0, 1.0)
BODY = Field("body", 1.0, 0.85)
FIELDS = (TITLE, DECISION, BODY)

_PARTY_LETTER = re.compile(r"\(([A-ZÆØÅ])(?:-?\d+)?\)")
K1 = 1.2
B = 0.75
# Decisions that appoint someone ("KKR Hovedstaden indstillede Søren Friis Trebbien …").
APPOINTING_RE = re.compile(
    r"\b(?:gen)?(?:udpegede|udpeget|udpeges|indstillede|indstillet|valgte|valgt som)\b", re.IGNORECASE
)


def item_texts(item: Item) -> Iterator[tuple[int, str]]:
    """The searched texts of an item as (index into FIELDS, text); a field may have several."""
    yield 0, f"{item.number} {item.title}" if item.number else item.title
    if item.decision:
        yield 1, item.decision
    # "Initiativretsforslag fra (A) og (Ø)": the parties by name too, in the field they stand in.
    for code, text in ((0, item.title), (1, item.decision)):
        letters = dict.fromkeys(m[1] for m in _PARTY_LETTER.finditer(text))
        if letters:
            yield code, " ".join(party_names(letter) for letter in letters)
    for a in item.appointments:
        yield 1, " ".join(x for x in (a.person, a.party, a.municipality, a.body, a.role) if x)
    # Votes are read out of the decision at ingest: searched with it, the parties by name too
    # ("Imod stemte: Ø" is found by "Enhedslisten").
    for vote in item.votes:
        names = " ".join(party_names(letter) for letter in vote_parties(vote.parties))
        yield 1, f"{vote.text} {names}" if names else vote.text
    if item.absent:
        yield 2, "Fraværende: " + ", ".join(item.absent)
    for section in item.sections:
        if section.text:
            yield 2, section.text
    if item.group or item.case_number:
        yield 2, " ".join(x for x in (item.group, item.case_number) if x)


def is_appointing(item: Item) -> bool:
    """True when the item's decision appoints, nominates or elects someone."""
    if item.appointments and any(a.status == "besluttet" for a in item.appointments):
        return True
    decision = item.decision.lower()  # enough for these ASCII stems, and cheaper than casefold()
    if "udpeg" not in decision and "indstille" not in decision and "valgt" not in decision:
        return False  # cheap test first: most decisions appoint nobody
    return bool(APPOINTING_RE.search(decision))


def has_dissent(item: Item) -> bool:
    """True when the minutes record dissent on the item (its `dissent` facts, filled at ingest)."""
    return bool(item.dissent)


def has_votes(item: Item) -> bool:
    """True when the minutes record how parties voted on the item, or dissent."""
    return bool(item.votes or item.dissent)


def has_absence(meeting: Meeting, item: Item) -> bool:
    """True when the minutes record who was absent for the item (or from its meeting); a
    formal item (approving the agenda) is not what an absence question is about."""
    return bool(item.absent or meeting.absent) and not item.formal


_STRENGTHS = np.array([f.strength for f in FIELDS], dtype=np.float32)
assert list(_STRENGTHS) == sorted(_STRENGTHS, reverse=True)  # strongest field = lowest code


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
    post_tfn: np.ndarray              # float32: BM25F-normalised term frequency (0..2.2)
    post_field: np.ndarray            # uint8: the strongest field the term is in (index into FIELDS)
    acronyms: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)  # alphabetic keys by length
    components: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    # bool per item: the minutes record dissent on it (see has_dissent)
    dissenting: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    voting: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))   # has_votes
    absence: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # has_absence
    # int32 per item: its case (items of one case number, a number every item of its meeting
    # shares excluded: that is the meeting's own file), -1 for none
    doc_case: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    @property
    def size(self) -> int:
        """Number of items indexed."""
        return len(self.docs)

    def idf(self, df: int | np.ndarray) -> float | np.ndarray:
        """BM25 inverse document frequency (always > 0)."""
        n = self.size
        return np.log1p((n - df + 0.5) / (df + 0.5))

    def items_of(self, tid: int) -> np.ndarray:
        """The items (sorted) that contain a term."""
        return self.post_doc[self.offsets[tid]:self.offsets[tid + 1]]

    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(items, tfn, strength) of one term; strength is the credit of its best field."""
        lo, hi = self.offsets[tid], self.offsets[tid + 1]
        return self.post_doc[lo:hi], self.post_tfn[lo:hi], _STRENGTHS[self.post_field[lo:hi]]
