"""Which of a site's listed meetings a run fetches: new, changed, unfinished, or recent. Pure.

- `ny`: never fetched.
- `ikke færdig`: the last attempt failed, or a run stopped before it (resumes there).
- `ændret`: the site's list entry for it changed since it was fetched.
- `nylig`: held within `recheck_days` of today, or still to come: its minutes may be
  published or corrected without the list entry changing (a conditional GET keeps this cheap).
- `alle` (`--alle`): every meeting, to check them all.

Everything else is left alone. Meetings are fetched oldest first.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.fetch.listing import Listed, committee_matches
from bot.state.fetched import Fetched

NEW, UNFINISHED, CHANGED, RECENT, EVERYTHING = "ny", "ikke færdig", "ændret", "nylig", "alle"


@dataclass(frozen=True)
class Planned:
    """A meeting to fetch, why, and what the last run left of it."""

    listed: Listed
    reason: str
    known: Fetched | None = None


def unknown_committees(listed: list[Listed], wanted: list[str]) -> list[str]:
    """The `--udvalg` names that name no committee in the list."""
    committees = {m.committee for m in listed}
    return [w for w in wanted if not any(committee_matches(c, w) for c in committees)]


def _reason(meeting: Listed, known: Fetched | None, recent_from: str, everything: bool) -> str | None:
    if known is None:
        return NEW
    if not known.done:
        return UNFINISHED
    if known.listing_sha != meeting.fingerprint:
        return CHANGED
    if meeting.date is not None and meeting.date >= recent_from:
        return RECENT
    return EVERYTHING if everything else None


def plan_fetch(listed: list[Listed], known: dict[str, Fetched], today: datetime.date, recheck_days: int,
               udvalg: list[str] | None = None, siden: str | None = None, everything: bool = False) -> list[Planned]:
    """The meetings to fetch, oldest first: those of the wanted committees (all when none are named),
    held on or after `siden`, that are new, unfinished, changed or recent (or, with `everything`, all)."""
    recent_from = (today - datetime.timedelta(days=recheck_days)).isoformat()
    planned = []
    for meeting in listed:
        if udvalg and not any(committee_matches(meeting.committee, w) for w in udvalg):
            continue
        if siden and (meeting.date is None or meeting.date < siden):
            continue
        reason = _reason(meeting, known.get(meeting.agenda_id), recent_from, everything)
        if reason is not None:
            planned.append(Planned(meeting, reason, known.get(meeting.agenda_id)))
    return sorted(planned, key=lambda p: (p.listed.date or "9999", p.listed.committee, p.listed.agenda_id))
