"""A FirstAgenda Publication site's list of committees and their meetings (`GET /api/agenda/udvalgsliste`). Pure.

The list groups committees, each with its meetings inlined:

    {"Udvalg": {"Aktuelle politiske udvalg": [
                    {"Id": …, "Navn": "Økonomiudvalget",
                     "Moeder": [{"Id": <agenda id>, "Dato": "2024-05-06T16:00:00+02:00", …}, …]}, …],
                "Tidligere udvalg": […], …}, …}

Read tolerantly: any group name, extra fields anywhere, a group given as one committee or as a
list, a meeting's date as `Dato` or `MeetingBeginUtc`. An entry without an id is skipped (and
named); a meeting listed under two groups is kept once.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

LISTING_PATH = "/api/agenda/udvalgsliste"
AGENDA_PATH = "/api/agenda/dagsorden/{agenda_id}"
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# "Byråd 2022-2025", "Kommunalbestyrelsen 2018-21": the election period after a committee's name.
_PERIOD = re.compile(r"\s*[-–(]?\s*\b(?:19|20)\d{2}\s*[-–/]\s*(?:(?:19|20)\d{2}|\d{2})\b\)?\s*$")


class ListingError(Exception):
    """A list that is not a FirstAgenda udvalgsliste (the message is Danish)."""


@dataclass(frozen=True)
class Listed:
    """One meeting as the site's list gives it."""

    agenda_id: str
    committee: str
    group: str
    date: str | None  # YYYY-MM-DD (the meeting's local date), None when the list gives none
    fingerprint: str  # SHA-256 of the meeting's entry: it changes when the site changes the entry


def fingerprint(entry: Any) -> str:
    """A stable hash of a JSON value (keys sorted)."""
    text = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _date(entry: dict[str, Any]) -> str | None:
    for key in ("Dato", "MeetingBeginUtc", "Start", "Date"):
        found = _DATE.match(_text(entry.get(key)))
        if found:
            return found.group(1)
    return None


def _committees(groups: Any) -> list[tuple[str, dict[str, Any]]]:
    """(group name, committee) for every committee in `Udvalg`, whatever its shape."""
    if isinstance(groups, list):
        groups = {"": groups}
    if not isinstance(groups, dict):
        raise ListingError("listen mangler 'Udvalg' (en mapping af grupper med udvalg)")
    found: list[tuple[str, dict[str, Any]]] = []
    for group, committees in groups.items():
        if isinstance(committees, dict):
            committees = [committees]
        if isinstance(committees, list):
            found.extend((str(group), c) for c in committees if isinstance(c, dict))
    return found


def decode_listing(data: bytes) -> Any:
    """The list's JSON; ListingError when it is not JSON or not a list of committees."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ListingError("udvalgslisten er ikke UTF-8-tekst") from None
    except json.JSONDecodeError as exc:
        raise ListingError(f"udvalgslisten er ikke gyldig JSON (linje {exc.lineno}, tegn {exc.colno}): "
                           f"{exc.msg}") from None
    if not isinstance(doc, dict) or "Udvalg" not in doc:
        raise ListingError("svaret er ikke en FirstAgenda-udvalgsliste (mangler 'Udvalg')")
    _committees(doc["Udvalg"])
    return doc


def parse_listing(doc: Any) -> tuple[list[Listed], list[str]]:
    """Every meeting in a decoded list (first listing of each agenda id kept), and one Danish line per
    entry that was skipped."""
    meetings: list[Listed] = []
    problems: list[str] = []
    seen: set[str] = set()
    for group, committee in _committees(doc["Udvalg"]):
        name = _text(committee.get("Navn")) or "(unavngivet udvalg)"
        entries = committee.get("Moeder") or []
        if not isinstance(entries, list):
            problems.append(f"{name}: 'Moeder' er ikke en liste; udvalget er sprunget over")
            continue
        for n, entry in enumerate(entries, 1):
            agenda_id = _text(entry.get("Id")) if isinstance(entry, dict) else ""
            if not agenda_id:
                problems.append(f"{name}: møde nr. {n} i listen har intet 'Id'; det er sprunget over")
                continue
            if agenda_id in seen:
                continue
            seen.add(agenda_id)
            meetings.append(Listed(agenda_id, name, group, _date(entry), fingerprint(entry)))
    return meetings, problems


def base_name(committee: str) -> str:
    """A committee's name without its election period: 'Byråd 2022-2025' -> 'Byråd'."""
    return _PERIOD.sub("", committee).strip() or committee


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def committee_matches(committee: str, wanted: str) -> bool:
    """Whether `--udvalg wanted` names this committee: its name, with or without the election
    period, ignoring case ('byråd' names 'Byråd 2022-2025')."""
    want = _fold(wanted)
    return want in (_fold(committee), _fold(base_name(committee)))
