"""Attendance and vote lines: the forms found in 5,553 real Greve items (docs/ingest.md, FirstAgenda)."""
from __future__ import annotations

import pytest

from bot.ingest.attendance import has_remark, parse_attendance, parse_vote, separate, vote_label, voters_opening


@pytest.mark.parametrize("line, absent", [
    ("Afbud: Brigitte Klintskov Jerkel", ["Brigitte Klintskov Jerkel"]),
    ("Afbud fra Tina Rottbøll (A)", ["Tina Rottbøll (A)"]),
    ("Fraværende: Bjarke Abel, Linda Heegaard", ["Bjarke Abel", "Linda Heegaard"]),
    ("Ikke til stede: Anne Marie Lyduch", ["Anne Marie Lyduch"]),
    ("Afbud: Dorthe Bøgh Madsen, Torben Hoffmann (Stedfortræder: Conni Bergendorff)",
     ["Dorthe Bøgh Madsen", "Torben Hoffmann"]),
    ("Afbud: Kenneth Jerkel Fraværende: Torben Hoffmann", ["Kenneth Jerkel", "Torben Hoffmann"]),
    ("Afbud: Per Lund Sørensen og Conni Bergendorff", ["Per Lund Sørensen", "Conni Bergendorff"]),
    ("Dorthe Bøgh Madsen deltog som stedfortræder.", []),
    ("Charlotte Levin (A) deltog ikke i behandlingen af punktet.", ["Charlotte Levin (A)"]),
])
def test_attendance_lines(line, absent):
    found = parse_attendance(line)
    assert found is not None and found.absent == absent and found.text == line


@pytest.mark.parametrize("line", [
    "Godkendt.",
    "Fravær blandt medarbejderne er steget.",  # a sentence about absence, not an attendance line
    "Udvalget ønsker en status på afbud fra leverandøren.",
    "Charlotte Levin (A) forlod herefter lokalet.",
    "Byrådet erklærede Charlotte Levin (A) for inhabil i punktets behandling.",
])
def test_not_attendance(line):
    assert parse_attendance(line) is None


@pytest.mark.parametrize("line, position, parties", [
    ("Imod stemte: Ø", "imod", ["Ø"]),
    ("Imod stemte Ø.", "imod", ["Ø"]),
    ("Imod stemte (Ø).", "imod", ["Ø"]),
    ("For stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).", "for",
     ["V", "A", "C", "Liselott Blixt (UP-1)", "Hans-Jørgen Kirstein (UP-2)", "F"]),
    ("For stemte: (V), (D), Liselott Blixt (UP), og (C).", "for", ["V", "D", "Liselott Blixt (UP)", "C"]),
    ("For stemte (V), (A), (D), (Ø) og Liselott Blixt.", "for", ["V", "A", "D", "Ø", "Liselott Blixt"]),
    ("Undlod at stemme: F", "undlod", ["F"]),
    ("Undlader: F", "undlod", ["F"]),
    ("(D) undlod at stemme.", "undlod", ["D"]),
    ("(F) undlod at tage stilling.", "undlod", ["F"]),
    ("(A) og (Ø) undlader.", "undlod", ["A", "Ø"]),
    ("F undlod at stemme.", "undlod", ["F"]),
    ("Mehmet Zeki Dogru (Ø) Stemte imod.", "imod", ["Mehmet Zeki Dogru (Ø)"]),
    ("Bjarke Abel (A), stemte imod punkt 2.", "imod", ["Bjarke Abel (A)"]),
    ("(A), (Ø) og (F) stemte imod med bemærkning om, at opgaven ønskes løst kommunalt.", "imod", ["A", "Ø", "F"]),
    ("(F) stemte i mod med bemærkningen om: Vi ønsker at passe på vores grønne kiler.", "imod", ["F"]),
    ("V, D og Liselott Blixt (UP) stemmer imod", "imod", ["V", "D", "Liselott Blixt (UP)"]),
    ("2. a. Ø stemte imod.", "imod", ["Ø"]),
    ("1.-2. V og A undlader.", "undlod", ["V", "A"]),
    ("Ad 2, imod stemte: F", "imod", ["F"]),
    ("Imod stemte UP, da UP er imod, at der arbejdes videre.", "imod", ["UP"]),
    ("Imod stemte Ø. For så vidt angår indstillingspunkt 3 og 9 ”med begrundelse i …”", "imod", ["Ø"]),
])
def test_vote_lines(line, position, parties):
    vote = parse_vote(line)
    assert vote is not None and (vote.position, vote.parties, vote.text) == (position, parties, line)


@pytest.mark.parametrize("line", [
    "Udvalget undlod at tage stilling.",  # the body's own decision
    "Økonomiudvalget undlod at tage stilling til indstillingspunkt 2.",
    "Undlader.",  # no one named
    "Imod stemte: ingen",
    "Med stemmerne 19 for og 2 imod godkendte Byrådet Økonomiudvalgets indstilling.",
    "Godkendt.",
])
def test_not_votes(line):
    assert parse_vote(line) is None


def test_remarks_belong_to_the_decision():
    assert has_remark("Imod stemte (Ø) med bemærkning om, at vi ønsker en anden løsning.")
    assert has_remark("Mehmet Zeki Dogru (Ø) stemmer imod, da Enhedslisten ønsker mere.")
    assert not has_remark("Imod stemte: Ø") and not has_remark("(F) undlod at stemme.")


def test_a_lone_label_and_its_voters():
    assert vote_label("Imod stemte:") == "imod" and vote_label("For stemte") == "for"
    assert vote_label("Imod stemte: Ø") is None
    assert voters_opening("(F) med bemærkning om, ”at SF stemmer imod”") == ["F"]
    assert voters_opening("A, med bemærkning om at A ønsker at hæve skatten med 0,4%.") == ["A"]
    assert voters_opening("Anne Marie Lyduch (V)") == ["Anne Marie Lyduch (V)"]
    assert voters_opening("Økonomiudvalget erklærede, at …") == []


def test_separate_keeps_the_decision_and_takes_out_attendance_and_closing_tallies():
    result = separate([["Dorthe Bøgh Madsen deltog som stedfortræder."], ["Godkendt."], ["Imod stemte: Ø"],
                       ["Afbud: Kenneth Jerkel"]])
    assert result.kept == [[], ["Godkendt."], [], []]
    assert [(v.position, v.parties) for v in result.votes] == [("imod", ["Ø"])]
    assert result.absent == ["Kenneth Jerkel"]


def test_separate_keeps_votes_between_decisions_and_votes_with_remarks():
    paragraphs = [["Med stemmerne 1 for og 20 imod afviste Byrådet punkt 1a."], ["For stemte (Ø)."],
                  ["Byrådet godkendte punkt 2."], ["Imod stemte:"], ["(F) med bemærkning om, ”at SF …”"],
                  ["(D) undlod at stemme."]]
    result = separate(paragraphs)
    assert result.kept == [p for p in paragraphs[:5]] + [[]]
    assert [(v.position, v.parties) for v in result.votes] == [("for", ["Ø"]), ("imod", ["F"]), ("undlod", ["D"])]


def test_a_vote_sentence_inside_a_paragraph_is_a_fact_and_stays():
    line = ("Med stemmerne 19 for godkendte Byrådet Økonomiudvalgets indstilling. For stemte (V), (A), (C), (M), "
            "Liselott (UP) og (F).")
    result = separate([[line]])
    assert result.kept == [[line]]
    assert result.votes[0].parties == ["V", "A", "C", "M", "Liselott (UP)", "F"]
