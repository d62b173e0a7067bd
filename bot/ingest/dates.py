"""Finding a meeting's body and date in the document itself."""
from __future__ import annotations

import re
from collections import Counter

from bot.ingest.lines import Document

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = {v: k for k, v in MONTHS.items()}
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})\b")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_WORDS = re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?P<m>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})\b", re.IGNORECASE)
DATE_PATTERN = r"(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})"
# "REFERAT Aarhus Byråd d. 27-08-2025", "Referat af møde i Økonomiudvalget den 3. marts 2025"
_TITLE_LINE = re.compile(
    r"^(?:referat|beslutningsprotokol|protokol)\s*(?:[-–:]\s*)?(?:(?:af|fra)\s+)?(?:(?:ordinært\s+)?møde(?:t)?\s+i\s+)?"
    r"(?P<body>[A-ZÆØÅ][^\d|]{2,60}?)\s*(?:,|\s)\s*(?:(?:d\.|den|mødedato:?)\s*)?(?P<date>" + DATE_PATTERN + r")",
    re.IGNORECASE,
)
_MEETING_IN = re.compile(
    r"møde\s+i\s+(?P<body>[A-ZÆØÅ][\wæøåÆØÅ]*(?:\s+[A-ZÆØÅ][\wæøåÆØÅ]*){0,3})\s+(?:den|d\.)\s+(?P<date>" + DATE_PATTERN + r")"
)


def parse_date(text: str) -> str | None:
    """The first date in text as YYYY-MM-DD (25-11-2022, 25. november 2022, 2022-11-25)."""
    best = None
    for regex in (_ISO, _NUMERIC, _WORDS):
        m = regex.search(text)
        if not m:
            continue
        month = m["m"]
        month_n = MONTHS[month.casefold()] if month.isalpha() else int(month)
        day, year = int(m["d"]), int(m["y"])
        if not (1 <= month_n <= 12 and 1 <= day <= 31):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), f"{year:04d}-{month_n:02d}-{day:02d}")
    return best[1] if best else None


def danish_date(iso: str) -> str:
    """'2022-11-25' -> '25. november 2022'."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{day}. {MONTH_NAMES[month]} {year}"


def find_body_and_date(doc: Document) -> tuple[str | None, str | None]:
    """Body and date from running headers, a title line, or the first 'møde i X den D'."""
    if doc.headers:
        (body, date), _ = Counter(doc.headers).most_common(1)[0]
        return body, parse_date(date)
    for line in doc.lines[:60]:
        m = _TITLE_LINE.match(line.text.strip())
        if m:
            return m["body"].strip(" ,-–"), parse_date(m["date"])
    for line in doc.lines[:400]:
        m = _MEETING_IN.search(line.text)
        if m:
            return m["body"].strip(), parse_date(m["date"])
    return None, None
