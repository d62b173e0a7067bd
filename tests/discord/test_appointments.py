"""The /udpegning stand-in lookup on the real referat."""
from __future__ import annotations

import copy

import pytest

from bot.discord.appointments import appointment_names, find_appointments, is_appointment_item
from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment, Meeting
from bot.search import Searcher


@pytest.fixture
def kb(meeting: Meeting) -> KnowledgeBase:
    return KnowledgeBase([copy.deepcopy(meeting)])


def numbers(found) -> list[str | None]:
    return [item.number for _, item in found]


def test_only_the_udpegninger_item_counts(kb: KnowledgeBase) -> None:
    assert [i.number for _, i in kb.items() if is_appointment_item(i)] == ["4.1"]


@pytest.mark.parametrize("query", ["Hvidovre", "Kasper Damsgaard", "Trebien", "opgaveudvalg", "Udpegning"])
def test_person_municipality_and_body_find_the_item(kb: KnowledgeBase, query: str) -> None:
    assert numbers(find_appointments(kb, Searcher(kb), query)) == ["4.1"]


@pytest.mark.parametrize("query", ["xyzzy kvantecomputer", "", "   ", "Q"])
def test_unrelated_queries_find_nothing(kb: KnowledgeBase, query: str) -> None:
    assert find_appointments(kb, Searcher(kb), query) == []


def test_structured_appointments_are_matched_and_named(kb: KnowledgeBase) -> None:
    (meeting,) = kb.meetings
    siden_sidst = next(i for i in meeting.items if i.number == "2.1")
    siden_sidst.appointments = [Appointment("Lars Gaardhøj", body="Sundhedssamarbejdsudvalget (SSU)",
                                            role="formand", status="omtalt")]
    assert numbers(find_appointments(kb, Searcher(kb), "Gaardhøj")) == ["2.1"]
    assert numbers(find_appointments(kb, Searcher(kb), "SSU")) == ["2.1"]
    assert appointment_names(kb) == ["Lars Gaardhøj", "Sundhedssamarbejdsudvalget (SSU)"]
