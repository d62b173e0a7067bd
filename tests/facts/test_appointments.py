"""Appointments extracted at ingest: the real referat exactly, and the usual forms as variants.

Variants are the real item 4.1 (title, group, sections) with another decision text, or
real decisions of other items, so the surrounding text is what a referat really holds.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.facts.appointments import (
    body_from_title,
    extract_appointments,
    normalise_body,
    sentences,
)
from bot.model import Appointment, Item, Section

BUS = 'Region Hovedstadens opgaveudvalg "Rejsen med bus, tog og cykler i Region Hovedstaden"'
SSU = "Sundhedssamarbejdsudvalget (SSU)"

# Every appointment in the referat of 25 Nov 2022: (item, person, party, municipality, body, role, verb, status).
EXPECTED = [
    ("2.1", "Lars Gaardhøj", None, None, SSU, "formand", "valgt", "omtalt"),
    ("2.1", "Sisse Marie Welling", None, None, SSU, "næstformand", "valgt", "omtalt"),
    ("4.1", "Søren Friis Trebbien", "C", "Hvidovre Kommune", BUS, None, "indstillede", "besluttet"),
    ("4.1", "Kasper Damsgaard", "A", "Glostrup Kommune", BUS, None, "indstillede", "besluttet"),
    # Sagsfremstilling: "Regionsrådet har udpeget tre regionsrådsmedlemmer til udvalget: – …"
    ("4.1", "Marianne Frederik", "Ø", None, BUS, "formand", "udpeget", "omtalt"),
    ("4.1", "Sadek Al-Amood", "F", None, BUS, "næstformand", "udpeget", "omtalt"),
    ("4.1", "Bergur Løkke Rasmussen", "V", None, BUS, None, "udpeget", "omtalt"),
]


def rows(item: Item, appointments: list[Appointment]) -> list[tuple]:
    return [(item.number, a.person, a.party, a.municipality, a.body, a.role, a.verb, a.status) for a in appointments]


def item_(meeting, number: str) -> Item:
    return next(i for i in meeting.items if i.number == number)


def short(appointments: list[Appointment]) -> list[tuple]:
    return [(a.person, a.party, a.municipality, a.body, a.role, a.verb, a.status) for a in appointments]


def with_decision(meeting, decision: str, number: str = "4.1", **changes) -> list[Appointment]:
    """The real item `number` (title, group) with another decision text and, unless given, no sections."""
    changes.setdefault("sections", [])
    item = replace(item_(meeting, number), decision=decision, appointments=[], **changes)
    return extract_appointments(item, meeting)


# --- the real referat ------------------------------------------------------------

def test_every_appointment_in_the_real_referat_and_none_invented(meeting):
    got = [row for item in meeting.items for row in rows(item, item.appointments)]
    assert got == EXPECTED


def test_extraction_is_what_ingest_stored(meeting):
    for item in meeting.items:
        assert extract_appointments(item, meeting) == item.appointments


@pytest.mark.parametrize("number", ["3.1", "3.6", "3.7", "3.9"])
def test_people_who_present_or_remark_are_not_appointed(meeting, number):
    # 3.1 "Henrik Rasmussen bemærkede", 3.9 "Allan S. Andersen, medlem af …, præsenterede",
    # 3.6 "en styregruppe, hvor KKR-formanden er formand", 3.7 "de KKR-udpegede repræsentanter".
    assert extract_appointments(item_(meeting, number), meeting) == []


def test_new_chairman_mentioned_without_an_appointment_is_not_one(meeting):
    # 2.1: "Wonderful Copenhagen med den nye bestyrelsesformand Jens Kramer-Mikkelsen": a title, not an act.
    assert "Jens Kramer-Mikkelsen" not in {a.person for a in item_(meeting, "2.1").appointments}


def test_body_from_the_real_title_keeps_the_wording_with_plain_quotes(meeting):
    assert body_from_title(item_(meeting, "4.1").title) == BUS
    assert body_from_title("Siden sidst") is None


def test_sentences_keep_initials_and_bullet_lists_together():
    text = "Allan S. Andersen, medlem af KL’s udvalg, præsenterede jf. slides. KKR tog det til efterretning."
    assert sentences(text) == [
        "Allan S. Andersen, medlem af KL’s udvalg, præsenterede jf. slides.",
        "KKR tog det til efterretning.",
    ]
    listed = "Regionsrådet har udpeget to medlemmer:\n– Anna Hansen (V)\n– Bo Jensen (A)"
    assert sentences(listed) == [listed]


def test_normalise_body():
    assert normalise_body("Regions Hovedstadens opgaveudvalg, ”Rejsen”.") == 'Region Hovedstadens opgaveudvalg "Rejsen"'


# --- the usual forms ---------------------------------------------------------------

def test_several_people_with_municipalities_in_a_comma_list_to_a_named_body(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden udpegede Anna Hansen (V), Gentofte Kommune, Bo Jensen (A), Ballerup Kommune "
        "og Carl Nielsen (F), Høje-Taastrup Kommune til bestyrelsen for Movia.",
    )
    assert short(got) == [
        ("Anna Hansen", "V", "Gentofte Kommune", "bestyrelsen for Movia", None, "udpegede", "besluttet"),
        ("Bo Jensen", "A", "Ballerup Kommune", "bestyrelsen for Movia", None, "udpegede", "besluttet"),
        ("Carl Nielsen", "F", "Høje-Taastrup Kommune", "bestyrelsen for Movia", None, "udpegede", "besluttet"),
    ]


def test_formand_and_naestformand_with_titles_share_the_body_named_last(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden udpegede borgmester Anna Hansen (V), Gentofte Kommune som formand og rådmand "
        "Bo Jensen (A), Københavns Kommune som næstformand for Styregruppen for Letbanen.",
    )
    assert short(got) == [
        ("Anna Hansen", "V", "Gentofte Kommune", "Styregruppen for Letbanen", "formand", "udpegede", "besluttet"),
        ("Bo Jensen", "A", "Københavns Kommune", "Styregruppen for Letbanen", "næstformand", "udpegede", "besluttet"),
    ]


def test_kkr_udpegede_som_formand_without_a_party(meeting):
    got = with_decision(meeting, "KKR Hovedstaden udpegede Steen Christiansen, Albertslund Kommune, som formand.")
    assert short(got) == [("Steen Christiansen", None, "Albertslund Kommune", BUS, "formand", "udpegede", "besluttet")]


def test_person_without_party_or_municipality_in_an_appointment_item(meeting):
    got = with_decision(meeting, "KKR Hovedstaden indstillede Mette Holm.")
    assert short(got) == [("Mette Holm", None, None, BUS, None, "indstillede", "besluttet")]


def test_genudpegning_and_a_suppleant_in_one_sentence(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden genudpegede Anna Hansen (V), Gentofte Kommune og udpegede Bo Jensen (A), "
        "Lyngby-Taarbæk Kommune som suppleant.",
    )
    assert short(got) == [
        ("Anna Hansen", "V", "Gentofte Kommune", BUS, None, "genudpegede", "besluttet"),
        ("Bo Jensen", "A", "Lyngby-Taarbæk Kommune", BUS, "suppleant", "udpegede", "besluttet"),
    ]


def test_suppleanter_in_front_and_plural_roles(meeting):
    got = with_decision(
        meeting,
        "Som suppleanter udpegede KKR Hovedstaden Dorte Holm (O), Furesø Kommune og Erik Lund (B), Gladsaxe Kommune.",
    )
    assert [(a.person, a.role) for a in got] == [("Dorte Holm", "suppleant"), ("Erik Lund", "suppleant")]
    got = with_decision(
        meeting,
        "KKR Hovedstaden udpegede Anna Hansen (V), Gentofte Kommune og Bo Jensen (A), Ballerup Kommune som "
        "medlemmer og Carl Nielsen (F), Hvidovre Kommune som suppleant til Politisk Praktikpladsforum.",
    )
    assert [(a.person, a.role, a.body) for a in got] == [
        ("Anna Hansen", "medlem", "Politisk Praktikpladsforum"),
        ("Bo Jensen", "medlem", "Politisk Praktikpladsforum"),
        ("Carl Nielsen", "suppleant", "Politisk Praktikpladsforum"),
    ]


def test_personal_suppleant_for_someone_is_not_a_body(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden udpegede Anna Hansen (V), Gentofte Kommune som medlem og Bo Jensen (A), "
        "Ballerup Kommune som personlig suppleant for Anna Hansen.",
    )
    assert [(a.person, a.role, a.body) for a in got] == [
        ("Anna Hansen", "medlem", BUS),
        ("Bo Jensen", "suppleant", BUS),
    ]


def test_role_in_parentheses_and_role_labels(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden udpegede følgende: Formand: Anna Hansen (V), Gentofte Kommune Medlemmer: Bo Jensen (A), "
        "Ballerup Kommune og Carl Nielsen (F), Hvidovre Kommune Suppleanter: Dorte Holm (O), Furesø Kommune",
    )
    assert [(a.person, a.role) for a in got] == [
        ("Anna Hansen", "formand"), ("Bo Jensen", "medlem"), ("Carl Nielsen", "medlem"), ("Dorte Holm", "suppleant"),
    ]
    got = with_decision(meeting, "KKR Hovedstaden valgte:\n– Anna Hansen (V) (formand)\n– Bo Jensen (A) (næstformand)")
    assert [(a.person, a.role, a.verb) for a in got] == [
        ("Anna Hansen", "formand", "valgte"),
        ("Bo Jensen", "næstformand", "valgte"),
    ]


def test_besluttede_at_udpege_and_a_body_in_front(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden besluttede at udpege Steen Christiansen (A), Albertslund Kommune og Jesper Würtzen (V), "
        "Rudersdal Kommune til Copenhagen Capacitys bestyrelse.",
    )
    assert [(a.person, a.body, a.verb) for a in got] == [
        ("Steen Christiansen", "Copenhagen Capacitys bestyrelse", "udpegede"),
        ("Jesper Würtzen", "Copenhagen Capacitys bestyrelse", "udpegede"),
    ]
    got = with_decision(
        meeting,
        "Som medlem af bestyrelsen for Gate 21 udpegede KKR Hovedstaden borgmester Jørgen Johansen (V), Fredensborg Kommune.",
    )
    assert short(got) == [("Jørgen Johansen", "V", "Fredensborg Kommune", "bestyrelsen for Gate 21", "medlem",
                           "udpegede", "besluttet")]


def test_passive_genvalg(meeting):
    got = with_decision(
        meeting, "Anna Hansen (V), Gentofte Kommune blev genvalgt som formand for Erhvervshus Hovedstaden."
    )
    assert short(got) == [
        ("Anna Hansen", "V", "Gentofte Kommune", "Erhvervshus Hovedstaden", "formand", "genvalgt", "besluttet")
    ]


def test_genvalg_of_the_kkr_chair(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden genvalgte Anna Hansen (V) som formand og Bo Jensen (A) som næstformand for KKR Hovedstaden.",
        title="Konstituering", group="1. Konstituering",
    )
    assert short(got) == [
        ("Anna Hansen", "V", None, "KKR Hovedstaden", "formand", "genvalgte", "besluttet"),
        ("Bo Jensen", "A", None, "KKR Hovedstaden", "næstformand", "genvalgte", "besluttet"),
    ]


def test_the_titles_body_and_role_when_the_decision_names_neither(meeting):
    got = with_decision(meeting, "KKR Hovedstaden udpegede Jens Berg (C), Rudersdal Kommune.",
                        title="Udpegning af ny suppleant til Movias bestyrelse")
    assert short(got) == [
        ("Jens Berg", "C", "Rudersdal Kommune", "Movias bestyrelse", "suppleant", "udpegede", "besluttet")
    ]


def test_under_an_udpegninger_heading_a_plain_title_is_the_body(meeting):
    got = with_decision(
        meeting, "KKR Hovedstaden genudpegede Anna Hansen (V), Gentofte Kommune.", title="Bestyrelsen for Movia"
    )
    assert [(a.body, a.verb) for a in got] == [("Bestyrelsen for Movia", "genudpegede")]
    assert body_from_title("Udpegninger til diverse fora") is None


def test_approved_indstilling_names_the_appointee(meeting):
    indstilling = Section(
        "Indstilling", "Det indstilles, at KKR Hovedstaden udpeger Jens Berg (C), Rudersdal Kommune.", 28
    )
    item = item_(meeting, "4.1")
    sections = [indstilling] + [s for s in item.sections if s.heading != "Indstilling"]
    got = with_decision(meeting, "KKR Hovedstaden godkendte indstillingen.", sections=sections)
    assert [(a.person, a.verb, a.status) for a in got[:1]] == [("Jens Berg", "udpegede", "besluttet")]
    amended = with_decision(meeting, "KKR Hovedstaden godkendte indstillingen med den ændring, at sagen udsættes.",
                            sections=sections)
    assert "Jens Berg" not in {a.person for a in amended}


def test_a_later_orientering_does_not_make_a_decided_appointment_reported(meeting):
    got = with_decision(meeting, "KKR Hovedstaden udpegede Anna Hansen (V), Gentofte Kommune og tog i øvrigt "
                                 "orienteringen til efterretning.")
    assert [(a.person, a.status) for a in got] == [("Anna Hansen", "besluttet")]


def test_appointments_by_others_are_reported(meeting):
    got = with_decision(
        meeting,
        "KKR Hovedstaden tog orienteringen om, at Regionsrådet har udpeget Peter Madsen (A) som formand for "
        "Trafikudvalget, til efterretning.",
        number="3.5",
    )
    assert short(got) == [("Peter Madsen", "A", None, "Trafikudvalget", "formand", "udpeget", "omtalt")]
    got = with_decision(
        meeting,
        "Bestyrelsen for Copenhagen Capacity konstituerede sig med Anna Hansen (V) som formand.", number="3.5",
    )
    assert short(got) == [("Anna Hansen", "V", None, "Bestyrelsen for Copenhagen Capacity", "formand",
                           "konstituerede", "omtalt")]


@pytest.mark.parametrize("decision", [
    "KKR Hovedstaden vil på næste møde udpege Anna Hansen (V), Gentofte Kommune.",
    "KKR Hovedstaden udsatte udpegningen af Anna Hansen (V) til næste møde.",
    "Det blev aftalt, at formandskabet skal indstille Anna Hansen (V), Gentofte Kommune.",
    "KKR Hovedstaden valgte Region Hovedstaden som partner i projektet.",
    "KKR Hovedstaden drøftede, hvem der skal udpeges, og godkendte indstillingen med en justering.",
])
def test_no_appointment_without_a_fact(meeting, decision):
    assert with_decision(meeting, decision) == []


def test_bare_capitalised_words_outside_an_appointment_item_are_not_people(meeting):
    assert with_decision(meeting, "KKR Hovedstaden indstillede Novo Nordisk til prisen.", number="3.5") == []


def test_a_proposal_in_the_sagsfremstilling_is_not_reported_as_done(meeting):
    proposal = Section(
        "Sagsfremstilling", "Formandskabet foreslår, at KKR udpeger Anna Hansen (V), Gentofte Kommune.", 13
    )
    assert with_decision(meeting, "KKR Hovedstaden tog orienteringen til efterretning.", number="3.2",
                         sections=[proposal]) == []


# --- the page each appointment's sentence stands on ------------------------------------------

def test_each_real_appointment_has_the_page_of_its_sentence(meeting):
    pages = [(item.number, a.person, a.page) for item in meeting.items for a in item.appointments]
    assert pages == [
        ("2.1", "Lars Gaardhøj", 6), ("2.1", "Sisse Marie Welling", 6),  # Baggrund, page 6 of 6–8
        ("4.1", "Søren Friis Trebbien", 29), ("4.1", "Kasper Damsgaard", 29),  # the decision
        # Sagsfremstilling starts on page 28; "Regionsrådet har udpeget tre …" stands on 29.
        ("4.1", "Marianne Frederik", 29), ("4.1", "Sadek Al-Amood", 29), ("4.1", "Bergur Løkke Rasmussen", 29),
    ]


def test_decided_and_reported_appointments_on_different_pages(referat_text):
    from bot.knowledge.sources import ingest_bytes
    from tests.ingest.text_variants import decision_on_the_next_page

    moved = ingest_bytes(decision_on_the_next_page(referat_text).encode(), "kkr.txt")
    item = item_(moved, "4.1")
    assert item.decision_page == 30
    assert [(a.person, a.status, a.page) for a in item.appointments] == [
        ("Søren Friis Trebbien", "besluttet", 30), ("Kasper Damsgaard", "besluttet", 30),
        ("Marianne Frederik", "omtalt", 29), ("Sadek Al-Amood", "omtalt", 29),
        ("Bergur Løkke Rasmussen", "omtalt", 29),
    ]


def test_an_appointment_after_a_page_break_in_the_decision(meeting):
    real = item_(meeting, "4.1").decision
    decision = "Sagen blev drøftet.\n\n" + real
    got = with_decision(meeting, decision, decision_page=29, decision_page_breaks=[decision.index("KKR")])
    assert [(a.person, a.page) for a in got] == [("Søren Friis Trebbien", 30), ("Kasper Damsgaard", 30)]


def test_an_approved_indstilling_gives_the_page_of_its_sentence(meeting):
    indstilling = Section("Indstilling", "Det indstilles, at KKR Hovedstaden\n– udpeger Anne Holm (A), Egeby "
                          "Kommune, til opgaveudvalget.", 28, page_breaks=[36])
    got = with_decision(meeting, "KKR Hovedstaden godkendte indstillingen.", sections=[indstilling],
                        decision_page=29)
    assert [(a.person, a.status, a.page) for a in got] == [("Anne Holm", "besluttet", 28)]
