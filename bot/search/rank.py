"""Scoring items against a parsed question on a fixed 0..1 scale, and abstaining.

    coverage = Σ idf(word) · match(word, item) / Σ idf(word)

is the IDF-weighted share of the question's content words the item contains; a word's
match is its best expansion's weight times the credit of the field it was found in
(title/decision/appointments 1.0, body text 0.85, group 0.6). Words the minutes never
use still count in the denominator, which is what lets the search say "not found".

    score = coverage · (0.85 + 0.15 · aux)

where aux is the item's BM25F score relative to the best item for this question (so it
orders items that cover the same words: more occurrences, title over body). Half of aux
goes to what the question asks for beyond its words, when it does: whether the item
appoints someone (an appointment question), records dissent (a dissent question), and
holds the question's neighbouring words next to each other ("Kasper Damsgaard"; checked
for the best few items only). The score never exceeds the coverage: aux only orders, it
cannot make an item relevant.
An item is an answer when its score reaches ANSWER_THRESHOLD (see docs/search.md for
how it was calibrated).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.search.index import BODY, Index, item_texts
from bot.search.normalize import TEXT_BREAK, Pair, adjacent_pairs
from bot.search.query import Expansion, Query, fact_items

FACT_KINDS = ("dissent", "absence")  # expansions that are recorded facts, not words

COVERAGE_SHARE = 0.85
ANSWER_THRESHOLD = 0.5
# "Mente du …?": an item below the threshold is offered only when it covers at least this
# share of the question and shares a telling word with it (see `telling_match`).
SUGGESTION_MIN = 0.25
COMMON_SHARE = 0.2  # a word found in more than this share of the items tells little
NEGLIGIBLE_SHARE = 0.005  # words below this share of the question's weight are not scored
SIGNAL_SHARE = 0.5  # of aux, for appointing / dissent / neighbouring words, when asked for
# A vote or dissent question asks about what was decided: a topic word found only in the
# body text (a passing mention, "skoler" in the education strategy) is weak evidence there.
VOTE_BODY_CREDIT = 0.4  # below the threshold (minus its margin) on its own
PHRASE_CANDIDATES = 8  # the best items checked for neighbouring question words


@dataclass
class Scores:
    """Per-item scores for one question (arrays over every indexed item)."""

    score: np.ndarray      # final score on the 0..1 scale
    coverage: np.ndarray   # IDF-weighted share of the question's words found


def _expansion_match(index: Index, exp: Expansion) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(items, strength, tfn) where an expansion is found; all keys required for phrases.
    The strength array is always a new one, which the caller may change."""
    if exp.kind in FACT_KINDS:
        docs = np.flatnonzero(fact_items(index, exp.kind)).astype(np.int32)
        return docs, np.ones(len(docs), dtype=np.float32), np.ones(len(docs), dtype=np.float32)
    parts = sorted((index.postings(index.vocab[k]) for k in exp.keys), key=lambda p: len(p[0]))
    docs, tfn, strength = parts[0]
    for other_docs, other_tfn, other_strength in parts[1:]:
        # Intersect by binary search from the shorter list: O(short · log long).
        pos = np.searchsorted(other_docs, docs)
        pos[pos == len(other_docs)] = 0
        found = other_docs[pos] == docs if len(other_docs) else np.zeros(len(docs), bool)
        docs, pos = docs[found], pos[found]
        strength = np.minimum(strength[found], other_strength[pos])
        tfn = np.minimum(tfn[found], other_tfn[pos])
    return docs, strength, tfn


def score_query(index: Index, query: Query, mask: np.ndarray | None = None) -> Scores:
    """Score every item for a parsed question; items outside the mask score -1."""
    coverage, bm25 = _coverage_and_bm25(index, query)
    if mask is not None:
        bm25[~mask] = 0
    best = float(bm25.max()) if index.size else 0.0
    aux = bm25 / best if best > 0 else bm25
    signals = []
    if query.appointment:
        signals.append(index.appointing.astype(np.float32) * (coverage > 0))
    if query.dissent:
        signals.append(fact_items(index, "dissent").astype(np.float32) * (coverage > 0))
    if query.absence:
        signals.append(fact_items(index, "absence").astype(np.float32) * (coverage > 0))
    score = _score(coverage, aux, signals, mask)
    near = _contenders(score, coverage) if query.pairs else None
    if near is not None and len(near):
        # Only the items that could still come first are reordered by the words standing
        # side by side; every other item keeps its score.
        phrase = neighbour_share(index, query.pairs, near)
        if phrase.any():
            score[near] = _score(coverage[near], aux[near], [s[near] for s in signals] + [phrase], None)
    return Scores(score=score, coverage=coverage)


def _coverage_and_bm25(index: Index, query: Query) -> tuple[np.ndarray, np.ndarray]:
    """Per item: the IDF-weighted share of the question's words it contains, and BM25F."""
    coverage = np.zeros(index.size, dtype=np.float32)
    bm25 = np.zeros(index.size, dtype=np.float32)
    total = sum(t.idf for t in query.terms) or 1.0
    for term in query.terms:
        share = term.idf / total
        if share < NEGLIGIBLE_SHARE:
            continue  # a word in (nearly) every item cannot change the order
        found = [(exp.weight, *match) for exp in term.expansions
                 for match in [_expansion_match(index, exp)] if len(match[0])]
        if query.dissent:
            for _, _, strength, _ in found:
                strength[strength < 1] *= np.float32(VOTE_BODY_CREDIT / BODY.strength)
        _add_term(coverage, bm25, found, share, term.idf)
    return coverage, bm25


def _add_term(coverage: np.ndarray, bm25: np.ndarray, found: list[tuple[float, np.ndarray, np.ndarray, np.ndarray]],
              share: float, idf: float) -> None:
    """Add one question word to coverage and BM25F: per item, its best expansion found there."""
    if len(found) == 1:  # the common case: add the postings straight in
        weight, docs, strength, tfn = found[0]
        strength *= np.float32(share * weight)  # a fresh array (see Index.postings): scale in place
        coverage[docs] += strength
        bm25[docs] += np.float32(idf * weight) * tfn
        return
    match = np.zeros(len(coverage), dtype=np.float32)
    freq = np.zeros(len(coverage), dtype=np.float32)
    for weight, docs, strength, tfn in found:  # a word counts once: its best expansion per item
        strength *= np.float32(weight)
        np.maximum.at(match, docs, strength)
        np.maximum.at(freq, docs, np.float32(weight) * tfn)
    coverage += np.float32(share) * match
    bm25 += np.float32(idf) * freq


def _score(coverage: np.ndarray, aux: np.ndarray, signals: list[np.ndarray], mask: np.ndarray | None) -> np.ndarray:
    """coverage · (0.85 + 0.15 · aux), SIGNAL_SHARE of aux from the signals' mean; -1 outside the mask."""
    if signals:
        aux = (1 - SIGNAL_SHARE) * aux + SIGNAL_SHARE * (sum(signals) / len(signals))
    score = coverage * (COVERAGE_SHARE + (1 - COVERAGE_SHARE) * aux)
    score = np.round(score, 6)  # equal up to rounding -> a tie, and ties go to the newer meeting
    if mask is not None:
        score[~mask] = -1
    return score


def _contenders(score: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The best items (at most PHRASE_CANDIDATES) that could still come first, or none when
    fewer than two: the best item keeps at least COVERAGE_SHARE of its coverage whatever
    aux becomes, and no item scores above its coverage."""
    if not len(score) or PHRASE_CANDIDATES < 2:
        return np.zeros(0, dtype=np.int64)
    best = int(np.argmax(score))
    near = np.flatnonzero(coverage > COVERAGE_SHARE * coverage[best])
    near = near[score[near] > 0]  # not outside the mask
    if len(near) > PHRASE_CANDIDATES:
        near = near[np.lexsort((near, -score[near]))[:PHRASE_CANDIDATES]]
    return near if len(near) > 1 else np.zeros(0, dtype=np.int64)


def neighbour_share(index: Index, pairs: list[Pair], docs: np.ndarray) -> np.ndarray:
    """For each of the items, the share of the question's neighbouring word pairs that
    stand next to each other in it. A pair across a small word ("energi på tværs") counts
    only where one of the items has it as a name: asked in passing ("byrådsmedlem på orlov"),
    it must not dilute the pairs written side by side."""
    has = {key: _in_postings(index, key, docs) for pair in pairs for key in pair[:2]}
    spellings = {key: index.surface[index.vocab[key]] for key in has}
    found: list[set[Pair]] = []
    for j, doc in enumerate(docs.tolist()):
        present = [pair for pair in pairs if has[pair[0]][j] and has[pair[1]][j]]
        text = TEXT_BREAK.join(text for _, text in item_texts(index.docs[doc][1])) if present else ""
        found.append(adjacent_pairs(text, present, spellings) if present else set())
    named = set().union(*found) if found else set()
    counted = sum(1 for pair in pairs if len(pair) == 2 or pair in named)
    if not counted:
        return np.zeros(len(docs), dtype=np.float32)
    return np.array([len(f) / counted for f in found], dtype=np.float32)


def _in_postings(index: Index, key: str, docs: np.ndarray) -> np.ndarray:
    """For each of the (few) items: whether it contains the key (binary search)."""
    postings = index.items_of(index.vocab[key])
    if not len(postings):
        return np.zeros(len(docs), dtype=bool)
    at = np.minimum(np.searchsorted(postings, docs), len(postings) - 1)
    return postings[at] == docs


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
        # Expansions come strongest first, so the first one present is the best.
        best = next((e for e in sorted(term.expansions, key=lambda e: -e.weight)
                     if _contains(index, e, doc)), None)
        if best is not None:
            found.append((term.text, best))
    return found


def telling_match(index: Index, query: Query, doc: int) -> bool:
    """Whether an item shares a telling word with the question: one found in at most
    COMMON_SHARE of the items, and not only as two halves of a split compound.

    Keeps "mente du …?" from offering items that merely share an everyday word
    ("nye", "kommer") or a chance split ("skole|reformen" -> skole + form).
    """
    common = max(1, int(COMMON_SHARE * index.size))
    for term in query.terms:
        for exp in term.expansions:
            if exp.kind == "split" or _rarest_df(index, exp) > common:
                continue
            if _contains(index, exp, doc):
                return True
    return False


def _rarest_df(index: Index, exp: Expansion) -> int:
    """In how many items the expansion's rarest key stands (the items recording the fact for a fact)."""
    if exp.kind in FACT_KINDS:
        return int(np.count_nonzero(fact_items(index, exp.kind)))
    return min(int(index.df[index.vocab[k]]) for k in exp.keys)


def _contains(index: Index, exp: Expansion, doc: int) -> bool:
    """Whether an item holds the expansion (every key of it; the fact for a fact one)."""
    if exp.kind in FACT_KINDS:
        return bool(fact_items(index, exp.kind)[doc])
    return all(_has(index, key, doc) for key in exp.keys)


def _has(index: Index, key: str, doc: int) -> bool:
    docs = index.items_of(index.vocab[key])
    i = int(np.searchsorted(docs, doc))
    return i < len(docs) and int(docs[i]) == doc
