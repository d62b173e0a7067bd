"""Sentence splitting keeps sentences verbatim and does not break at abbreviations."""
from __future__ import annotations

from bot.sentences import split_sentences


def test_real_decision_sentences(meeting):
    item = next(i for i in meeting.items if i.number == "3.9")
    assert split_sentences(item.decision) == [
        "Allan S. Andersen, medlem af KL’s Arbejdsmarkeds- og Borgerserviceudvalg, præsenterede KL’s "
        "position i forhold til aktive beskæft igelsesindsats, jf. slides.",
        "KKR Hovedstaden tog oplægget til efterretning.",
    ]


def test_every_sentence_is_a_substring_of_its_decision(meeting):
    for item in meeting.items:
        for sentence in split_sentences(item.decision):
            assert sentence in item.decision


def test_abbreviations_initials_and_party_letters():
    text = "Allan S. Andersen talte, jf. KL's notat. Imod stemte: Ø. Det blev bl.a. Region H der tog ordet."
    assert split_sentences(text) == [
        "Allan S. Andersen talte, jf. KL's notat.",
        "Imod stemte: Ø.",
        "Det blev bl.a. Region H der tog ordet.",
    ]


def test_dates_and_times_do_not_end_sentences():
    text = "Næste møde holdes den 8. februar 2023 fra\nkl. 10 til kl. 12. Der er formøder."
    assert split_sentences(text) == [
        "Næste møde holdes den 8. februar 2023 fra\nkl. 10 til kl. 12.",
        "Der er formøder.",
    ]


def test_paragraphs_and_list_lines_end_sentences():
    text = "Følgende punkter:\n– Første punkt\n– Andet punkt\n\nNyt afsnit uden punktum"
    assert split_sentences(text) == ["Følgende punkter:", "– Første punkt", "– Andet punkt", "Nyt afsnit uden punktum"]
    assert split_sentences("") == []
