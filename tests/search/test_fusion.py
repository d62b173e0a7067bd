"""Keyword and dense scores fused into one (bot/search/fusion.py)."""
from __future__ import annotations

import numpy as np
import pytest

from bot.search.constraints import question_constraints
from bot.search.fusion import DENSE_CEILING, DENSE_FLOOR, calibrated, dense_weight, fuse


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
