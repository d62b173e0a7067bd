"""Facts derived from the verbatim text at ingest: decision outcome, dissent, appointments."""
from __future__ import annotations

from bot.facts.outcome import add_decision_facts
from bot.model import Meeting


def enrich_meeting(meeting: Meeting) -> None:
    """Fill each item's derived fields (outcome, appointments, …) from its own text."""
    # Filled in by bot.facts.outcome (issue 6) and bot.facts.appointments (issue 5).
    add_decision_facts(meeting)
    return None
