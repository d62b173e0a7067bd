"""Recognising the headings of a referat: items, groups, sections, case numbers.

Families of layout:
- KL/KKR: groups `3. Regionalpolitiske sager`, items `3.4. Title`, `3.9 (tilføjet): Title`.
- Municipal: items `Punkt 7: Title`, `Pkt. 42` (title on the next line), `Sag nr. 129`
  (title on the line before or after), plain `7. Title` (a "group" heading with no
  sub-items is an item).
Section headings are recognised from a broad vocabulary *and* from how they look
(bold or larger, short, on a line of their own), since names vary between councils.
Decision headings name who decided when there are several (`Beslutning i Byrådet den
27-03-2024`, `Udvalgets beslutning`, `Økonomiudvalget, 12-03-2024, pkt. 31`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.decision_text import (
    is_committee_decision_heading,
    is_dated_decision_heading,
    is_decision_heading,
    normalise_heading,
)
from bot.ingest.layouts import (
    ABSENCE_NAMES,
    DECIDING_BODY_NAMES,
    LABEL_NAMES,
    PRESENCE_NAMES,
    SECTION_NAMES,
)

ITEM_RE = re.compile(
    r"^(?P<number>\d{1,2}\.\d{1,2})\.?\s*(?P<added>\((?:tilføjet|ny|nyt|ekstra)\))?\s*[:.]?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
# `Punkt 7: Title`, `Pkt. 42`, `Punkt 3.`, `Sag nr. 129`; not a case number (`Sag 306-2009-600`).
PUNKT_RE = re.compile(
    r"^(?:punkt|pkt\.?|dagsordenspunkt|sag\s+nr\.?)\s*(?P<number>\d{1,3}(?:\.\d{1,2})?)(?![-/.]?\d)"
    r"\s*(?P<added>\((?:tilføjet|ny|nyt|ekstra)\))?\s*[:.)\-–]?\s*(?P<title>\S.*)?$",
    re.IGNORECASE,
)
GROUP_RE = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P<title>[A-ZÆØÅ0-9].*)$")
# "Anne Holm (A)": a member of a list of names, never an agenda item.
PERSON_RE = re.compile(r"^[A-ZÆØÅ][\w.\-]+(?:\s+[A-ZÆØÅ][\w.\-]*)+\s*\([A-ZÆØÅ]{1,3}\)[,.]?$")
# `SAG-2022-03934`, `EMN-2025-01234`, `24/1234`; after a label (`Sagsnr.: 330-2018-3619`,
# `Sagsnr. 299835`) the number alone, without the label.
CASE_RE = re.compile(
    r"\b(?:(?:sags?nr|sagsnummer|journalnr|j\.\s?nr)\.?\s*:?\s*(?P<labelled>\d[\d/.-]{3,}\d)\b|"
    r"(?P<case>(?:SAG|EMN|ACADRE|DOK)[-.: ]*\d{2,4}[-/.]\d{2,}(?:[-/.]\d+)*|\d{2}/\d{3,6})\b)",
    re.IGNORECASE,
)
TOC_LEADER_RE = re.compile(r"(?:\.{3,}|…{2,}|_{3,}|\s{3,})\s*\d{1,3}\s*$")
TOC_TITLE_RE = re.compile(r"^\s*(indholdsfortegnelse|indhold|dagsorden|table of contents)\s*:?\s*$", re.IGNORECASE)

# "Fraværende: Bent Kjær (V)", "Afbud fra: …", "Ikke til stede: …", "Følgende deltog ikke i
# behandlingen af punktet:": who was (not) there; a few words may follow the name.
_ATTENDANCE_RE = re.compile(
    r"^(?:" + "|".join(re.escape(n) for n in sorted(ABSENCE_NAMES | PRESENCE_NAMES, key=len, reverse=True))
    + r")(?:\s+[\wæøå]+){0,3}$",
    re.IGNORECASE,
)
_ABSENCE_RE = re.compile(
    r"^(?:" + "|".join(re.escape(n) for n in sorted(ABSENCE_NAMES, key=len, reverse=True)) + r")(?:\s+[\wæøå]+){0,3}$",
    re.IGNORECASE,
)
# "Beslutning: Godkendt.": a label with its text on the same line.
_INLINE_LABEL_RE = re.compile(r"^(?P<label>[A-ZÆØÅ][^:]{1,70}?)\s*:\s+(?P<rest>\S.*)$")



def is_attendance_label(label: str) -> bool:
    """Fraværende, Afbud fra, Ikke til stede, Medlemmer, …: an attendance label."""
    return bool(_ATTENDANCE_RE.match(normalise_heading(label)))


def is_absence_label(label: str) -> bool:
    """Fraværende, Afbud, Følgende deltog ikke i behandlingen af punktet: who did not take part."""
    return bool(_ABSENCE_RE.match(normalise_heading(label)))


def is_deciding_body_label(label: str) -> bool:
    """`Beslutningen træffes af`, `Sagen afgøres i`: a section naming the body that decides."""
    return normalise_heading(label).casefold() in DECIDING_BODY_NAMES


def split_inline_label(text: str) -> tuple[str, str] | None:
    """`Beslutning: Godkendt.` -> ("Beslutning", "Godkendt."); only decision and attendance labels."""
    m = _INLINE_LABEL_RE.match(text.strip())
    if not m:
        return None
    label = m["label"].strip()
    if is_attendance_label(label) or (is_decision_heading(label) and not is_committee_decision_heading(label)):
        return label, m["rest"].strip()
    return None


def is_known_section(text: str) -> bool:
    """True when a line is a section heading by its words alone.

    A label-only name (`Referat:`, `Oplæg:`) counts only with its colon: alone, `Referat`
    is the document's title. A decision heading may be long when it names who decided and
    when (`Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013`).
    """
    heading = normalise_heading(text)
    name = heading.casefold()
    if name in LABEL_NAMES:
        return text.strip().endswith(":")
    if len(heading) > 70:
        return len(heading) <= 120 and is_dated_decision_heading(heading)
    return name in SECTION_NAMES or is_decision_heading(heading)


_ATTACHMENT_HEADINGS = {"bilag", "bilagsliste", "relevante bilag"}


def is_attachment_heading(heading: str) -> bool:
    """Bilag, Bilagsliste, Relevante bilag: a section that lists attachments, one a line."""
    return normalise_heading(heading).casefold() in _ATTACHMENT_HEADINGS


def is_section_line(text: str) -> bool:
    """A known section name as the whole line, capitalised: `Baggrund`, `Bilag:`, not `Beslutning: Godkendt.`"""
    text = text.strip()
    return text[:1].isupper() and ":" not in text.rstrip(":") and is_known_section(text)


def looks_like_heading(text: str) -> bool:
    """Shape of a heading: short, one line, starts with a capital, no sentence ending."""
    text = text.strip()
    if not text or len(text) > 60 or len(text.split()) > 8:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return not re.search(r"[.,;!?\-–]$", text)


# How an item's number is printed: "kl" `3.4. Title`, "punkt" `Punkt 7: Title` (also `Pkt. 42`,
# `Sag nr. 129`), "single" `7. Title` (which may turn out to be a group when `7.1` follows).
NumberStyle = Literal["kl", "punkt", "single"]


@dataclass
class ItemMatch:
    """What an item pattern (`3.4. Title`, `Punkt 7: Title`) found in a line's text."""

    number: str
    title: str
    added: bool
    style: Literal["kl", "punkt"]


def match_item(text: str) -> ItemMatch | None:
    """Parse `3.4. Title`, `3.9 (tilføjet): Title` or `Punkt 7: Title`."""
    text = text.strip()
    m = ITEM_RE.match(text)
    if m and not m["title"][:1].islower():  # "2.5 mio. kr. blev …" is a sentence
        return ItemMatch(m["number"], clean_title(m["title"]), bool(m["added"]), "kl")
    m = PUNKT_RE.match(text)
    if m and not (m["title"] or "")[:1].islower():  # "Punkt 3 blev udsat." is a sentence
        return ItemMatch(m["number"], clean_title(m["title"] or ""), bool(m["added"]), "punkt")
    return None


def match_group(text: str) -> tuple[str, str] | None:
    """Parse a group heading `3. Regionalpolitiske sager` (short, no sentence end, not a person)."""
    m = GROUP_RE.match(text.strip())
    if not m or not looks_like_heading(m["title"]) or PERSON_RE.match(m["title"]):
        return None
    return m["number"], clean_title(m["title"])


def match_single(text: str) -> tuple[str, str] | None:
    """`7. Title` as a municipal item heading: like a group heading, but the title may be long."""
    m = GROUP_RE.match(text.strip())
    if not m or PERSON_RE.match(m["title"]) or re.search(r"[,;:]$", m["title"].strip()):
        return None
    return m["number"], clean_title(m["title"])


# `1 First Agenda`: a number with no full stop before a short capitalised title (SBSYS's groups).
_BARE_NUMBER_RE = re.compile(r"^(?P<number>\d{1,2})\s+(?P<title>[A-ZÆØÅ]\S*(?:\s+\S+)*)$")


def match_bare_number(text: str) -> tuple[str, str] | None:
    """`1 First Agenda` as a heading set in bold: a number without its full stop and a short title."""
    m = _BARE_NUMBER_RE.match(text.strip())
    if not m or not looks_like_heading(m["title"]) or PERSON_RE.match(m["title"]):
        return None
    return m["number"], clean_title(m["title"])


def clean_title(title: str) -> str:
    """A title with spaces collapsed and a TOC's dotted leader and page number removed."""
    title = re.sub(r"\s+", " ", title).strip()
    return re.sub(r"\s*(?:\.{3,}|…+)\s*\d*$", "", title).strip()


def find_case_number(text: str) -> str | None:
    """The case number on a line (`SAG-2022-03934`, `EMN-2025-01234`, `24/1234`, `Sagsnr. 299835`)."""
    m = CASE_RE.search(text)
    return (m["labelled"] or m["case"]) if m else None
