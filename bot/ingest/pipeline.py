"""Ingest one referat file: read it, parse it, add decision facts. No writing here."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from bot.facts import enrich_meeting
from bot.ingest.dates import parse_date
from bot.ingest.lines import Document
from bot.ingest.parse import ParseError, parse_document
from bot.ingest.text import read_text_layout
from bot.model import Meeting

log = logging.getLogger(__name__)


class IngestError(Exception):
    """A file that cannot be ingested; the message says why, in Danish, for the user."""


def read_document(data: bytes, name: str) -> Document:
    """Pick the reader from the content: PDF by its magic bytes, otherwise UTF-8 text."""
    if not data.strip():
        raise IngestError("filen er tom")
    if data.lstrip()[:5] == b"%PDF-":
        from bot.ingest.pdf import read_pdf  # pdfplumber is slow to import; only when needed

        return read_pdf(data)
    if name.lower().endswith(".pdf"):
        raise IngestError("filen er ikke en PDF (mangler %PDF-signaturen)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError("filen er hverken en PDF eller UTF-8-tekst") from None
    if "\x00" in text:
        raise IngestError("filen er hverken en PDF eller tekst")
    return read_text_layout(text)


def ingest_bytes(
    data: bytes,
    name: str,
    body: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> Meeting:
    """Turn a referat's bytes into a Meeting with items, decisions and facts."""
    if date and not parse_date(date):
        raise IngestError(f"ugyldig dato {date!r}; brug ÅÅÅÅ-MM-DD")
    doc = read_document(data, name)
    try:
        meeting = parse_document(doc, body=body, date=date)
    except ParseError as exc:
        raise IngestError(str(exc)) from None
    if not meeting.body:
        raise IngestError("kunne ikke finde mødets organ i dokumentet; angiv det med --body")
    if not meeting.date:
        meeting.date = parse_date(Path(name).stem) or ""
    if not meeting.date:
        raise IngestError("kunne ikke finde mødedatoen i dokumentet; angiv den med --date")
    meeting.source_url = url
    meeting.source_sha256 = hashlib.sha256(data).hexdigest()
    meeting.source_file = Path(name).name
    enrich_meeting(meeting)
    return meeting


def ingest_file(path: Path, body: str | None = None, date: str | None = None, url: str | None = None) -> Meeting:
    """Read and ingest one file from disk."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"kan ikke læse filen: {exc.strerror}") from None
    return ingest_bytes(data, path.name, body=body, date=date, url=url)
