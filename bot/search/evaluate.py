"""Scoring search against question files, over one meeting or many.

Two formats, per case:

- old (questions-dev.yaml): `{q, item, also?, meeting?}` with an optional top-level
  `meeting` (YYYY-MM-DD); `item` is the answering item's number, `null` when the knowledge
  base has no answer; `also` lists other acceptable item numbers of the same meeting;
- new (questions-greve.yaml): `{q, kind, answer, also?}` where `answer` is
  `{body, date, item, time?}` or `null`, and `also` a list of such answers. `body` is the
  body's name as the source writes it (FirstAgenda `Udvalg.Navn`, "Byråd 2022-2025"),
  matched against `Meeting.body_source or Meeting.body`; `time` ("HH:MM") only where a
  body met twice that day.

A search result is scored as the user gets it (`Outcome`: the answer tier, the answers
and the "mente du" suggestions) and, for calibration, as the full ranking without the
answer threshold. Today's search has two outcomes, an answer (tier "svar") or none
("ikke fundet"); a search that gives `Answer.tier` (e.g. "nærmeste") gets a column per
tier without changes here.

Everything here is pure: the search is passed in, so tests and the CLI share it, and
`summarize` can re-apply any threshold to one ranking (calibration).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.search import Answer, Hit

log = logging.getLogger(__name__)

SVAR = "svar"
NOT_FOUND = "ikke fundet"
# Tiers in the order the report shows them; tiers a search gives that are not here follow.
TIERS = (SVAR, "nærmeste")
# Kinds in the order of issue 13; other kinds follow alphabetically, cases without one last.
KINDS = ("paraphrase", "typo", "short", "vote", "absence", "dated", "committee", "byraad", "unanswerable")
NO_KIND = "uden art"
UNANSWERABLE_BODY = "uden svar"  # the body row of questions the minutes have no answer to
NO_BODY = "uden organ"  # old-format cases name no body
TIME_RE = re.compile(r"^\d{2}:\d{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QuestionFileError(ValueError):
    """A question file that doesn't have the expected shape (message in Danish)."""


@dataclass(frozen=True)
class Target:
    """An item that answers a question: its number, and where known the body (source name), date and time."""

    item: str
    date: str | None = None
    body: str | None = None
    time: str | None = None

    def label(self) -> str:
        """'Byråd 2022-2025 2022-01-31 punkt 12' (what is known of it)."""
        where = " ".join(x for x in (self.body, self.date, self.time) if x)
        return f"{where} punkt {self.item}" if where else f"punkt {self.item}"


@dataclass
class Case:
    """One question, the item that answers it (None: no answer exists), other acceptable items, its kind."""

    question: str
    answer: Target | None
    also: list[Target] = field(default_factory=list)
    kind: str | None = None

    @property
    def item(self) -> str | None:
        """The answering item's number (None: unanswerable)."""
        return self.answer.item if self.answer else None

    @property
    def meeting(self) -> str | None:
        """The answering meeting's date, when known."""
        return self.answer.date if self.answer else None


@dataclass(frozen=True)
class Found:
    """One item a search returned, with what identifies its meeting."""

    item: str | None
    score: float
    date: str | None = None
    body: str | None = None  # as kkrbot names it ("Greve Byråd")
    body_source: str | None = None  # as the source names it ("Byråd 2022-2025"), when different
    time: str | None = None
    municipality: str | None = None

    def label(self) -> str:
        """'Greve Byråd 2022-01-31 punkt 12'."""
        where = " ".join(x for x in (self.body, self.date, self.time) if x)
        return f"{where} punkt {self.item}" if where else f"punkt {self.item}"


# A ranking, best first: Found, or (meeting date, item number, score) as older callers give it.
Ranked = Sequence[Found | tuple[str, str | None, float]]


@dataclass
class Outcome:
    """What the user gets for a question: the tier (None: "ikke fundet"), the answers and the suggestions."""

    tier: str | None
    answers: list[Found] = field(default_factory=list)
    suggestions: list[Found] = field(default_factory=list)


@dataclass
class CaseResult:
    """A case with what search gave it: the outcome as the user gets it and/or the full ranking."""

    case: Case
    ranked: list[Found] = field(default_factory=list)
    outcome: Outcome | None = None
    error: str | None = None  # the search failed on this question (it counts as a miss)


# --- reading question files ---------------------------------------------------

def _number(value: Any) -> str | None:
    return None if value is None else str(value).strip().rstrip(".")


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _target(raw: Any, where: str) -> Target:
    """A new-format answer `{body, date, item, time?}`."""
    if not isinstance(raw, dict):
        raise QuestionFileError(f"{where}: skal være {{body, date, item}} eller null")
    missing = [k for k in ("body", "date", "item") if raw.get(k) in (None, "")]
    if missing:
        raise QuestionFileError(f"{where}: mangler {', '.join(missing)}")
    date, time = str(raw["date"]).strip(), _text(raw.get("time"))
    if not DATE_RE.match(date):
        raise QuestionFileError(f"{where}: date skal være ÅÅÅÅ-MM-DD, fik {raw['date']!r}")
    if time is not None and not TIME_RE.match(time):
        raise QuestionFileError(f"{where}: time skal være TT:MM, fik {raw['time']!r}")
    return Target(item=_number(raw["item"]) or "", date=date, body=str(raw["body"]).strip(), time=time)


def _new_case(raw: dict[str, Any], n: int) -> Case:
    answer = None if raw["answer"] is None else _target(raw["answer"], f"case {n}: answer")
    also = raw.get("also") or []
    if not isinstance(also, list):
        raise QuestionFileError(f"case {n}: also skal være en liste af {{body, date, item}}")
    return Case(raw["q"], answer, [_target(a, f"case {n}: also[{j}]") for j, a in enumerate(also)],
                kind=_text(raw.get("kind")))


def _old_case(raw: dict[str, Any], n: int, default_meeting: str | None) -> Case:
    meeting = _number(raw.get("meeting")) or default_meeting
    item = _number(raw["item"])
    also = raw.get("also") or []
    numbers = [_number(a) or "" for a in (also if isinstance(also, list) else [also])]
    return Case(raw["q"], None if item is None else Target(item, meeting),
                [Target(a, meeting) for a in numbers], kind=_text(raw.get("kind")))


def parse_cases(data: Any) -> list[Case]:
    """Cases from a parsed question file of either format; QuestionFileError names what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise QuestionFileError("filen skal have en liste 'cases' med {q, answer} eller {q, item}")
    default_meeting = _number(data.get("meeting"))
    cases = []
    for n, raw in enumerate(data["cases"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
            raise QuestionFileError(f"case {n}: skal have 'q' (tekst) og 'answer' ({{body, date, item}} eller null)")
        if "answer" in raw:
            cases.append(_new_case(raw, n))
        elif "item" in raw:
            cases.append(_old_case(raw, n, default_meeting))
        else:
            raise QuestionFileError(f"case {n}: skal have 'answer' ({{body, date, item}} eller null) eller 'item'")
    return cases


# --- running a search ---------------------------------------------------------

def found_of(hit: Hit) -> Found:
    """A search hit as a Found (the meeting's identity and the item's number)."""
    m = hit.meeting
    return Found(hit.item.number, hit.score, m.date, m.body, m.body_source, m.time, m.municipality)


def outcome_of(answer: Answer) -> Outcome:
    """What a search Answer gives the user: its tier (`Answer.tier` where the search sets one; else
    "svar" when it has hits), its hits and its suggestions."""
    tier = getattr(answer, "tier", None)
    if tier is None and answer.hits:
        tier = getattr(answer.hits[0], "tier", None) or SVAR
    if tier == NOT_FOUND:
        tier = None
    return Outcome(tier, [found_of(h) for h in answer.hits], [found_of(h) for h in answer.suggestions])


def _as_found(entry: Found | tuple[str, str | None, float]) -> Found:
    if isinstance(entry, Found):
        return entry
    date, item, score = entry
    return Found(item, score, date)


def run_cases(cases: list[Case], rank: Callable[[str], Ranked]) -> list[CaseResult]:
    """Rank every case's question with the given search function (a ranking without the answer threshold);
    a question it fails on is kept with its error, and the others are still ranked."""
    return run_outcomes(cases, None, rank)


def run_outcomes(cases: list[Case], ask: Callable[[str], Outcome] | None,
                 rank: Callable[[str], Ranked] | None = None) -> list[CaseResult]:
    """Every case's outcome as the user gets it (with `ask`) and its full ranking for calibration (with `rank`);
    a question the search fails on is kept with its error, and the others are still asked."""
    results = []
    for case in cases:
        try:
            ranked = [_as_found(e) for e in rank(case.question)] if rank else []
            results.append(CaseResult(case, ranked, ask(case.question) if ask else None))
        except Exception as exc:  # one failing question must not hide the scores of the others
            log.exception("search failed on %r", case.question)
            failed = Outcome(None) if ask else None
            results.append(CaseResult(case, [], failed, error=f"{type(exc).__name__}: {exc}"))
    return results


def is_target(found: Found, target: Target) -> bool:
    """Whether a found item is the target: same number and, where the target gives them, body, date and time."""
    if found.item != target.item:
        return False
    if target.date is not None and found.date is not None and found.date != target.date:
        return False
    if target.time is not None and found.time is not None and found.time != target.time:
        return False
    if target.body is not None and found.body is not None:
        return (found.body_source or found.body).casefold() == target.body.casefold()
    return True


# --- threshold summaries (calibration) ---------------------------------------

@dataclass
class Summary:
    """Scores of one ranking at one answer threshold."""

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
        """The one-line summary at this threshold."""
        return (f"top-1 {self.top1}/{self.answerable} ({self.top1_rate:.0%})  "
                f"MRR@5 {self.mrr5:.3f}  "
                f"korrekt 'ikke fundet' {self.not_found}/{self.unanswerable}  "
                f"(tærskel {self.threshold:.2f})" + (f"  FEJL {self.errors}" if self.errors else ""))


def summarize(results: list[CaseResult], threshold: float) -> Summary:
    """Top-1, MRR@5 and correct "not found" of the rankings when answers below threshold are dropped."""
    summary = Summary(threshold)
    reciprocal = 0.0
    for result in results:
        case = result.case
        answers = [r for r in result.ranked if r.score >= threshold]
        got = [r.item for r in answers[:3]]
        if result.error is not None:
            summary.misses.append(f"fejl i søgningen: {case.question!r}: {result.error}")
            summary.errors += 1
            if case.answer is None:
                summary.unanswerable += 1
            else:
                summary.answerable += 1
            continue
        if case.answer is None:
            summary.unanswerable += 1
            if answers:
                summary.misses.append(f"skulle sige 'ikke fundet': {case.question!r} -> {got} "
                                      f"(bedste {answers[0].score:.2f})")
            else:
                summary.not_found += 1
            continue
        summary.answerable += 1
        if answers and is_target(answers[0], case.answer):
            summary.top1 += 1
            summary.acceptable_top1 += 1
        else:
            if answers and any(is_target(answers[0], a) for a in case.also):
                summary.acceptable_top1 += 1
            best = f"{answers[0].score:.2f}" if answers else "ingen svar"
            summary.misses.append(f"forkert: {case.question!r} skulle give {case.answer.item}, gav {got} ({best})")
        reciprocal += _reciprocal(answers, case)
    summary.mrr5 = reciprocal / summary.answerable if summary.answerable else 0.0
    return summary


def _reciprocal(answers: Sequence[Found], case: Case) -> float:
    for rank, found in enumerate(answers[:5], 1):
        if case.answer is not None and is_target(found, case.answer):
            return 1 / rank
    return 0.0


def calibration(results: list[CaseResult], thresholds: list[float]) -> list[Summary]:
    """The same rankings summarised at each threshold (for choosing ANSWER_THRESHOLD)."""
    return [summarize(results, t) for t in thresholds]


def score_margins(results: list[CaseResult]) -> tuple[list[float], list[float]]:
    """Best score of each answerable question whose top item is right, and of each
    unanswerable one: the threshold must lie between the two."""
    right, unanswerable = [], []
    for result in results:
        top = result.ranked[0] if result.ranked else None
        if result.case.answer is None:
            unanswerable.append(top.score if top else 0.0)
        elif top and is_target(top, result.case.answer):
            right.append(top.score)
    return sorted(right), sorted(unanswerable)


# --- outcome report (per kind, per tier) --------------------------------------

@dataclass
class TierCount:
    """Questions a tier was given for: answerable with the right item first, answerable with another, unanswerable."""

    right: int = 0
    wrong: int = 0
    unanswerable: int = 0

    @property
    def given(self) -> int:
        """Questions answered in this tier."""
        return self.right + self.wrong + self.unanswerable


@dataclass
class Scores:
    """The outcome scores of a group of questions (all, or one kind)."""

    name: str
    answerable: int = 0
    top1: int = 0  # the first answer is the item
    acceptable_top1: int = 0  # ... or one of its `also`
    reciprocal: float = 0.0  # sum of 1/rank of the item among the first 5 answers
    abstained: int = 0  # answerable but not answered
    suggested: int = 0  # ... and the first suggestion ("mente du") is the item
    unanswerable: int = 0
    not_found: int = 0  # unanswerable and no answer at all
    not_svar: int = 0  # unanswerable and not given as "svar"
    errors: int = 0  # the search failed on the question (a miss, in no tier)
    tiers: dict[str, TierCount] = field(default_factory=dict)

    @property
    def questions(self) -> int:
        """Questions in the group."""
        return self.answerable + self.unanswerable

    @property
    def mrr5(self) -> float:
        """Mean reciprocal rank of the item among the first 5 answers (0 when not among them)."""
        return self.reciprocal / self.answerable if self.answerable else 0.0

    def add(self, result: CaseResult) -> None:
        """Count one case's outcome."""
        case, outcome = result.case, result.outcome
        if outcome is None:
            raise ValueError("a case without an outcome (use run_outcomes, or outcomes_at for a ranking)")
        if result.error is not None:
            self.errors += 1
            if case.answer is None:
                self.unanswerable += 1
            else:
                self.answerable += 1
            return
        tier = outcome.tier or NOT_FOUND
        count = self.tiers.setdefault(tier, TierCount())
        first = outcome.answers[0] if outcome.tier and outcome.answers else None
        if case.answer is None:
            self.unanswerable += 1
            self.not_found += outcome.tier is None
            self.not_svar += outcome.tier != SVAR
            count.unanswerable += 1
            return
        self.answerable += 1
        right = first is not None and is_target(first, case.answer)
        self.top1 += right
        self.acceptable_top1 += right or (first is not None and any(is_target(first, a) for a in case.also))
        if outcome.tier:
            self.reciprocal += _reciprocal(outcome.answers, case)
            if right:
                count.right += 1
            else:
                count.wrong += 1
            return
        self.abstained += 1
        count.wrong += 1  # "ikke fundet" to an answerable question
        if outcome.suggestions and is_target(outcome.suggestions[0], case.answer):
            self.suggested += 1

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready values."""
        return {
            "questions": self.questions, "answerable": self.answerable, "top1": self.top1,
            "top1_also": self.acceptable_top1, "mrr5": round(self.mrr5, 4), "abstained": self.abstained,
            "suggested_first": self.suggested,
            "unanswerable": self.unanswerable, "not_found": self.not_found, "not_svar": self.not_svar,
            "errors": self.errors,
            "tiers": {t: {"given": c.given, "right": c.right, "wrong": c.wrong, "unanswerable": c.unanswerable}
                      for t, c in self.tiers.items()},
        }


@dataclass
class Report:
    """Outcome scores overall and per kind, and the tiers seen."""

    overall: Scores
    kinds: dict[str, Scores]
    tiers: list[str]
    misses: list[str] = field(default_factory=list)
    bodies: dict[str, Scores] = field(default_factory=dict)  # by the answering body, as the file names it

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values (no questions: see `misses` for those)."""
        return {"overall": self.overall.as_dict(), "kinds": {k: s.as_dict() for k, s in self.kinds.items()},
                "bodies": {b: s.as_dict() for b, s in self.bodies.items()}, "tiers": self.tiers}


def outcomes_at(results: list[CaseResult], threshold: float) -> list[CaseResult]:
    """Results whose outcome is their ranking cut at a threshold (today's two outcomes): for a search
    that only gives a ranking."""
    out = []
    for r in results:
        answers = [f for f in r.ranked if f.score >= threshold][:5]
        out.append(CaseResult(r.case, r.ranked, Outcome(SVAR if answers else None, answers), r.error))
    return out


def _kind_order(kind: str) -> tuple[int, str]:
    if kind == NO_KIND:
        return (2, kind)
    return (0, f"{KINDS.index(kind):02d}") if kind in KINDS else (1, kind)


def _tier_order(tiers: Iterable[str]) -> list[str]:
    seen = set(tiers) | {SVAR}
    return [t for t in TIERS if t in seen] + sorted(seen - set(TIERS) - {NOT_FOUND})


def report(results: list[CaseResult]) -> Report:
    """Scores overall and per kind from the cases' outcomes, with the misses (Danish, naming the question)."""
    overall = Scores("i alt")
    kinds: dict[str, Scores] = {}
    bodies: dict[str, Scores] = {}
    misses = []
    for result in results:
        kind = result.case.kind or NO_KIND
        overall.add(result)
        kinds.setdefault(kind, Scores(kind)).add(result)
        body = _body_of(result.case)
        bodies.setdefault(body, Scores(body)).add(result)
        miss = _miss(result)
        if miss:
            misses.append(miss)
    ordered = {k: kinds[k] for k in sorted(kinds, key=_kind_order)}
    by_body = {b: bodies[b] for b in sorted(bodies, key=lambda b: (b in (UNANSWERABLE_BODY, NO_BODY), b))}
    return Report(overall, ordered, _tier_order(overall.tiers), misses, by_body)


def _body_of(case: Case) -> str:
    if case.answer is None:
        return UNANSWERABLE_BODY
    return case.answer.body or NO_BODY


def _miss(result: CaseResult) -> str | None:
    """A Danish line for a case the search got wrong, or None."""
    case, outcome = result.case, result.outcome
    assert outcome is not None
    if result.error is not None:
        return f"{f'[{case.kind}] ' if case.kind else ''}fejl i søgningen: {case.question!r}: {result.error}"
    first = outcome.answers[0] if outcome.tier and outcome.answers else None
    kind = f"[{case.kind}] " if case.kind else ""
    if case.answer is None:
        if first is None:
            return None
        return (f"{kind}skulle sige 'ikke fundet': {case.question!r} -> {outcome.tier}: "
                f"{first.label()} ({first.score:.2f})")
    if first is not None and is_target(first, case.answer):
        return None
    if first is None:
        hint = f"; mente du: {outcome.suggestions[0].label()}" if outcome.suggestions else ""
        return f"{kind}intet svar: {case.question!r} skulle give {case.answer.label()}{hint}"
    also = " (en af 'also')" if any(is_target(first, a) for a in case.also) else ""
    return (f"{kind}forkert: {case.question!r} skulle give {case.answer.label()}, gav {outcome.tier}: "
            f"{first.label()} ({first.score:.2f}){also}")


def _fraction(n: int, total: int) -> str:
    return f"{n}/{total} ({n / total:.0%})" if total else "–"


LEGEND = ("top-1+also: det første svar er punktet eller et af dets 'also'; mente du@1: af de ubesvarede "
          "spørgsmål med et svar, hvor første 'mente du' er punktet; ikke fundet rigtigt: spørgsmål uden svar i "
          "referaterne, som fik 'ikke fundet'; pr. niveau: antal (rigtigt punkt/andet punkt/spørgsmål uden svar)")


def table(rep: Report, by_body: bool = False) -> list[str]:
    """The report as aligned text lines: a row per kind (or per answering body) and one for all, a column per tier."""
    head = ["organ" if by_body else "art", "spørgsmål", "top-1", "top-1+also", "MRR@5", "mente du@1",
            "ikke fundet rigtigt"]
    non_svar_tiers = [t for t in rep.tiers if t != SVAR]
    if non_svar_tiers:
        head.append("ikke 'svar' rigtigt")
    head += [f"{t} (r/a/u)" for t in rep.tiers] + [NOT_FOUND]
    if rep.overall.errors:
        head.append("fejl")
    rows = [head]
    for scores in [*(rep.bodies if by_body else rep.kinds).values(), rep.overall]:
        row = [scores.name, str(scores.questions), _fraction(scores.top1, scores.answerable),
               _fraction(scores.acceptable_top1, scores.answerable),
               f"{scores.mrr5:.3f}" if scores.answerable else "–",
               _fraction(scores.suggested, scores.abstained),
               _fraction(scores.not_found, scores.unanswerable)]
        if non_svar_tiers:
            row.append(_fraction(scores.not_svar, scores.unanswerable))
        for tier in rep.tiers:
            c = scores.tiers.get(tier, TierCount())
            row.append(f"{c.given} ({c.right}/{c.wrong}/{c.unanswerable})")
        row.append(str(scores.tiers.get(NOT_FOUND, TierCount()).given))
        if rep.overall.errors:
            row.append(str(scores.errors))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                      for i, (cell, w) in enumerate(zip(r, widths, strict=True))).rstrip() for r in rows]
