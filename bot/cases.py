"""A case's path across meetings for /sag: every meeting where it was on the agenda, oldest to
newest, with what each decided.

By case number when the item's number is a case (bot/knowledge/case_numbers.py decides which
are, for search too). Without one, by topic: in each other meeting, the item the search finds
for the item's title, when the titles are alike. Pure: no Discord, no files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.dates import danish_date
from bot.highlights import clip, outcome_label
from bot.knowledge.case_numbers import (
    STANDING_MEETINGS,
    CaseNumbers,
    normalise_case_number,
    one_decision,
    titles_alike,
)
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting
from bot.search import Searcher

BY_NUMBER = "sagsnummer"
BY_TOPIC = "emne"
DECISION_CHARS = 200  # the start of each stage's decision, quoted
TOPIC_HITS = 50  # search hits looked through for the same topic in other meetings
NO_DECISION_LABEL = "Ingen beslutning i referatet"


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
    # Items under the same case number that are other decisions (not shown: `/sag NUMBER` shows them all).
    others: int = 0

    @property
    def anchor_stage(self) -> Stage:
        """The stage whose item this timeline was found from."""
        return self.stages[self.anchor]


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


def _recurs(stages: list[Stage]) -> bool:
    """Whether one body has the topic on so many meetings that it is a standing item ('Siden sidst')."""
    per_body: dict[str, int] = {}
    for stage in stages:
        per_body[stage.body] = per_body.get(stage.body, 0) + 1
    return max(per_body.values()) >= STANDING_MEETINGS


def _meetings(n: int) -> str:
    return f"{n} {'møde' if n == 1 else 'møder'}"


def _decisions(pairs: list[tuple[Meeting, Item]]) -> list[list[tuple[Meeting, Item]]]:
    """A case number's items as decisions (`one_decision` with the first item of each), each
    oldest first; the decision with the newest item first."""
    groups: list[list[tuple[Meeting, Item]]] = []
    for pair in sorted(pairs, key=lambda p: (p[0].date, p[0].time or "")):
        group = next((g for g in groups if one_decision(g[0], pair)), None)
        if group is None:
            groups.append([pair])
        else:
            group.append(pair)
    return sorted(groups, key=lambda g: g[-1][0].date, reverse=True)


class CaseIndex(CaseNumbers):
    """The knowledge base's cases (bot/knowledge/case_numbers.py) as timelines, and /sag's autocomplete."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb.items())
        self.kb = kb
        self._choices = self._choice_list()
        # An item of a case by its exact title (the newest one): what /sag's autocomplete offers
        # for a number's other decisions, found as offered rather than searched.
        self._titled: dict[str, tuple[Meeting, Item]] = {}
        for pairs in self.by_number.values():
            for meeting, item in pairs:
                held = self._titled.get(item.title.casefold())
                if held is None or meeting.date > held[0].date:
                    self._titled[item.title.casefold()] = (meeting, item)

    def timeline(self, number: str) -> Timeline | None:
        """Every meeting where the case was on the agenda, oldest first; None for an unknown number."""
        pairs = self.by_number.get(normalise_case_number(number) or "")
        if not pairs:
            return None
        stages = _ordered(pairs)
        return Timeline(stages[-1].title, normalise_case_number(number), BY_NUMBER, stages)

    def decision_timeline(self, meeting: Meeting, item: Item) -> Timeline | None:
        """The stages of the item's own decision under its case number (`one_decision`), oldest
        first, with how many other items the number has; None when its number is no case."""
        number = self.case_of(item)
        if number is None:
            return None
        pairs = self.by_number[number]
        mine = [p for p in pairs if p[1] is item or one_decision(p, (meeting, item))]
        stages = _ordered(mine)
        anchor = next(n for n, s in enumerate(stages) if s.item is item)
        return Timeline(stages[-1].title, number, BY_NUMBER, stages, anchor, others=len(pairs) - len(mine))

    def _choice_list(self) -> list[tuple[str, str, str]]:
        """(what is matched, shown name, value) for every case and every other item title, newest first."""
        choices: list[tuple[str, str, str]] = []
        seen: set[str] = set()  # titles offered already: a case's title is not offered again as a topic
        newest = sorted(self.by_number.items(), key=lambda kv: max(m.date for m, _ in kv[1]), reverse=True)
        for number, pairs in newest:
            title = max(pairs, key=lambda p: p[0].date)[1].title
            name = f"{title} · sagsnr. {number} ({_meetings(len(pairs))})"
            choices.append((f"{title} {number}".casefold(), name, number))
            seen.add(title.casefold())
            # The number's other decisions by their own titles: each gives its own path.
            for other in _decisions(pairs)[1:]:
                other_title = other[-1][1].title
                if other_title.casefold() not in seen:
                    seen.add(other_title.casefold())
                    choices.append((f"{other_title} {number}".casefold(),
                                    f"{other_title} · sagsnr. {number} ({_meetings(len(other))})", other_title))
        for meeting in sorted(self.kb.meetings, key=lambda m: m.date, reverse=True):
            for item in meeting.items:
                folded = item.title.casefold()
                standing = self.is_standing(item)
                if item.formal or folded in seen or self.case_of(item) or standing:
                    continue
                seen.add(folded)
                choices.append((folded, item.title, item.title))
        return choices

    def titled(self, text: str) -> tuple[Meeting, Item] | None:
        """The newest item of a case whose title is exactly the text (case-insensitive), or None."""
        return self._titled.get(" ".join(text.split()).casefold())

    def choices(self, typed: str, limit: int) -> list[tuple[str, str]]:
        """Autocomplete for /sag: (name, value) of the cases, then other item titles, matching every typed word."""
        words = typed.casefold().split()
        found = [(name, value) for folded, name, value in self._choices if all(w in folded for w in words)]
        return found[:limit]


def topic_timeline(index: CaseIndex, searcher: Searcher, meeting: Meeting, item: Item) -> Timeline:
    """The item and, in each other meeting, the best search hit for its title when the titles are alike
    (a body's standing items left out). Search answers with a case's latest stage: its other stages
    are put back in."""
    chosen: dict[tuple[str, str], tuple[Meeting, Item]] = {meeting.key: (meeting, item)}
    for hit in searcher.ask(item.title, limit=TOPIC_HITS).hits:
        other = hit.item
        if other.formal or index.is_standing(other) or not titles_alike(other.title, item.title):
            continue
        number = index.case_of(other)
        for m, i in [(hit.meeting, other)] + (list(reversed(index.by_number[number])) if number else []):
            if m.key not in chosen and titles_alike(i.title, item.title):
                chosen[m.key] = (m, i)  # hits come best first: the first one per meeting
    stages = _ordered(list(chosen.values()))
    if _recurs(stages):  # the same title at meeting after meeting of one body: a standing item, no story
        stages = [stage_of(meeting, item)]
    anchor = next(n for n, s in enumerate(stages) if s.item is item)
    return Timeline(item.title, None, BY_TOPIC, stages, anchor)


def timeline_for(index: CaseIndex, searcher: Searcher, meeting: Meeting, item: Item) -> Timeline:
    """The path of the item's case: by its case number when it has a real one (the stages of the
    item's own decision: the number's other decisions are counted, not shown), else by topic (a
    standing item's path is itself: the signature sheet of every meeting is no story)."""
    timeline = index.decision_timeline(meeting, item)
    if timeline is None and index.is_standing(item):
        return Timeline(item.title, None, BY_TOPIC, [stage_of(meeting, item)], 0)
    return timeline or topic_timeline(index, searcher, meeting, item)


def find_timeline(index: CaseIndex, searcher: Searcher, text: str) -> Timeline | None:
    """A case a member names: its case number, else the best search hit's case; None when nothing matches."""
    number = normalise_case_number(text)
    if number and number in index.by_number:
        return index.timeline(number)
    if index.why_not_a_case(text):
        return None  # searching for it would find an item at random among those that carry it
    titled = index.titled(text)
    if titled:
        return timeline_for(index, searcher, *titled)
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
    parts.append(_meetings(count))
    others = ""
    if timeline.others:
        others = f"; sagsnummeret har {timeline.others} {'andet punkt' if timeline.others == 1 else 'andre punkter'}"
    return f"{timeline.title} ({', '.join(parts)}{others})"


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
