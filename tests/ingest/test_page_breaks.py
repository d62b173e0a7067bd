"""Where pages break inside a section's text (`Section.page_breaks`, `page_at`), from both readers."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.decision_text import decision_page_at
from bot.ingest.clean import lines_to_text, text_and_page_breaks
from bot.ingest.headings import is_known_section, match_group, match_item
from bot.ingest.lines import Document, Line
from bot.ingest.parse import parse_document
from bot.ingest.text import read_text_layout
from bot.knowledge.sources import ingest_bytes
from bot.knowledge.store import dump_meeting, parse_meeting
from bot.model import Section, page_at
from tests.ingest import expected_kkr_2022_11_25 as expected
from tests.ingest.layout_fixtures import long_sections_pdf
from tests.ingest.pdf_fixtures import kkr_referat_pdf
from tests.ingest.text_variants import decision_over_two_pages

# Every page break inside a section of the real referat, checked by hand against the .txt:
# (item, section, page the section starts on, new page, the first words of that page).
# Pages start where a line begins with a space right after the previous line; `SIDE | 7`
# and `SIDE | 32` fix the numbering.
REAL_BREAKS = [
    ("2.1", "Baggrund", 6, 7, "Erhvervsstyrelsen om muligheder for ansøgninger"),
    ("2.1", "Baggrund", 6, 8, "- KKR Hovedstaden har lavet en folder"),
    ("3.1", "Sagsfremstilling", 9, 10, "– Øget internationalisering."),
    ("3.2", "Baggrund", 10, 11, "For kommunerne er strategien en vigtig"),
    ("3.2", "Sagsfremstilling", 11, 12, "Alle kommuner og interessenter inviteres."),
    ("3.3", "Sagsfremstilling", 12, 13, "KKR Hovedstadens 29 kommuner og Regionen"),
    ("3.3", "Bilag", 13, 14, "VIP klimaprojekter halvvejsstatus oktober 2022"),
    ("3.4", "Baggrund", 14, 15, "I forlængelse heraf foreslås det"),
    ("3.4", "Sagsfremstilling", 15, 16, "Den nuværende politiske partnerskabsgruppe"),
    ("3.4", "Sagsfremstilling", 15, 17, "På tværs af landet oplever nogle kommuner"),
    ("3.5", "Sagsfremstilling", 17, 18, "Få dage efter indgåelsen af Klimaaftale"),
    ("3.5", "Sagsfremstilling", 17, 19, "Afhængigheden af gas til opvarmning"),
    ("3.6", "Indstilling", 20, 21, "hovedstadsområdet, og at der indarbejdes"),
    ("3.6", "Sagsfremstilling", 21, 22, "for fælles prioriterede infrastrukturprojekter"),
    ("3.6", "Finansiering", 22, 23, "Den fælles mobilitetsanalyse bliver finansieret"),
    ("3.7", "Sagsfremstilling", 24, 25, "Den reviderede strategi har været i høring"),
    ("3.8", "Sagsfremstilling", 25, 26, "Nøgle for fordeling"),
    ("3.8", "Sagsfremstilling", 25, 27, "– I 2022 er der fra januar til og med august"),
    ("4.1", "Sagsfremstilling", 28, 29, "Regionsrådet har udpeget tre regionsrådsmedlemmer"),
]


def _breaks(meeting):
    """(item, section, section page, new page, text from the break) for every break."""
    return [
        (item.number, s.heading, s.page, page_at(s, b), s.text[b:])
        for item in meeting.items for s in item.sections for b in s.page_breaks
    ]


def _section(meeting, number: str, heading: str) -> Section:
    item = next(i for i in meeting.items if i.number == number)
    return next(s for s in item.sections if s.heading == heading)


def _page_first_lines(raw: str) -> dict[int, str]:
    """The first text line of each physical page of the .txt, numbered from its `SIDE | N` headers.

    Kept apart from the reader on purpose: a page starts at a line beginning with a space
    right after a text line, or at the running header; the header's printed number anchors
    the count.
    """
    lines = raw.split("\n")
    # Raw index of each page's first line; the file starts a page (KL's mission page).
    starts: list[int] = [next(i for i, x in enumerate(lines) if x.strip())]
    printed: dict[int, int] = {}  # page position -> printed number
    for i, line in enumerate(lines):
        if re.match(r"^\s*KKR Hovedstaden\s*\|", line):
            starts.append(i)
        elif re.match(r"^\s*SIDE\s*\|\s*(\d+)", line):
            printed[len(starts) - 1] = int(re.match(r"^\s*SIDE\s*\|\s*(\d+)", line)[1])
        elif line.startswith(" ") and line.strip() and i and lines[i - 1] != "" and "|" not in lines[i - 1]:
            starts.append(i)
    offsets = {number - position for position, number in printed.items()}
    assert len(offsets) == 1, "the printed page numbers agree with the count"
    offset = offsets.pop()
    first: dict[int, str] = {}
    for position, i in enumerate(starts):
        text = next(x.strip() for x in lines[i:] if x.strip() and "|" not in x)
        first[position + offset] = text
    return first


def _opening_words(line: str, n: int = 4) -> str:
    """The first words of a line, without a last word hyphenated at the line's end."""
    return " ".join(w for w in line.split()[:n] if not (w.endswith("-") and len(w) > 1))


# --- the text reader, real referat ---------------------------------------------------------

def test_every_break_in_the_real_referat_as_checked_by_hand(meeting):
    got = [(n, h, p, new, text) for n, h, p, new, text in _breaks(meeting)]
    assert [(n, h, p, new) for n, h, p, new, _ in got] == [(n, h, p, new) for n, h, p, new, _ in REAL_BREAKS]
    for (_, _, _, _, text), (_, _, _, _, words) in zip(got, REAL_BREAKS, strict=True):
        assert text.startswith(words)
    spanning = [s for i in meeting.items for s in i.sections if s.page_breaks]
    assert len(spanning) == 15 and sum(len(s.page_breaks) for s in spanning) == 19


def test_each_break_points_at_the_first_words_of_its_page_in_the_txt(meeting, referat_text):
    first = _page_first_lines(referat_text)
    assert first[7].startswith("Erhvervsstyrelsen") and sorted(first) == list(range(4, 33))
    for number, heading, _, page, text in _breaks(meeting):
        assert text.startswith(_opening_words(first[page])), (number, heading, page)
    # And no page is missed: every page that does not open with a heading (or the mission
    # page, which is no item's) opens inside a section.
    inside = {p for p, line in first.items()
              if p > 4 and not (match_item(line) or match_group(line) or is_known_section(line))}
    assert {page for _, _, _, page, _ in _breaks(meeting)} == inside


def test_item_3_4_runs_from_page_14_to_its_decision_on_page_17(meeting):
    item = next(i for i in meeting.items if i.number == "3.4")
    assert (item.page, item.decision_page) == (14, 17)
    baggrund, sagsfremstilling = _section(meeting, "3.4", "Baggrund"), _section(meeting, "3.4", "Sagsfremstilling")
    assert page_at(baggrund, 0) == 14 and page_at(baggrund, len(baggrund.text) - 1) == 15
    text, (to16, to17) = sagsfremstilling.text, sagsfremstilling.page_breaks
    assert page_at(sagsfremstilling, 0) == 15
    assert page_at(sagsfremstilling, to16 - 1) == 15 and page_at(sagsfremstilling, to16) == 16
    assert page_at(sagsfremstilling, to17 - 1) == 16 and page_at(sagsfremstilling, to17) == 17
    assert text[to17:].startswith("På tværs af landet oplever nogle kommuner udfordringer")
    assert page_at(sagsfremstilling, len(text) - 1) == item.decision_page


def test_a_heading_at_the_foot_of_a_page_breaks_at_offset_zero(meeting):
    section = _section(meeting, "3.3", "Sagsfremstilling")  # heading on page 12, its text on 13
    assert (section.page, section.page_breaks, page_at(section, 0)) == (12, [0], 13)


def test_sections_follow_each_other_and_stay_within_the_meeting(meeting):
    for item in meeting.items:
        last = item.page
        for section in item.sections:
            end = page_at(section, max(len(section.text) - 1, 0))
            assert last <= section.page <= end <= meeting.pages, (item.number, section.heading)
            last = end


def test_one_page_sections_have_no_breaks_and_none_in_the_yaml(meeting):
    section = _section(meeting, "1.2", "Baggrund")
    assert section.page_breaks == [] and page_at(section, len(section.text) - 1) == section.page
    text = dump_meeting(meeting)
    assert text.count("page_breaks:") == 15
    assert "    page_breaks: [1364, 4022]\n" in text  # 3.4's Sagsfremstilling, on one line
    data = yaml.safe_load(text)
    assert "page_breaks" not in data["items"][1]["sections"][0]
    assert parse_meeting(text).items == meeting.items


# --- the PDF reader --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kl_pdf_meeting(referat_text):
    return ingest_bytes(kkr_referat_pdf(referat_text), "kkr.pdf")


def test_pdf_breaks_point_at_the_first_words_of_their_page(kl_pdf_meeting, referat_text):
    """The KL fixture PDF puts each text page on its physical page: every break the PDF
    reader records starts with that page's first line (its bold sub-headings make other
    sections than the .txt, so the breaks are compared page by page)."""
    doc = read_text_layout(referat_text)
    first = {}
    for line in doc.lines:
        if not line.is_link:
            first.setdefault(line.page, line.text)
    breaks = _breaks(kl_pdf_meeting)
    assert len(breaks) >= 12
    for number, heading, _, page, text in breaks:
        assert text.startswith(_opening_words(first[page])), (number, heading, page)


def test_pdf_and_text_agree_on_a_section_they_cut_alike(kl_pdf_meeting, meeting):
    pdf, txt = _section(kl_pdf_meeting, "2.1", "Baggrund"), _section(meeting, "2.1", "Baggrund")
    assert pdf.text == txt.text and pdf.page_breaks == txt.page_breaks == [1348, 3455]


@pytest.fixture(scope="module")
def long_meeting():
    return ingest_bytes(long_sections_pdf(), "plan.pdf")


def test_pdf_break_inside_a_hyphenated_word_after_dehyphenation(long_meeting):
    section = _section(long_meeting, "1", "Sagsfremstilling")
    text, breaks = section.text, section.page_breaks
    assert "handel og beskæftigelse i bymidten" in text  # `be-` + `skæftigelse` joined
    assert text[:breaks[0]].endswith("styrke handel og be") and text[breaks[0]:].startswith("skæftigelse i bymidten")
    assert page_at(section, breaks[0] - 1) == 1 and page_at(section, breaks[0]) == 2
    assert "Side 2 af 5" not in text and "Egeby Kommune" not in text  # furniture removed, offsets intact


def test_pdf_page_without_text_repeats_the_offset(long_meeting):
    section = _section(long_meeting, "1", "Sagsfremstilling")
    assert section.page == 1 and len(section.page_breaks) == 3
    to2, to3, to4 = section.page_breaks
    assert to3 == to4 and section.text[to4:] == "Anden fase omfatter torvet ved stationen og skal besluttes i 2025."
    assert page_at(section, to4 - 1) == 2 and page_at(section, to4) == 4


def test_a_decision_over_a_page_break_keeps_the_page_it_starts_on(long_meeting):
    item = next(i for i in long_meeting.items if i.number == "1")
    assert item.decision.endswith("og at cykelparkeringen flyttes tættere på perronerne.")
    assert item.decision_page == 4 and long_meeting.pages == 5


# --- the assembly itself ------------------------------------------------------------------------

def _line(text: str, page: int, para: bool = False) -> Line:
    return Line(text=text, page=page, para_break=para)


def test_offsets_follow_joins_lists_and_paragraphs():
    lines = [
        _line("Indsatserne er:", 3, True),
        _line("– flere boliger", 3),
        _line("– et nyt torv", 4),  # a list line on the next page
        _line("Planen skal styrke be-", 4, True),
        _line("skæftigelsen i byen.", 5),  # dehyphenated across the break
        _line("Ny side, nyt afsnit.", 7, True),  # page 6 has no text
    ]
    text, breaks = text_and_page_breaks(lines, 3)
    assert text == lines_to_text(lines)
    assert text == ("Indsatserne er:\n– flere boliger\n– et nyt torv\n\n"
                    "Planen skal styrke beskæftigelsen i byen.\n\nNy side, nyt afsnit.")
    section = Section("Sagsfremstilling", text, 3, breaks)
    assert [text[b:b + 12] for b in breaks] == ["– et nyt tor", "skæftigelsen", "Ny side, nyt", "Ny side, nyt"]
    assert [page_at(section, b) for b in breaks] == [4, 5, 7, 7]
    assert page_at(section, breaks[1] - 1) == 4  # "be" of "beskæftigelsen" stands on page 4


def test_text_starting_below_the_heading_page_and_no_breaks_on_one_page():
    assert text_and_page_breaks([_line("Tekst.", 9, True)], 8) == ("Tekst.", [0])
    assert text_and_page_breaks([_line("En.", 8, True), _line("To.", 8, True)], 8) == ("En.\n\nTo.", [])
    assert text_and_page_breaks([], 8) == ("", [])


# --- decisions over a page break (Item.decision_page_breaks) ----------------------------------

def _decision_pages(item) -> tuple[int | None, int | None]:
    last = len(item.decision) - 1
    return (decision_page_at(item.decision, item.decision_page, item.decision_page_breaks, 0),
            decision_page_at(item.decision, item.decision_page, item.decision_page_breaks, last))


def test_no_decision_of_the_real_referat_runs_over_a_page(meeting):
    assert all(item.decision_page_breaks == [] for item in meeting.items)
    assert "decision_page_breaks" not in dump_meeting(meeting)


@pytest.fixture(scope="module")
def over_two_pages(referat_text):
    """Item 3.6's decision over pages 23–24 (the real text, its page break moved), read by both readers."""
    text = decision_over_two_pages(referat_text)
    return {"txt": ingest_bytes(text.encode(), "kkr.txt"), "pdf": ingest_bytes(kkr_referat_pdf(text), "kkr.pdf")}


@pytest.mark.parametrize("reader", ["txt", "pdf"])
def test_a_decision_over_two_pages_records_where_the_second_starts(over_two_pages, reader):
    item = next(i for i in over_two_pages[reader].items if i.number == "3.6")
    (at,) = item.decision_page_breaks
    assert item.decision.startswith("Morten Winge introducerede") and item.decision_page == 23
    assert item.decision[:at].endswith("med en justering i for")  # `for-` + `hold`, joined
    assert item.decision[at:].startswith("hold til støjudfordringer. KKR Hovedstaden tiltrådte desuden")
    assert _decision_pages(item) == (23, 24)
    assert decision_page_at(item.decision, 23, item.decision_page_breaks, at - 1) == 23
    # The protocol note stands on page 24, and says so.
    (dissent,) = item.dissent
    assert dissent.who == "Enhedslisten" and dissent.page == 24
    # The verbatim decision is the same as when it stood on one page.
    assert item.decision == next(e[4] for e in expected.ITEMS if e[0] == "3.6")


def test_both_readers_agree_on_the_decision_over_two_pages(over_two_pages):
    def key(m):
        return [(i.number, i.page, i.decision, i.decision_page, i.decision_page_breaks, i.dissent) for i in m.items]

    assert key(over_two_pages["txt"]) == key(over_two_pages["pdf"])
    assert [i.number for i in over_two_pages["txt"].items if i.decision_page_breaks] == ["3.6"]


def test_decision_page_breaks_in_the_yaml_on_one_line_and_read_back(over_two_pages):
    meeting = over_two_pages["txt"]
    text = dump_meeting(meeting)
    assert text.count("decision_page_breaks:") == 1 and "  decision_page_breaks: [867]\n" in text
    assert "motorvejsnettet.\n    page: 24\n" in text  # the page of Enhedslisten's protocol note
    assert parse_meeting(text).items == meeting.items


def test_pdf_decision_over_a_page_break_mid_sentence(long_meeting):
    item = next(i for i in long_meeting.items if i.number == "1")
    (at,) = item.decision_page_breaks
    assert item.decision[at:] == "flyttes tættere på perronerne."
    assert item.decision_page == 4 and _decision_pages(item) == (4, 5)


def test_joined_decisions_count_pages_from_their_first_character():
    """Økonomiudvalget's decision on page 3, Byrådet's heading at the foot of page 3, its text on 4."""
    lines = [
        Line("1. Takster 2025", 3, para_break=True, bold=True, size=13),
        Line("Beslutning i Økonomiudvalget den 12-03-2024", 3, para_break=True, bold=True, size=10),
        Line("Anbefales.", 3, para_break=True, bold=False, size=10),
        Line("Beslutning i Byrådet den 27-03-2024", 3, para_break=True, bold=True, size=10),
        Line("Godkendt med en", 4, para_break=True, bold=False, size=10),
        Line("bemærkning.", 5, bold=False, size=10),
    ]
    item = parse_document(Document(lines=lines, pages=5, body_size=10), body="Byrådet", date="2024-03-27").items[0]
    assert item.decision == ("Beslutning i Økonomiudvalget den 12-03-2024:\nAnbefales.\n\n"
                             "Beslutning i Byrådet den 27-03-2024:\nGodkendt med en bemærkning.")
    godkendt = item.decision.index("Godkendt")
    assert item.decision_page == 4 and item.decision_page_breaks == [godkendt, item.decision.index("bemærkning")]
    pages = [decision_page_at(item.decision, item.decision_page, item.decision_page_breaks, i)
             for i in (0, item.decision.index("Anbefales"), item.decision.index("Beslutning i Byrådet"),
                       godkendt, len(item.decision) - 1)]
    assert pages == [3, 3, 3, 4, 5]
