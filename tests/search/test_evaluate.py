"""Scoring question files (pure functions; real runs are in test_questions.py and test_questions_meetings.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from bot.model import Item, Meeting
from bot.search import Answer, Hit
from bot.search.evaluate import (
    NOT_FOUND,
    SVAR,
    Case,
    Found,
    Outcome,
    QuestionFileError,
    Target,
    calibration,
    found_of,
    is_target,
    outcome_of,
    outcomes_at,
    parse_cases,
    report,
    run_cases,
    run_outcomes,
    score_margins,
    summarize,
    table,
)

KKR = "2022-11-25"


def test_old_format_defaults_and_numbers():
    cases = parse_cases({"meeting": KKR, "cases": [
        {"q": "a", "item": 3.4}, {"q": "b", "item": None}, {"q": "c", "item": "3.9.", "also": ["1.1"],
                                                             "meeting": "2023-02-08"},
    ]})
    assert cases[0] == Case("a", Target("3.4", KKR))
    assert cases[0].item == "3.4" and cases[0].meeting == KKR and cases[0].kind is None
    assert cases[1].answer is None and cases[1].item is None
    assert cases[2].answer == Target("3.9", "2023-02-08") and cases[2].also == [Target("1.1", "2023-02-08")]


def test_new_format_answer_also_kind_and_time():
    cases = parse_cases({"cases": [
        {"q": "a", "kind": "paraphrase", "answer": {"body": "Byråd 2022-2025", "date": "2022-01-31", "item": 12},
         "also": [{"body": "Økonomiudvalget", "date": "2022-01-24", "item": "9"}], "note": "ignored"},
        {"q": "b", "kind": "unanswerable", "answer": None},
        {"q": "c", "kind": "byraad", "answer": {"body": "Byråd 2022-2025", "date": "2025-09-08", "item": "1",
                                                "time": "17:15"}},
    ]})
    assert cases[0] == Case("a", Target("12", "2022-01-31", "Byråd 2022-2025"),
                            [Target("9", "2022-01-24", "Økonomiudvalget")], "paraphrase")
    assert cases[1].answer is None and cases[1].kind == "unanswerable"
    assert cases[2].answer == Target("1", "2025-09-08", "Byråd 2022-2025", "17:15")


@pytest.mark.parametrize("data, words", [
    (None, "cases"), ([], "cases"), ({"cases": "x"}, "cases"),
    ({"cases": [{"q": "a"}]}, "case 1"), ({"cases": [{"item": "1"}]}, "case 1"),
    ({"cases": [{"q": "a", "answer": {"body": "B", "item": "1"}}]}, "case 1: answer: mangler date"),
    ({"cases": [{"q": "a", "answer": "3.4"}]}, "case 1: answer: skal være"),
    ({"cases": [{"q": "a", "answer": {"body": "B", "date": "31-01-2022", "item": "1"}}]}, "ÅÅÅÅ-MM-DD"),
    ({"cases": [{"q": "a", "answer": {"body": "B", "date": "2022-01-31", "item": "1", "time": "5"}}]}, "TT:MM"),
    ({"cases": [{"q": "a", "answer": None, "also": [{"body": "B"}]}]}, "case 1: also[0]: mangler date, item"),
    ({"cases": [{"q": "a", "answer": None, "also": "x"}]}, "also skal være en liste"),
])
def test_bad_question_files_are_named(data, words):
    with pytest.raises(QuestionFileError, match=re.escape(words)):
        parse_cases(data)


def test_a_target_matches_by_source_body_date_and_time():
    greve = Found("12", 0.9, "2022-01-31", "Greve Byråd", "Byråd 2022-2025", "19:00", "Greve Kommune")
    assert is_target(greve, Target("12", "2022-01-31", "Byråd 2022-2025"))
    assert is_target(greve, Target("12", "2022-01-31", "byråd 2022-2025", "19:00"))
    assert not is_target(greve, Target("12", "2022-01-31", "Greve Byråd"))  # the source's name is what counts
    assert not is_target(greve, Target("12", "2022-01-31", "Byråd 2022-2025", "17:15"))
    assert not is_target(greve, Target("12", "2022-02-28", "Byråd 2022-2025"))
    assert not is_target(greve, Target("13", "2022-01-31", "Byråd 2022-2025"))
    kkr = Found("3.4", 0.9, KKR, "KKR Hovedstaden")  # no body_source: the body is the source's name
    assert is_target(kkr, Target("3.4", KKR, "KKR Hovedstaden")) and is_target(kkr, Target("3.4", KKR))
    assert is_target(Found("3.4", 0.9, KKR), Target("3.4", KKR, "KKR Hovedstaden"))  # old rankings give no body


def test_summarize_top1_mrr_and_not_found_at_a_threshold():
    ranking = {
        "right": [(KKR, "3.4", 0.9), (KKR, "3.3", 0.4)],
        "second": [(KKR, "3.3", 0.8), (KKR, "3.4", 0.7)],
        "weak": [(KKR, "3.4", 0.45)],
        "none": [(KKR, "1.1", 0.3)],
        "also": [(KKR, "6.1", 0.9), (KKR, "3.2", 0.8)],
    }
    cases = [Case("right", Target("3.4", KKR)), Case("second", Target("3.4", KKR)),
             Case("weak", Target("3.4", KKR)), Case("none", None),
             Case("also", Target("3.2", KKR), also=[Target("6.1", KKR)])]
    results = run_cases(cases, lambda q: ranking[q])
    s = summarize(results, 0.5)
    assert (s.answerable, s.top1, s.acceptable_top1, s.unanswerable, s.not_found) == (4, 1, 2, 1, 1)
    assert s.mrr5 == pytest.approx((1 + 0.5 + 0 + 0.5) / 4)
    assert len(s.misses) == 3 and "top-1 1/4" in s.line()
    low = summarize(results, 0.2)
    assert low.top1 == 2 and low.not_found == 0
    assert [x.threshold for x in calibration(results, [0.2, 0.5])] == [0.2, 0.5]
    right, unanswerable = score_margins(results)
    assert right == [0.45, 0.9] and unanswerable == [0.3]
    # the same rankings as outcomes: what the user gets at the threshold
    rep = report(outcomes_at(results, 0.5))
    assert (rep.overall.top1, rep.overall.acceptable_top1, rep.overall.not_found) == (1, 2, 1)
    assert rep.overall.mrr5 == pytest.approx(s.mrr5)


def _found(item: str, date: str = "2022-01-31", body: str = "Byråd 2022-2025", score: float = 0.8) -> Found:
    return Found(item, score, date, "Greve Byråd", body)


def test_report_per_kind_and_tier():
    target = Target("12", "2022-01-31", "Byråd 2022-2025")
    earlier = Target("9", "2022-01-24", "Økonomiudvalget")
    cases = [
        Case("right", target, kind="paraphrase"),
        Case("earlier stage", target, [earlier], kind="paraphrase"),
        Case("abstained, suggested", target, kind="committee"),
        Case("abstained", target, kind="committee"),
        Case("no answer exists", None, kind="unanswerable"),
        Case("answered anyway", None, kind="unanswerable"),
        Case("old file", Target("3.4", KKR)),
    ]
    outcomes = {
        "right": Outcome(SVAR, [_found("12"), _found("9", "2022-01-24", "Økonomiudvalget")]),
        "earlier stage": Outcome(SVAR, [_found("9", "2022-01-24", "Økonomiudvalget"), _found("12")]),
        "abstained, suggested": Outcome(None, [], [_found("12")]),
        "abstained": Outcome(None, [], [_found("7")]),
        "no answer exists": Outcome(None, []),
        "answered anyway": Outcome(SVAR, [_found("5")]),
        "old file": Outcome(SVAR, [Found("3.4", 0.9, KKR, "KKR Hovedstaden")]),
    }
    rep = report(run_outcomes(cases, outcomes.__getitem__))
    assert list(rep.kinds) == ["paraphrase", "committee", "unanswerable", "uden art"]
    para, committee, unanswerable = rep.kinds["paraphrase"], rep.kinds["committee"], rep.kinds["unanswerable"]
    assert (para.top1, para.acceptable_top1, para.mrr5) == (1, 2, 0.75)
    assert (committee.abstained, committee.suggested, committee.top1) == (2, 1, 0)
    assert (unanswerable.not_found, unanswerable.not_svar, unanswerable.unanswerable) == (1, 1, 2)
    o = rep.overall
    assert (o.questions, o.answerable, o.top1, o.acceptable_top1) == (7, 5, 2, 3)
    assert rep.tiers == [SVAR]
    assert (o.tiers[SVAR].right, o.tiers[SVAR].wrong, o.tiers[SVAR].unanswerable) == (2, 1, 1)
    assert o.tiers[NOT_FOUND].given == 3
    assert len(rep.misses) == 4
    assert any(m.startswith("[committee] intet svar: 'abstained, suggested'") and "mente du: Greve Byråd" in m
               for m in rep.misses)
    assert any("(en af 'also')" in m for m in rep.misses)
    assert any(m.startswith("[unanswerable] skulle sige 'ikke fundet': 'answered anyway' -> svar") for m in rep.misses)
    lines = table(rep)
    assert lines[0].split()[:2] == ["art", "spørgsmål"] and "svar (r/a/u)" in lines[0]
    assert lines[-1].startswith("i alt") and "2/5 (40%)" in lines[-1] and "1/2 (50%)" in lines[-1]
    assert rep.as_dict()["overall"]["tiers"][SVAR] == {"given": 4, "right": 2, "wrong": 1, "unanswerable": 1}
    # Per answering body too (a held-out file's weak spot, without showing its questions).
    assert list(rep.bodies) == ["Byråd 2022-2025", "uden organ", "uden svar"]
    assert (rep.bodies["Byråd 2022-2025"].answerable, rep.bodies["Byråd 2022-2025"].top1) == (4, 1)
    assert rep.bodies["uden svar"].unanswerable == 2 and rep.bodies["uden organ"].top1 == 1
    by_body = table(rep, by_body=True)
    assert by_body[0].split()[:2] == ["organ", "spørgsmål"] and by_body[1].startswith("Byråd 2022-2025")
    assert rep.as_dict()["bodies"]["uden svar"]["not_found"] == 1


def test_a_tier_the_search_adds_gets_its_own_column():
    """A later search gives "nærmeste" for unsure answers: it needs no change in the report."""
    target = Target("12", "2022-01-31", "Byråd 2022-2025")
    cases = [Case("sure", target, kind="paraphrase"), Case("unsure", target, kind="paraphrase"),
             Case("unsure, none exists", None, kind="unanswerable")]
    outcomes = {"sure": Outcome(SVAR, [_found("12")]), "unsure": Outcome("nærmeste", [_found("12")]),
                "unsure, none exists": Outcome("nærmeste", [_found("4")])}
    rep = report(run_outcomes(cases, outcomes.__getitem__))
    assert rep.tiers == [SVAR, "nærmeste"]
    assert rep.overall.top1 == 2 and rep.overall.not_svar == 1 and rep.overall.not_found == 0
    assert rep.overall.tiers["nærmeste"].right == 1 and rep.overall.tiers["nærmeste"].unanswerable == 1
    head = table(rep)[0]
    assert "ikke 'svar' rigtigt" in head and "nærmeste (r/a/u)" in head


# --- from search Answers ------------------------------------------------------

def _hit(number: str = "12") -> Hit:
    meeting = Meeting("Greve Byråd", "2022-01-31", municipality="Greve Kommune", body_source="Byråd 2022-2025",
                      time="19:00", items=[Item(number, "Hjælpemiddeldepot", 1)])
    return Hit(meeting, meeting.items[0], 0.7)


def test_found_of_a_hit_carries_the_meetings_identity():
    assert found_of(_hit()) == Found("12", 0.7, "2022-01-31", "Greve Byråd", "Byråd 2022-2025", "19:00",
                                     "Greve Kommune")


def test_outcome_of_todays_answer():
    assert outcome_of(Answer("q", hits=[_hit()])).tier == SVAR
    nothing = outcome_of(Answer("q", suggestions=[_hit("7")]))
    assert nothing.tier is None and nothing.answers == [] and nothing.suggestions[0].item == "7"


@dataclass
class TieredAnswer(Answer):
    """An Answer as a later search may give it, with a tier."""

    tier: str | None = None
    missing: list[str] = field(default_factory=list)


def test_outcome_of_an_answer_with_a_tier():
    assert outcome_of(TieredAnswer("q", hits=[_hit()], tier="nærmeste")).tier == "nærmeste"
    assert outcome_of(TieredAnswer("q", tier=NOT_FOUND)).tier is None


def test_a_question_the_search_fails_on_is_a_miss_and_the_others_are_scored():
    cases = [Case("god", Target("3.4", KKR)), Case("går galt", Target("3.1", KKR)), Case("intet", None),
             Case("også galt", None, kind="unanswerable")]

    def rank(question):
        if "galt" in question:
            raise ValueError("max() arg is an empty sequence")
        return [(KKR, "3.4", 0.9)] if question == "god" else []

    results = run_cases(cases, rank)
    assert [r.error for r in results] == [None, "ValueError: max() arg is an empty sequence", None,
                                          "ValueError: max() arg is an empty sequence"]
    summary = summarize(results, 0.5)
    assert (summary.top1, summary.answerable, summary.not_found, summary.unanswerable, summary.errors) == (1, 2, 1, 2, 2)
    assert summary.misses[0] == "fejl i søgningen: 'går galt': ValueError: max() arg is an empty sequence"
    assert summary.line().endswith("FEJL 2")

    def ask(question):
        ranked = rank(question)
        return Outcome(SVAR, [Found(i, s, d) for d, i, s in ranked]) if ranked else Outcome(None)

    rep = report(run_outcomes(cases, ask))
    assert (rep.overall.top1, rep.overall.answerable, rep.overall.not_found, rep.overall.errors) == (1, 2, 1, 2)
    assert rep.kinds["unanswerable"].errors == 1
    assert "[unanswerable] fejl i søgningen: 'også galt': ValueError: max() arg is an empty sequence" in rep.misses
    assert table(rep)[0].endswith("fejl") and table(rep)[-1].endswith("2")
