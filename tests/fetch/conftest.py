"""The stand-in FirstAgenda site serving the Greve fixtures, in the test's event loop or in a thread of its own."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetch.firstagenda_site import FirstAgendaSite, SiteThread

GREVE = Path(__file__).resolve().parent.parent / "fixtures" / "greve"
FILES = sorted(GREVE.glob("*.json"))


@pytest.fixture
async def site():
    """The site, serving the eight Greve fixture meetings (faults are queued by the test)."""
    server = FirstAgendaSite.from_files(FILES, slow_seconds=1.0)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def threaded_site() -> Iterator[FirstAgendaSite]:
    """The site in its own thread."""
    with SiteThread(FirstAgendaSite.from_files(FILES, slow_seconds=1.0)) as server:
        yield server
