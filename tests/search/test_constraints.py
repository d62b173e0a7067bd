"""What a question pins down (years, numbers, names, parties, municipalities) and which items
lack it (bot/search/constraints.py), on the real bundled meeting and the Greve fixtures."""
from __future__ import annotations

import pytest

from bot.search.constraints import ASKED, MUNICIPALITY, NAME, NUMBER, PARTY, YEAR, question_constraints, unmet


def found(question: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in question_constraints(question)]


@pytest.mark.parametrize("question, expected", [
    ("Hvor mange SOSU-lærepladser skal fordeles i 2027?", [(NAME, "SOSU-lærepladser"), (YEAR, "2027")]),
    ("Hvem stemte imod budget 2027-30?", [(YEAR, "2027-30")]),
    ("Hvad besluttede byrådet om de manglende 7,56 mio. til Mosede Fort-projektet?",
     [(NUMBER, "7,56"), (NAME, "Mosede Fort-projektet")]),
    ("Hvad sagde Sisse Marie Welling om psykiatrien?", [(NAME, "Sisse Marie Welling")]),
    ("Skal der bygges et IKEA ved Greve Centervej?", [(NAME, "IKEA"), (NAME, "Greve Centervej")]),
    ("Hvordan sorterer Hvidovre Kommune pizzabakker?", [(MUNICIPALITY, "Hvidovre Kommune")]),
    ("Hvorfor stemte Enhedslisten imod busbestillingen til Movia for 2026?",
     [(PARTY, "Enhedslisten"), (NAME, "Movia"), (YEAR, "2026")]),
    ("Hvorfor var SF imod at skraldet kun hentes hver 14. dag?", [(PARTY, "SF"), (NUMBER, "14")]),
    ("Hvorfor var de konservative imod?", [(PARTY, "de konservative")]),
    ("Har Greve indført firedages arbejdsuge?", [(MUNICIPALITY, "Greve")]),
    # Not constraints: a code with a year in it, the first word of a sentence, single digits.
    ("Hvad blev besluttet om DK2020?", [(NAME, "DK2020")]),
    ("Movia og busserne. Hvad sker der med linje 3?", [(NUMBER, "linje 3")]),
    ("Hvad viste budgetopfølgning 4 for 2024?", [(NUMBER, "budgetopfølgning 4"), (YEAR, "2024")]),
    ("Hvad besluttede byrådet ved 2. behandling af budget 2022-25?", [(NUMBER, "2. behandling"), (YEAR, "2022-25")]),
    ("Hvem stemte for akutpakken på 3 mio. kr.?", []),
    # What the question asks for, where an answer must hold one.
    ("Hvor mange penge har Københavns Kommune afsat?", [(ASKED, "beløb"), (MUNICIPALITY, "Københavns Kommune")]),
    ("Hvad skal den nye biograf i Greve Midtby koste?", [(ASKED, "beløb"), (NAME, "Greve Midtby")]),
    ("Hvor meget tilskud fik foreningen i 2024?", [(ASKED, "beløb"), (YEAR, "2024")]),
    ("Hvilke kommuner er med i projektet?", [(ASKED, "kommuner")]),
    ("Hvor meget stiger grundskylden?", []),                    # a rise, not a sum of money
    ("Hvor meget støtte er der til forslaget?", []),            # backing, not money
    ("Koster frokosten det samme for alle børn?", []),          # yes or no
    ("Hvor mange kommuner er med?", []),                       # a number, not their names
])
def test_constraints_of_questions(question, expected):
    assert found(question) == expected


def _doc(searcher, number: str) -> int:
    return next(d for d, (_, item) in enumerate(searcher.index.docs) if item.number == number)


def test_an_item_lacks_the_year_it_was_not_about(searcher):
    # 3.8 fordeler SOSU-lærepladser for 2023; nothing in the meeting is about 2027.
    constraints = question_constraints("Hvor mange SOSU-lærepladser skal fordeles i 2027?")
    assert [c.text for c in unmet(constraints, searcher.index, _doc(searcher, "3.8"))] == ["2027"]
    constraints = question_constraints("Hvor mange SOSU-lærepladser skal fordeles i 2023?")
    assert unmet(constraints, searcher.index, _doc(searcher, "3.8")) == []


def test_names_are_met_where_they_stand(searcher):
    constraints = question_constraints("Hvad sagde Sisse Marie Welling om psykiatrien?")
    assert unmet(constraints, searcher.index, _doc(searcher, "2.1")) == []  # she reported under Siden sidst
    assert [c.text for c in unmet(constraints, searcher.index, _doc(searcher, "3.4"))] == ["Sisse Marie Welling"]
    risskov = question_constraints("Hvad blev besluttet om klimaet i Risskov?")
    assert [c.text for c in unmet(risskov, searcher.index, _doc(searcher, "3.4"))] == ["Risskov"]


def test_a_range_and_a_numbered_name_as_the_text_writes_them(searcher):
    # 3.2: "Kommende erhvervsfremmestrategi 2024-2027"
    doc = _doc(searcher, "3.2")
    assert unmet(question_constraints("erhvervsfremmestrategien 2024-27"), searcher.index, doc) == []
    assert unmet(question_constraints("erhvervsfremmestrategien 2024-2027"), searcher.index, doc) == []
    assert len(unmet(question_constraints("erhvervsfremmestrategien 2028-2031"), searcher.index, doc)) == 1
    # 2027 and 30 both stand somewhere in the meeting: no range "2027-30" does.
    assert all(unmet(question_constraints("budget 2027-30"), searcher.index, d) for d in range(searcher.index.size))


def test_a_name_of_several_words_stands_together(searcher):
    # 3.6 names Region Hovedstaden and its Styregruppen, never "Styregruppen Hovedstaden".
    doc = _doc(searcher, "3.6")
    assert unmet(question_constraints("Hvad siger Region Hovedstaden?"), searcher.index, doc) == []
    assert len(unmet(question_constraints("Hvad siger Styregruppen Hovedstaden?"), searcher.index, doc)) == 1


def test_the_year_of_the_meeting_meets_a_year(searcher):
    # "Hvem blev udpeget i 2022?": 4.1's meeting is from 2022, whatever its text says.
    constraints = question_constraints("Hvem blev udpeget i 2022?")
    assert unmet(constraints, searcher.index, _doc(searcher, "4.1")) == []


def test_a_party_is_met_by_the_votes(fixture_searcher):
    index = fixture_searcher.index
    # Forhøjelse af råderetsbeløb (Byråd 2023-03-06, 24): imod (A), (C), (F), (Ø); for (V), (D).
    doc = next(d for d, (m, item) in enumerate(index.docs) if m.date == "2023-03-06" and item.number == "24")
    query = fixture_searcher.parse("Hvorfor stemte Enhedslisten imod råderetsbeløbet?")
    assert unmet(question_constraints(query.text), index, doc, query) == []
    query = fixture_searcher.parse("Hvorfor stemte Venstre imod råderetsbeløbet?")
    assert [c.kind for c in unmet(question_constraints(query.text), index, doc, query)] == [PARTY]
    query = fixture_searcher.parse("Hvad mente Venstre om råderetsbeløbet?")  # not about voting against
    assert unmet(question_constraints(query.text), index, doc, query) == []


def test_the_municipality_of_the_meeting(fixture_searcher):
    index = fixture_searcher.index
    greve = next(d for d, (m, _) in enumerate(index.docs) if m.municipality == "Greve Kommune")
    kkr = next(d for d, (m, _) in enumerate(index.docs) if m.body == "KKR Hovedstaden")
    constraints = question_constraints("Hvad har Greve Kommune besluttet?")
    assert unmet(constraints, index, greve) == [] and len(unmet(constraints, index, kkr)) == 1
    assert [c.text for c in unmet(question_constraints("Hvad har Køge Kommune besluttet?"), index, greve)] == [
        "Køge Kommune"]


def test_an_answer_must_hold_what_the_question_asks_for(searcher):
    index = searcher.index
    # 3.6: "Københavns Kommune har afsat midler til … analyse", no sum; 3.5: "201 mio. kr."; 2.1: "521 mio.kr."
    amount = question_constraints("Hvor mange penge har Københavns Kommune afsat til mobilitetsanalysen?")
    assert [c.text for c in unmet(amount, index, _doc(searcher, "3.6"))] == ["beløb"]
    assert unmet(question_constraints("Hvad koster varmeplanerne?"), index, _doc(searcher, "3.5")) == []
    assert unmet(question_constraints("Hvor mange penge mangler Movia?"), index, _doc(searcher, "2.1")) == []
    # 3.3: "I spidsen for hvert projekt er en tovholderkommune" names none; 4.1 names Hvidovre and Glostrup.
    places = question_constraints("Hvilke kommuner er tovholdere på projektet om plastaffald?")
    assert [c.text for c in unmet(places, index, _doc(searcher, "3.3"))] == ["kommuner"]
    assert unmet(question_constraints("Hvilke kommuner kommer repræsentanterne fra?"), index, _doc(searcher, "4.1")) == []
