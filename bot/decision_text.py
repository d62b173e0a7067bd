"""The stored decision's text: its format, its parts and the page each part stands on.

Shared vocabulary for ingest (which writes decisions), the facts derived from them, the
knowledge files' validation and every answer that quotes a decision. An item decided by
several bodies or on several dates keeps every decision, joined by `join_decisions`:

    Beslutning i Økonomiudvalget den 12-03-2024:
    Anbefales.

    Beslutning i Byrådet den 27-03-2024:
    Godkendt.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from bot.dates import DATE_PATTERN, parse_date

# What an answer says of an item whose referat records no decision.
NO_DECISION = "Punktet har ingen beslutning i referatet."

_DECISION_RE = re.compile(
    r"^(?:(?:[\wæøå-]+s\s+)?beslutning(?:er|\(er\))?|indstilling\s*(?:/|og)\s*beslutning|afgørelse|vedtagelse)"
    r"(?:\s+(?:i|på|fra|af|den|d\.)\b.*|\s+\S+\s+\d.*|\s*:.*)?$",
    re.IGNORECASE,
)
# "Økonomiudvalget, 12-03-2024, pkt. 31": a committee's decision, headed by who and when.
_COMMITTEE_DECISION_RE = re.compile(
    r"^[A-ZÆØÅ][^,:]{2,60},\s*(?:den\s+)?" + DATE_PATTERN + r",\s*(?:pkt|punkt)\.?\s*\d{1,3}\s*:?$",
    re.IGNORECASE,
)
_ITEM_NUMBER = r"(?:\s*,?\s*(?:pkt|punkt)\.?\s*\d{1,3})?"
# "Beslutning Økonomiudvalget den 12-03-2024", "Beslutning i Udvalget for plan, udvikling og kultur
# (PUK) den 20-06-2013" (Acadre): who, then when.
_DATED_DECISION_RE = re.compile(
    r"^beslutning\s+(?:(?:i|på|fra|af)\s+)?(?P<body>[^:]{0,100}?)\s*(?:\bden\s+|\bd\.\s*)?(?P<date>"
    + DATE_PATTERN + r")" + _ITEM_NUMBER + r"$",
    re.IGNORECASE,
)
# "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1" (eDoc): whose, then when.
_BODYS_DECISION_RE = re.compile(
    r"^(?P<body>[A-ZÆØÅ][^:]{1,80}?)s\s+beslutning\s+(?:den\s+|d\.\s*)?(?P<date>" + DATE_PATTERN + r")"
    + _ITEM_NUMBER + r"$",
    re.IGNORECASE,
)
# The minutes' record of an item, which is what was decided: SBSYS prints it under `Referat:`.
_RECORD_HEADINGS = {"referat"}
_NOT_DECISION_RE = re.compile(r"^beslutnings(punkter|forslag|grundlag|tema|kompetence)", re.IGNORECASE)


def normalise_heading(text: str) -> str:
    """`./. Bilag:` -> `Bilag`; collapses spaces, drops a trailing colon."""
    text = re.sub(r"^\./\.\s*", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":").strip()


def is_committee_decision_heading(heading: str) -> bool:
    """`Økonomiudvalget, 12-03-2024, pkt. 31`: a committee's decision headed by who and when."""
    return bool(_COMMITTEE_DECISION_RE.match(normalise_heading(heading)))


def is_dated_decision_heading(heading: str) -> bool:
    """A decision heading that says who decided and when (`Beslutning i Byrådet den 27-03-2024`)."""
    heading = normalise_heading(heading)
    return any(regex.match(heading) for regex in (_COMMITTEE_DECISION_RE, _DATED_DECISION_RE, _BODYS_DECISION_RE))


def is_decision_heading(heading: str) -> bool:
    """Beslutning, Beslutning(er), Byrådets beslutning, Beslutning i X den …, Afgørelse, X, D, pkt. N"""
    heading = normalise_heading(heading)
    if is_dated_decision_heading(heading) or heading.casefold() in _RECORD_HEADINGS:
        return True
    return bool(_DECISION_RE.match(heading)) and not _NOT_DECISION_RE.match(heading)


def decision_heading_parts(heading: str) -> tuple[str | None, str | None]:
    """Who decided and when, as a decision heading says (body as printed, date YYYY-MM-DD).

    `Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1` ->
    ("Sundheds- og Forebyggelsesudvalget", "2012-12-04"); (None, None) for a bare `Beslutning`.
    """
    heading = normalise_heading(heading)
    m = _COMMITTEE_DECISION_RE.match(heading)
    if m:
        return heading.split(",")[0].strip(), parse_date(heading)
    m = _BODYS_DECISION_RE.match(heading)
    if m:
        return m["body"].strip(), parse_date(m["date"])  # the genitive's s is outside the group
    m = _DATED_DECISION_RE.match(heading)
    if m:
        return (m["body"].strip(" ,") or None), parse_date(m["date"])
    return None, None


def join_decisions(parts: list[tuple[str, str]]) -> str:
    """One decision text from (heading, text) parts; with several, each is headed by who decided."""
    parts = [(heading, text) for heading, text in parts if text]
    if len(parts) == 1:
        return parts[0][1]
    return "\n\n".join(f"{heading}:\n{text}" for heading, text in parts)


def _part_starts(decision: str) -> list[re.Match[str]]:
    """The `Heading:` lines that open the parts of a decision joined by `join_decisions`; [] for one part."""
    starts = [m for m in re.finditer(r"(?:^|\n\n)(?P<label>[^\n]+):\n", decision) if is_decision_heading(m["label"])]
    return starts if len(starts) >= 2 and starts[0].start() == 0 else []


def split_decisions(decision: str) -> list[tuple[str | None, str]]:
    """The (heading, text) parts of a decision joined by `join_decisions`; one untitled part otherwise."""
    starts = _part_starts(decision)
    if not starts:
        return [(None, decision)]
    parts: list[tuple[str | None, str]] = []
    for m, nxt in zip(starts, [*starts[1:], None], strict=True):
        end = nxt.start() if nxt else len(decision)
        parts.append((m["label"], decision[m.end():end].strip()))
    return parts


def last_decision_start(decision: str) -> int:
    """Where the last part's text begins in a decision joined by `join_decisions` (0 for one part)."""
    starts = _part_starts(decision)
    return starts[-1].end() if starts else 0


def decision_page_at(decision: str, decision_page: int | None, breaks: list[int], offset: int) -> int | None:
    """The page on which the character at `offset` of a decision stands (None without a decision page).

    `decision_page` is where the (last part's) text starts; `breaks` are the item's
    `decision_page_breaks`, offsets where a new page starts, so an earlier part of a joined
    decision may stand on an earlier page.
    """
    if decision_page is None:
        return None
    return decision_page + bisect_right(breaks, offset) - bisect_right(breaks, last_decision_start(decision))
