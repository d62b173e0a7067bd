"""The parser on lines as a PDF reader gives them: headings recognised by their look."""
from __future__ import annotations

from bot.ingest.lines import Document, Line
from bot.ingest.parse import parse_document


def _doc(rows: list[tuple[str, str]], body_size: float | None = 10.0) -> Document:
    """rows: (style, text); style letters: P paragraph gap, B bold, L larger (14pt), T table row, ? no font info."""
    lines = []
    for style, text in rows:
        known = "?" not in style
        lines.append(
            Line(
                text=text, page=1, para_break="P" in style,
                bold=("B" in style) if known else None,
                size=(14.0 if "L" in style else 10.0) if known else None,
                table="T" in style,
            )
        )
    return Document(lines=lines, pages=1, body_size=body_size if lines[0].size else None)


def _items(rows, body_size: float | None = 10.0):
    meeting = parse_document(_doc(rows, body_size), body="Byrådet", date="2025-08-27")
    return {i.number: i for i in meeting.items}


def test_tight_bold_heading_outside_the_vocabulary_is_a_section():
    items = _items([
        ("PB", "Punkt 3: Skolestruktur"),
        ("B", "Beslutning"),
        ("", "Godkendt."),
        ("B", "Afstemning"),  # no gap, but bold between regular lines
        ("", "For stemte 25, imod stemte 6."),
    ])
    assert items["3"].decision == "Godkendt."
    assert [(s.heading, s.text) for s in items["3"].sections] == [("Afstemning", "For stemte 25, imod stemte 6.")]


def test_larger_heading_ends_the_decision():
    items = _items([
        ("PB", "Punkt 3: Skolestruktur"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PL", "Supplerende oplysninger"),
        ("", "Sagen blev genoptaget."),
    ])
    assert items["3"].decision == "Godkendt."
    assert items["3"].sections[-1].heading == "Supplerende oplysninger"


def test_bold_decision_text_is_not_cut_by_its_own_short_bold_line():
    items = _items([
        ("PB", "Punkt 3: Skolestruktur"),
        ("PB", "Beslutning"),
        ("B", "Godkendt med følgende tilføjelse:"),
        ("PB", "Skolen bevares"),
        ("B", "i den nuværende form."),
    ])
    assert items["3"].decision == "Godkendt med følgende tilføjelse:\n\nSkolen bevares i den nuværende form."


def test_capitals_on_their_own_are_a_heading_without_font_information():
    items = _items([
        ("P?", "Punkt 3: Skolestruktur"),
        ("P?", "Baggrund"),
        ("?", "Sagen handler om skolerne."),
        ("P?", "BORGMESTERENS BEMÆRKNINGER"),
        ("?", "Borgmesteren anbefaler forslaget."),
    ], body_size=None)
    assert [s.heading for s in items["3"].sections] == ["Baggrund", "BORGMESTERENS BEMÆRKNINGER"]


def test_table_rows_are_never_headings_or_items():
    items = _items([
        ("PB", "Punkt 3: Skolestruktur"),
        ("PB", "Sagsfremstilling"),
        ("", "Elevtal:"),
        ("PBT", "Skole | 2024 | 2025"),
        ("BT", "4. Nordskolen | 410 | 398"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
    ])
    assert list(items) == ["3"]
    assert items["3"].sections[0].text == "Elevtal:\n\nSkole | 2024 | 2025\n4. Nordskolen | 410 | 398"
    assert items["3"].decision == "Godkendt."


# --- other councils' layouts, rule by rule ----------------------------------------------------


def test_single_number_items_keep_their_own_text_and_decision():
    items = _items([
        ("PB", "1. Godkendelse af dagsorden"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PB", "2. Meddelelser"),
        ("P", "Borgmesteren orienterede om økonomiaftalen."),
        ("PB", "Beslutning"),
        ("", "Taget til efterretning."),
    ])
    assert [(n, i.title, i.decision) for n, i in items.items()] == [
        ("1", "Godkendelse af dagsorden", "Godkendt."),
        ("2", "Meddelelser", "Taget til efterretning."),
    ]
    assert items["2"].section_text() == "Borgmesteren orienterede om økonomiaftalen."


def test_single_number_items_without_font_information():
    items = _items([
        ("P?", "1. Godkendelse af dagsorden"),
        ("P?", "Beslutning"),
        ("?", "Godkendt."),
        ("P?", "2. Eventuelt"),
        ("P?", "Beslutning"),
        ("?", "Intet."),
    ], body_size=None)
    assert [(n, i.decision) for n, i in items.items()] == [("1", "Godkendt."), ("2", "Intet.")]


def test_group_heading_followed_by_sub_items_stays_a_group():
    items = _items([
        ("PBL", "3. Regionalpolitiske sager"),
        ("P", "Sagerne er forberedt af KKR-sekretariatet."),
        ("PB", "3.1. Erhvervshus"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PBL", "4. Eventuelt"),
        ("P", "Intet at bemærke."),
    ])
    assert list(items) == ["3.1", "4"]
    assert items["3.1"].group == "3. Regionalpolitiske sager"
    assert items["4"].section_text() == "Intet at bemærke." and items["4"].decision == ""


def test_numbered_lists_dates_and_names_never_become_items():
    items = _items([
        ("PBL", "1. Godkendelse af dagsorden"),
        ("P", "2. Dels at dagsordenen godkendes"),  # a list line in regular type
        ("PB", "3. januar 2024 trådte reglerne i kraft"),  # a date, bold
        ("PB", "2) Økonomi"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PBL", "2. Anne Holm (A)"),  # a member in a numbered list of names
        ("PBL", "2. Meddelelser"),
    ])
    assert list(items) == ["1", "2"] and items["2"].title == "Meddelelser"
    assert "2. Dels at dagsordenen godkendes" in items["1"].section_text()


def test_a_numbered_bold_line_in_another_style_than_the_items_is_not_an_item():
    items = _items([
        ("PBL", "1. Skolestruktur"),
        ("PB", "2. Økonomi"),  # a body-size bold sub-heading; the items are set larger
        ("", "Udgifterne falder."),
        ("PBL", "2. Eventuelt"),
    ])
    assert list(items) == ["1", "2"] and items["2"].title == "Eventuelt"
    assert [s.heading for s in items["1"].sections] == ["2. Økonomi"]


def test_punkt_and_sag_nr_variants():
    items = _items([
        ("PB", "Pkt. 3 Godkendelse af dagsorden"),
        ("P", "Punkt 3 blev behandlet først."),  # a sentence, not an item
        ("PB", "Punkt 4."),
        ("PB", "Meddelelser"),
        ("PB", "Sag nr. 5"),
        ("PB", "Eventuelt"),
        ("P", "Sag 306-2009-600"),  # a case number, not an item
    ])
    assert [(n, i.title) for n, i in items.items()] == [
        ("3", "Godkendelse af dagsorden"), ("4", "Meddelelser"), ("5", "Eventuelt"),
    ]
    assert items["5"].case_number == "Sag 306-2009-600"
    assert items["3"].section_text() == "Punkt 3 blev behandlet først."


def test_title_printed_above_its_number_line():
    items = _items([
        ("PBL", "Godkendelse af dagsorden"),
        ("", "Sag nr. 129"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PBL", "Lokalplan 145 for boliger ved Karrébyen –"),
        ("BL", "endelig vedtagelse"),
        ("", "Sag nr. 130"),
        ("PB", "Beslutning"),
        ("", "Vedtaget."),
    ])
    assert [(n, i.title, i.decision) for n, i in items.items()] == [
        ("129", "Godkendelse af dagsorden", "Godkendt."),
        ("130", "Lokalplan 145 for boliger ved Karrébyen – endelig vedtagelse", "Vedtaget."),
    ]


def test_inline_decision_and_attendance_labels():
    items = _items([
        ("PB", "Punkt 1: Skolestruktur"),
        ("PB", "Beslutning i Byrådet den 27-03-2024"),
        ("", "Fraværende:"),
        ("", "Anne Holm (A), Bent Kjær (V)"),
        ("", "Godkendt."),
        ("PB", "Punkt 2: Eventuelt"),
        ("P", "Beslutning: Intet."),
        ("", "Afbud: Carina Lund (A)"),
    ])
    assert items["1"].decision == "Godkendt."
    assert [(s.heading, s.text) for s in items["1"].sections] == [("Fraværende", "Anne Holm (A), Bent Kjær (V)")]
    assert items["2"].decision == "Intet."
    assert [(s.heading, s.text) for s in items["2"].sections] == [("Afbud", "Carina Lund (A)")]


def test_several_decisions_keep_who_decided():
    items = _items([
        ("PB", "Punkt 1: Skolestruktur"),
        ("PB", "Beslutning i Økonomiudvalget den 12-03-2024"),
        ("", "Anbefales."),
        ("PB", "Beslutning i Byrådet den 27-03-2024"),
        ("", "Godkendt."),
        ("PB", "Punkt 2: Budget"),
        ("PB", "Økonomiudvalget, 12-03-2024, pkt. 31"),
        ("", "Indstilles godkendt."),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
    ])
    assert items["1"].decision == (
        "Beslutning i Økonomiudvalget den 12-03-2024:\nAnbefales.\n\nBeslutning i Byrådet den 27-03-2024:\nGodkendt."
    )
    assert (
        items["2"].decision == "Økonomiudvalget, 12-03-2024, pkt. 31:\nIndstilles godkendt.\n\nBeslutning:\nGodkendt."
    )


def test_decision_in_a_ruled_two_column_table():
    items = _items([
        ("PB", "Punkt 1: Skolestruktur"),
        ("PT", "Indstilling | Direktionen indstiller, at skolerne samles."),
        ("T", "Beslutning | Godkendt."),
    ])
    assert items["1"].decision == "Godkendt."
    assert [(s.heading, s.text) for s in items["1"].sections] == [
        ("Indstilling", "Direktionen indstiller, at skolerne samles.")
    ]


def test_meeting_end_and_signatures_stay_out_of_the_last_decision():
    items = _items([
        ("PB", "Punkt 9: Eventuelt"),
        ("PB", "Beslutning"),
        ("", "Intet."),
        ("", "Mødet sluttede kl. 21.33"),
        ("PB", "Underskrifter"),
        ("", "Anne Holm (A)"),
    ])
    assert items["9"].decision == "Intet."
    assert [s.heading for s in items["9"].sections] == ["Mødets afslutning", "Underskrifter"]


def test_a_dagsorden_first_page_titled_dagsorden_is_not_a_toc():
    items = _items([
        ("PBL", "Dagsorden"),
        ("PB", "1. Godkendelse af dagsorden"),
        ("P", "Dagsordenen foreslås godkendt."),
        ("PB", "2. Meddelelser"),
        ("P", "Formanden orienterer."),
        ("PB", "3. Eventuelt"),
        ("P", "Ingen punkter."),
    ])
    assert list(items) == ["1", "2", "3"] and items["3"].decision == ""


def test_an_untitled_contents_list_without_page_numbers_is_not_taken_for_the_items():
    items = _items([
        ("PBL", "1. Godkendelse af dagsorden"),
        ("BL", "2. Skoledistrikter"),
        ("BL", "3. Eventuelt"),
        ("PBL", "1. Godkendelse af dagsorden"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("PBL", "2. Skoledistrikter"),
        ("PB", "Beslutning"),
        ("", "Sendes i høring."),
        ("PBL", "3. Eventuelt"),
    ])
    assert [(n, i.decision) for n, i in items.items()] == [("1", "Godkendt."), ("2", "Sendes i høring."), ("3", "")]
