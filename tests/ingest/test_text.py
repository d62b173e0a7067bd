"""Ingest of the real referat from its extracted text."""
from __future__ import annotations

import pytest

from bot.ingest.text import read_text_layout
from tests.ingest import expected_kkr_2022_11_25 as expected


def test_meeting_detected_from_document(meeting):
    assert meeting.body == expected.BODY
    assert meeting.date == expected.DATE
    assert meeting.pages == expected.PAGES


def test_every_item_number_title_page_and_decision(meeting):
    got = [(i.number, i.title, i.page, i.decision_page, i.decision) for i in meeting.items]
    assert got == expected.ITEMS


def test_thirteen_decisions_and_all_fourteen_numbered_items(meeting):
    numbered = [i for i in meeting.items if i.number and "." in i.number]
    assert len(numbered) == 14
    assert sum(1 for i in meeting.items if i.decision) == 13


def test_item_without_beslutning_keeps_what_was_reported(meeting):
    siden_sidst = next(i for i in meeting.items if i.number == "2.1")
    body = siden_sidst.section_text()
    assert "Kirsten Jensen orienterede om, at bestyrelsen i Movia havde tiltrådt budgettet" in body
    # The page break after "dialog med" does not split the sentence.
    assert "opfordret til dialog med Erhvervsstyrelsen om muligheder" in body


def test_late_item_is_marked_added(meeting):
    item = next(i for i in meeting.items if i.number == "3.9")
    assert item.added and item.title == "Den aktive beskæftigelsesindsats"


def test_groups_and_case_numbers(meeting):
    item = next(i for i in meeting.items if i.number == "3.4")
    assert item.group == "3. Regionalpolitiske sager"
    assert item.case_number == "SAG-2022-03934"


@pytest.mark.parametrize("word", ["Mission", "Vision", "KL bidrager"])
def test_mission_page_never_becomes_an_item(meeting, word):
    assert not any(word in i.title for i in meeting.items)


def test_running_header_never_leaks(meeting):
    for item in meeting.items:
        for text in [item.decision, item.section_text(), item.title]:
            assert "25-11-2022" not in text
            assert "SIDE" not in text


def test_hyphenation_undone_but_real_hyphens_kept(meeting):
    everything = "\n".join(i.decision + i.section_text() for i in meeting.items)
    assert "beskæftigelsesindsats" in everything
    assert "be- skæftigelsesindsats" not in everything and "be-skæftigelsesindsats" not in everything
    assert "Infrastrukturplan 2035" in everything
    for real in ["SOSU-området", "KKR-formanden", "KKR-medlemmer", "sundheds- og omsorgsborgmester"]:
        assert real in everything, real


def test_links_kept_with_their_item(meeting):
    by_number = {i.number: i for i in meeting.items}
    assert [line.url for line in by_number["1.2"].links] == [
        "https://www.kl.dk/politik/kkr/kkr-hovedstaden/moededatoer-dagsordener-og-referater/"
    ]
    assert any("kkr-hovedstadens-58-medlemmer" in line.url for line in by_number["2.1"].links)
    assert any("laerepladsaftale" in line.url for line in by_number["3.8"].links)


def test_table_rows_stay_rows(meeting):
    sosu = next(i for i in meeting.items if i.number == "3.8")
    assert "\nRegion Hovedstaden 853 849 1.793 1.776\n" in sosu.section_text()


def test_printed_page_numbers_fix_the_page_count(referat_text):
    doc = read_text_layout(referat_text)
    assert doc.pages == 32
    assert ("KKR Hovedstaden", "25-11-2022") in doc.headers
