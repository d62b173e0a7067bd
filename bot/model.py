"""The knowledge base's data model: meetings, agenda items and what was decided.

These dataclasses are the single contract between ingest, the knowledge files,
search, formatting and the Discord layer. `meeting_to_dict` gives the YAML shape (see
README "Knowledge base format"), field order there is the order here; reading a file
back goes through its schema, bot/knowledge/schema.py, which has one line per field.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

# Outcome vocabulary (issue 6). Kept here so every module agrees on the words.
OUTCOMES = (
    "godkendt",
    "tiltrådt",
    "taget til efterretning",
    "drøftet",
    "udsat",
    "oversendt",
    "ikke godkendt",
    "udpeget",
    "ingen beslutning",
    "andet",
)
STAGES = ("endelig", "indstilling")
VOTE_POSITIONS = ("for", "imod", "undlod")
APPOINTMENT_STATUSES = ("besluttet", "omtalt")


@dataclass
class Section:
    """One headed section of an item (Baggrund, Indstilling, Sagsfremstilling, …)."""

    heading: str
    text: str
    page: int
    # Offsets into `text` where a new page starts (empty: the section lies on one page).
    # Non-decreasing; an offset listed twice means a page in between has none of its text.
    page_breaks: list[int] = field(default_factory=list, metadata={"omit_empty": True})


def page_at(section: Section, offset: int) -> int:
    """The physical page on which the character at `offset` of the section's text stands."""
    return section.page + bisect_right(section.page_breaks, offset)


@dataclass
class Link:
    """A hyperlink found in the item (PDF link annotation or a printed URL)."""

    url: str
    page: int
    text: str | None = None


@dataclass
class Appointment:
    """A person appointed, nominated or elected to a body (issue 5)."""

    person: str
    party: str | None = None
    municipality: str | None = None
    body: str | None = None
    role: str | None = None
    verb: str | None = None
    # "besluttet" when the item's decision makes it; "omtalt" when it is only reported.
    status: str = "besluttet"
    # The page the sentence naming the person stands on (None in files from before it was kept).
    page: int | None = field(default=None, metadata={"omit_empty": True})


@dataclass
class Dissent:
    """A party or group that did not support a decision or had a note entered."""

    who: str
    text: str
    # The page the sentence stands on (None in files from before it was kept).
    page: int | None = field(default=None, metadata={"omit_empty": True})


@dataclass
class Vote:
    """How parties voted on an item, as the minutes record it ("Imod stemte: Ø")."""

    position: str  # one of VOTE_POSITIONS
    parties: list[str] = field(default_factory=list)  # party letters or names, as printed
    text: str = ""  # the verbatim line the vote was read from


@dataclass
class PriorDecision:
    """An earlier decision in the same case, printed with the item (Acadre's dated decisions)."""

    heading: str  # as printed: "Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013"
    text: str
    date: str | None = field(default=None, metadata={"omit_empty": True})  # YYYY-MM-DD
    body: str | None = field(default=None, metadata={"omit_empty": True})


@dataclass
class Item:
    """One agenda item (punkt) of a meeting, with its verbatim decision."""

    number: str | None
    title: str
    page: int
    decision: str = ""
    decision_page: int | None = None
    # Offsets into `decision` where a new page starts (empty: it lies on one page); see
    # bot.decision_text.decision_page_at. Non-decreasing, like Section.page_breaks.
    decision_page_breaks: list[int] = field(default_factory=list, metadata={"omit_empty": True})
    group: str | None = None
    case_number: str | None = None
    added: bool = False
    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Decision facts (issue 6) and appointments (issue 5), filled at ingest.
    outcome: str | None = None
    stage: str | None = None
    formal: bool = False
    dissent: list[Dissent] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    # From publishing systems that say so (FirstAgenda): closed items keep their title only.
    closed: bool = field(default=False, metadata={"omit_empty": True})
    votes: list[Vote] = field(default_factory=list, metadata={"omit_empty": True})
    # Who was absent for this item, as printed; the case's earlier decisions; the publishing
    # system's id of the item; the item's own page on the publishing site.
    absent: list[str] = field(default_factory=list, metadata={"omit_empty": True})
    history: list[PriorDecision] = field(default_factory=list, metadata={"omit_empty": True})
    source_id: str | None = field(default=None, metadata={"omit_empty": True})
    url: str | None = field(default=None, metadata={"omit_empty": True})

    @property
    def label(self) -> str:
        """Number and title as printed, e.g. '3.4 DK2020-klimapartnerskabet efter 2023'."""
        return f"{self.number} {self.title}" if self.number else self.title

    def section_text(self) -> str:
        """All section texts except the decision, in order (the item's body)."""
        return "\n\n".join(s.text for s in self.sections if s.text)


@dataclass
class Meeting:
    """One meeting's referat: where it came from and its agenda items."""

    body: str
    date: str  # YYYY-MM-DD
    source_url: str | None = None
    source_sha256: str | None = None
    source_file: str | None = None
    pages: int | None = None
    items: list[Item] = field(default_factory=list)
    # Where the source says so: the municipality, the body's name as the source writes it when it
    # differs from `body` ("Byråd 2022-2025" shown as "Greve Byråd"), start time, place, who was absent.
    municipality: str | None = field(default=None, metadata={"omit_empty": True})
    body_source: str | None = field(default=None, metadata={"omit_empty": True})
    time: str | None = field(default=None, metadata={"omit_empty": True})  # HH:MM, local
    location: str | None = field(default=None, metadata={"omit_empty": True})
    absent: list[str] = field(default_factory=list, metadata={"omit_empty": True})
    source_id: str | None = field(default=None, metadata={"omit_empty": True})  # the publishing system's id

    @property
    def key(self) -> tuple[str, str]:
        """(body, date): the body's meeting that day, as a question names it."""
        return (self.body, self.date)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """(municipality, body, date, time): what tells two meetings apart in the knowledge base;
        a body may meet twice a day (Greve Byråd, 8 September 2025, 17:15 and 17:30)."""
        return (self.municipality or "", self.body, self.date, self.time or "")

    def page_url(self, page: int | None) -> str | None:
        """Link to a page of the source: `source_url#page=N` for a PDF, else `source_url` itself
        (a web page has no pages to jump to; say the page number in the text, see is_pdf_url)."""
        if not self.source_url:
            return None
        return f"{self.source_url}#page={page}" if page and is_pdf_url(self.source_url) else self.source_url


    def item_url(self, item: Item, page: int | None = None) -> str | None:
        """Link to an item: its own page on the publishing site when it has one (FirstAgenda),
        else the source at `page` (see page_url)."""
        return item.url or self.page_url(page)

    @property
    def paged(self) -> bool:
        """True when the source has page numbers worth saying (a PDF or its text; not FirstAgenda JSON)."""
        return self.pages is not None


def is_pdf_url(url: str) -> bool:
    """True for a URL of a PDF file (its path ends in .pdf): the only kind where `#page=N` opens a page."""
    return urlsplit(url).path.casefold().endswith(".pdf")


def site_of(url: str) -> str:
    """The site a URL is on, as people write it: 'kl.dk' for https://www.kl.dk/…; '' for a local file."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        # Fields marked omit_empty stay out of the YAML when empty (older files stay valid).
        return {f.name: _clean(getattr(value, f.name)) for f in fields(value)
                if getattr(value, f.name) or not f.metadata.get("omit_empty")}
    return value


def meeting_to_dict(meeting: Meeting) -> dict[str, Any]:
    """The YAML document for one meeting: `meeting:` header plus `items:`."""
    head = _clean(meeting)
    del head["items"]
    return {"meeting": head, "items": [_clean(item) for item in meeting.items]}
