"""A small real knowledge base for tests: the eight Greve fixture meetings (tests/fixtures/greve/) ingested,
beside the bundled KKR Hovedstaden meeting."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot.knowledge.sources import ingest_file
from bot.knowledge.store import write_meeting
from tests.conftest import BUNDLED_KNOWLEDGE

GREVE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "greve"
GREVE_SITE = "https://dagsordener.greve.dk"


def build_fixture_kb(knowledge: Path, bundled: bool = True) -> Path:
    """Ingest the Greve fixture JSON into `knowledge` (and copy the bundled meeting's files); returns it."""
    for path in sorted(GREVE_FIXTURES.glob("*.json")):
        write_meeting(knowledge, ingest_file(path, url=GREVE_SITE, municipality="Greve Kommune"))
    if bundled:
        shutil.copytree(BUNDLED_KNOWLEDGE / "kkr-hovedstaden", knowledge / "kkr-hovedstaden",
                        ignore=shutil.ignore_patterns("*.vectors.*"))
    return knowledge
