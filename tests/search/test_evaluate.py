"""Scoring a question file (pure functions; the real run is in test_questions.py)."""
from __future__ import annotations

import pytest

from bot.search.evaluate import (
    Case,
    QuestionFileError,
    calibration,
    parse_cases,
    run_cases,
    score_margins,
    summarize,
)


def test_parse_cases_defaults_and_numbers():
    cases = parse_cases({"meeting": "2022-11-25", "cases": [
        {"q": "a", "item": 3.4}, {"q": "b", "item": None}, {"q": "c", "item": "3.9.", "also": ["1.1"],
                                                             "meeting": "2023-02-08"},
    ]})
    assert cases[0] == Case("a", "2022-11-25", "3.4")
    assert cases[1].item is None
    assert cases[2].item == "3.9" and cases[2].also == ["1.1"] and cases[2].meeting == "2023-02-08"


@pytest.mark.parametrize("data", [None, [], {"cases": "x"}, {"cases": [{"q": "a"}]}, {"cases": [{"item": "1"}]}])
def test_parse_cases_rejects_bad_files(data):
    with pytest.raises(QuestionFileError):
        parse_cases(data)


def test_summarize_top1_mrr_and_not_found_at_a_threshold():
    ranking = {
        "right": [("2022-11-25", "3.4", 0.9), ("2022-11-25", "3.3", 0.4)],
        "second": [("2022-11-25", "3.3", 0.8), ("2022-11-25", "3.4", 0.7)],
        "weak": [("2022-11-25", "3.4", 0.45)],
        "none": [("2022-11-25", "1.1", 0.3)],
        "also": [("2022-11-25", "6.1", 0.9), ("2022-11-25", "3.2", 0.8)],
    }
    cases = [Case("right", "2022-11-25", "3.4"), Case("second", "2022-11-25", "3.4"),
             Case("weak", "2022-11-25", "3.4"), Case("none", "2022-11-25", None),
             Case("also", "2022-11-25", "3.2", also=["6.1"])]
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


def test_a_question_the_search_fails_on_is_a_miss_and_the_others_are_scored():
    cases = [Case("god", "2022-11-25", "3.4"), Case("går galt", "2022-11-25", "3.1"), Case("intet", None, None),
             Case("også galt", None, None)]

    def rank(question):
        if "galt" in question:
            raise ValueError("max() arg is an empty sequence")
        return [("2022-11-25", "3.4", 0.9)] if question == "god" else []

    results = run_cases(cases, rank)
    assert [r.error for r in results] == [None, "ValueError: max() arg is an empty sequence", None,
                                          "ValueError: max() arg is an empty sequence"]
    summary = summarize(results, 0.5)
    assert (summary.top1, summary.answerable, summary.not_found, summary.unanswerable, summary.errors) == (1, 2, 1, 2, 2)
    assert summary.misses[0] == "fejl i søgningen: 'går galt': ValueError: max() arg is an empty sequence"
    assert summary.line().endswith("FEJL 2")
