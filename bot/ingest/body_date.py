"""Finding a meeting's body and date in the document itself."""
from __future__ import annotations

import re
from collections import Counter

from bot.dates import DATE_PATTERN, parse_date
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
_BODY_NAME = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ'’.&/ -]{2,60}$")
_NOT_BODY = re.compile(r"(?i)^(?:indholdsfortegnelse|indhold|side\b|åbent|åben|lukket|mødested|sted)")


def find_body_and_date(doc: Document, cover: list[Line] | None = None) -> tuple[str | None, str | None]:
    """Body and date from running headers, a title line, the cover, or the first 'møde i X den D'.

    `cover` is the lines before the first agenda item (default: the first 60 lines).
    Each is taken from the first source that has it, in that order; the removed page
    furniture (`Referat - Byrådet 27. marts 2024`) counts as a title line after the cover.
    """
    if doc.headers:
        (body, date), _ = Counter(doc.headers).most_common(1)[0]
        return tidy_body(body), parse_date(date)
    cover = doc.lines[:60] if cover is None else cover[:60]
    sources = [
        _title_lines([line.text for line in cover]),
        _cover_fields(cover),
        _title_lines(doc.furniture, header=True),
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
        m = _DATE_FIELD.match(text)
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


def _meeting_in(texts: list[str]) -> tuple[str | None, str | None]:
    for text in texts:
        m = _MEETING_IN.search(text)
        if m:
            return m["body"].strip(), parse_date(m["date"])
    return None, None
