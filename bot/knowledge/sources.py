"""A referat file as a meeting ready for the knowledge base: read and parsed, its facts derived."""
from __future__ import annotations

from pathlib import Path

from bot.facts import enrich_meeting
from bot.ingest.lines import IngestError
from bot.ingest.read import read_meeting
from bot.model import Meeting


def ingest_bytes(
    data: bytes,
    name: str,
    body: str | None = None,
    date: str | None = None,
    url: str | None = None,
    municipality: str | None = None,
) -> Meeting:
    """Turn a referat's bytes into a Meeting with items, decisions and facts."""
    meeting = read_meeting(data, name, body=body, date=date, url=url, municipality=municipality)
    enrich_meeting(meeting)
    return meeting


def ingest_file(path: Path, body: str | None = None, date: str | None = None, url: str | None = None,
                municipality: str | None = None) -> Meeting:
    """Read and ingest one file from disk."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"kan ikke læse filen: {exc.strerror}") from None
    return ingest_bytes(data, path.name, body=body, date=date, url=url, municipality=municipality)
