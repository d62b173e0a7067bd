"""PDF reader (pdfplumber): pages -> Lines with bold/size, links, tables."""
from __future__ import annotations

from bot.ingest.lines import Document


def read_pdf(data: bytes) -> Document:
    """Read a PDF's text layer into lines (not implemented yet)."""
    from bot.ingest.pipeline import IngestError

    raise IngestError("PDF-indlæsning er ikke implementeret endnu")
