"""Misparses found by auditing the bundled referat against its text by hand, each fixed by a
general rule: the real text shows the fix, hand-made lines show the rule, and where the PDF
reader shares the rule, a PDF of the real referat shows it there too."""
from __future__ import annotations

import pytest

from bot.ingest.clean import lines_to_text, mid_sentence_page_break
from bot.ingest.lines import Document, Line
from bot.ingest.parse import parse_document
from bot.ingest.text import read_text_layout
from bot.knowledge.sources import ingest_bytes
from tests.ingest import expected_kkr_2022_11_25 as expected
from tests.ingest.pdf_fixtures import kkr_referat_pdf


def _item(meeting, number: str):
    return next(i for i in meeting.items if i.number == number)


def _sections(meeting, number: str) -> list[tuple[str, int]]:
    return [(s.heading, s.page) for s in _item(meeting, number).sections]


# --- 1. a section heading at the top of a page, right after the case number ----------------

def test_baggrund_at_the_top_of_page_24_is_item_3_7s_heading(meeting):
    assert _sections(meeting, "3.7") == [("Baggrund", 24), ("Indstilling", 24), ("Sagsfremstilling", 24), ("Bilag", 25)]
    baggrund = _item(meeting, "3.7").sections[0]
    assert baggrund.text.startswith("KKR Hovedstaden har løbende drøftet udfordringerne med at rekruttere pædagoger")
    assert baggrund.text.endswith("som kommunerne er centrale aftagere på og meduddannere af.")
    assert not any(s.heading == "Tekst" for i in meeting.items for s in i.sections)


def test_every_item_has_the_sections_printed_in_the_referat(meeting):
    """Checked by hand against the .txt: every section heading, in order."""
    standard = ["Baggrund", "Indstilling", "Sagsfremstilling"]
    got = {i.number: [s.heading for s in i.sections] for i in meeting.items}
    assert got == {
        "1.1": ["Indstilling"], "1.2": ["Baggrund", "Indstilling"], "2.1": ["Baggrund"],
        "3.1": standard + ["Bilag"], "3.2": standard, "3.3": standard + ["Bilag"], "3.4": standard,
        "3.5": standard, "3.6": standard + ["Finansiering", "Bilag"], "3.7": standard + ["Bilag"],
        "3.8": standard + ["Bilag"], "3.9": [], "4.1": standard + ["Bilag"], "5": [], "6.1": ["Indstilling"], "7": [],
    }


def test_a_section_name_alone_at_a_page_top_never_continues_a_sentence():
    assert not mid_sentence_page_break("SAG-2022-03934 gitb", "Baggrund")
    assert not mid_sentence_page_break("Sagsnr. 24/1234", "Beslutning i Byrådet den 27-03-2024")
    assert not mid_sentence_page_break("afgivet", "Bilag:")
    # A sentence going on still goes on, also when a section word starts it.
    assert mid_sentence_page_break("Det sker på denne", "baggrund af høringen.")
    assert mid_sentence_page_break("Kommunerne blev opfordret til dialog med", "Erhvervsstyrelsen om muligheder")
    assert mid_sentence_page_break("som fremgår af afsnittet", "Beslutning: Godkendt.")


@pytest.fixture(scope="module")
def plain_pdf_meeting(referat_text):
    """The real referat as a PDF whose section headings are in the body type, not bold."""
    return ingest_bytes(kkr_referat_pdf(referat_text, plain_headings=True), "kkr.pdf")


def test_pdf_with_plain_headings_finds_baggrund_at_the_top_of_page_24(plain_pdf_meeting, meeting):
    # Nothing but the page break marks "Baggrund" there: same type as the case number above it.
    assert _sections(plain_pdf_meeting, "3.7") == _sections(meeting, "3.7")
    assert _item(plain_pdf_meeting, "3.7").sections[0].text == _item(meeting, "3.7").sections[0].text
    got = [(i.number, i.title, i.page, i.decision_page, i.decision) for i in plain_pdf_meeting.items]
    assert got == expected.ITEMS


def test_without_font_information_a_section_name_on_its_own_line_is_a_heading():
    lines = [
        Line("1.1. Godkendelse af referat", 1, para_break=True),
        Line("SAG-2022-03934 gitb", 1),
        Line("Der er tale om følgende:", 1, para_break=True),
        Line("– To kommunalpolitikere, der udpeges af KKR.", 1, para_break=True),
        Line("Bilag", 1),  # no paragraph mark before it in the text
        Line("./. Kommissorium", 1),
    ]
    item = parse_document(Document(lines=lines, pages=1), body="KKR", date="2022-11-25").items[0]
    assert [(s.heading, s.text) for s in item.sections] == [
        ("Tekst", "Der er tale om følgende:\n\n– To kommunalpolitikere, der udpeges af KKR."),
        ("Bilag", "./. Kommissorium"),
    ]


# --- 2. the text reader: a lone space ends the line before it; links are not the page's text --

def test_a_bullet_after_a_paragraph_mark_is_not_joined_to_the_line_before(meeting):
    sagsfremstilling = _item(meeting, "4.1").sections[2]
    assert sagsfremstilling.text.endswith(
        "– Bergur Løkke Rasmussen (V)\n\n– To kommunalpolitikere, der udpeges af KKR-Hovedstaden."
    )
    assert _sections(meeting, "4.1")[-1] == ("Bilag", 29)


def test_lone_space_line_before_a_line_of_text():
    doc = read_text_layout("– Sadek Al-Amood (F)  \n\n \n– To kommunalpolitikere. \n\nBilag \n")
    assert [(line.text, line.para_break) for line in doc.lines] == [
        ("– Sadek Al-Amood (F)", True), ("– To kommunalpolitikere.", True), ("Bilag", False),
    ]


def test_a_sub_heading_at_a_page_foot_stays_with_its_paragraph_past_the_links(meeting):
    sagsfremstilling = _item(meeting, "3.5").sections[2]
    assert sagsfremstilling.text.startswith(
        "Fremrykket varmeplanlægning og udrulning af fjernvarmen\nFå dage efter indgåelsen af Klimaaftale"
    )
    assert sagsfremstilling.text[sagsfremstilling.page_breaks[0]:].startswith("Få dage efter")


def test_a_link_over_a_wrapped_anchor_is_one_link(meeting):
    (link,) = _item(meeting, "3.5").links
    assert (link.url, link.page) == (
        "https://www.regeringen.dk/media/11470/klimaaftale-om-groen-stroem-og-varme.pdf",
        17,
    )
    # Different URLs on one page stay apart.
    assert [line.page for line in _item(meeting, "2.1").links] == [8, 8]


# --- 3. lines the writer ended: list entries, sub-headings, attachments --------------------------

def test_lines_ended_short_keep_their_line_in_the_real_referat(meeting):
    text = {i.number: i.section_text() for i in meeting.items}
    assert "– Internationalisering\nDertil kommer et fortsat fokus" in text["3.1"]
    assert "Politisk møde om tværgående klimaindsatser den 14. december 2022\nAlle kommunal" in text["3.3"]
    assert "Nationalt samarbejde i forbindelse med DK2020 implementering\nKL oplever" in text["3.4"]
    assert "Systematisk arbejde med at mindske energiforbruget i bygninger\nKommunerne er" in text["3.5"]
    assert "prioriterede infrastrukturprojekter\nKKR Hovedstadens og Region" in text["3.6"]
    # A full first line of a paragraph is no sub-heading, whatever its first word of the next line.
    assert "samarbejder bl.a. gennem VIP-klimaprojekterne om at rykke" in text["3.3"]


def test_attachment_lists_have_one_attachment_a_line(meeting):
    bilag = {i.number: next(s.text for s in i.sections if s.heading == "Bilag")
             for i in meeting.items if any(s.heading == "Bilag" for s in i.sections)}
    assert bilag["3.3"].split("\n") == [
        "./…. Overblik: Hovedstadens klima VIP-projekter",
        "VIP klimaprojekter halvvejsstatus oktober 2022",
        "Invitation: Politisk møde om tværgående klimaindsatser i hovedstadsområdet d. 14. december 2022",
        "Program: Politisk møde om tværgående klimaindsatser i hovedstadsområdet den 14. december 2022, udkast",
    ]
    assert bilag["3.6"].split("\n") == [
        "./… Faktaark: Fælles priorieterede infrastrukturprojekter i hovedstaden",
        "Notat: Udkast til vision, pejlemærker og mobilitetsanalyse for prioriterede infrastrukturprojekter, KKR H og Reg H",
        "Baggrund: Budgetnotat om Analyse af mobiliteten, Københavns Kommune",
    ]
    assert bilag["4.1"] == "./. Kommissorium for opgaveudvalg for ”Rejsen med bus, tog og cykler i Region Hovedstaden”"


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 1, para_break=(i == 0)) for i, t in enumerate(texts)]


FULL = "Erhvervshusenes bestyrelser har ansvaret for at levere input til de regionale"  # a full line


def test_short_line_rule_on_hand_made_lines():
    # A full line before a capital is a wrap; a short one ends where the writer ended it.
    assert lines_to_text(_lines(FULL, "Kapitler og mere.", "– Digitalisering", "Dertil kommer mere.")) == (
        FULL + " Kapitler og mere.\n– Digitalisering\nDertil kommer mere."
    )
    # Lower case or a hyphen at the line end: always a wrap.
    assert lines_to_text(_lines(FULL, "– Digitalisering og", "grøn omstilling.")) == (
        FULL + "\n– Digitalisering og grøn omstilling."
    )
    assert lines_to_text(_lines(FULL, "– Det er SOSU-", "Assistenterne.")) == FULL + "\n– Det er SOSU-Assistenterne."
    # A list of attachments: every capital starts an entry, a wrapped entry is joined.
    assert lines_to_text(_lines("Bilag 1: Notat om trafikken på Lystrup Ring-", "vej", "Bilag 2: Høringsnotat"),
                         entries=True) == "Bilag 1: Notat om trafikken på Lystrup Ringvej\nBilag 2: Høringsnotat"


def test_long_sub_heading_rule_on_hand_made_lines():
    heading = "Politisk møde om tværgående klimaindsatser den 14. december 2022"
    assert lines_to_text(_lines(heading, "Alle er inviteret.", FULL)).startswith(heading + "\nAlle er inviteret.")
    # Ten words, a comma, or a next word that would not have fit: a paragraph's first line.
    for first in ("Vi har i år holdt fire møder med kommunerne om den regionale plan",
                  "Udvalget har, som aftalt, drøftet planen for det kommende år",
                  "KKR Hovedstadens 29 kommuner og Regionen samarbejder bl.a. gennem"):
        assert lines_to_text(_lines(first, "VIP-klimaprojekterne om at rykke på den grønne omstilling.", FULL)) \
            .startswith(first + " VIP-klimaprojekterne")
