"""Which case numbers are cases (bot/knowledge/case_numbers.py): one answer for search and /sag."""
from __future__ import annotations

import pytest

from bot.knowledge.case_numbers import CaseNumbers, normalise_case_number, same_decision
from tests.case_fixtures import committee_year


@pytest.mark.parametrize("raw, expected", [
    ("SAG-2022-03934", "SAG-2022-03934"), (" sag-2022-03934 ", "SAG-2022-03934"), ("Sagsnr. 24/1234", "24/1234"),
    ("22 012345", "22-012345"), ("emn-2025-01234", "EMN-2025-01234"), ("Sagsnummer: 299835", "299835"),
    ("", None), (None, None),
])
def test_case_numbers_are_compared_normalised(raw: str | None, expected: str | None) -> None:
    assert normalise_case_number(raw) == expected


def test_a_standing_item_is_no_case_and_a_case_back_at_one_committee_is_one() -> None:
    meetings = committee_year()
    numbers = CaseNumbers((m, i) for m in meetings for i in m.items)
    assert numbers.standing == {"21-014501"}
    assert numbers.why_not_a_case("21-014501").startswith("er et fast punkt på dagsordenen i Økonomiudvalget")
    assert len(numbers.by_number["22-011409"]) == 5
    sheet, case = meetings[0].items[0], meetings[0].items[2]
    assert numbers.is_standing(sheet) and numbers.case_of(sheet) is None
    assert numbers.case_of(case) == "22-011409"


@pytest.mark.parametrize(("a", "b", "one"), [
    # Real Greve titles under one journal number: one decision at two stages ...
    ("Forældrebetaling på Bugtskolen SFO og Havana SFO", "Lukket: Forældrebetaling på Bugtskolen SFO og Havana SFO",
     True),
    ("Selvforvaltningsaftale om driftstilskudfor Karlslunde Idrætsforening",
     "Selvforvaltningsaftale om driftstilskud for Karlslunde Idrætsforening", True),
    ("Afledte anlægsprojekter ved salg af Hundige Øst", "Afledte anlægsprojekter ifm. salg af Hundige Øst", True),
    # ... and other decisions filed under the same number: a word or a number apart.
    ("Godkendelse af udkast til Affaldsplan 2023-2034", "Godkendelse af Affaldsplan 2023-2034", False),
    ("Status på salg af Villa Sitka", "Status på udbud af Villa Sitka", False),
    ("Mødekalender for Byrådet og Økonomiudvalget i 2024", "Mødekalender for Byrådet og Økonomiudvalget i 2025", False),
    ("Vandforsyningsplan - Forslag til tillæg 2", "Vandforsyningsplan, Forslag til Tillæg 1", False),
    ("Forældrebetaling på Bugtskolen SFO og Havana SFO", "Orientering om suspension af forældelsesfristen "
     "vedrørende forældrebetaling til Bugtskolen og Havana SFO og Havana", False),
])
def test_one_decision_keeps_its_title_from_stage_to_stage(a: str, b: str, one: bool) -> None:
    assert same_decision(a, b) is one
    assert same_decision(b, a) is one
