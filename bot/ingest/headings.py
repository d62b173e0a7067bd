"""Recognising the headings of a referat: items, groups, sections, case numbers.

Two families of layout are known:
- KL/KKR: groups `3. Regionalpolitiske sager`, items `3.4. Title`, `3.9 (tilføjet): Title`.
- Municipal: items `Punkt 7: Title` (also `Pkt. 7.`), sometimes plain `7. Title`.
Section headings are recognised from a broad vocabulary *and* from how they look
(bold or larger, short, on a line of their own), since names vary between councils.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ITEM_RE = re.compile(
    r"^(?P<number>\d{1,2}\.\d{1,2})\.?\s*(?P<added>\((?:tilføjet|ny|nyt|ekstra)\))?\s*[:.]?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
PUNKT_RE = re.compile(
    r"^(?:punkt|pkt\.?|dagsordenspunkt)\s*(?P<number>\d{1,3}(?:\.\d{1,2})?)\s*(?P<added>\((?:tilføjet|ny|nyt|ekstra)\))?\s*[:.)\-–]?\s*(?P<title>\S.*)?$",
    re.IGNORECASE,
)
GROUP_RE = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>[A-ZÆØÅ0-9].*)$")
CASE_RE = re.compile(
    r"\b(?P<case>(?:SAG|EMN|SAGS?NR|ACADRE|DOK)[-.: ]*\d{2,4}[-/.]\d{2,}(?:[-/.]\d+)*|\d{2}/\d{3,6})\b",
    re.IGNORECASE,
)
CASE_LINE_RE = re.compile(r"^(?:(?:sags?nr\.?|sagsnummer|j\.\s?nr\.?|journalnr\.?)\s*:?\s*)?\S*\d", re.IGNORECASE)
TOC_LEADER_RE = re.compile(r"(?:\.{3,}|…{2,}|_{3,}|\s{3,})\s*\d{1,3}\s*$")
TOC_TITLE_RE = re.compile(r"^\s*(indholdsfortegnelse|indhold|dagsorden|table of contents)\s*:?\s*$", re.IGNORECASE)

# Section headings councils use. Matching is on the casefolded heading without a
# trailing colon; a "Beslutning …" heading may go on with who decided and when.
SECTION_WORDS = {
    "baggrund", "sagens baggrund", "indstilling", "indstillinger", "indstilling fra administrationen",
    "administrationens indstilling", "direktionens indstilling", "forvaltningens indstilling",
    "sagsfremstilling", "supplerende sagsfremstilling", "sagsbeskrivelse", "sagen", "bilag", "bilagsliste",
    "relevante bilag", "beslutning", "beslutninger", "beslutning(er)", "resume", "resumé", "beslutningspunkter",
    "sagsforløb", "økonomi", "økonomiske konsekvenser", "økonomi og finansiering", "finansiering",
    "bevillingsmæssige konsekvenser", "tidsplan", "videre proces", "det videre forløb", "proces", "høring",
    "kommunikation", "lovgrundlag", "retsgrundlag", "forslag", "forslag til beslutning", "vurdering",
    "konsekvenser", "personalemæssige konsekvenser", "miljømæssige konsekvenser", "borgerinddragelse",
    "inddragelse", "bemærkninger", "protokol", "protokoltilførsel", "afgørelse", "problemstilling", "formål",
    "tidligere beslutninger", "kompetence", "kompetenceforhold", "indhold", "læsevejledning",
    "udvalgets bemærkninger", "administrationens bemærkninger", "fraværende", "fraværende:", "sagsresumé",
    "bilag:", "orientering", "punktet", "historik", "status", "lovgivning", "sammenfatning", "resultat",
}
_DECISION_RE = re.compile(
    r"^(?:(?:[\wæøå-]+s\s+)?beslutning(?:er|\(er\))?|afgørelse|vedtagelse)(?:\s+(?:i|på|fra|af|den|d\.)\b.*|\s+\S+\s+\d.*|\s*:.*)?$",
    re.IGNORECASE,
)
_NOT_DECISION_RE = re.compile(r"^beslutnings(punkter|forslag|grundlag|tema|kompetence)", re.IGNORECASE)


def normalise_heading(text: str) -> str:
    """`./. Bilag:` -> `Bilag`; collapses spaces, drops a trailing colon."""
    text = re.sub(r"^\./\.\s*", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":").strip()


def is_decision_heading(heading: str) -> bool:
    """Beslutning, Beslutninger, Beslutning(er), Byrådets beslutning, Beslutning i X den …"""
    heading = normalise_heading(heading)
    return bool(_DECISION_RE.match(heading)) and not _NOT_DECISION_RE.match(heading)


def is_known_section(text: str) -> bool:
    """True when a line is a section heading by its words alone."""
    heading = normalise_heading(text)
    if len(heading) > 70:
        return False
    return heading.casefold() in SECTION_WORDS or is_decision_heading(heading)


def looks_like_heading(text: str) -> bool:
    """Shape of a heading: short, one line, starts with a capital, no sentence ending."""
    text = text.strip()
    if not text or len(text) > 60 or len(text.split()) > 8:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return not re.search(r"[.,;!?\-–]$", text)


@dataclass
class ItemHeading:
    """A recognised item heading."""

    number: str
    title: str
    added: bool
    style: str  # "kl" | "punkt"


def match_item(text: str) -> ItemHeading | None:
    """Parse `3.4. Title`, `3.9 (tilføjet): Title` or `Punkt 7: Title`."""
    text = text.strip()
    m = ITEM_RE.match(text)
    if m:
        return ItemHeading(m["number"], _clean_title(m["title"]), bool(m["added"]), "kl")
    m = PUNKT_RE.match(text)
    if m:
        return ItemHeading(m["number"], _clean_title(m["title"] or ""), bool(m["added"]), "punkt")
    return None


def match_group(text: str) -> tuple[str, str] | None:
    """Parse a group heading `3. Regionalpolitiske sager` (short, no sentence end)."""
    m = GROUP_RE.match(text.strip())
    if not m or not looks_like_heading(m["title"]):
        return None
    return m["number"], _clean_title(m["title"])


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    return re.sub(r"\s*(?:\.{3,}|…+)\s*\d*$", "", title).strip()


def find_case_number(text: str) -> str | None:
    """The case number on a line (`SAG-2022-03934`, `EMN-2025-01234`, `24/1234`)."""
    m = CASE_RE.search(text)
    return m["case"] if m else None
