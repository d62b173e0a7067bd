"""Looking up appointments in the bundled knowledge base (built from the real referat)."""
from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from bot.facts import enrich_meeting
from bot.knowledge.store import KnowledgeBase, load_knowledge
from bot.search.appointments import (
    complete_names,
    find_appointments,
    hit_fields,
    known_names,
)
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL

BUS_PEOPLE = [
    "Søren Friis Trebbien",
    "Kasper Damsgaard",
    "Marianne Frederik",
    "Sadek Al-Amood",
    "Bergur Løkke Rasmussen",
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    base, errors = load_knowledge(BUNDLED_KNOWLEDGE)
    assert not errors
    return base


def people(hits) -> list[str]:
    return [h.appointment.person for h in hits]


def test_empty_query_lists_every_appointment(kb):
    appointments = [a for _, item in kb.items() for a in item.appointments]
    decided_first = [a.person for a in appointments if a.status == "besluttet"] + [
        a.person for a in appointments if a.status != "besluttet"
    ]
    assert people(find_appointments(kb, None)) == decided_first
    assert people(find_appointments(kb, "  ")) == decided_first
    assert len(decided_first) == 7


@pytest.mark.parametrize("query, person", [
    ("Kasper Damsgaard", "Kasper Damsgaard"),
    ("Kasper Damsgård", "Kasper Damsgaard"),
    ("kasper damsgard", "Kasper Damsgaard"),
    ("Trebien", "Søren Friis Trebbien"),
    ("Soren Friis Trebbien", "Søren Friis Trebbien"),
    ("Lars Gardhoj", "Lars Gaardhøj"),
    ("Hvad er Kasper Damsgaard udpeget til?", "Kasper Damsgaard"),
])
def test_by_person_with_typos_and_missing_letters(kb, query, person):
    assert people(find_appointments(kb, query)) == [person]


def test_hit_carries_meeting_item_and_source_link(kb):
    (hit,) = find_appointments(kb, "Kasper Damsgård")
    assert hit.meeting.date == "2022-11-25" and hit.item.number == "4.1"
    assert hit.url == KL_URL and hit.page == 29  # KL's listing page has no pages to open
    data = hit.to_dict()
    assert data["item_number"] == "4.1" and data["party"] == "A" and data["url"] == hit.url


@pytest.mark.parametrize("query", [
    "opgaveudvalget", "bus", "Rejsen med bus, tog og cykler",
    "Hvem blev udpeget til opgaveudvalget Rejsen med bus, tog og cykler?",
    "busser", "Hvem blev udpeget til opgaveudvalget om busser og tog?",  # inflected: same stem
])
def test_by_body(kb, query):
    assert people(find_appointments(kb, query)) == BUS_PEOPLE


@pytest.mark.parametrize("query", ["SSU", "Sundhedssamarbejdsudvalget", "sundhedssamarbejdsudvalg"])
def test_by_body_ssu(kb, query):
    assert people(find_appointments(kb, query)) == ["Lars Gaardhøj", "Sisse Marie Welling"]


@pytest.mark.parametrize("query, person", [
    ("Hvidovre", "Søren Friis Trebbien"),
    ("Glostrup Kommune", "Kasper Damsgaard"),
    ("Hvem repræsenterer Hvidovre?", "Søren Friis Trebbien"),
])
def test_by_municipality(kb, query, person):
    assert people(find_appointments(kb, query)) == [person]


@pytest.mark.parametrize("query, person", [
    ("C", "Søren Friis Trebbien"), ("(A)", "Kasper Damsgaard"), ("Konservative", "Søren Friis Trebbien"),
    ("Ø", "Marianne Frederik"), ("SF", "Sadek Al-Amood"),
])
def test_by_party(kb, query, person):
    assert people(find_appointments(kb, query)) == [person]


@pytest.mark.parametrize("query", [
    "Mette Frederiksen", "Frederiksen", "Henrik Rasmussen", "Jensen", "Anders", "Morten Winge",
    "Allan S. Andersen", "Jens Kramer-Mikkelsen", "Movia", "Gentofte", "B", "Lars Løkke",
])
def test_unrelated_names_find_nothing(kb, query):
    # People in the referat who were not appointed, and names that are only close to appointees.
    assert find_appointments(kb, query) == []


@pytest.mark.parametrize("query, persons", [
    ("formand", ["Lars Gaardhøj", "Marianne Frederik"]),
    ("næstformand SSU", ["Sisse Marie Welling"]),
    ("hvem er formand for opgaveudvalget", ["Marianne Frederik"]),
])
def test_by_role(kb, query, persons):
    assert sorted(people(find_appointments(kb, query))) == persons


def test_newest_meeting_first(kb, meeting):
    later = copy.deepcopy(meeting)
    later.date = "2023-02-08"
    for i, item in enumerate(later.items):
        if item.number == "4.1":
            later.items[i] = replace(
                item, decision="KKR Hovedstaden genudpegede Kasper Damsgaard (A), Glostrup Kommune."
            )
    enrich_meeting(later)
    both = KnowledgeBase([copy.deepcopy(meeting), later])
    hits = find_appointments(both, "Kasper Damsgaard")
    assert [(h.meeting.date, h.appointment.verb) for h in hits] == [
        ("2023-02-08", "genudpegede"),
        ("2022-11-25", "indstillede"),
    ]


def test_names_for_autocomplete(kb):
    names = known_names(kb)
    assert "Kasper Damsgaard" in names and "Sundhedssamarbejdsudvalget (SSU)" in names
    assert complete_names(kb, "kas") == ["Kasper Damsgaard"]
    assert complete_names(kb, "sundhed") == ["Sundhedssamarbejdsudvalget (SSU)"]
    assert complete_names(kb, "hvid") == ["Hvidovre Kommune"]  # /hjælp's own example, as typed
    assert complete_names(kb, "") == names[:25]


def test_fields_in_danish(kb):
    (hit,) = find_appointments(kb, "Trebbien")
    fields = dict(hit_fields(hit))
    assert fields["Person"] == "Søren Friis Trebbien (C), Hvidovre Kommune"
    assert fields["Rolle"] == "ikke angivet"
    assert fields["Status"] == "indstillet af KKR Hovedstaden (besluttet på mødet)"
    (reported,) = find_appointments(kb, "Lars Gaardhøj")
    assert dict(hit_fields(reported))["Status"] == "valgt (omtalt i referatet, ikke besluttet på mødet)"
    assert fields["Møde"] == "KKR Hovedstaden 25. november 2022"
    assert fields["Punkt"].startswith("4.1 Udpegning af repræsentanter")


def test_hit_links_the_page_its_sentence_stands_on(decision_on_page_30):
    kb = KnowledgeBase([decision_on_page_30])
    (reported,) = find_appointments(kb, "Marianne Frederik")  # Sagsfremstilling, page 29
    (decided,) = find_appointments(kb, "Kasper Damsgaard")  # the decision, page 30
    assert (reported.item.decision_page, reported.page, reported.url) == (30, 29, KL_URL)
    assert (decided.page, decided.url) == (30, KL_URL)
    assert reported.to_dict()["page"] == 29 and dict(hit_fields(reported))["Kilde"] == KL_URL


def test_appointment_from_an_older_file_without_a_page_links_the_decision(kb):
    meeting = copy.deepcopy(kb.meetings[0])
    item = next(i for i in meeting.items if i.number == "4.1")
    item.appointments = [replace(a, page=None) for a in item.appointments]
    (hit,) = find_appointments(KnowledgeBase([meeting]), "Marianne Frederik")
    assert hit.page == item.decision_page == 29
