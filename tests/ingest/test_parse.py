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
