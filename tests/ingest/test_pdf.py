"""Ingest of referat PDFs: the real referat laid out as KL's PDF, a `Punkt N:` referat, bad PDFs."""
from __future__ import annotations

import logging
import os

import pytest

from bot.ingest.lines import IngestError
from bot.ingest.pdf import read_pdf
from bot.knowledge.sources import ingest_bytes
from tests.conftest import KL_URL
from tests.ingest import expected_kkr_2022_11_25 as expected
from tests.ingest.pdf_fixtures import (
    kkr_referat_pdf,
    punkt_referat_pdf,
    scanned_pdf,
    text_pdf,
)

PDF_NAME = "kkr-hovedstaden-2022-11-25-referat.pdf"


@pytest.fixture(scope="module")
def kkr_pdf(referat_text: str) -> bytes:
    return kkr_referat_pdf(referat_text)


@pytest.fixture(scope="module")
def kkr_doc(kkr_pdf: bytes):
    return read_pdf(kkr_pdf)


@pytest.fixture(scope="module")
def pdf_meeting(kkr_pdf: bytes):
    return ingest_bytes(kkr_pdf, PDF_NAME, url=KL_URL)


@pytest.fixture(scope="module")
def punkt_pdf() -> bytes:
    return punkt_referat_pdf()


@pytest.fixture(scope="module")
def punkt_meeting(punkt_pdf: bytes):
    return ingest_bytes(punkt_pdf, "aarhus-byraad-2025-08-27.pdf")


def _everything(meeting) -> str:
    return "\n".join(f"{i.title}\n{i.decision}\n{i.section_text()}" for i in meeting.items)


# --- the KL referat -----------------------------------------------------------------------


def test_meeting_detected_from_the_pdf(pdf_meeting):
    assert (pdf_meeting.body, pdf_meeting.date, pdf_meeting.pages) == (expected.BODY, expected.DATE, expected.PAGES)


def test_every_item_number_title_page_and_decision(pdf_meeting):
    got = [(i.number, i.title, i.page, i.decision_page, i.decision) for i in pdf_meeting.items]
    assert got == expected.ITEMS


def test_text_and_pdf_of_the_same_referat_give_the_same_items(pdf_meeting, meeting):
    def key(m):
        return [
            (i.number, i.title, i.page, i.decision_page, i.decision, i.group, i.case_number, i.added,
             sorted({line.url for line in i.links}), i.outcome, i.dissent, i.appointments)
            for i in m.items
        ]

    assert key(pdf_meeting) == key(meeting)


def test_cover_toc_and_mission_page_never_become_items(pdf_meeting, kkr_doc):
    # The TOC (pages 2-3) lists every item with its page number, the second page without a title.
    toc = [line.text for line in kkr_doc.lines if line.page in (2, 3)]
    assert "3.6. Fælles prioriterede infrastrukturprojekter i hovedstadsområdet (VIP) 20" in toc
    assert min(i.page for i in pdf_meeting.items) == 5
    titles = " ".join(i.title for i in pdf_meeting.items)
    for word in ("Indholdsfortegnelse", "Mission", "Vision", "Referat"):
        assert word not in titles


def test_running_header_recorded_and_never_leaks(pdf_meeting, kkr_doc):
    assert set(kkr_doc.headers) == {("KKR Hovedstaden", "25-11-2022")}
    assert len(kkr_doc.headers) == expected.PAGES
    text = _everything(pdf_meeting)
    assert "25-11-2022" not in text and "SIDE" not in text
    assert not any(line.text.startswith(("KKR Hovedstaden |", "SIDE |")) for line in kkr_doc.lines)


def test_lines_carry_bold_size_and_paragraph_breaks(kkr_doc):
    assert kkr_doc.body_size == 10.0
    by_text = {line.text: line for line in kkr_doc.lines if line.page >= 5}
    title = by_text["3.4. DK2020-klimapartnerskabet efter 2023"]
    assert title.bold and title.size > kkr_doc.body_size and title.page == 14
    assert by_text["Beslutning"].bold and by_text["Beslutning"].para_break
    body = by_text["Referatet blev godkendt."]
    assert body.bold is False and body.size == kkr_doc.body_size and not body.para_break


def test_page_break_mid_sentence_does_not_split_the_paragraph(pdf_meeting):
    siden_sidst = next(i for i in pdf_meeting.items if i.number == "2.1")
    assert "opfordret til dialog med Erhvervsstyrelsen om muligheder" in siden_sidst.section_text()


def test_hyphenation_undone_but_real_hyphens_kept(pdf_meeting):
    text = _everything(pdf_meeting)
    assert "be- skæftigelsesindsats" not in text and "Infrastrukturplan 2035" in text
    for real in ["SOSU-området", "KKR-formanden", "DK2020-planerne", "sundheds- og omsorgsborgmester"]:
        assert real in text, real


def test_table_comes_out_as_readable_rows(pdf_meeting):
    sosu = next(i for i in pdf_meeting.items if i.number == "3.8")
    text = sosu.section_text()
    assert "\nRegion Hovedstaden | 853 | 849 | 1.793 | 1.776\n" in text
    assert "Social- og sundhedshjælpere | Social- og sundhedsassistenter\n" in text
    assert "Dimensionering, 2022 | Dimensionering, 2023 | Dimensionering, 2022 | Dimensionering, 2023" in text
    assert "Region Hovedstaden 853" not in text  # the words under the table are not repeated


def test_link_annotations_stay_with_their_item(pdf_meeting):
    by_number = {i.number: i for i in pdf_meeting.items}
    (referat,) = by_number["1.2"].links
    assert (referat.url, referat.page, referat.text) == (KL_URL, 5, "her")
    # One link set over two lines is one link.
    (klima,) = by_number["3.5"].links
    assert klima.text == "Klimaaftale om grøn strøm og varme" and klima.url.endswith("groen-stroem-og-varme.pdf")
    assert [line.text for line in by_number["2.1"].links] == ["(link)", "(link)"]
    assert any("laerepladsaftale" in line.url for line in by_number["3.8"].links)


def test_bold_sub_headings_become_sections(pdf_meeting):
    sosu = next(i for i in pdf_meeting.items if i.number == "3.8")
    headings = [s.heading for s in sosu.sections]
    assert headings[:3] == ["Baggrund", "Indstilling", "Sagsfremstilling"]
    assert "Nøgle for fordeling" in headings and headings[-1] == "Bilag"


# --- a municipal referat in the Punkt layout ------------------------------------------------

PUNKT_ITEMS = [
    ("7", "Forslag til kommuneplantillæg nr. 12 og lokalplan nr. 1187 for boliger ved Lystrup Syd – endelig vedtagelse",
     2, 2,
     "Indstillingen blev vedtaget med 29 stemmer for og 2 imod.\n\n"
     "Dansk Folkeparti stemte imod med henvisning til trafikken på Lystrup Ringvej."),
    ("8", "Anlægsbevilling til renovering af Frederiksbjerg Skole", 3, 3,
     "Godkendt som indstillet. Byrådet bad samtidig om en status på tidsplanen, når udbuddet er afsluttet."),
    ("9", "Orientering om budgetopfølgning pr. 30. juni 2025", 4, None, ""),
    ("10", "Eventuelt", 4, 4, "Ingen bemærkninger."),
]


def test_punkt_meeting_detected_from_first_line(punkt_meeting):
    assert (punkt_meeting.body, punkt_meeting.date, punkt_meeting.pages) == ("Aarhus Byråd", "2025-08-27", 4)


def test_punkt_items_titles_pages_and_decisions(punkt_meeting):
    got = [(i.number, i.title, i.page, i.decision_page, i.decision) for i in punkt_meeting.items]
    assert got == PUNKT_ITEMS


def test_punkt_case_numbers_and_sections(punkt_meeting):
    by_number = {i.number: i for i in punkt_meeting.items}
    assert [i.case_number for i in punkt_meeting.items] == ["EMN-2025-01234", "EMN-2025-02345", "EMN-2025-03456", None]
    assert [s.heading for s in by_number["7"].sections] == ["Resume", "Beslutningspunkter", "Sagsforløb", "Bilag"]
    assert "At 2) lokalplan nr. 1187 vedtages endeligt." in by_number["7"].section_text()
    assert [s.heading for s in by_number["9"].sections] == ["Resume", "Sagsforløb", "Bilag"]


def test_heading_outside_the_vocabulary_ends_the_decision(punkt_meeting):
    item = next(i for i in punkt_meeting.items if i.number == "8")
    assert [s.heading for s in item.sections][-1] == "Opfølgning"
    assert "Rådmanden" not in item.decision
    assert "Rådmanden for Børn og Unge orienterer Børn og Unge-udvalget om udbuddet i november." in item.section_text()


def test_repeating_footer_and_header_never_leak(punkt_meeting):
    text = _everything(punkt_meeting)
    assert "Side " not in text and "af 4" not in text and "Aarhus Kommune" not in text
    assert "referat 27. august" not in text


def test_punkt_link_kept_with_the_item_it_sits_in(punkt_meeting):
    by_number = {i.number: i for i in punkt_meeting.items}
    assert [(line.url, line.page, line.text) for line in by_number["9"].links] == [
        ("https://aarhus.dk/demokrati/budget/budgetopfoelgning-2025", 4, "hjemmeside")
    ]
    assert by_number["10"].links == [] and by_number["7"].links[0].text == "her"


# --- bad input ------------------------------------------------------------------------------


def _error(data: bytes, name: str = "referat.pdf") -> str:
    with pytest.raises(IngestError) as info:
        ingest_bytes(data, name)
    return str(info.value)


def test_not_a_pdf():
    assert "ikke en PDF" in _error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "ikke en PDF" in _error("Referat af mødet\n".encode(), "referat.pdf")


def test_corrupt_pdf():
    garbage = b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n"
    assert "beskadiget" in _error(garbage)


def test_truncated_pdf(punkt_pdf):
    assert "afkortet" in _error(punkt_pdf[: len(punkt_pdf) // 2])


def test_encrypted_pdf():
    locked = text_pdf(["Punkt 1: Godkendelse af dagsorden"], owner_password="ejer", user_password="hemmelig")
    assert "krypteret" in _error(locked)


def test_pdf_with_only_a_permissions_password_is_read():
    # Encrypted for permissions only: it opens without a password, so it is ingested.
    data = text_pdf(
        ["REFERAT Aarhus Byråd d. 27-08-2025", "Punkt 1: Godkendelse af dagsorden", "Beslutning", "Godkendt."],
        owner_password="ejer",
    )
    meeting = ingest_bytes(data, "referat.pdf")
    assert [(i.number, i.decision) for i in meeting.items] == [("1", "Godkendt.")]


def test_scanned_pdf_without_text_layer():
    message = _error(scanned_pdf())
    assert "intet tekstlag" in message and "OCR" in message


def test_empty_file():
    assert "tom" in _error(b"")


def test_pdf_without_agenda_items():
    data = text_pdf(["Nyhedsbrev fra kommunen", "Vejarbejdet på Ringvejen er færdigt i uge 12."])
    assert "ingen dagsordenspunkter" in _error(data)


def test_library_warnings_stay_out_of_the_log(caplog):
    # A malformed operand makes pdfminer log a warning; the user must not see it.
    from tests.ingest.pdf_fixtures import noisy_pdf

    with caplog.at_level(logging.WARNING):
        meeting = ingest_bytes(noisy_pdf(), "referat.pdf")
    assert [i.number for i in meeting.items] == ["1"]
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
