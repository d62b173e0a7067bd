"""The layout-neutral intermediate form every reader (PDF, text) produces.

A reader turns a document into `Line`s with whatever it knows about their look
(bold, font size, a paragraph gap before them); `parse.py` turns lines into a
Meeting without caring where they came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.model import Link


class IngestError(Exception):
    """A file that cannot be ingested; the message says why, in Danish, for the user."""


@dataclass
class Line:
    """One visual line of text, on a (physical, 1-based) page."""

    text: str
    page: int
    para_break: bool = False  # a paragraph gap (or page start) comes before this line
    bold: bool | None = None  # None: the reader cannot tell
    size: float | None = None  # font size, None when unknown
    is_link: bool = False  # the line is only a URL of a link annotation
    link_text: str | None = None  # for a link line: the text the annotation covers
    table: bool = False  # a table row, its cells joined with " | "
    # A gap clearly wider than the document's paragraph gap comes before this line: a new block,
    # such as the next field of an item printed as fields (FirstAgenda). False when the reader can't tell.
    block_break: bool = False


def style(line: Line) -> tuple[bool | None, float | None]:
    """The look of a line: (bold, size rounded to 0.1)."""
    return (line.bold, round(line.size, 1) if line.size else None)


def is_larger(line: Line, body_size: float | None) -> bool:
    """Set in a clearly larger type than the body text."""
    return bool(line.size and body_size and line.size > body_size + 0.5)


@dataclass
class Document:
    """A document as lines, plus what the reader learnt on the way."""

    lines: list[Line]
    pages: int
    links: list[Link] = field(default_factory=list)
    # (body, date) pairs seen in running headers, e.g. ("KKR Hovedstaden", "25-11-2022").
    headers: list[tuple[str, str]] = field(default_factory=list)
    # Running header/footer texts removed from the pages (`Referat - Byrådet 27. marts 2024`).
    furniture: list[str] = field(default_factory=list)
    body_size: float | None = None  # the most common font size: body text


# "KKR Hovedstaden  | 25-11-2022" and "SIDE  |  7": KL's running header; other councils add
# the page: "Økonomiudvalget | 12-03-2024 | Side 3 af 24".
RUNNING_HEADER_RE = re.compile(
    r"^\s*(?P<body>[^|]{3,80}?)\s*\|\s*(?P<date>\d{1,2}[-.]\d{1,2}[-.]\d{4})"
    r"(?:\s*\|\s*(?:side|page|s\.)\s*\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?)?\s*$",
    re.IGNORECASE,
)
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:side|page|s\.)\s*\|?\s*(?P<n>\d{1,4})(?:\s*(?:af|/|of)\s*\d{1,4})?\s*$", re.IGNORECASE
)
# A page number alone in the top or bottom margin: "3", "- 3 -", "3/24", "3 af 24", "3 of 5".
BARE_PAGE_NUMBER_RE = re.compile(r"^\s*[-–]?\s*\d{1,4}\s*(?:[-–]|(?:/|af|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
URL_RE = re.compile(r"^\s*(https?://\S+)\s*$")
