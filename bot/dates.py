"""Dates in Danish minutes: parsing the usual forms and writing them the Danish way.

Shared vocabulary for every layer (ingest, facts, search, the Discord layer): one parser
for `25-11-2022`, `25.11.2022`, `25. november 2022` and `2022-11-25`, so a date a member
types is read the same way as a date in a referat.
"""
from __future__ import annotations

import datetime
import re

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = {v: k for k, v in MONTHS.items()}
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})\b")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_WORDS = re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?P<m>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})\b", re.IGNORECASE)
# A date in any of the forms parse_date reads, for building larger patterns.
DATE_PATTERN = r"(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})"
_ISO_EXACT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso_date(text: str) -> bool:
    """True for a real calendar day written YYYY-MM-DD ('2022-11-25'; not '2022-13-45')."""
    if not _ISO_EXACT.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_date(text: str) -> str | None:
    """The first real date in text as YYYY-MM-DD (25-11-2022, 25. november 2022, 2022-11-25)."""
    best = None
    for regex in (_ISO, _NUMERIC, _WORDS):
        m = regex.search(text)
        if not m:
            continue
        month = m["m"]
        month_n = MONTHS[month.casefold()] if month.isalpha() else int(month)
        iso = f"{int(m['y']):04d}-{month_n:02d}-{int(m['d']):02d}"
        if not is_iso_date(iso):  # 31-02-2023 and 45-13-2022 are no dates
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), iso)
    return best[1] if best else None


def danish_date(iso: str) -> str:
    """'2022-11-25' -> '25. november 2022'."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{day}. {MONTH_NAMES[month]} {year}"
