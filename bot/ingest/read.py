"""Read one referat into a Meeting: pick the reader (PDF, text, FirstAgenda JSON), parse, find body and date.
No facts, no writing."""
from __future__ import annotations

import hashlib
from pathlib import Path

from bot.dates import parse_date
from bot.ingest.firstagenda import is_publication, read_publication
from bot.ingest.lines import Document, IngestError
from bot.ingest.parse import ParseError, parse_document
from bot.ingest.text import read_text_layout
from bot.model import Meeting


def read_document(data: bytes, name: str) -> Document:
    """Pick the reader from the content: PDF by its magic bytes, otherwise UTF-8 text."""
    if not data.strip():
        raise IngestError("filen er tom")
    if data.lstrip()[:5] == b"%PDF-":
        # pdfplumber takes a noticeable part of a second to import; commands that read no PDF don't pay it.
        from bot.ingest.pdf import read_pdf

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


def read_meeting(
    data: bytes,
    name: str,
    body: str | None = None,
    date: str | None = None,
    url: str | None = None,
    municipality: str | None = None,
) -> Meeting:
    """Turn a referat's bytes into a Meeting with its items and verbatim decisions.

    A JSON document (it starts with `{`) is a FirstAgenda publication: `url` is then the
    publication site (items link to their own page on it), `municipality` names the meeting's
    municipality (the JSON does not)."""
    if date and not parse_date(date):
        raise IngestError(f"ugyldig dato {date!r}; brug ÅÅÅÅ-MM-DD")
    if is_publication(data):
        meeting = read_publication(data, municipality=municipality, base_url=url)
        if body:  # --body: shown as given; the source's own name stays in body_source
            original = meeting.body_source or meeting.body
            meeting.body, meeting.body_source = body, (original if original != body else None)
        if date:
            meeting.date = parse_date(date) or meeting.date
        meeting.source_sha256 = hashlib.sha256(data).hexdigest()
        meeting.source_file = Path(name).name
        return meeting
    if name.lower().endswith(".json") and data.strip():
        raise IngestError("filen er ikke et FirstAgenda-referat i JSON (den begynder ikke med '{')")
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
    return meeting
