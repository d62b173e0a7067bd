"""How questions name bodies: Greve's committees by their everyday names, the council, a KKR by
its acronym, and another municipality's council (bot/search/bodies.py)."""
from __future__ import annotations

import pytest

from bot.search.bodies import BodyNames, committee_parts, is_council, other_council

# Greve Kommune's bodies as ingest names them (FirstAgenda Udvalg.Navn), and the bundled KKR.
GREVE = [
    "Greve Byråd", "Økonomiudvalget", "Klima-, Teknik- og Miljøudvalget", "Kultur- og Fritidsudvalget",
    "Skole-, Børne- og Ungeudvalget", "Plan- og Tryghedsudvalget", "Beskæftigelses- og Erhvervsudvalget",
    "Sundheds- og Omsorgsudvalget", "Social- og Handicapudvalget", "Spørgsmål / Svar til Byrådet",
    "KKR Hovedstaden",
]


@pytest.fixture(scope="module")
def names() -> BodyNames:
    return BodyNames(GREVE)


def named(names: BodyNames, question: str) -> list[tuple[str, list[str]]]:
    return [(m.text, sorted(m.bodies)) for m in names.find_all(question)]


def test_a_committee_name_has_its_parts():
    assert committee_parts("Skole-, Børne- og Ungeudvalget") == ("skol", "born", "unge")
    assert committee_parts("Klima-, Teknik- og Miljøudvalget") == ("klima", "teknik", "miljo")
    assert committee_parts("Økonomiudvalget") == ("okonomi",)
    assert committee_parts("Greve Byråd") == () and committee_parts("KKR Hovedstaden") == ()


@pytest.mark.parametrize("question, text, body", [
    ("Hvad besluttede skoleudvalget om AULA?", "skoleudvalget", "Skole-, Børne- og Ungeudvalget"),
    ("i børne- og ungeudvalget", "børne- og ungeudvalget", "Skole-, Børne- og Ungeudvalget"),
    ("Hvad besluttede teknikudvalget i maj 2023", "teknikudvalget", "Klima-, Teknik- og Miljøudvalget"),
    ("Hvad mente kulturudvalget om pengene", "kulturudvalget", "Kultur- og Fritidsudvalget"),
    ("Hvad anbefalede kultur og fritidsudvalget", "kultur og fritidsudvalget", "Kultur- og Fritidsudvalget"),
    ("Hvorfor ville plan og tryghedsudvalget vide", "plan og tryghedsudvalget", "Plan- og Tryghedsudvalget"),
    ("Hvad ville plan og tryghed gøre med byggehøjden", "plan og tryghed", "Plan- og Tryghedsudvalget"),
    ("formand for social og handicap udvalget", "social og handicap udvalget", "Social- og Handicapudvalget"),
    ("Hvem valgte socialudvalget som næstformand", "socialudvalget", "Social- og Handicapudvalget"),
    ("Ville beskæftigelsesudvalget sende det videre", "beskæftigelsesudvalget", "Beskæftigelses- og Erhvervsudvalget"),
    # "ældre" names no part of the name: an everyday word for omsorg (PART_ALIASES)
    ("Hvornår holdt ældreudvalget dialogmøde", "ældreudvalget", "Sundheds- og Omsorgsudvalget"),
    ("Hvad sagde ØU til opgørelsen", "ØU", "Økonomiudvalget"),
    ("forslaget om turbokyllinger i økonomiudvalget?", "økonomiudvalget", "Økonomiudvalget"),
    ("Hvad besluttede byrådet i januar", "byrådet", "Greve Byråd"),
    ("på det ekstra byrådsmøde 16. november 2023", "byrådsmøde", "Greve Byråd"),
    ("Greve Byråds beslutning", "Greve Byråds", "Greve Byråd"),
    ("Skal KKR tale om sundhed?", "KKR", "KKR Hovedstaden"),
    ("Hvad sagde Skole-, Børne- og Ungeudvalget?", "Skole-, Børne- og Ungeudvalget", "Skole-, Børne- og Ungeudvalget"),
])
def test_everyday_names(names, question, text, body):
    assert named(names, question) == [(text, [body])]


@pytest.mark.parametrize("question", [
    "Hvad blev der orienteret om fra sundhedssamarbejdsudvalget?",  # a compound, not the health committee
    "Hvad sagde udvalget?", "Hvordan skal kommunalbestyrelsesmedlemmerne høre om KKR?"[:-8],
    "Hvad sagde K29 om støjen?",
])
def test_no_body_named(names, question):
    assert names.find_all(question) == []


def test_the_lead_word_goes_with_the_name(names):
    mention = names.find("Hvem stemte imod i skoleudvalget?")
    assert mention is not None and "Hvem stemte imod i skoleudvalget?"[mention.start:mention.end] == "i skoleudvalget"
    mention = names.find("Hvad blev vedtaget på KKR-mødet?")  # the meeting word stays for scope.py
    assert mention is not None and "Hvad blev vedtaget på KKR-mødet?"[mention.end:] == "mødet?"


def test_councils():
    assert is_council("Greve Byråd") and is_council("Byrådet") and is_council("Kommunalbestyrelsen")
    assert not is_council("Spørgsmål / Svar til Byrådet") and not is_council("Økonomiudvalget")
    assert BodyNames(["Greve Byråd", "Roskilde Byråd"]).find("byrådet").bodies == {"Greve Byråd", "Roskilde Byråd"}


def test_another_municipalitys_council():
    assert other_council("Hvad besluttede Roskilde Byråd om Spejdernes Lejr 2026?", {"greve"})[2] == "Roskilde Byråd"
    assert other_council("Hvad mener Høje-Taastrup Kommunalbestyrelse?", {"greve"})[2] == (
        "Høje-Taastrup Kommunalbestyrelse")
    assert other_council("Hvad besluttede Greve Byråd?", {"greve"}) is None
    assert other_council("Hvad besluttede Hovedstaden Byråd?", {"greve"}) is None  # no municipality
