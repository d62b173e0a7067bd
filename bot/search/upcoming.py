"""Questions about the next meeting ("Hvornår er næste møde?"), answered from what the
newest referat announces: date, time and expected topics (bot/facts/next_meeting.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.next_meeting import NextMeeting, find_next_meeting
from bot.model import Meeting

_MEETING = r"(?:kkr[\s-]?)?(?:møde|moede|mode)(?:t|r|rne)?"
_ASKS_NEXT = re.compile(
    rf"\b(?:næste|naeste|naste|kommende)\s+{_MEETING}\b"          # næste møde, det kommende KKR-møde
    r"|\b(?:mødes|moedes|modes)\s+(?:\w+\s+){0,3}?(?:igen|næste\s+gang|naeste\s+gang)\b"  # mødes de igen
    rf"|\b{_MEETING}\s+(?:\w+\s+)?(?:næste|naeste)\s+gang\b",     # møde næste gang
    re.IGNORECASE,
)


def asks_next_meeting(question: str) -> bool:
    """Whether a question asks about the next meeting (when, or what is on it)."""
    return bool(_ASKS_NEXT.search(question))


@dataclass
class Announced:
    """The next meeting as a referat announces it."""

    meeting: Meeting                 # the meeting whose referat announces it (the newest asked about)
    next: NextMeeting | None         # None: that referat names no next meeting

    @property
    def url(self) -> str | None:
        """Link to the page where the announcement stands."""
        return self.meeting.page_url(self.next.page) if self.next else None


def announced(meeting: Meeting) -> Announced:
    """What a meeting's referat announces about the next meeting."""
    return Announced(meeting, find_next_meeting(meeting))
