"""The parser on lines as a PDF reader gives them: headings recognised by their look."""
from __future__ import annotations

from bot.ingest.lines import Document, Line
from bot.ingest.parse import parse_document


def _doc(rows: list[tuple[str, str]], body_size: float | None = 10.0) -> Document:
    """rows: (style, text); style letters: P paragraph gap, W a wider gap (a block break), B bold,
    L larger (14pt), T table row, ? no font info."""
    lines = []
    for style, text in rows:
        known = "?" not in style
        lines.append(
            Line(
                text=text, page=1, para_break="P" in style or "W" in style, block_break="W" in style,
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


# --- publishing systems (issue 12) -------------------------------------------------------------


def test_a_block_break_ends_the_decision_before_an_untitled_field():
    items = _items([
        ("PB", "Punkt 1: Lokalplan 1187"),
        ("PB", "Beslutninger"),
        ("", "Vedtaget med 27 stemmer for og 4 imod."),
        ("P", "Dansk Folkeparti stemte imod."),
        ("W", "BESLUTNINGSFORSLAG FRA DF OM TRAFIKKEN"),
        ("P", "Dansk Folkeparti foreslår, at der laves en trafikplan."),
        ("WB", "Resume"),
        ("", "Planen giver plads til 320 boliger."),
    ])
    assert items["1"].decision == "Vedtaget med 27 stemmer for og 4 imod.\n\nDansk Folkeparti stemte imod."
    assert [(s.heading, s.text) for s in items["1"].sections] == [
        ("Tekst", "BESLUTNINGSFORSLAG FRA DF OM TRAFIKKEN\n\nDansk Folkeparti foreslår, at der laves en trafikplan."),
        ("Resume", "Planen giver plads til 320 boliger."),
    ]


def test_a_block_break_before_lower_case_is_the_decision_going_on():
    items = _items([
        ("PB", "Punkt 1: Lokalplan 1187"),
        ("PB", "Beslutninger"),
        ("", "Vedtaget med 27 stemmer for og 4 imod, idet"),
        ("W", "forvaltningen bad om en ny trafiktælling."),
    ])
    assert items["1"].decision == "Vedtaget med 27 stemmer for og 4 imod, idet\n\nforvaltningen bad om en ny trafiktælling."


def test_a_block_break_outside_a_decision_changes_nothing():
    items = _items([
        ("PB", "Punkt 1: Lokalplan 1187"),
        ("PB", "Resume"),
        ("", "Planen giver plads til 320 boliger."),
        ("W", "Der er kommet 14 høringssvar."),
    ])
    assert [(s.heading, s.text) for s in items["1"].sections] == [
        ("Resume", "Planen giver plads til 320 boliger.\n\nDer er kommet 14 høringssvar."),
    ]


def test_bare_number_groups_sub_items_without_a_gap_and_labels_without_a_gap():
    items = _items([
        ("PB", "1 First Agenda"),
        ("", "1.1 Status siden sidst"),
        ("", "Oplæg:"),
        ("", "Der er blevet foretaget et servicevindue."),
        ("P", "Referat: Alle skal have indhold."),
        ("P", "1.2 Plan for resten af året"),
        ("", "Oplæg:"),
        ("", "Først og fremmest AD-integration."),
        ("P", "Referat:"),
        ("PB", "2 Eventuelt"),
        ("P", "Referat:"),
    ])
    assert [(i.number, i.title, i.group, i.decision) for i in items.values()] == [
        ("1.1", "Status siden sidst", "1. First Agenda", "Alle skal have indhold."),
        ("1.2", "Plan for resten af året", "1. First Agenda", ""),
        ("2", "Eventuelt", None, ""),
    ]
    assert [(s.heading, s.text) for s in items["1.1"].sections] == [("Oplæg", "Der er blevet foretaget et servicevindue.")]


def test_a_bare_number_in_body_type_is_no_heading():
    items = _items([
        ("PB", "Punkt 1: Bilag"),
        ("PB", "Bilag"),
        ("P", "1 Åben Opsamlingsnotat"),
        ("P", "2 Åben Politik for Kultur og Fritid"),
    ])
    assert list(items) == ["1"]


def test_earlier_decisions_of_this_body_are_history_other_bodies_stay():
    meeting = parse_document(_doc([
        ("PB", "Punkt 7: Kulturkommune 2017"),
        ("PB", "Beslutning i Økonomiudvalget den 03-06-2013"),
        ("", "Anbefales."),
        ("PB", "Beslutning i Byrådet den 10-04-2013"),
        ("", "Udsat."),
        ("PB", "Beslutning i Byrådet den 20-06-2013"),
        ("", "Godkendt."),
    ]), body="Byrådet", date="2013-06-20")
    item = meeting.items[0]
    assert item.decision == (
        "Beslutning i Økonomiudvalget den 03-06-2013:\nAnbefales.\n\nBeslutning i Byrådet den 20-06-2013:\nGodkendt."
    )
    assert [(h.heading, h.text, h.date, h.body) for h in item.history] == [
        ("Beslutning i Byrådet den 10-04-2013", "Udsat.", "2013-04-10", "Byrådet"),
    ]


def test_no_decision_dated_this_meeting_keeps_every_decision():
    # A wrong meeting date must not turn every decision into history.
    meeting = parse_document(_doc([
        ("PB", "Punkt 7: Kulturkommune 2017"),
        ("PB", "Beslutning i Byrådet den 10-04-2013"),
        ("", "Udsat."),
    ]), body="Byrådet", date="2013-06-20")
    assert (meeting.items[0].decision, meeting.items[0].history) == ("Udsat.", [])


def test_absence_notes_fill_absent_presence_lists_do_not():
    items = _items([
        ("PB", "Punkt 1: Skolestruktur"),
        ("PB", "Beslutning"),
        ("", "Godkendt."),
        ("P", "Følgende deltog ikke i behandlingen af punktet:"),
        ("", "Anne Holm (A), Bent Kjær (V) og Carina Lund (A)"),
        ("PB", "Punkt 2: Eventuelt"),
        ("PB", "Beslutning"),
        ("", "Intet."),
        ("P", "Til stede: Dorte Friis (C)"),
    ])
    assert items["1"].decision == "Godkendt."
    assert items["1"].absent == ["Anne Holm (A)", "Bent Kjær (V)", "Carina Lund (A)"]
    assert (items["2"].decision, items["2"].absent) == ("Intet.", [])


def test_a_title_that_splits_a_word_goes_on_over_a_gap():
    items = _items([
        ("PLB", "3.6. Fælles prioriterede infrastrukturprojekter i hovedstadsom-"),
        ("PLB", "rådet (VIP)"),
        ("P", "SAG-2022-03934 gitb"),
        ("PLB", "3.7. Justering af KKR Hovedstadens fælles"),
        ("PLB", "Uddannelsesstrategi"),  # a gap and no split word: a line of its own
    ])
    assert items["3.6"].title == "Fælles prioriterede infrastrukturprojekter i hovedstadsområdet (VIP)"
    assert items["3.7"].title == "Justering af KKR Hovedstadens fælles"
