"""Scoring search against a question file (the format of questions-dev.yaml).

A question file has an optional top-level `meeting` (YYYY-MM-DD) and `cases`, each
`{q, item, also?, meeting?}`: `item` is the number of the item that answers the
question, `null` when the knowledge base has no answer and search must say so; `also`
lists other acceptable items (counted separately, never as top-1).

Everything here is pure: `run_cases` takes the ranking function, so tests and the CLI
share it, and `summarize` can re-apply any threshold to one run (calibration).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

# (meeting date, item number, score) best first, without the answer threshold applied.
Ranked = list[tuple[str, str | None, float]]


class QuestionFileError(ValueError):
    """A question file that doesn't have the expected shape (message in Danish)."""


@dataclass
class Case:
    """One question and the item that answers it (None: no answer exists)."""

    question: str
    meeting: str | None
    item: str | None
    also: list[str] = field(default_factory=list)


@dataclass
class CaseResult:
    """A case with the ranking search gave it."""

    case: Case
    ranked: Ranked
    error: str | None = None  # the search failed on this question (it counts as a miss)


@dataclass
class Summary:
    """Scores of one run at one threshold."""

    threshold: float
    answerable: int = 0
    top1: int = 0
    acceptable_top1: int = 0  # top-1 is the item or one of its `also`
    mrr5: float = 0.0
    unanswerable: int = 0
    not_found: int = 0
    errors: int = 0  # questions the search failed on
    misses: list[str] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        """Share of answerable questions whose first answer is the right item."""
        return self.top1 / self.answerable if self.answerable else 1.0

    @property
    def not_found_rate(self) -> float:
        """Share of unanswerable questions that got no answer."""
        return self.not_found / self.unanswerable if self.unanswerable else 1.0

    def line(self) -> str:
        """The one-line summary the eval command prints."""
        return (f"top-1 {self.top1}/{self.answerable} ({self.top1_rate:.0%})  "
                f"MRR@5 {self.mrr5:.3f}  "
                f"korrekt 'ikke fundet' {self.not_found}/{self.unanswerable}  "
                f"(tærskel {self.threshold:.2f})" + (f"  FEJL {self.errors}" if self.errors else ""))


def _number(value: Any) -> str | None:
    return None if value is None else str(value).strip().rstrip(".")


def parse_cases(data: Any) -> list[Case]:
    """Cases from a parsed question file; QuestionFileError names what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise QuestionFileError("filen skal have en liste 'cases' med {q, item}")
    default_meeting = _number(data.get("meeting"))
    cases = []
    for n, raw in enumerate(data["cases"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str) or "item" not in raw:
            raise QuestionFileError(f"case {n}: skal have 'q' (tekst) og 'item' (punkt eller null)")
        also = raw.get("also") or []
        cases.append(Case(
            question=raw["q"],
            meeting=_number(raw.get("meeting")) or default_meeting,
            item=_number(raw["item"]),
            also=[_number(a) or "" for a in (also if isinstance(also, list) else [also])],
        ))
    return cases


def run_cases(cases: list[Case], rank: Callable[[str], Ranked]) -> list[CaseResult]:
    """Rank every case's question with the given search function; a question it fails on
    is kept with its error, and the others are still ranked."""
    results = []
    for case in cases:
        try:
            results.append(CaseResult(case, rank(case.question)))
        except Exception as exc:
            log.exception("search failed on %r", case.question)
            results.append(CaseResult(case, [], error=f"{type(exc).__name__}: {exc}"))
    return results


def _is(entry: tuple[str, str | None, float], case: Case, item: str | None) -> bool:
    return entry[1] == item and (case.meeting is None or entry[0] == case.meeting)


def summarize(results: list[CaseResult], threshold: float) -> Summary:
    """Top-1, MRR@5 and correct "not found" when answers below threshold are dropped."""
    summary = Summary(threshold)
    reciprocal = 0.0
    for result in results:
        case = result.case
        answers = [r for r in result.ranked if r[2] >= threshold]
        got = [r[1] for r in answers[:3]]
        if result.error is not None:
            summary.misses.append(f"fejl i søgningen: {case.question!r}: {result.error}")
            summary.errors += 1
            if case.item is None:
                summary.unanswerable += 1
            else:
                summary.answerable += 1
            continue
        if case.item is None:
            summary.unanswerable += 1
            if answers:
                summary.misses.append(f"skulle sige 'ikke fundet': {case.question!r} -> {got} "
                                      f"(bedste {answers[0][2]:.2f})")
            else:
                summary.not_found += 1
            continue
        summary.answerable += 1
        if answers and _is(answers[0], case, case.item):
            summary.top1 += 1
            summary.acceptable_top1 += 1
        else:
            if answers and any(_is(answers[0], case, a) for a in case.also):
                summary.acceptable_top1 += 1
            best = f"{answers[0][2]:.2f}" if answers else "ingen svar"
            summary.misses.append(f"forkert: {case.question!r} skulle give {case.item}, gav {got} ({best})")
        for rank, entry in enumerate(answers[:5], 1):
            if _is(entry, case, case.item):
                reciprocal += 1 / rank
                break
    summary.mrr5 = reciprocal / summary.answerable if summary.answerable else 0.0
    return summary


def calibration(results: list[CaseResult], thresholds: list[float]) -> list[Summary]:
    """The same run summarised at each threshold (for choosing ANSWER_THRESHOLD)."""
    return [summarize(results, t) for t in thresholds]


def score_margins(results: list[CaseResult]) -> tuple[list[float], list[float]]:
    """Best score of each answerable question whose top item is right, and of each
    unanswerable one: the threshold must lie between the two."""
    right, unanswerable = [], []
    for result in results:
        top = result.ranked[0] if result.ranked else None
        if result.case.item is None:
            unanswerable.append(top[2] if top else 0.0)
        elif top and _is(top, result.case, result.case.item):
            right.append(top[2])
    return sorted(right), sorted(unanswerable)
