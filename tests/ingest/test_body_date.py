"""Body and date of a meeting from the document's own words: titles, covers, running headers."""
from __future__ import annotations

import pytest

from bot.ingest.body_date import find_body_and_date, tidy_body
from bot.ingest.lines import Document, Line


def _found(texts: list[str], furniture: list[str] | None = None, headers=None) -> tuple[str | None, str | None]:
    doc = Document(lines=[Line(text=t, page=1, para_break=True) for t in texts], pages=1,
                   furniture=furniture or [], headers=headers or [])
    return find_body_and_date(doc)


@pytest.mark.parametrize("first_line, body, date", [
    ("REFERAT Aarhus Byråd d. 27-08-2025", "Aarhus Byråd", "2025-08-27"),
    ("Referat af møde i Økonomiudvalget den 3. marts 2025", "Økonomiudvalget", "2025-03-03"),
    ("Referat fra møde i Økonomiudvalget tirsdag den 18. maj 2010 kl. 15.00", "Økonomiudvalget", "2010-05-18"),
    ("Referat - Byrådet 27. marts 2024", "Byrådet", "2024-03-27"),
    ("Økonomiudvalget – Referat – 1. oktober 2018", "Økonomiudvalget", "2018-10-01"),
    ("Beslutningsprotokol Kommunalbestyrelsen 12.03.2024", "Kommunalbestyrelsen", "2024-03-12"),
])
def test_title_lines(first_line, body, date):
    assert _found([first_line, "1. Godkendelse af dagsorden"]) == (body, date)


@pytest.mark.parametrize("cover, body, date", [
    (["Referat", "Økonomiudvalget", "Mødedato: 12. marts 2024", "Tidspunkt: 16:00", "Mødested: Rådhuset",
      "Fraværende: Bent Kjær (V)"], "Økonomiudvalget", "2024-03-12"),
    (["Teknik- og Miljøudvalget", "Referat", "Dato: 04.04.2024", "Tidspunkt: 15:00"],
     "Teknik- og Miljøudvalget", "2024-04-04"),
    (["Byrådet - Referat", "Dato: 29. januar 2020", "Lokale: Byrådssalen"], "Byrådet", "2020-01-29"),
    (["REFERAT", "ØKONOMIUDVALGET", "Mødedato: 12.03.2024"], "Økonomiudvalget", "2024-03-12"),
    (["Dagsorden", "Børne- og Skoleudvalget", "Mødedato: 15. maj 2024"], "Børne- og Skoleudvalget", "2024-05-15"),
])
def test_covers(cover, body, date):
    assert _found(cover) == (body, date)


def test_running_header_then_furniture():
    assert _found(["1. Godkendelse"], headers=[("Økonomiudvalget", "12-03-2024")]) == ("Økonomiudvalget", "2024-03-12")
    assert _found(["1. Godkendelse"], furniture=["Egeby Kommune", "Referat - Byrådet 27. marts 2024"]) == (
        "Byrådet", "2024-03-27")
    assert _found(["1. Godkendelse"], furniture=["Egeby Kommune", "Økonomiudvalget, 12-03-2024"]) == (
        "Økonomiudvalget", "2024-03-12")


def test_field_dates_are_not_taken_from_times_or_places():
    assert _found(["Referat", "Økonomiudvalget", "Tidspunkt: 16:00", "Mødested: Vej 12"]) == ("Økonomiudvalget", None)


def test_tidy_body():
    assert [tidy_body(b) for b in ("ØKONOMIUDVALGET", "KKR HOVEDSTADEN", "Byrådet ", "AARHUS  BYRÅD")] == [
        "Økonomiudvalget", "KKR Hovedstaden", "Byrådet", "Aarhus Byråd"]
