"""Recognising headings: items, decision headings, inline labels, case numbers."""
from __future__ import annotations

import pytest

from bot.decision_text import is_decision_heading, join_decisions, split_decisions
from bot.ingest.headings import (
    find_case_number,
    match_item,
    match_single,
    split_inline_label,
)


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
