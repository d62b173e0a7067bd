"""Facts derived from the verbatim text at ingest: decision outcome, dissent, appointments."""
from __future__ import annotations

from bot.facts.appointments import extract_appointments
from bot.facts.outcome import add_decision_facts
from bot.model import Meeting


def enrich_meeting(meeting: Meeting) -> None:
    """Fill each item's derived fields (appointments, outcome, dissent, …) from its own text."""
    for item in meeting.items:
        item.appointments = extract_appointments(item, meeting)
    add_decision_facts(meeting)
