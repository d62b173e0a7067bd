"""A case's path across meetings: every meeting where it was on the agenda, oldest to newest.

By case number when the minutes give one (FirstAgenda's SagsNummer, KL's `SAG-…`, Aarhus'
`EMN-…`), normalised so `sag-2022-03934` finds `SAG-2022-03934`. A number that every numbered
item of one meeting shares (KKR's `SAG-2022-03934` is the meeting's own file) is no case, and
neither are formal items (approving the agenda), which a system may file under one number
for years. Without a case number, by topic: in each other meeting, the item the search finds
for the item's title, when the titles are alike. Pure: no Discord, no files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, utils

from bot.dates import danish_date
from bot.highlights import clip, outcome_label
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting
from bot.search import Searcher

BY_NUMBER = "sagsnummer"
BY_TOPIC = "emne"
DECISION_CHARS = 200  # the start of each stage's decision, quoted
TOPIC_HITS = 50  # search hits looked through for the same topic in other meetings
# Titles at least this alike (rapidfuzz token_set_ratio, 0-100) are one topic across meetings:
# the same case keeps its title from committee to council, a neighbouring case rarely shares it.
TITLE_ALIKE = 85.0
# A number on at least this many meetings of one body, on nearly every one of its meetings while it
# lasts and nearly always under one title, is that body's standing item (Greve: 'Underskriftsark',
# 'Huskeliste og orientering fra administrationen'), no case. A case that comes back to one committee
# now and then keeps its path.
STANDING_MEETINGS = 5
STANDING_COVERAGE = 0.6  # of the body's meetings while it lasts (extraordinary meetings skip standing items)
STANDING_SHARE = 0.8  # of its items under one title (or alike)
NO_DECISION_LABEL = "Ingen beslutning i referatet"

_LABEL = re.compile(r"^(?:sags?\s*(?:nr|nummer)\.?|sag\s+nr\.?)[:\s]*", re.IGNORECASE)


@dataclass
class Stage:
    """One meeting on the case's path: who, when, what they decided, and where to read it."""

    body: str
    date: str  # YYYY-MM-DD
    number: str | None  # the item's number on that agenda
    title: str
    outcome: str  # in plain Danish: 'Godkendt', 'Tiltrådt (indstilling)', …
    decision: str  # the decision's start, verbatim, cut at a word (numbered points run on: '1. … 2. Anbefales')
    url: str | None
    page: int | None  # the page in the referat; None for a source without pages (FirstAgenda's JSON)
    meeting: Meeting = field(repr=False, compare=False)
    item: Item = field(repr=False, compare=False)


@dataclass
class Timeline:
    """A case's stages, oldest first; `by` says whether they were joined by case number or by topic."""

    title: str
    case_number: str | None
    by: str  # BY_NUMBER or BY_TOPIC
    stages: list[Stage]
    anchor: int = -1  # the stage found from: `timeline_for` its item gives this timeline again

    @property
    def anchor_stage(self) -> Stage:
        """The stage whose item this timeline was found from."""
        return self.stages[self.anchor]


def normalise_case_number(text: str | None) -> str | None:
    """The case number as compared: label removed, upper case, spaces as dashes ('Sagsnr. 24/1234' -> '24/1234')."""
    if not text:
        return None
    number = _LABEL.sub("", " ".join(text.split())).upper()
    number = re.sub(r"\s*([-/.])\s*", r"\1", number).replace(" ", "-")
    return number or None


def meeting_wide_number(meeting: Meeting) -> str | None:
    """A case number every numbered item of the meeting shares (the meeting's own file), if any."""
    numbers = {normalise_case_number(i.case_number) for i in meeting.items if i.case_number}
    numbered = sum(1 for i in meeting.items if i.case_number)
    return numbers.pop() if numbered >= 2 and len(numbers) == 1 else None


def stage_of(meeting: Meeting, item: Item) -> Stage:
    """One item as a stage of its case."""
    page = item.decision_page or item.page
    decided = bool(item.decision.strip())
    return Stage(
        body=meeting.body, date=meeting.date, number=item.number, title=item.title,
        outcome=outcome_label(item.outcome, item.stage) if decided else NO_DECISION_LABEL,
        decision=clip(item.decision, DECISION_CHARS) if decided else "",
        url=meeting.item_url(item, page), page=page if meeting.pages else None, meeting=meeting, item=item,
    )


def _ordered(pairs: list[tuple[Meeting, Item]]) -> list[Stage]:
    pairs = sorted(pairs, key=lambda p: (p[0].date, p[0].time or "", p[0].body, p[0].items.index(p[1])))
    return [stage_of(m, i) for m, i in pairs]


def _alike(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) >= TITLE_ALIKE


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
    alike = sum(1 for _, item in pairs if _alike(item.title, main))  # 'formanden/gensidig' ~ 'formanden og gensidig'
    if alike < STANDING_SHARE * len(pairs):
        return None
    title = next(i.title for _, i in pairs if _folded(i.title) == main)
    return f"er et fast punkt på dagsordenen i {body} (»{title}«), ikke en sag"


def _recurs(stages: list[Stage]) -> bool:
    """Whether one body has the topic on so many meetings that it is a standing item ('Siden sidst')."""
    per_body: dict[str, int] = {}
    for stage in stages:
        per_body[stage.body] = per_body.get(stage.body, 0) + 1
    return max(per_body.values()) >= STANDING_MEETINGS


class CaseIndex:
    """The knowledge base's items by case number (meeting-wide numbers and formal items left out)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.by_number: dict[str, list[tuple[Meeting, Item]]] = {}
        self.not_cases: dict[str, str] = {}  # a number in the minutes that is no case -> why, in Danish
        self.standing: set[str] = set()  # the numbers of standing items (not offered as topics either)
        for meeting in kb.meetings:
            wide = meeting_wide_number(meeting)
            if wide:
                self.not_cases[wide] = (f"står på alle punkter i referatet fra {meeting.body} "
                                        f"{danish_date(meeting.date)}: det er mødets eget nummer, ikke en sags")
            for item in meeting.items:
                number = normalise_case_number(item.case_number)
                if number and item.formal and number != wide:
                    self.not_cases.setdefault(number, "bruges til formelle punkter (godkendelse af dagsorden "
                                                      "eller referat), ikke til en sag")
                elif number and number != wide:
                    self.by_number.setdefault(number, []).append((meeting, item))
        for number in self.by_number:
            self.not_cases.pop(number, None)
        body_dates: dict[str, list[str]] = {}
        for meeting in sorted(kb.meetings, key=lambda m: m.date):
            body_dates.setdefault(meeting.body, []).append(meeting.date)
        for number, why in [(n, standing_item(pairs, body_dates)) for n, pairs in self.by_number.items()]:
            if why:
                del self.by_number[number]
                self.not_cases[number] = why
                self.standing.add(number)
        self._choices = self._choice_list()

    def why_not_a_case(self, text: str) -> str | None:
        """Why a number from the minutes gives no case path ('står på alle punkter …'), or None."""
        return self.not_cases.get(normalise_case_number(text) or "")

    def case_of(self, item: Item) -> str | None:
        """The item's case number when it is a case here (normalised), else None."""
        number = normalise_case_number(item.case_number)
        return number if number in self.by_number and not item.formal else None

    def timeline(self, number: str) -> Timeline | None:
        """Every meeting where the case was on the agenda, oldest first; None for an unknown number."""
        pairs = self.by_number.get(normalise_case_number(number) or "")
        if not pairs:
            return None
        stages = _ordered(pairs)
        return Timeline(stages[-1].title, normalise_case_number(number), BY_NUMBER, stages)

    def _choice_list(self) -> list[tuple[str, str, str]]:
        """(what is matched, shown name, value) for every case and every other item title, newest first."""
        choices: list[tuple[str, str, str]] = []
        seen: set[str] = set()  # titles offered already: a case's title is not offered again as a topic
        newest = sorted(self.by_number.items(), key=lambda kv: max(m.date for m, _ in kv[1]), reverse=True)
        for number, pairs in newest:
            title = max(pairs, key=lambda p: p[0].date)[1].title
            name = f"{title} · sagsnr. {number} ({len(pairs)} {'møde' if len(pairs) == 1 else 'møder'})"
            choices.append((f"{title} {number}".casefold(), name, number))
            seen.add(title.casefold())
        for meeting in sorted(self.kb.meetings, key=lambda m: m.date, reverse=True):
            for item in meeting.items:
                folded = item.title.casefold()
                standing = normalise_case_number(item.case_number) in self.standing
                if item.formal or folded in seen or self.case_of(item) or standing:
                    continue
                seen.add(folded)
                choices.append((folded, item.title, item.title))
        return choices

    def choices(self, typed: str, limit: int) -> list[tuple[str, str]]:
        """Autocomplete for /sag: (name, value) of the cases, then other item titles, matching every typed word."""
        words = typed.casefold().split()
        found = [(name, value) for folded, name, value in self._choices if all(w in folded for w in words)]
        return found[:limit]


def topic_timeline(searcher: Searcher, meeting: Meeting, item: Item, skip: frozenset[str] = frozenset()) -> Timeline:
    """The item and, in each other meeting, the best search hit for its title when the titles are alike
    (items under the case numbers in `skip`, a body's standing items, left out)."""
    chosen: dict[tuple[str, str], tuple[Meeting, Item]] = {meeting.key: (meeting, item)}
    for hit in searcher.ask(item.title, limit=TOPIC_HITS).hits:
        other = hit.item
        if other.formal or normalise_case_number(other.case_number) in skip:
            continue
        if hit.meeting.key not in chosen and _alike(other.title, item.title):
            chosen[hit.meeting.key] = (hit.meeting, hit.item)  # hits come best first: the first one per meeting
    stages = _ordered(list(chosen.values()))
    if _recurs(stages):  # the same title at meeting after meeting of one body: a standing item, no story
        stages = [stage_of(meeting, item)]
    anchor = next(n for n, s in enumerate(stages) if s.item is item)
    return Timeline(item.title, None, BY_TOPIC, stages, anchor)


def timeline_for(index: CaseIndex, searcher: Searcher, meeting: Meeting, item: Item) -> Timeline:
    """The path of the item's case: by its case number when it has a real one, else by topic
    (a standing item's path is itself: the signature sheet of every meeting is no story)."""
    number = index.case_of(item)
    timeline = index.timeline(number) if number else None
    if timeline is None and normalise_case_number(item.case_number) in index.standing:
        return Timeline(item.title, None, BY_TOPIC, [stage_of(meeting, item)], 0)
    return timeline or topic_timeline(searcher, meeting, item, frozenset(index.standing))


def find_timeline(index: CaseIndex, searcher: Searcher, text: str) -> Timeline | None:
    """A case a member names: its case number, else the best search hit's case; None when nothing matches."""
    number = normalise_case_number(text)
    if number and number in index.by_number:
        return index.timeline(number)
    if index.why_not_a_case(text):
        return None  # searching for it would find an item at random among those that carry it
    answer = searcher.ask(text, limit=1)
    if not answer.hits:
        return None
    hit = answer.hits[0]
    return timeline_for(index, searcher, hit.meeting, hit.item)


# --- renderers ----------------------------------------------------------------

def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """A JSON-ready dict: title, case number, how the stages were joined, and each stage."""
    stages = [{"body": s.body, "date": s.date, "number": s.number, "title": s.title, "outcome": s.outcome,
               "decision": s.decision, "url": s.url, "page": s.page} for s in timeline.stages]
    return {"title": timeline.title, "case_number": timeline.case_number, "by": timeline.by, "stages": stages}


def timeline_heading(timeline: Timeline) -> str:
    """'DK2020-klimapartnerskabet efter 2023 (sagsnr. 23-000123, 3 møder)'."""
    count = len(timeline.stages)
    parts = [f"sagsnr. {timeline.case_number}"] if timeline.case_number else ["fundet efter emne"]
    parts.append(f"{count} {'møde' if count == 1 else 'møder'}")
    return f"{timeline.title} ({', '.join(parts)})"


def render_timeline_text(timeline: Timeline) -> str:
    """Plain text, one paragraph per stage, oldest first."""
    out = [f"Sagens forløb: {timeline_heading(timeline)}", ""]
    for n, s in enumerate(timeline.stages, 1):
        label = f"{s.number} {s.title}" if s.number else s.title
        out.append(f"{n}. {s.body}, {danish_date(s.date)}: {s.outcome}. {label}")
        if s.decision:
            out.append(f"   »{s.decision}«")
        if s.url or s.page:
            out.append(f"   {s.url or f'referat s. {s.page}'}")
    return "\n".join(out) + "\n"
