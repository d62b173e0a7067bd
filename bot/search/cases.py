"""One case across meetings: its stages (committee -> Økonomiudvalget -> Byråd) and which
stage answers a question.

Items that share a case number (`Index.doc_case`, from bot/knowledge/case_numbers.py, which
/sag's timelines in bot/cases.py use too) are one case, and those of them that are one decision
(`case_numbers.one_decision`: the same title, or one prints the other's meeting in its `Sagens forløb`) are
its stages: a municipality files many decisions under one journal number (Greve's budget
status, its two readings and a job posting under one), and each has its own path. FirstAgenda
prints the same case text at every stage, so the stages score alike; a question that names
no body or date gets the final decision: the latest stage that scores nearly as well as the
best one (`latest_stages`). A stage that scores clearly better stays (a later stage of the
same number that decides something else, or the one stage that records the vote asked
about). The path shown with an answer (`case_path`) is every stage in the base, oldest
first, plus earlier decisions the item prints in its `Sagens forløb` whose meetings the
base lacks.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.knowledge.case_numbers import one_decision, prior_date
from bot.search.index import Index

# A later stage answers instead of the best-scoring one when it scores at least this much
# less at most (on the 0..1 scale of the final score).
STAGE_MARGIN = 0.1


@dataclass(frozen=True)
class Stage:
    """One meeting on a case's path."""

    body: str
    date: str  # YYYY-MM-DD
    time: str | None = None
    number: str | None = None  # the item's number there (None for a decision known only from history)
    doc: int | None = None     # the item in the index (None: a meeting the base lacks)

    @property
    def label(self) -> str:
        """'Økonomiudvalget 27.08.2025'."""
        y, m, d = self.date.split("-")
        return f"{self.body} {d}.{m}.{y}"


def _when(index: Index, doc: int) -> tuple[str, str]:
    meeting = index.meetings[int(index.doc_meeting[doc])]
    return meeting.date, meeting.time or ""


def stages_of(index: Index, doc: int) -> list[int]:
    """The item's stages: the items of its case number that are the same decision (`same_decision`),
    oldest meeting first (just the item when it has none)."""
    case = int(index.doc_case[doc]) if len(index.doc_case) else -1
    if case < 0:
        return [doc]
    docs = [d for d in np.flatnonzero(index.doc_case == case).tolist()
            if d == doc or one_decision(index.docs[d], index.docs[doc])]
    # Newest meetings are indexed first: within a meeting, keep the agenda's order.
    return sorted(docs, key=lambda d: (*_when(index, d), -d))


def latest_stages(index: Index, ranked: list[int], score: Callable[[int], float]) -> list[int]:
    """The ranked items with each replaced by its case's latest stage that scores within
    STAGE_MARGIN of it (outside the mask: score < 0, never), one meeting per case, order kept.
    Several items of one case at one meeting (a budget and its accounts) are separate
    decisions: at the meeting shown, each stays; at a later meeting, the best one answers."""
    out: list[int] = []
    shown: dict[int, int] = {}  # a stage of a decision answered -> the meeting its answer is from
    for doc in ranked:
        best = doc
        if len(index.doc_case) and index.doc_case[doc] >= 0:
            if doc in shown:
                if shown[doc] != int(index.doc_meeting[doc]):
                    continue  # an earlier or later stage of a decision already answered
            else:
                best = _latest_close(index, doc, score)
                for stage in stages_of(index, doc):
                    shown.setdefault(stage, int(index.doc_meeting[best]))
        if best not in out:
            out.append(best)
    return out


def _latest_close(index: Index, doc: int, score: Callable[[int], float]) -> int:
    """The case's item at its newest meeting (no older than the item's own) that scores within
    STAGE_MARGIN of the item: the best-scoring one there; the item itself at its own meeting."""
    floor = score(doc) - STAGE_MARGIN
    closed = index.docs[doc][1].closed
    own = int(index.doc_meeting[doc])
    for meeting, docs in reversed(_by_meeting(index, stages_of(index, doc))):  # newest first
        if meeting == own:
            return doc
        close = [o for o in docs if score(o) >= 0 and score(o) >= floor
                 # a closed-session decision under the same number is another decision
                 and not (index.docs[o][1].closed and not closed)]
        if close:
            return max(close, key=lambda o: (score(o), -o))
    return doc


def _by_meeting(index: Index, docs: list[int]) -> list[tuple[int, list[int]]]:
    """The items (oldest first) grouped by meeting, in the same order."""
    groups: list[tuple[int, list[int]]] = []
    for d in docs:
        meeting = int(index.doc_meeting[d])
        if groups and groups[-1][0] == meeting:
            groups[-1][1].append(d)
        else:
            groups.append((meeting, [d]))
    return groups


def case_path(index: Index, doc: int) -> list[Stage]:
    """Every stage of the item's case, oldest first: the base's items of its case number and
    the earlier decisions its `Sagens forløb` names from meetings the base lacks; [] when
    the item is no case or its case has only this one stage."""
    stages = []
    for m, docs in _by_meeting(index, stages_of(index, doc)):  # one stage per meeting
        d = doc if m == int(index.doc_meeting[doc]) else docs[0]
        meeting, item = index.docs[d]
        stages.append(Stage(meeting.body, meeting.date, meeting.time, item.number, d))
    known = {(s.body, s.date) for s in stages}
    for prior in index.docs[doc][1].history:
        date = prior_date(prior)
        if date and prior.body and (prior.body, date) not in known:
            stages.append(Stage(prior.body, date))
            known.add((prior.body, date))
    if len(stages) < 2:
        return []
    return sorted(stages, key=lambda s: (s.date, s.time or "", s.doc is not None, -(s.doc or 0)))


def path_text(stages: list[Stage], limit: int | None = None) -> str:
    """'Klima-, Teknik- og Miljøudvalget 14.08.2025 → Økonomiudvalget 27.08.2025 → Greve Byråd 04.09.2025';
    longer than `limit` characters: the first stage, how many are left out, and as many of the
    latest as fit (the end of the path is what was decided last)."""
    labels = [s.label for s in stages]
    full = " → ".join(labels)
    if limit is None or len(full) <= limit:
        return full
    for keep in range(len(labels) - 2, 0, -1):
        left_out = len(labels) - 1 - keep
        text = (f"{labels[0]} → … ({left_out} {'møde' if left_out == 1 else 'møder'} udeladt) → "
                + " → ".join(labels[-keep:]))
        if len(text) <= limit:
            return text
    return labels[-1][:limit]
