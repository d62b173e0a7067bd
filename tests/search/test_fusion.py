"""Keyword and dense scores fused into one (bot/search/fusion.py)."""
from __future__ import annotations

import numpy as np
import pytest

from bot.search import Searcher
from bot.search.constraints import question_constraints
from bot.search.dense import Dense
from bot.search.fusion import DENSE_CEILING, DENSE_FLOOR, PHRASE_SHARE, calibrated, dense_weight, fuse, keep_phrases


def test_the_cosine_on_the_fixed_scale():
    got = calibrated(np.array([DENSE_FLOOR - 0.1, DENSE_FLOOR, (DENSE_FLOOR + DENSE_CEILING) / 2, 1.0, np.nan],
                              dtype=np.float32))
    assert got[:4].tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0]) and np.isnan(got[4])


def test_noisy_or_keeps_either_evidence_and_adds_both():
    keyword = np.array([0.6, 0.0, 0.6, 0.6, -1.0], dtype=np.float32)
    dense = np.array([DENSE_FLOOR, (DENSE_FLOOR + DENSE_CEILING) / 2, (DENSE_FLOOR + DENSE_CEILING) / 2, np.nan,
                      DENSE_CEILING], dtype=np.float32)
    got = fuse(keyword, dense)
    assert got[0] == pytest.approx(0.6)          # no dense evidence: the keyword score
    assert got[1] == pytest.approx(0.5)          # no word found: the dense evidence alone
    assert got[2] == pytest.approx(0.8)          # both: 1 − 0.4 · 0.5
    assert got[3] == pytest.approx(0.6)          # no vectors: the keyword score
    assert got[4] == -1                          # outside the question's scope stays out
    assert fuse(keyword, None) is keyword        # keyword-only search


def test_a_question_that_is_only_a_name_is_ranked_by_its_words(searcher):
    for question, weight in (("Kobenhavns Professionshojskole", 0.0), ("Hvem er Kasper Damsgaard?", 0.0),
                             ("Hvad sagde Kasper Damsgaard om budgettet?", 1.0), ("klimaparnterskab", 1.0)):
        query = searcher.parse(question)
        assert dense_weight(query, question_constraints(query.text)) == weight, question


def test_contenders_without_the_question_s_neighbouring_words_side_by_side_lose_a_share():
    fused = np.array([0.885, 0.883, 0.5, 0.2], dtype=np.float32)
    docs = np.array([0, 1, 2])
    got = keep_phrases(fused, docs, np.array([0.0, 1.0, 0.5], dtype=np.float32))
    assert got[0] == pytest.approx(0.885 * (1 - PHRASE_SHARE)) and got[0] < got[1]  # the phrase wins
    assert got[1] == pytest.approx(0.883)                    # the best-phrased keeps its score
    assert got[2] == pytest.approx(0.5 * (1 - PHRASE_SHARE / 2))
    assert got[3] == pytest.approx(0.2)                      # not a contender: unchanged
    assert keep_phrases(fused, docs, np.zeros(3, dtype=np.float32)) is fused  # no pair side by side anywhere


@pytest.mark.parametrize("question, item, closer, cosines", [
    # "gode kollektive transportmuligheder" in 3.6; 4.1 has both words apart.
    ("kollektive transportmuligheder", "3.6", "4.1", (0.844, 0.855)),
    ("strategisk oplæg", "6.1", "3.6", (0.815, 0.839)),
    # ”Energi på Tværs”, a name, in 3.4; 3.5 has "energi" and "på tværs" apart.
    ("hvad er energi på tværs", "3.4", "3.5", (0.807, 0.840)),
])
def test_words_side_by_side_still_win_over_a_closer_passage_after_fusion(kb, searcher, monkeypatch, question, item,
                                                                         closer, cosines):
    # One vector per item: the item with the words apart closer to the question, by as much
    # as multilingual-e5 puts it (the bundled meeting's cosines), every other item unrelated.
    wanted = dict(zip((item, closer), cosines, strict=True))
    numbers = [i.number for _, i in searcher.index.docs]
    cos = np.array([wanted.get(n, 0.80) for n in numbers], dtype=np.float32)
    matrix = np.stack([cos, np.sqrt(1 - cos ** 2)], axis=1)
    dense = Dense(matrix, np.arange(len(numbers), dtype=np.int32), np.zeros(len(numbers), dtype=np.float32))
    hybrid = Searcher(kb, index=searcher.index, dense=dense)
    monkeypatch.setattr(hybrid, "question_vector", lambda text: np.array([1, 0], dtype=np.float32))
    hits = [h.item.number for h in hybrid.ask(question, threshold=0).hits]
    assert hits[0] == item and closer in hits


def test_items_the_fusion_caps_at_one_are_ordered_by_their_evidence(kb, searcher, monkeypatch):
    # Two passages past DENSE_CEILING both fuse to 1.0; the closer one comes first, not the
    # one indexed first (the tie-break for equal evidence).
    numbers = [i.number for _, i in searcher.index.docs]
    first, later = numbers[3], numbers[8]
    cos = np.array([{first: DENSE_CEILING + 0.01, later: DENSE_CEILING + 0.05}.get(n, 0.80) for n in numbers],
                   dtype=np.float32)
    matrix = np.stack([cos, np.sqrt(1 - cos ** 2)], axis=1)
    dense = Dense(matrix, np.arange(len(numbers), dtype=np.int32), np.zeros(len(numbers), dtype=np.float32))
    hybrid = Searcher(kb, index=searcher.index, dense=dense)
    monkeypatch.setattr(hybrid, "question_vector", lambda text: np.array([1, 0], dtype=np.float32))
    hits = hybrid.ask("kvantecomputerens pingvinfodring", threshold=0).hits
    assert [h.item.number for h in hits[:2]] == [later, first] and hits[0].score == hits[1].score == 1.0
