"""Keyword and dense scores of every item -> one score on the fixed 0..1 scale.

The keyword score (bot/search/rank.py) is already on a fixed scale: the IDF-weighted share of
the question's words an item contains. The dense score (bot/search/dense.py) is a cosine,
which multilingual-e5 keeps in a narrow band: unrelated passages sit around 0.80, the passage
a paraphrase was written from around 0.87. It is put on the same scale by a fixed linear map
(`calibrated`: DENSE_FLOOR -> 0, DENSE_CEILING -> 1, clipped), and the two are combined as
independent evidence (noisy-or):

    fused = 1 − (1 − keyword) · (1 − calibrated(dense))

so an item found by either alone keeps its score, and one found by both scores higher than
by either. An item without vectors (or a search without them) keeps its keyword score.
Measured against reciprocal-rank fusion and weighted sums on the question sets: docs/search.md.
"""
from __future__ import annotations

import numpy as np

from bot.search.constraints import NAME, Constraint
from bot.search.query import Query, QueryTerm

DENSE_FLOOR = 0.80    # cosine (less hubness) that counts as no evidence
DENSE_CEILING = 0.92  # cosine that counts as full evidence
# The keyword score prefers an item holding the question's neighbouring words side by side
# ("kollektive transportmuligheder", "Energi på Tværs") by a few hundredths, which the noisy-or
# shrinks by the dense evidence; a closer passage elsewhere then outranks it. After fusion, a
# contender with fewer of the pairs side by side than the best of them loses this share per pair.
PHRASE_SHARE = 0.1


def calibrated(dense: np.ndarray) -> np.ndarray:
    """Dense cosines on the 0..1 scale (NaN stays NaN)."""
    return np.clip(_band_share(dense), 0, 1)


def _band_share(dense: np.ndarray) -> np.ndarray:
    return (dense - np.float32(DENSE_FLOOR)) / np.float32(DENSE_CEILING - DENSE_FLOOR)


def uncapped_evidence(keyword: np.ndarray, dense: np.ndarray | None) -> np.ndarray:
    """Per item, its evidence before the fusion's cap: the keyword score plus the dense cosine's
    share of the calibration band, unclipped (0 for an item without vectors). It orders items
    whose fused scores are equal: the noisy-or reaches 1.0 once a passage is close enough."""
    if dense is None:
        return keyword
    return keyword + np.nan_to_num(_band_share(dense), nan=0.0)


def dense_weight(query: Query, constraints: list[Constraint]) -> float:
    """How much the dense evidence counts for a question: none for a question that is only a
    name ("Københavns Professionshøjskole", "Kasper Damsgaard"): it asks where the name stands,
    and the closeness of a bare name to a passage says nothing more; else all."""
    named = {k for c in constraints if c.kind == NAME for keys in c.keys for k in keys}
    if named and query.terms and all(_term_keys(t) <= named for t in query.terms):
        return 0.0
    return 1.0


def _term_keys(term: QueryTerm) -> set[str]:
    exact = [e for e in term.expansions if e.kind == "exact"]
    return set(exact[0].keys) if exact else {"\0"}


def keep_phrases(fused: np.ndarray, docs: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The fused scores with the contenders `docs` (their share of the question's neighbouring
    word pairs side by side: `share`) lowered by PHRASE_SHARE per pair share they have fewer
    than the best of them; every other item keeps its score."""
    if not len(docs) or not share.any():
        return fused
    out = fused.copy()
    out[docs] = np.round(fused[docs] * (1 - np.float32(PHRASE_SHARE) * (share.max() - share)), 6)
    return out


def fuse(keyword: np.ndarray, dense: np.ndarray | None, weight: float = 1.0) -> np.ndarray:
    """The final score of every item: noisy-or of keyword and calibrated dense evidence (times
    `weight`); the keyword score where an item has no dense score; -1 stays -1 (outside the
    question's scope)."""
    if dense is None:
        return keyword
    evidence = calibrated(dense) * np.float32(weight)
    fused = 1 - (1 - np.maximum(keyword, 0)) * (1 - np.nan_to_num(evidence, nan=0.0))
    fused = np.where(keyword < 0, keyword, fused)
    return np.round(fused, 6).astype(np.float32)
