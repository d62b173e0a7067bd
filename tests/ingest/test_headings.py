"""Recognising headings: items, decision headings, inline labels, case numbers."""
from __future__ import annotations

import pytest

from bot.decision_text import decision_heading_parts, is_decision_heading, join_decisions, split_decisions
from bot.ingest.headings import (
    find_case_number,
    is_absence_label,
    is_attendance_label,
    is_known_section,
    match_bare_number,
    match_group,
    match_item,
    match_single,
    split_inline_label,
)
from bot.ingest.layouts import LAYOUTS


@pytest.mark.parametrize("text, number, title", [
    ("Punkt 7: Forslag til lokalplan", "7", "Forslag til lokalplan"),
    ("Punkt 3.", "3", ""),
    ("Pkt. 42", "42", ""),
    ("Pkt. 3 Godkendelse af dagsorden", "3", "Godkendelse af dagsorden"),
    ("Sag nr. 129", "129", ""),
    ("3.9 (tilføjet): Den aktive beskæftigelsesindsats", "3.9", "Den aktive beskæftigelsesindsats"),
])
def test_item_headings(text, number, title):
    head = match_item(text)
    assert head is not None and (head.number, head.title) == (number, title)


@pytest.mark.parametrize("text", ["Sag 306-2009-600", "Punkt 3 blev udsat.", "Sagsnr. 299835", "2.5 mio. kr. blev"])
def test_not_item_headings(text):
    assert match_item(text) is None


@pytest.mark.parametrize("text, single", [
    ("14. Eventuelt", ("14", "Eventuelt")),
    ("301. Åben dagsorden - godkendelse", ("301", "Åben dagsorden - godkendelse")),
    ("1. januar 2024 trådte loven i kraft", None),
    ("2. Anne Holm (A)", None),
    ("1. at dagsordenen godkendes", None),
])
def test_single_number_headings(text, single):
    assert match_single(text) == single


@pytest.mark.parametrize(
    "heading",
    [
        "Beslutning",
        "Beslutning(er)",
        "Beslutning i Økonomiudvalget den 12-03-2024",
        "Beslutning i Byrådet den 27. marts 2024",
        "Udvalgets beslutning",
        "Byrådets beslutning",
        "Indstilling/Beslutning",
        "Afgørelse",
        "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42",
        "Økonomiudvalget, 18. september 2019, pkt. 153:",
        "Beslutning Økonomiudvalget den 12-03-2024",
        "Beslutning Byrådet 27. marts 2024",
    ],
)
def test_decision_headings(heading):
    assert is_decision_heading(heading)


@pytest.mark.parametrize("heading", ["Beslutningspunkter", "Beslutningskompetence", "Indstilling", "Sagsfremstilling"])
def test_not_decision_headings(heading):
    assert not is_decision_heading(heading)


def test_inline_labels():
    assert split_inline_label("Beslutning: Godkendt.") == ("Beslutning", "Godkendt.")
    assert split_inline_label("Beslutning i Byrådet den 27-03-2024: Godkendt.") == (
        "Beslutning i Byrådet den 27-03-2024", "Godkendt.")
    assert split_inline_label("Fraværende med afbud: Anne Holm (A)") == ("Fraværende med afbud", "Anne Holm (A)")
    assert split_inline_label("Ikke til stede: Bent Kjær (V)") == ("Ikke til stede", "Bent Kjær (V)")
    # Other labels stay in the text they belong to (a Bilag list, a sentence).
    assert split_inline_label("Baggrund: Budgetnotat om mobiliteten") is None
    assert split_inline_label("Tidspunkt: 16:00") is None


def test_decisions_joined_and_split_again():
    parts = [("Beslutning i Økonomiudvalget den 12-03-2024", "Anbefales."), ("Beslutning i Byrådet den 27-03-2024",
             "Godkendt.\n\nØ stemte imod.")]
    joined = join_decisions(parts)
    assert joined == ("Beslutning i Økonomiudvalget den 12-03-2024:\nAnbefales.\n\n"
                      "Beslutning i Byrådet den 27-03-2024:\nGodkendt.\n\nØ stemte imod.")
    assert split_decisions(joined) == parts
    assert join_decisions([("Beslutning", "Godkendt."), ("Beslutning i Byrådet", "")]) == "Godkendt."
    assert split_decisions("Godkendt.") == [(None, "Godkendt.")]


@pytest.mark.parametrize("line, case", [
    ("SAG-2022-03934 gitb", "SAG-2022-03934"), ("EMN-2025-01234", "EMN-2025-01234"),
    ("Sagsnr.: 24/1234", "24/1234"), ("Sagsnr.: 330-2018-3619", "330-2018-3619"), ("Sagsnr. 299835", "299835"),
    ("12-03-2024", None), ("Sag nr. 43", None),
])
def test_case_numbers(line, case):
    assert find_case_number(line) == case


# --- the layouts' vocabulary (bot/ingest/layouts.py) -------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.system)
def test_every_layouts_words_are_recognised(layout):
    for heading in layout.decision_headings:
        assert is_decision_heading(heading) and is_known_section(heading), heading
    for heading in layout.item_headings:
        assert match_item(heading) or match_group(heading) or match_single(heading) or match_bare_number(heading)
    for name in layout.sections:
        assert is_known_section(name.capitalize()), name
    for name in layout.labels:
        # `Referat:` heads a section; `Referat` alone is the document's title.
        assert is_known_section(name.capitalize() + ":") and not is_known_section(name.capitalize()), name
    for name in layout.absence:
        assert is_absence_label(name.capitalize()) and is_attendance_label(name.capitalize() + ":"), name
    for name in layout.presence:
        assert is_attendance_label(name.capitalize()) and not is_absence_label(name.capitalize()), name


@pytest.mark.parametrize("heading, body, date", [
    ("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1", "Sundheds- og Forebyggelsesudvalget",
     "2012-12-04"),
    ("Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013",
     "Udvalget for plan, udvikling og kultur (PUK)", "2013-04-10"),
    ("Beslutning i Byrådet den 27-03-2024", "Byrådet", "2024-03-27"),
    ("Beslutning Byrådet 27. marts 2024", "Byrådet", "2024-03-27"),
    ("Kultur- og Idrætsudvalget, 03-04-2024, pkt. 42", "Kultur- og Idrætsudvalget", "2024-04-03"),
    ("Beslutning", None, None),
    ("Byrådets beslutning", None, None),
])
def test_who_decided_and_when(heading, body, date):
    assert is_decision_heading(heading)
    assert decision_heading_parts(heading) == (body, date)


@pytest.mark.parametrize("text", [
    "Kommunalbestyrelsen den 30. januar 2012 Punkt 5",  # a reference to an earlier meeting, no heading
    "Beslutningen træffes af",
])
def test_not_dated_decision_headings(text):
    assert not is_decision_heading(text)


def test_bare_number_headings():
    assert match_bare_number("1 First Agenda") == ("1", "First Agenda")
    assert match_bare_number("3 Eventuelt") == ("3", "Eventuelt")
    assert match_bare_number("2016 Budget") is None
    assert match_bare_number("2 mio. kr. blev bevilget") is None
