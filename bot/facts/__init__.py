"""Facts derived from the verbatim text at ingest: decision outcome, dissent, appointments."""
from __future__ import annotations

from bot.facts.appointments import extract_appointments
from bot.model import Meeting


def enrich_meeting(meeting: Meeting) -> None:
    """Fill each item's derived fields (outcome, appointments, …) from its own text."""
    # Filled in by bot.facts.outcome (issue 6) and bot.facts.appointments (issue 5).
    for item in meeting.items:
        item.appointments = extract_appointments(item, meeting)
