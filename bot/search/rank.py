"""Scoring items against a parsed question on a fixed 0..1 scale, and abstaining.

    coverage = Σ idf(word) · match(word, item) / Σ idf(word)

is the IDF-weighted share of the question's content words the item contains; a word's
match is its best expansion's weight times the credit of the field it was found in
(title/decision/appointments 1.0, body text 0.85, group 0.6). Words the minutes never
use still count in the denominator, which is what lets the search say "not found".

    score = coverage · (0.85 + 0.15 · aux)

where aux is the item's BM25F score relative to the best item for this question (so it
orders items that cover the same words: more occurrences, title over body), and, when
the question asks who was appointed, half of it is whether the item appoints someone.
The score never exceeds the coverage: aux only orders, it cannot make an item relevant.
An item is an answer when its score reaches ANSWER_THRESHOLD (see docs/search.md for
how it was calibrated).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.search.index import Index
from bot.search.query import Expansion, Query

COVERAGE_SHARE = 0.85
ANSWER_THRESHOLD = 0.5
SUGGESTION_MIN = 0.1


@dataclass
class Scores:
    """Per-item scores for one question (arrays over every indexed item)."""

    score: np.ndarray      # final score on the 0..1 scale
    coverage: np.ndarray   # IDF-weighted share of the question's words found
    per_term: list[np.ndarray]  # match of each query term in each item


def _expansion_match(index: Index, exp: Expansion, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(items, strength, tfn) where an expansion is found; all keys required for phrases."""
    if len(exp.keys) == 1:
        docs, tfn, strength = index.postings(index.vocab[exp.keys[0]])
        return docs, strength, tfn
    docs = None
    for key in exp.keys:
        d, tfn, st = index.postings(index.vocab[key])
        if docs is None:
            docs, strength, freq = d, st, tfn
            continue
        common, left, right = np.intersect1d(docs, d, assume_unique=True, return_indices=True)
        docs = common
        strength = np.minimum(strength[left], st[right])
        freq = np.minimum(freq[left], tfn[right])
    return docs, strength, freq


def score_query(index: Index, query: Query, mask: np.ndarray | None = None) -> Scores:
    """Score every item for a parsed question; items outside the mask score -1."""
    n = index.size
    coverage = np.zeros(n, dtype=np.float32)
    bm25 = np.zeros(n, dtype=np.float32)
    per_term: list[np.ndarray] = []
    total = sum(t.idf for t in query.terms) or 1.0
    for term in query.terms:
        match = np.zeros(n, dtype=np.float32)
        freq = np.zeros(n, dtype=np.float32)
        for exp in term.expansions:
            docs, strength, tfn = _expansion_match(index, exp, n)
            if len(docs) == 0:
                continue
            match[docs] = np.maximum(match[docs], exp.weight * strength)
            freq[docs] = np.maximum(freq[docs], exp.weight * tfn)
        coverage += np.float32(term.idf / total) * match
        bm25 += np.float32(term.idf) * freq
        per_term.append(match)
    if mask is not None:
        bm25[~mask] = 0
    best = float(bm25.max()) if n else 0.0
    aux = bm25 / best if best > 0 else bm25
    if query.appointment:
        aux = 0.5 * aux + 0.5 * index.appointing.astype(np.float32) * (coverage > 0)
    score = coverage * (COVERAGE_SHARE + (1 - COVERAGE_SHARE) * aux)
    score = np.round(score, 6)  # equal up to rounding -> a tie, and ties go to the newer meeting
    if mask is not None:
        score[~mask] = -1
    return Scores(score=score, coverage=coverage, per_term=per_term)


def top_items(score: np.ndarray, k: int, minimum: float = 0.0) -> list[int]:
    """Indices of the k best items with score > minimum; ties go to the lower index (newer)."""
    candidates = np.flatnonzero(score > minimum)
    if len(candidates) == 0 or k <= 0:
        return []
    values = score[candidates]
    if len(candidates) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))
    return [int(i) for i in candidates[order[:k]]]


def matched_expansions(index: Index, query: Query, doc: int) -> list[tuple[str, Expansion]]:
    """For one item: each question word it matched, with the expansion that matched best."""
    found = []
    for term in query.terms:
        best: Expansion | None = None
        for exp in term.expansions:
            if best is not None and exp.weight <= best.weight:
                continue
            if all(_has(index, key, doc) for key in exp.keys):
                best = exp
        if best is not None:
            found.append((term.text, best))
    return found


def _has(index: Index, key: str, doc: int) -> bool:
    docs = index.postings(index.vocab[key])[0]
    i = int(np.searchsorted(docs, doc))
    return i < len(docs) and int(docs[i]) == doc
