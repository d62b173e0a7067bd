"""Which case numbers in the knowledge base are cases: the one answer search (the path shown
with an answer, the latest stage) and /sag (case timelines) both use.

Items that share a case number are the stages of one case (FirstAgenda's SagsNummer, KL's
`SAG-…`, Aarhus' `EMN-…`), compared normalised so `sag-2022-03934` finds `SAG-2022-03934`.
Three kinds of number are no case: one that every numbered item of a meeting shares (KKR's
`SAG-2022-03934` is the meeting's own file), one a system files formal items under (approving
the agenda, for years), and a body's standing item (Greve's 'Underskriftsark' at nearly every
meeting of Økonomiudvalget). A real case that comes back to one committee now and then keeps
its path. Pure: no files.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, utils

from bot.dates import danish_date, parse_date
from bot.model import Item, Meeting, PriorDecision

# A number on at least this many meetings of one body, on nearly every one of its meetings while it
# lasts and nearly always under one title, is that body's standing item (Greve: 'Underskriftsark',
# 'Huskeliste og orientering fra administrationen'), no case.
STANDING_MEETINGS = 5
STANDING_COVERAGE = 0.6  # of the body's meetings while it lasts (extraordinary meetings skip standing items)
STANDING_SHARE = 0.8  # of its items under one title (or alike)
# Titles at least this alike (rapidfuzz token_set_ratio, 0-100) are one topic across meetings:
# the same case keeps its title from committee to council, a neighbouring case rarely shares it.
TITLE_ALIKE = 85.0
# Titles at least this alike (rapidfuzz ratio, 0-100) with the same numbers in them are one
# decision on its way from committee to council: FirstAgenda prints the same title at every
# stage (or one with a typo mended), while the other decisions a municipality files under one
# journal number differ in a word ('udkast til', 'salg'/'udbud') or a number (a year, 'Tillæg 2').
SAME_DECISION = 90.0
_CLOSED = re.compile(r"^\s*lukket\s*:\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")

_LABEL = re.compile(r"^(?:sags?\s*(?:nr|nummer)\.?|sag\s+nr\.?)[:\s]*", re.IGNORECASE)


def normalise_case_number(text: str | None) -> str | None:
    """The case number as compared: label removed, upper case, spaces as dashes ('Sagsnr. 24/1234' -> '24/1234')."""
    if not text:
        return None
    number = _LABEL.sub("", " ".join(text.split())).upper()
    number = re.sub(r"\s*([-/.])\s*", r"\1", number).replace(" ", "-")
    return number or None


def titles_alike(a: str, b: str) -> bool:
    """Whether two item titles name one topic (TITLE_ALIKE)."""
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) >= TITLE_ALIKE


def same_decision(a: str, b: str) -> bool:
    """Whether two item titles under one case number are one decision at two stages (SAME_DECISION)."""
    a, b = (utils.default_process(_CLOSED.sub("", t)) for t in (a, b))
    if a == b:
        return True
    return _NUMBER.findall(a) == _NUMBER.findall(b) and fuzz.ratio(a, b, processor=None) >= SAME_DECISION


def prior_date(prior: PriorDecision) -> str | None:
    """The date of an earlier decision an item prints (YYYY-MM-DD), from its field or its heading."""
    return prior.date or parse_date(prior.heading)


def one_decision(a: tuple[Meeting, Item], b: tuple[Meeting, Item]) -> bool:
    """Whether two items of one case number are stages of one decision: their titles say so
    (`same_decision`), or one prints the other's meeting in its `Sagens forløb`. A municipality
    files many decisions under one journal number (Greve: a budget's status, its two readings
    and a job posting), and a title may change on the way to the council."""
    (meeting_a, item_a), (meeting_b, item_b) = a, b
    if same_decision(item_a.title, item_b.title):
        return True
    return (any(prior_date(p) == meeting_b.date for p in item_a.history)
            or any(prior_date(p) == meeting_a.date for p in item_b.history))


def meeting_wide_number(items: list[Item]) -> str | None:
    """A case number every numbered item of one meeting shares (the meeting's own file), if any."""
    numbers = {normalise_case_number(i.case_number) for i in items if i.case_number}
    numbered = sum(1 for i in items if i.case_number)
    return numbers.pop() if numbered >= 2 and len(numbers) == 1 else None


def _folded(title: str) -> str:
    return " ".join(title.casefold().split())


def standing_item(pairs: list[tuple[Meeting, Item]], body_dates: dict[str, list[str]]) -> str | None:
    """Why items under one number are a body's standing item and no case (Danish), or None.
    `body_dates`: each body's meeting dates, sorted."""
    bodies = {m.body for m, _ in pairs}
    if len(pairs) < STANDING_MEETINGS or len(bodies) != 1:
        return None
    body = bodies.pop()
    dates = sorted({m.date for m, _ in pairs})
    held = [d for d in body_dates.get(body, []) if dates[0] <= d <= dates[-1]]
    if len(dates) < STANDING_COVERAGE * len(held):  # not at most of the body's meetings while it lasts
        return None
    counts: dict[str, int] = {}
    for _, item in pairs:
        counts[_folded(item.title)] = counts.get(_folded(item.title), 0) + 1
    main = max(counts, key=lambda t: counts[t])
    # 'formanden/gensidig' ~ 'formanden og gensidig'
    alike = sum(1 for _, item in pairs if titles_alike(item.title, main))
    if alike < STANDING_SHARE * len(pairs):
        return None
    title = next(i.title for _, i in pairs if _folded(i.title) == main)
    return f"er et fast punkt på dagsordenen i {body} (»{title}«), ikke en sag"


class CaseNumbers:
    """The (meeting, item) pairs by case number, the numbers that are no case left out (with why)."""

    def __init__(self, items: Iterable[tuple[Meeting, Item]]) -> None:
        per_meeting: dict[int, tuple[Meeting, list[Item]]] = {}
        for meeting, item in items:
            per_meeting.setdefault(id(meeting), (meeting, []))[1].append(item)
        self.by_number: dict[str, list[tuple[Meeting, Item]]] = {}
        self.not_cases: dict[str, str] = {}  # a number in the minutes that is no case -> why, in Danish
        self.standing: set[str] = set()  # the numbers of standing items
        for meeting, its_items in per_meeting.values():
            wide = meeting_wide_number(its_items)
            if wide:
                self.not_cases[wide] = (f"står på alle punkter i referatet fra {meeting.body} "
                                        f"{danish_date(meeting.date)}: det er mødets eget nummer, ikke en sags")
            for item in its_items:
                number = normalise_case_number(item.case_number)
                if number and item.formal and number != wide:
                    self.not_cases.setdefault(number, "bruges til formelle punkter (godkendelse af dagsorden "
                                                      "eller referat), ikke til en sag")
                elif number and number != wide:
                    self.by_number.setdefault(number, []).append((meeting, item))
        for number in self.by_number:
            self.not_cases.pop(number, None)
        body_dates: dict[str, list[str]] = {}
        for meeting, _ in sorted(per_meeting.values(), key=lambda p: p[0].date):
            body_dates.setdefault(meeting.body, []).append(meeting.date)
        for number, why in [(n, standing_item(pairs, body_dates)) for n, pairs in self.by_number.items()]:
            if why:
                del self.by_number[number]
                self.not_cases[number] = why
                self.standing.add(number)

    def case_of(self, item: Item) -> str | None:
        """The item's case number when it is a case here (normalised), else None."""
        number = normalise_case_number(item.case_number)
        return number if number in self.by_number and not item.formal else None

    def why_not_a_case(self, text: str) -> str | None:
        """Why a number from the minutes gives no case path ('står på alle punkter …'), or None."""
        return self.not_cases.get(normalise_case_number(text) or "")

    def is_standing(self, item: Item) -> bool:
        """Whether the item is a body's standing item (its number is no case for that reason)."""
        return normalise_case_number(item.case_number) in self.standing
