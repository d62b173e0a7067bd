"""How an answer names its meeting: the body with its municipality where the name lacks it."""
from __future__ import annotations

import re

from bot.dates import danish_date
from bot.model import Meeting


def body_name(meeting: Meeting) -> str:
    """'Greve Byråd', 'Økonomiudvalget, Greve Kommune', 'KKR Hovedstaden'."""
    if not meeting.municipality:
        return meeting.body
    town = re.sub(r"(?i)\s+kommune$", "", meeting.municipality.strip())
    if town.casefold() in meeting.body.casefold():
        return meeting.body
    return f"{meeting.body}, {meeting.municipality}"


def meeting_title(meeting: Meeting) -> str:
    """'Greve Byråd · 4. september 2025', 'Økonomiudvalget, Greve Kommune · 27. august 2025'."""
    return f"{body_name(meeting)} · {danish_date(meeting.date)}"
