"""FirstAgenda Publication JSON (one meeting as the publication site serves it) -> Meeting.

Pure: a decoded JSON document in, a Meeting out; no I/O. The document (see docs/ingest.md,
"FirstAgenda Publication JSON") carries the body (`Udvalg.Navn`), the start
(`Moede.Dato`, local time with offset), the place, the attendees and the agenda items;
each item's whole text is one HTML field (`Felter[0].Html`):

    <h3>Beslutning</h3> <span>Godkendt. … Afbud: …</span>
    <h3>Fremstilling</h3> <span class='ukendt'> <h4>Sagsprocedure</h4> … <h4>Resume</h4> … </span>
    <h3>Sagens forløb</h3> <span class='sagsforloeb'><u>25-09-2023 Økonomiudvalget</u><br> … </span>

An older form has no `Beslutning` heading: the title is repeated and the decision follows
it, before the first heading. A closed item (`Lukket: …`) has no case text, only its
published decision (or `Beslutning ikke frigivet`).
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from bot.decision_text import normalise_heading
from bot.ingest.attendance import separate
from bot.ingest.html_text import Block, blocks_text, html_blocks
from bot.ingest.layouts import SECTION_NAMES
from bot.ingest.lines import IngestError
from bot.model import Item, Link, Meeting, PriorDecision, Section, Vote

DECISION_HEADING = "beslutning"
HISTORY_HEADING = "sagens forløb"
# Section names are layout data (bot/ingest/layouts.py: the common ones and FirstAgenda's); any other
# heading is a sub-heading inside the section it stands in ("Antallet af klager").
_SUPPLEMENT = re.compile(r"(?i)^(?:ny\s+)?supplerende\s+(?:sagsfremstilling|sagsbeskrivelse|indstilling)\b")
# What the site prints in place of a decision it has not released.
NOT_RELEASED = re.compile(r"(?i)^\s*beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\.?\s*$")
CLOSED_TITLE = re.compile(r"^\s*lukket\s*(?:punkt\s*)?:", re.IGNORECASE)
# "Byråd 2022-2025", "Kommunalbestyrelsen 2018-21": an election period after the body's name.
_PERIOD = re.compile(r"\s*[-–(]?\s*\b(?:19|20)\d{2}\s*[-–/]\s*(?:(?:19|20)\d{2}|\d{2})\b\)?\s*$")
_COUNCIL = re.compile(r"^(?:byråd(?:et)?|kommunalbestyrelse(?:n)?)$", re.IGNORECASE)
_YEAR = re.compile(r"\s+(?:19|20)\d{2}$")  # "Økonomiudvalget 2022" in `Sagens forløb`
# "25-09-2023 Økonomiudvalget", "12/08/2025   Plan- og Tryghedsudvalget": an entry of `Sagens forløb`.
_HISTORY_ENTRY = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})\s+(?P<body>\S.{0,100})$")
_MAX_HEADING_WORDS = 8


def decode_publication(data: bytes) -> dict[str, Any]:
    """The JSON document of a FirstAgenda publication; IngestError (Danish) when it is not one."""
    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text)
    except UnicodeDecodeError:
        raise IngestError("JSON-filen er ikke UTF-8-tekst") from None
    except json.JSONDecodeError as exc:
        where = f"linje {exc.lineno}, tegn {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):  # stops before its end
            raise IngestError(f"JSON-filen er afkortet ({where}); hent den igen") from None
        raise IngestError(f"ugyldig JSON ({where}): {exc.msg}") from None
    problem = _shape_problem(doc)
    if problem:
        raise IngestError(f"ikke et FirstAgenda-referat: {problem}")
    return doc


def _shape_problem(doc: Any) -> str | None:
    if not isinstance(doc, dict):
        return "dokumentet er ikke et JSON-objekt"
    if not isinstance(doc.get("Dagsordenpunkter"), list):
        return "mangler 'Dagsordenpunkter'"
    if not isinstance(doc.get("Moede"), dict) or not isinstance(doc["Moede"].get("Dato"), str):
        return "mangler 'Moede.Dato'"
    if not isinstance(doc.get("Udvalg"), dict) or not str(doc["Udvalg"].get("Navn") or "").strip():
        return "mangler 'Udvalg.Navn'"
    for i, item in enumerate(doc["Dagsordenpunkter"]):
        if not isinstance(item, dict) or not str(item.get("Navn") or "").strip():
            return f"dagsordenspunkt nr. {i + 1} har ingen titel ('Navn')"
    return None


def is_publication(data: bytes) -> bool:
    """Whether a file's content is a JSON document (it starts with `{`), so this reader's."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def display_body(name: str, municipality: str | None) -> str:
    """The body's name as members say it: without an election period, the council named for its town.

    `Byråd 2022-2025` -> `Greve Byråd` (with municipality `Greve Kommune`), or `Byråd`;
    `.Spørgsmål / Svar til Byrådet 2022-2025` -> `Spørgsmål / Svar til Byrådet`.
    """
    body = re.sub(r"\s+", " ", name).strip().lstrip(".-_ ").strip()
    body = _PERIOD.sub("", body).strip() or body
    if _COUNCIL.match(body) and municipality:
        town = re.sub(r"\s+kommune$", "", municipality.strip(), flags=re.IGNORECASE)
        kind = "Byråd" if body.casefold().startswith("byråd") else "Kommunalbestyrelse"
        body = f"{town} {kind}"
    return body


def normalise_case_number(value: Any) -> str | None:
    """`SagsNummer` as one spelling across meetings: spaces removed, letters upper case; None when empty."""
    text = re.sub(r"\s+", "", str(value or "")).upper()
    return text or None


def _start(dato: str) -> tuple[str, str | None]:
    """(YYYY-MM-DD, HH:MM) of `Moede.Dato` (`2022-01-10T08:00:00+01:00`), local time as printed."""
    try:
        when = datetime.datetime.fromisoformat(dato.strip())
    except ValueError:
        raise IngestError(f"ugyldig mødedato i 'Moede.Dato': {dato!r}") from None
    has_time = "T" in dato or " " in dato.strip()
    return when.date().isoformat(), when.strftime("%H:%M") if has_time else None


def _names(people: Any, absent: bool) -> list[str]:
    out: list[str] = []
    for person in people or []:
        if not isinstance(person, dict):
            continue
        name = re.sub(r"\s+", " ", str(person.get("Name") or "")).strip()
        gone = bool(person.get("Absent") or person.get("ParticipationCancelled")) if absent else True
        if name and gone and name not in out:
            out.append(name)
    return out


def _site(base_url: str | None) -> str | None:
    if not base_url or not re.match(r"(?i)https?://[^/\s]+", base_url.strip()):
        return None
    return base_url.strip().rstrip("/")


def item_url(field: dict[str, Any], site: str | None) -> str | None:
    """The item's own document on the publication site: the field's `Link`
    (`…/Vis/Pdf/bilag/<DocumentId>`) on the given site; None without a site or a link."""
    link = str(field.get("Link") or "").strip()
    if not site or not link:
        return None
    parts = urlsplit(link)
    if not parts.path.startswith("/"):
        return None
    return site + parts.path + (f"?{parts.query}" if parts.query else "")


def parse_publication(doc: dict[str, Any], municipality: str | None = None, base_url: str | None = None) -> Meeting:
    """The Meeting a FirstAgenda publication document records (validated by `decode_publication`)."""
    source_body = re.sub(r"\s+", " ", str(doc["Udvalg"]["Navn"])).strip()
    date, time = _start(doc["Moede"]["Dato"])
    site = _site(base_url)
    body = display_body(source_body, municipality)
    meeting = Meeting(
        body=body,
        date=date,
        source_url=site,
        municipality=municipality.strip() if municipality and municipality.strip() else None,
        body_source=source_body if source_body != body else None,
        time=time,
        location=str(doc["Moede"].get("Sted") or "").strip() or None,
        absent=_names(doc["Moede"].get("Moededeltagere"), absent=True),
        source_id=str(doc.get("Id") or "").strip() or None,
    )
    meeting.items = [parse_item(raw, site, date, meeting.municipality) for raw in doc["Dagsordenpunkter"]]
    return meeting


def parse_item(raw: dict[str, Any], site: str | None = None, date: str | None = None,
               municipality: str | None = None) -> Item:
    """One agenda item: number, title, case number, sections, decision and its votes and absences."""
    title = re.sub(r"\s+", " ", str(raw["Navn"])).strip()
    fields = [f for f in raw.get("Felter") or [] if isinstance(f, dict)]
    html = "".join(str(f.get("Html") or "") for f in fields)
    text = html_blocks(html)
    closed = bool(CLOSED_TITLE.match(title))
    number = str(raw.get("Punktnummer") or raw.get("Number") or "").strip() or None
    item = Item(number=number, title=title, page=1, case_number=normalise_case_number(raw.get("SagsNummer")),
                closed=closed, source_id=str(raw.get("Id") or "").strip() or None,
                url=item_url(fields[0], site) if fields else None)
    parts = _split(text.blocks, title, closed)
    item.sections = [] if closed else parts.sections
    item.history = earlier_decisions(parts.history, date, municipality)
    item.links = [] if closed else [Link(url, 1, anchor or None) for url, anchor in _unique(text.links)]
    _set_decision(item, parts.decision)
    item.absent = _merge(_names(raw.get("ExternalAgendaItemAttendees"), absent=False), item.absent)
    return item


def _unique(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for url, anchor in links:
        if url not in seen:
            seen.add(url)
            out.append((url, anchor))
    return out


def _merge(first: list[str], second: list[str]) -> list[str]:
    """Names from both lists, once each: `Tina Rottbøll` and `Tina Rottbøll (A)` are one person."""
    def key(name: str) -> str:
        return re.sub(r"\s*\([^)]*\)", "", name).casefold().strip()

    out: list[str] = []
    seen: set[str] = set()
    for name in [*first, *second]:
        if key(name) not in seen:
            seen.add(key(name))
            out.append(name)
    return out


def _is_heading(block: Block) -> bool:
    """A heading block that heads a section (not a sentence set in heading type)."""
    text = block.text
    return (block.kind == "heading" and any(c.isalpha() for c in text) and len(text.split()) <= _MAX_HEADING_WORDS
            and not text.rstrip().endswith((".", "!", "?", ",")))


def is_section_name(name: str) -> bool:
    """A section of the case text (Resume, Indstilling, Supplerende sagsfremstilling den 17. maj 2022, …)."""
    return name.casefold() in SECTION_NAMES or bool(_SUPPLEMENT.match(name))


def _same_title(text: str, title: str) -> bool:
    def fold(s: str) -> str:
        return re.sub(r"\W+", " ", s).casefold().strip()
    return fold(text) == fold(title)


class _Sorter:
    """Sorts an item's blocks, in order, into decision, sections and the case's history, by the headings.

    Before any heading the blocks are the decision (the older form's repeated title skipped);
    `Beslutning` starts the decision, `Sagens forløb` the history, a section name a section; any
    other heading is a sub-heading inside the section it stands in (or starts one before any).
    """

    def __init__(self, title: str, closed: bool) -> None:
        self.title, self.closed = title, closed
        self.mode = "start"  # start | decision | section | history
        self.decision: list[Block] = []
        self.sections: list[Section] = []
        self.history: list[PriorDecision] = []
        self.heading = ""
        self.body: list[Block] = []
        self.seen = 0

    def add(self, block: Block) -> None:
        name = re.sub(r"^\W+|\W+$", "", normalise_heading(block.text)) if _is_heading(block) else ""
        if name and (name.casefold() in (DECISION_HEADING, HISTORY_HEADING) or is_section_name(name)
                     or self.mode == "start"):
            self._open(name)
            return
        if block.kind == "heading":  # a sub-heading or a sentence in heading type: text of what it stands in
            block = Block("para", block.text)
        self.seen += 1
        if self.mode == "start" and self.seen == 1 and not self.closed and _same_title(block.text, self.title):
            return  # the older form repeats the title before its decision
        if self.mode in ("start", "decision"):
            self.decision.append(block)
        elif self.mode == "history":
            _add_history(self.history, block)
        else:
            self.body.append(block)

    def _open(self, name: str) -> None:
        self.close()
        folded = name.casefold()
        self.mode = {DECISION_HEADING: "decision", HISTORY_HEADING: "history"}.get(folded, "section")
        self.heading, self.body = name, []

    def close(self) -> None:
        """End the open section (kept when it has text)."""
        if self.mode == "section":
            text = blocks_text(self.body)
            if text:
                self.sections.append(Section(self.heading, text, 1))
        self.body = []


def _split(blocks: list[Block], title: str, closed: bool) -> _Sorter:
    """An item's blocks sorted into decision, sections and history."""
    sorter = _Sorter(title, closed)
    for block in blocks:
        sorter.add(block)
    sorter.close()
    return sorter


def _add_history(history: list[PriorDecision], block: Block) -> None:
    """`25-09-2023 Økonomiudvalget` (a line of its own) opens an earlier decision; what follows is its text."""
    lines: list[str] = []

    def flush() -> None:
        if not lines:
            return
        if not history:
            history.append(PriorDecision(heading="Sagens forløb", text=""))
        entry = history[-1]
        entry.text = f"{entry.text}\n\n{chr(10).join(lines)}" if entry.text else "\n".join(lines)
        lines.clear()

    for line in block.text.split("\n"):
        m = _HISTORY_ENTRY.match(line.strip())
        if not m:
            lines.append(line.strip())
            continue
        flush()
        try:
            date: str | None = datetime.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            date = None
        history.append(PriorDecision(heading=line.strip(), text="", date=date, body=m["body"].strip()))
    flush()


def earlier_decisions(history: list[PriorDecision], date: str | None, municipality: str | None) -> list[PriorDecision]:
    """The case's decisions before this meeting: `Sagens forløb` also lists this meeting and the stages to
    come (`Beslutning ikke frigivet`); those are left out. Bodies are named as members say them."""
    out = []
    for entry in history:
        if NOT_RELEASED.match(entry.text) or not entry.text.strip():
            continue
        if date and entry.date and entry.date >= date:
            continue
        if entry.body:
            entry.body = display_body(_YEAR.sub("", entry.body), municipality)
        out.append(entry)
    return out


def _set_decision(item: Item, blocks: list[Block]) -> None:
    """The verbatim decision without its attendance and closing vote lines; those become facts."""
    result = separate([b.text.split("\n") for b in blocks])
    kept = [replace(b, text="\n".join(lines)) for b, lines in zip(blocks, result.kept, strict=True) if lines]
    decision = blocks_text(kept).strip()
    if NOT_RELEASED.match(decision) or not any(c.isalnum() for c in decision):  # also a lone "." placeholder
        decision = ""
    item.decision = decision
    item.votes = _unique_votes(result.votes)
    item.absent = result.absent


def _unique_votes(votes: list[Vote]) -> list[Vote]:
    out: list[Vote] = []
    for vote in votes:
        if not any(v.position == vote.position and v.parties == vote.parties and v.text == vote.text for v in out):
            out.append(vote)
    return out


def read_publication(data: bytes, municipality: str | None = None, base_url: str | None = None) -> Meeting:
    """Decode and parse a FirstAgenda publication's bytes."""
    return parse_publication(decode_publication(data), municipality=municipality, base_url=base_url)
