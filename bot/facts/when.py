"""Dates mentioned in minutes text, resolved against the meeting's own date.

Minutes often leave out the year ("på KKR-mødet i februar", "den 14. december"); such a
reference is taken to mean the next such month on or after the meeting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dates import MONTHS

_WORDS = re.compile(
    r"(?i:\b(?:(?P<day>\d{1,2})\.?\s*)?(?P<month>" + "|".join(MONTHS) + r")\b(?:\s+(?P<year>\d{4})\b)?)"
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[-./](?P<month>\d{1,2})[-./](?P<year>\d{4})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


@dataclass(frozen=True, order=True)
class DateRef:
    """A date or month named in text; `day` is None for a month ("i februar 2023")."""

    year: int
    month: int
    day: int | None = None

    @property
    def iso(self) -> str | None:
        """YYYY-MM-DD, or None for a month without a day."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.day else None

    def after(self, iso: str) -> bool:
        """True when this date (or any day of this month) lies after the ISO date."""
        year, month, day = (int(x) for x in iso.split("-"))
        return (self.year, self.month, self.day or 32) > (year, month, day)


def date_refs(text: str, meeting_date: str | None = None) -> list[DateRef]:
    """Every date or month named in text, in order; missing years resolved from meeting_date."""
    found: list[tuple[int, DateRef]] = []
    taken: list[tuple[int, int]] = []
    for regex in (_ISO, _NUMERIC):
        for m in regex.finditer(text):
            month, number = int(m["month"]), int(m["day"])
            if 1 <= month <= 12 and 1 <= number <= 31:
                found.append((m.start(), DateRef(int(m["year"]), month, number)))
                taken.append(m.span())
    for m in _WORDS.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        month = MONTHS[m["month"].casefold()]
        day: int | None = int(m["day"]) if m["day"] and 1 <= int(m["day"]) <= 31 else None
        if m["year"]:
            year = int(m["year"])
        elif meeting_date:
            year0, month0, day0 = (int(x) for x in meeting_date.split("-"))
            year = year0 if (month, day or 32) >= (month0, day0) else year0 + 1
        else:
            continue
        found.append((m.start(), DateRef(year, month, day)))
    return [ref for _, ref in sorted(found, key=lambda pair: pair[0])]
