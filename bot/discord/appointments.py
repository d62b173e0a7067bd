"""Finding appointments for `/udpegning`: a stand-in until the appointments lookup (issue 5).

`find_appointments` is the one function to swap for the real lookup: it returns
the items that record appointments matching a person, body, municipality or
party. Until structured appointments exist, those are the items under an
*Udpegninger* heading (or titled *Udpegning …*), matched by search and by a
fuzzy look at their title and decision.
"""
from __future__ import annotations

from rapidfuzz import fuzz, utils

from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment, Item, Meeting
from bot.search import Searcher

FUZZY_MIN = 85  # partial_ratio on normalised text: a name with a typo still matches
SHORT = 3  # queries this short are matched as whole words


def is_appointment_item(item: Item) -> bool:
    """True for items that appoint someone: structured appointments or an Udpegning(er) heading."""
    if item.appointments:
        return True
    return any("udpeg" in (text or "").casefold() for text in (item.group, item.title))


def _appointment_text(a: Appointment) -> str:
    return " ".join(p for p in (a.person, a.party, a.municipality, a.body, a.role) if p)


def _matches(query: str, item: Item) -> bool:
    texts = [_appointment_text(a) for a in item.appointments] or [f"{item.label} {item.decision}"]
    if len(query) <= SHORT:
        # A party letter or an abbreviation: whole words only, or 'C' would match everything.
        return any(query.casefold() in utils.default_process(text).split() for text in texts)
    return any(
        fuzz.partial_ratio(query, text, processor=utils.default_process) >= FUZZY_MIN for text in texts
    )


def find_appointments(kb: KnowledgeBase, searcher: Searcher, query: str, limit: int = 10) -> list[tuple[Meeting, Item]]:
    """Appointment items matching query (person, body, municipality, party), best first."""
    query = query.strip()
    if not query:
        return []
    found: list[tuple[Meeting, Item]] = []
    seen: set[int] = set()
    for hit in searcher.ask(query, limit=25).hits:
        if is_appointment_item(hit.item) and id(hit.item) not in seen:
            found.append((hit.meeting, hit.item))
            seen.add(id(hit.item))
    for meeting, item in kb.items():
        if id(item) not in seen and is_appointment_item(item) and _matches(query, item):
            found.append((meeting, item))
            seen.add(id(item))
    return found[:limit]


def appointment_names(kb: KnowledgeBase) -> list[str]:
    """Known person and body names from structured appointments, for autocomplete."""
    names: dict[str, None] = {}
    for _, item in kb.items():
        for a in item.appointments:
            for name in (a.person, a.body):
                if name:
                    names.setdefault(" ".join(name.split()), None)
    return list(names)
