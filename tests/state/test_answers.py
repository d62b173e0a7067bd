"""The answers shown: recorded with the question and the item, found by id, forgotten after 90 days."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.state.answers import KEEP_DAYS, Shown, forget_old_answers, get_answer, record_answer
from bot.state.db import Database

SHOWN = Shown("KKR Hovedstaden", "2022-11-25", "3.4", "DK2020-klimapartnerskabet efter 2023", "svar")


def test_an_answer_is_kept_and_found_by_id(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "kkrbot.sqlite3")
    when = datetime(2024, 5, 1, 14, 30, tzinfo=UTC)
    first = record_answer(db, "Hvad blev besluttet om DK2020?", SHOWN, when)
    second = record_answer(db, "Hvem blev udpeget?", Shown(), when)
    assert second == first + 1
    answer = get_answer(db, first)
    assert answer.question == "Hvad blev besluttet om DK2020?" and answer.shown == SHOWN
    assert answer.asked_at == "2024-05-01T14:30:00+00:00"
    assert get_answer(db, second).shown == Shown() and get_answer(db, 999) is None


def test_answers_older_than_ninety_days_are_forgotten(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "kkrbot.sqlite3")
    now = datetime(2024, 5, 1, tzinfo=UTC)
    old = record_answer(db, "gammelt", SHOWN, now - timedelta(days=KEEP_DAYS + 1))
    recent = record_answer(db, "nyt", SHOWN, now - timedelta(days=KEEP_DAYS - 1))
    assert forget_old_answers(db, when=now) == 1
    assert get_answer(db, old) is None and get_answer(db, recent).question == "nyt"
