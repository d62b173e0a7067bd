"""The question files, scored on the bundled knowledge base: the acceptance test of search.

questions-dev.yaml is the shared development set; questions-extra.yaml holds questions
written the way members ask, including unanswerable ones that share words with the
minutes (what the "not found" threshold is calibrated on).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.store import Loader
from bot.search.evaluate import parse_cases, run_cases, score_margins, summarize
from bot.search.rank import ANSWER_THRESHOLD

HERE = Path(__file__).parent


def _run(searcher, name):
    cases = parse_cases(yaml.load((HERE / name).read_text(encoding="utf-8"), Loader=Loader))

    def rank(question):
        return [(h.meeting.date, h.item.number, h.score) for h in searcher.ask(question, threshold=0.0).hits]

    return run_cases(cases, rank)


@pytest.fixture(scope="module")
def dev(searcher):
    return _run(searcher, "questions-dev.yaml")


@pytest.fixture(scope="module")
def extra(searcher):
    return _run(searcher, "questions-extra.yaml")


def test_dev_set(dev):
    s = summarize(dev, ANSWER_THRESHOLD)
    assert s.answerable >= 20 and s.unanswerable >= 2
    assert s.top1_rate >= 0.9, s.misses
    assert s.not_found == s.unanswerable, s.misses  # every "not found" case


def test_extra_set(extra):
    s = summarize(extra, ANSWER_THRESHOLD)
    assert s.answerable >= 25 and s.unanswerable >= 8
    assert s.top1_rate >= 0.9, s.misses
    assert s.mrr5 >= 0.9, s.misses
    assert s.not_found_rate >= 0.9, s.misses


def test_threshold_separates_answers_from_non_answers(dev, extra):
    right, unanswerable = score_margins(dev + extra)
    # The calibrated threshold lies between the weakest right answer and the strongest
    # non-answer, with room on both sides.
    assert unanswerable[-1] + 0.05 <= ANSWER_THRESHOLD <= right[0] - 0.03
