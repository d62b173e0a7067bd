"""Which questions ask about the next meeting (the answer itself: test_search.py)."""
from __future__ import annotations

import pytest

from bot.search.upcoming import announced, asks_next_meeting


@pytest.mark.parametrize("question", [
    "Hvornår er næste møde?", "næste møde dato", "Hvad skal der ske på det kommende møde?",
    "hvornår er det næste kkr møde", "Næste KKR-møde?", "naeste mode", "Hvornår mødes de igen?",
    "Hvornår mødes KKR Hovedstaden næste gang?", "Hvornår er der møde næste gang?",
])
def test_asks_about_the_next_meeting(question):
    assert asks_next_meeting(question)


@pytest.mark.parametrize("question", [
    "Hvad blev besluttet om DK2020?", "Hvad skete der på seneste møde?", "næste år", "de kommende år",
    "Hvornår mødes styregruppen?", "mødet den 25. november 2022",
])
def test_does_not_ask_about_the_next_meeting(question):
    assert not asks_next_meeting(question)


def test_what_the_referat_announces(meeting):
    found = announced(meeting)
    assert found.next.date == "2023-02-08" and found.next.number == "6.1"
    assert found.url == meeting.page_url(31)
