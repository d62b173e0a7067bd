"""Dates and months named in minutes, resolved against the meeting date."""
from __future__ import annotations

from bot.facts.when import DateRef, date_refs


def test_full_dates_in_every_form():
    assert [r.iso for r in date_refs("den 8. februar 2023, 08-02-2023, 2023-02-08 og 8.2.2023")] == [
        "2023-02-08"
    ] * 4


def test_missing_year_is_the_next_such_month_after_the_meeting():
    assert date_refs("på KKR-mødet i februar", "2022-11-25") == [DateRef(2023, 2, None)]
    assert date_refs("den 14. december", "2022-11-25") == [DateRef(2022, 12, 14)]
    assert date_refs("i februar") == []  # no year and no meeting date: unknown


def test_after():
    assert DateRef(2023, 2).after("2022-11-25")
    assert DateRef(2022, 11).after("2022-11-25")  # some day of November may be later
    assert not DateRef(2022, 9, 9).after("2022-11-25")
