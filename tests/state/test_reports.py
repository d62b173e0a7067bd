"""Reports of wrong answers: stored with question, answer shown and member, listed, marked handled."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.state.answers import Shown
from bot.state.db import Database
from bot.state.reports import add_report, count_open, list_reports, mark_handled, report_to_dict

SHOWN = Shown("KKR Hovedstaden", "2022-11-25", "3.4", "DK2020-klimapartnerskabet efter 2023", None)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "kkrbot.sqlite3")
    yield database
    database.close()


def test_a_report_keeps_the_question_the_answer_shown_and_the_member(db: Database) -> None:
    when = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    number = add_report(db, 1234567890123456789, "Det var punkt 3.6, ikke 3.4", "Hvad med motorvejene?", SHOWN, when)
    (report,) = list_reports(db)
    assert report.id == number and report.open
    assert report.user_id == 1234567890123456789 and report.text == "Det var punkt 3.6, ikke 3.4"
    assert report.question == "Hvad med motorvejene?" and report.shown == SHOWN
    assert report_to_dict(report)["shown"]["item"] == "3.4" and report_to_dict(report)["open"]


def test_reports_are_listed_newest_first_and_marked_handled_once(db: Database) -> None:
    numbers = [add_report(db, n, f"fejl {n}", None, Shown()) for n in range(1, 5)]
    assert [r.id for r in list_reports(db)] == numbers[::-1]
    assert [r.id for r in list_reports(db, limit=2)] == numbers[:1:-1]
    assert mark_handled(db, [numbers[0], numbers[2], 999], "admin 42") == [numbers[0], numbers[2]]
    assert mark_handled(db, [numbers[0]], "en anden") == []  # already handled: left as it was
    assert [r.id for r in list_reports(db)] == [numbers[3], numbers[1]] and count_open(db) == 2
    everything = list_reports(db, include_handled=True)
    assert len(everything) == 4
    handled = next(r for r in everything if r.id == numbers[0])
    assert not handled.open and handled.handled_by == "admin 42" and handled.handled_at
