"""Finding a meeting's body and date in the document itself."""
from __future__ import annotations

import re
from collections import Counter

from bot.dates import DATE_PATTERN, parse_date
from bot.decision_text import decision_heading_parts, is_dated_decision_heading
from bot.ingest.headings import is_deciding_body_label
from bot.ingest.lines import Document, Line

_WEEKDAY = r"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag(?:en)?\s*,?\s*)"
_KIND = r"(?:referat|dagsorden|beslutningsprotokol|protokol)"
# "REFERAT Aarhus Byråd d. 27-08-2025", "Referat af møde i Økonomiudvalget den 3. marts 2025",
# "Referat fra møde i Økonomiudvalget tirsdag den 18. maj 2010", "Referat - Byrådet 27. marts 2024"
_TITLE_LINE = re.compile(
    r"^" + _KIND + r"\s*(?:[-–:]\s*)?(?:(?:af|fra|for)\s+)?(?:(?:ordinært\s+|ekstraordinært\s+)?møde(?:t)?\s+i\s+)?"
    r"(?P<body>[A-ZÆØÅ][^\d|]{2,60}?)\s*(?:,|[-–]|\s)\s*" + _WEEKDAY + r"?(?:(?:d\.|den|mødedato:?)\s*)?"
    r"(?P<date>" + DATE_PATTERN + r")",
    re.IGNORECASE,
)
# "Økonomiudvalget – Referat – 1. oktober 2018", "Byrådet - Referat" (the date may be elsewhere)
_BODY_FIRST_LINE = re.compile(
    r"^(?P<body>[A-ZÆØÅ][^\d|:]{2,60}?)\s*[-–|]\s*" + _KIND + r"\b\s*(?:[-–|]\s*" + _WEEKDAY
    + r"?(?:(?:d\.|den)\s*)?(?P<date>" + DATE_PATTERN + r"))?\s*$",
    re.IGNORECASE,
)
# A running header or footer "Økonomiudvalget 12. marts 2024", "Byrådet, 27-03-2024": name and date.
_BODY_DATE_LINE = re.compile(
    r"^(?P<body>[A-ZÆØÅ][^\d|:]{2,60}?)\s*[,–-]?\s*" + _WEEKDAY + r"?(?:den\s+)?(?P<date>" + DATE_PATTERN + r")$",
    re.IGNORECASE,
)
_MEETING_IN = re.compile(
    r"møde\s+i\s+(?P<body>[A-ZÆØÅ][\wæøåÆØÅ]*(?:\s+[A-ZÆØÅ][\wæøåÆØÅ]*){0,3})\s+(?:den|d\.)\s+(?P<date>"
    + DATE_PATTERN
    + r")"
)
# The cover: "Referat" on its own line, the body's name next to it, and labelled fields.
_KIND_LINE = re.compile(r"^" + _KIND + r"(?:\s+(?:af|fra)\s+(?:møde(?:t)?(?:\s+i)?)?)?\s*:?$", re.IGNORECASE)
_DATE_FIELD = re.compile(
    r"^(?:mødedato|dato|mødedag|mødetidspunkt|tidspunkt|tid og sted|afholdt|den)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Torsdag den 20. juni 2013", "tirsdag den 4. december 2012, kl. 13:00": the meeting's day on a cover.
_DATE_LINE = re.compile(r"^" + _WEEKDAY + r"(?:den\s+|d\.\s*)?(?P<rest>" + DATE_PATTERN + r")\b", re.IGNORECASE)
# "Økonomiudvalget", "Udvalget for plan, udvikling og kultur (PUK)": a body's name on a line of its own.
_BODY_NAME = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ'’.,&/() -]{2,70}$")
_NOT_BODY = re.compile(r"(?i)^(?:indholdsfortegnelse|indhold|side\b|åbent|åben|lukket|mødested|sted)")


def find_body_and_date(doc: Document, cover: list[Line] | None = None) -> tuple[str | None, str | None]:
    """Body and date from running headers, a title line, the cover, the decisions, or 'møde i X den D'.

    `cover` is the lines before the first agenda item (default: the first 60 lines).
    Each is taken from the first source that has it, in that order; the removed page
    furniture (`Referat - Byrådet 27. marts 2024`, `Dato: 04.12.2012`) is read as a title
    line or cover after the cover. A referat without either (a single item printed alone)
    names its body in its decision headings (`Sundheds- og Forebyggelsesudvalgets beslutning
    den 04.12.2012`) or where it says who decides (`Beslutningen træffes af`).
    """
    if doc.headers:
        (body, date), _ = Counter(doc.headers).most_common(1)[0]
        return tidy_body(body), parse_date(date)
    cover = doc.lines[:60] if cover is None else cover[:60]
    furniture = [Line(text=text, page=1, para_break=True) for text in doc.furniture]
    sources = [
        _title_lines([line.text for line in cover]),
        _cover_fields(cover),
        _title_lines(doc.furniture, header=True),
        _cover_fields(furniture),
        _decision_headings(doc.lines),
        (_deciding_body(doc.lines), None),
        _meeting_in([line.text for line in doc.lines[:400]]),
    ]
    found_body = next((b for b, _ in sources if b), None)
    found_date = next((d for _, d in sources if d), None)
    return (tidy_body(found_body) if found_body else None), found_date


def tidy_body(body: str) -> str:
    """`ØKONOMIUDVALGET` -> `Økonomiudvalget`, `KKR HOVEDSTADEN` -> `KKR Hovedstaden`; spaces collapsed."""
    body = re.sub(r"\s+", " ", body).strip(" ,-–:")
    letters = [c for c in body if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        body = " ".join(w.capitalize() if len(w) > 3 else w for w in body.split())
    return body


def _title_lines(texts: list[str], header: bool = False) -> tuple[str | None, str | None]:
    """Body and date from a title line; a running `header` may also be just the name and the date."""
    for text in texts:
        text = text.strip()
        m = _TITLE_LINE.match(text)
        if m:
            return m["body"].strip(" ,-–"), parse_date(m["date"])
        m = _BODY_FIRST_LINE.match(text)
        if m:
            return m["body"].strip(" ,-–"), parse_date(m["date"]) if m["date"] else None
        m = _BODY_DATE_LINE.match(text) if header else None
        if m:
            return m["body"].strip(" ,-–"), parse_date(m["date"])
    return None, None


def _cover_fields(lines: list[Line]) -> tuple[str | None, str | None]:
    """`Referat` with the body's name on the line after (or before) it; `Mødedato: …`, `Dato: …`."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    body = None
    for i, text in enumerate(texts):
        if _KIND_LINE.match(text):
            for j in (i + 1, i - 1):
                if 0 <= j < len(texts) and _is_body_name(texts[j]):
                    body = texts[j]
                    break
            if body:
                break
    date = None
    for text in texts:
        m = _DATE_FIELD.match(text) or _DATE_LINE.match(text)
        if m and parse_date(m["rest"]):
            date = parse_date(m["rest"])
            break
    return body, date


def _is_body_name(text: str) -> bool:
    return (
        bool(_BODY_NAME.match(text))
        and len(text.split()) <= 7
        and not any(c.isdigit() for c in text)
        and not _NOT_BODY.match(text)
        and not _KIND_LINE.match(text)
    )


def _decision_headings(lines: list[Line]) -> tuple[str | None, str | None]:
    """The body most decision headings name, and the latest date it decided on (earlier ones: history)."""
    found = [
        decision_heading_parts(line.text)
        for line in lines
        if line.para_break and not line.is_link and is_dated_decision_heading(line.text)
    ]
    bodies = Counter(body for body, _ in found if body)
    if not bodies:
        return None, None
    body = bodies.most_common(1)[0][0]
    dates = [date for b, date in found if b == body and date]
    return body, max(dates) if dates else None


def _deciding_body(lines: list[Line]) -> str | None:
    """The body most items name under `Beslutningen træffes af` / `Sagen afgøres i`."""
    named: Counter[str] = Counter()
    for line, nxt in zip(lines, [*lines[1:], None], strict=True):
        label, _, rest = line.text.partition(":")
        if is_deciding_body_label(line.text) and nxt is not None and _is_body_name(nxt.text.strip()):
            named[nxt.text.strip()] += 1
        elif rest.strip() and is_deciding_body_label(label) and _is_body_name(rest.strip()):
            named[rest.strip()] += 1
    return named.most_common(1)[0][0] if named else None


def _meeting_in(texts: list[str]) -> tuple[str | None, str | None]:
    for text in texts:
        m = _MEETING_IN.search(text)
        if m:
            return m["body"].strip(), parse_date(m["date"])
    return None, None
