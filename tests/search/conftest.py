"""Search fixtures: the bundled knowledge base (built from the real referat) and its index."""
from __future__ import annotations

import copy

import pytest

from bot.knowledge.store import KnowledgeBase
from bot.search import Searcher
from tests.greve_fixture import build_fixture_kb


@pytest.fixture(scope="session")
def two_meetings(kb) -> KnowledgeBase:
    """The real meeting twice: as held, and as a later meeting of the same body with
    identical text (so every score ties), plus a copy under another body."""
    real = kb.meetings[0]
    later = copy.deepcopy(real)
    later.date = "2023-02-08"
    other = copy.deepcopy(real)
    other.body = "KKR Sjælland"
    other.date = "2023-06-01"
    return KnowledgeBase([copy.deepcopy(real), later, other])


@pytest.fixture(scope="session")
def fixture_knowledge(tmp_path_factory):
    """The eight Greve fixture meetings (tests/fixtures/greve/) ingested beside the bundled meeting
    (its vectors left out), in a temporary knowledge directory."""
    return build_fixture_kb(tmp_path_factory.mktemp("greve-fixtures") / "knowledge")


@pytest.fixture(scope="session")
def fixture_searcher(fixture_knowledge):
    """A keyword-only searcher over the fixture knowledge base."""
    return Searcher.from_knowledge(fixture_knowledge, use_cache=False, vectors=False)
