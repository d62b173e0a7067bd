"""FirstAgenda Publication JSON: real Greve meetings (excerpts in tests/fixtures/greve/) read item by item.

The expected values were read off each item's HTML by hand (see tests/fixtures/greve/README.md).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest.firstagenda import (
    decode_publication,
    display_body,
    is_publication,
    normalise_case_number,
    parse_publication,
)
from bot.ingest.lines import IngestError
from bot.knowledge.sources import ingest_bytes
from bot.model import Item, Meeting

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "greve"
SITE = "https://dagsordener.greve.dk"


def fixture(name: str) -> Path:
    return next(FIXTURES.glob(f"{name}*.json"))


def ingest(name: str, kommune: str | None = "Greve Kommune", url: str | None = SITE) -> Meeting:
    path = fixture(name)
    return ingest_bytes(path.read_bytes(), path.name, url=url, municipality=kommune)


def item(meeting: Meeting, number: str) -> Item:
    return next(i for i in meeting.items if i.number == number)


@pytest.fixture(scope="module")
def byraad_2023_03_06() -> Meeting:
    return ingest("byraad-2022-2025_2023-03-06T1900")


def test_meeting_header(byraad_2023_03_06: Meeting):
    m = byraad_2023_03_06
    assert (m.body, m.body_source, m.municipality) == ("Greve Byråd", "Byråd 2022-2025", "Greve Kommune")
    assert (m.date, m.time, m.location) == ("2023-03-06", "19:00", "Byrådssalen")
    assert m.source_id == "9bc22f7f-1f4f-4d2b-8f57-ecbd62e2bd43"
    assert m.source_url == SITE and m.pages is None
    assert m.source_file == fixture("byraad-2022-2025_2023-03-06T1900").name and len(m.source_sha256 or "") == 64
    assert [i.number for i in m.items] == ["1", "3", "13", "19", "24", "27"]


def test_meeting_absence_from_the_attendee_list():
    m = ingest("byraad-2022-2025_2022-12-12")
    assert m.absent == ["John T. Olsen", "Marc Genning"]  # Moede.Moededeltagere: Absent / ParticipationCancelled


def test_items_titles_case_numbers_and_links(byraad_2023_03_06: Meeting):
    first = item(byraad_2023_03_06, "1")
    assert (first.title, first.case_number, first.decision) == (
        "Godkendelse af dagsorden", "21-014420", "Dagsordenen blev godkendt.")
    assert first.source_id == "ce8adf51-a133-4123-a1cc-d22453ad7556"
    assert first.url == f"{SITE}/Vis/Pdf/bilag/b2a50f60-0a0d-4e35-9ce2-2a844784f043"
    assert [s.heading for s in first.sections] == ["Sagsprocedure", "Resume", "Indstilling"]
    assert first.sections[0].text == "Byrådet."
    assert first.outcome == "godkendt" and first.formal


def test_without_a_site_no_item_is_linked():
    m = ingest("byraad-2022-2025_2023-03-06T1900", url=None)
    assert m.source_url is None and all(i.url is None for i in m.items)


def test_a_closed_item_keeps_its_title_and_its_published_decision(byraad_2023_03_06: Meeting):
    closed = item(byraad_2023_03_06, "3")
    assert closed.title == "Lukket: Orientering" and closed.closed
    assert closed.sections == [] and closed.url is None  # no case text, no document on the site
    assert closed.decision == "Orienteringen blev taget til efterretning."
    assert closed.outcome == "taget til efterretning"


def test_a_closed_item_whose_decision_is_not_released_has_none():
    m = ingest("byraad-2022-2025_2023-10-02")
    closed = item(m, "4")
    assert closed.title == "Lukket: Indkaldelse af stedfortræder for Mehmet Zeki Dogru" and closed.closed
    assert closed.decision == "" and closed.outcome == "ingen beslutning"


def test_votes_after_the_decision_are_facts_not_decision_text(byraad_2023_03_06: Meeting):
    it = item(byraad_2023_03_06, "19")
    assert it.decision == (
        "Med stemmerne 15 for og 3 imod godkendte byrådet Greve Kommunes input til anlægslov for modernisering af "
        "Køge Bugt Strandpark, inkl. Greve Marinas forslag (bilag 5)\n\n"
        "For stemte (V), (A) og (C).\n\n"
        "Imod stemte (D), (Ø) og Liselott Blixt (UP). (D) med bemærkning om, at (D) stemmer imod ”da vi som "
        "kommune skal sikre bevarelse af beskyttede naturtyper og natur.”"
    )
    # The closing "(F) undlod at stemme." is a tally: it leaves the text and is a vote.
    assert [(v.position, v.parties) for v in it.votes] == [
        ("for", ["V", "A", "C"]), ("imod", ["D", "Ø", "Liselott Blixt (UP)"]), ("undlod", ["F"])]
    assert it.votes[2].text == "(F) undlod at stemme."
    assert [d.who for d in it.dissent] == ["D, Ø, Liselott Blixt (UP)", "F"]
    assert it.outcome == "godkendt" and it.stage == "endelig"


def test_a_member_named_without_party_votes_too(byraad_2023_03_06: Meeting):
    it = item(byraad_2023_03_06, "27")
    assert it.votes[0].parties == ["V", "A", "D", "Ø", "Liselott Blixt"]
    assert it.votes[1].text == "Imod stemte (C) med bemærkning om, at C støtter administrationens indstilling."


def test_item_absence_from_the_attendee_list_and_the_decision(byraad_2023_03_06: Meeting):
    assert item(byraad_2023_03_06, "24").absent == ["John T. Olsen", "Bjarke Abel", "Per Lund Sørensen",
                                                   "Torben Hoffmann"]


def test_a_lone_vote_label_takes_the_voters_from_the_lines_below():
    it = item(ingest("byraad-2022-2025_2022-12-12"), "17")
    assert it.decision.startswith("Med stemmerne 17 for og 2 imod godkendte byrådet Økonomiudvalgets indstilling.\n\n"
                                  "For stemte: (V), (A), (C), (D) og Liselott Blixt (UP).\n\nImod stemte:\n\n"
                                  "(F) med bemærkning om, ”at SF stemmer imod, da vi ønsker")
    assert it.decision.endswith("(Ø) med bemærkning om, ”at Enhedslisten stemmer imod, fordi Enhedslisten vil være "
                                "sikker på, at sauna ikke lukkes i hele 2023.”")
    assert [(v.position, v.parties) for v in it.votes] == [
        ("for", ["V", "A", "C", "D", "Liselott Blixt (UP)"]), ("imod", ["F", "Ø"])]
    assert [d.who for d in it.dissent] == ["F, Ø"]


def test_votes_between_numbered_decisions_stay_in_the_text():
    it = item(ingest("byraad-2022-2025_2023-10-02"), "12")
    parts = it.decision.split("\n\n")
    assert parts[:3] == [
        "Med stemmerne 1 for og 20 imod afviste Byrådet indstillingspunkt 1a - budgetforslag fremlagt af (Ø).",
        "For stemte (Ø).",
        "Imod stemte (V), (A), (C), Liselott Blixt (UP-1), Hans-Jørgen Kirstein (UP-2) og (F).",
    ]
    assert parts[-1] == "Byrådet godkendte indstillingspunkt 5, 6, 7, 8, 10, 11, 12, 13 og 14."
    assert len(it.votes) == 5 and it.votes[-1].parties == ["Ø"] and it.votes[-1].text.startswith("Imod stemte Ø. ")


def test_closed_items_with_votes():
    m = ingest("byraad-2022-2025_2022-05-23")
    it = item(m, "7")
    assert it.closed and it.decision == (
        "Med stemmerne 13 for og 8 imod godkendte Byrådet Økonomiudvalgets indstilling.\n\n"
        "For stemte: (V), (D), Liselott Blixt (UP), og (C).\n\n"
        "Imod stemte: (A), (F) og (Ø) med bemærkning om, at opgaven varetages af Greve Kommune.")
    assert [(v.position, v.parties) for v in it.votes] == [("for", ["V", "D", "Liselott Blixt (UP)", "C"]),
                                                           ("imod", ["A", "F", "Ø"])]


def test_trailing_tallies_leave_the_decision_and_the_history_is_kept():
    it = item(ingest("byraad-2022-2025_2022-05-23"), "17")
    assert it.decision == (
        "Med stemmer 19 for og 1 imod godkendte Byrådet administrationens indstillingspunkt 1 med bemærkning om, at "
        "den fælles overordnede vision bærer navnet ”Naturligvis Greve - gennem helhedssyn og fællesskaber”.\n\n"
        "Yderligere godkendte Byrådet med stemmerne 19 for og 1 imod administrationens indstillingspunkt 2 og 3.")
    assert [(v.position, v.parties, v.text) for v in it.votes] == [
        ("for", ["V", "D", "Liselott Blixt (UP)", "A", "C"], "For stemte: (V), (D), Liselott Blixt (UP), (A) og (C)."),
        ("imod", ["Ø"], "Imod stemte: (Ø)."),
        ("undlod", ["F"], "(F) undlod at tage stilling."),
    ]
    assert [(h.heading, h.date, h.body) for h in it.history] == [
        ("28-03-2022 Økonomiudvalget", "2022-03-28", "Økonomiudvalget"),
        ("09-05-2022 Økonomiudvalget", "2022-05-09", "Økonomiudvalget"),
    ]
    assert it.history[1].text.startswith("Økonomiudvalget undlod at tage stilling.\n\nFrem mod byrådsmødet")
    assert "Supplerende sagsfremstilling den 17. maj 2022" in [s.heading for s in it.sections]


def test_history_leaves_out_this_meeting_and_stages_not_yet_decided():
    it = item(ingest("beskaeftigelses-og-erhvervsudvalget_2022-01-10"), "5")
    # Sagens forløb: 10-01-2022 (this meeting), 24-01-2022 and 31-01-2022, each "Beslutning ikke frigivet".
    assert it.history == []


def test_history_dates_with_slashes():
    it = item(ingest("byraad-2022-2025_2025-09-08T1730"), "35")
    assert [(h.heading, h.date, h.body) for h in it.history] == [
        ("12/08/2025 Plan- og Tryghedsudvalget", "2025-08-12", "Plan- og Tryghedsudvalget"),
        ("27/08/2025 Økonomiudvalget", "2025-08-27", "Økonomiudvalget"),
    ]
    assert it.history[1].text.startswith("Undlader.\n\nØkonomiudvalget ønsker frem mod Byrådsmødet")


def test_numbered_votes_after_the_decision():
    it = item(ingest("byraad-2022-2025_2025-09-08T1730"), "35")
    assert it.decision == ("Liselott Blixt (UP1) og V stemmer for V's ændringsforslag i Plan- og Tryghedsudvalget."
                           "\n\nByrådet godkendte Plan- og Tryghedsudvalgets indstilling.")
    assert [(v.position, v.parties, v.text) for v in it.votes] == [
        ("for", ["Liselott Blixt (UP1)", "V"], "Liselott Blixt (UP1) og V stemmer for V's ændringsforslag i Plan- og "
                                               "Tryghedsudvalget."),
        ("for", ["F"], "Ad 1, for stemte: F"), ("imod", ["F"], "Ad 2, imod stemte: F"),
        ("undlod", ["F"], "Ad 3, undlod at stemme: F"), ("for", ["F"], "Ad 4, for stemte: F"),
    ]
    assert it.absent == ["Per Lund Sørensen", "Conni Bergendorff"]  # "Afbud: Per Lund Sørensen, Conni Bergendorff"


def test_the_decision_after_the_repeated_title():
    m = ingest("beskaeftigelses-og-erhvervsudvalget_2023-01-09")
    assert (m.body, m.body_source, m.time) == ("Beskæftigelses- og Erhvervsudvalget", None, "08:00")
    assert item(m, "1").decision == "Godkendt."
    assert item(m, "2").decision == ("Udvalget drøftede politikken og ønskede fokus på digitalisering i møderne og "
                                     "indsatserne hvor det kan skabe værdi.")
    assert item(m, "2").outcome == "drøftet"
    # "med bemærkning om …" stays in the decision.
    assert item(m, "7").decision == ("Orienteringerne blev taget til efterretning med bemærkning om, at "
                                     "virksomhedsbesøg ønskes planlagt den 27. februar 2023.")
    assert item(m, "7").outcome == "taget til efterretning"
    assert [s.heading for s in item(m, "2").sections] == [
        "Sagsprocedure", "Resume", "Indstilling", "Sagsbeskrivelse", "Lovgrundlag", "Økonomiske konsekvenser",
        "Kommunikation", "Tidsplan"]
    assert item(m, "1").absent == ["Brigitte Klintskov Jerkel", "Kenneth Jerkel"]


def test_a_signature_sheet_and_a_lone_dot_are_no_decision():
    assert item(ingest("beskaeftigelses-og-erhvervsudvalget_2023-01-09"), "9").decision == ""
    sheet = item(ingest("beskaeftigelses-og-erhvervsudvalget_2022-01-10"), "9")  # <h3>Beslutning</h3><span>.</span>
    assert sheet.decision == "" and sheet.outcome == "ingen beslutning"


def test_tables_become_rows_and_lists_keep_their_markers():
    text = item(ingest("beskaeftigelses-og-erhvervsudvalget_2022-01-10"), "5").sections[3].text
    assert "Placering | 3. kvt. 2020 - 2. kvt. 2021 | 1. kvt. 2020 - 4. kvt. 2020 | 3. kvt. 2019 - 2. kvt. 2020\n" \
           "Alle ydelser | 18 | 20 | 29\nA-dagpenge mv. | 41 | 60 | 64\n" in text
    assert "- 10 helårspersoner færre end forventet på a-dagpenge ud fra kommunens rammevilkår.\n" \
           "- 20 helårspersoner færre end forventet på sygedagpenge mv. ud fra kommunens rammevilkår.\n" in text
    # A sub-heading inside Sagsbeskrivelse stays in it, as a paragraph of its own.
    assert "\n\nA-dagpenge\n\nDer er sket en forbedring i rangeringen" in text
    calendar = item(ingest("beskaeftigelses-og-erhvervsudvalget_2022-01-10"), "8").sections[3].text
    assert "Aktiviteter i 2021 | Dato | Kl.\nJanuar |  | \nBeskæftigelses- og Erhvervsudvalget | 10. januar | 08.00" \
           in calendar


def test_two_meetings_of_one_body_on_one_day_are_two_meetings():
    early, late = ingest("byraad-2022-2025_2025-09-08T1715"), ingest("byraad-2022-2025_2025-09-08T1730")
    assert (early.date, early.time, late.date, late.time) == ("2025-09-08", "17:15", "2025-09-08", "17:30")
    assert early.key == late.key  # a question names the body's meetings that day
    assert early.identity != late.identity


@pytest.mark.parametrize("name, municipality, expected", [
    ("Byråd 2022-2025", "Greve Kommune", "Greve Byråd"),
    ("Byråd 2022-2025", None, "Byråd"),
    ("Byrådet 2018-21", "Aarhus Kommune", "Aarhus Byråd"),
    ("Kommunalbestyrelsen 2022-2025", "Gribskov Kommune", "Gribskov Kommunalbestyrelse"),
    (".Spørgsmål / Svar til Byrådet 2022-2025", "Greve Kommune", "Spørgsmål / Svar til Byrådet"),
    ("Økonomiudvalget", "Greve Kommune", "Økonomiudvalget"),
    ("Klima-, Teknik- og Miljøudvalget", "Greve Kommune", "Klima-, Teknik- og Miljøudvalget"),
    ("Udvalget for Teknik og Miljø (2022 - 2025)", None, "Udvalget for Teknik og Miljø"),
])
def test_display_body(name, municipality, expected):
    assert display_body(name, municipality) == expected


def test_case_numbers_are_one_spelling():
    assert normalise_case_number(" 20-010677k ") == "20-010677K"
    assert normalise_case_number("21 - 014448") == "21-014448"
    assert normalise_case_number("") is None and normalise_case_number(None) is None


def test_the_same_case_links_across_meetings():
    committee = item(ingest("byraad-2022-2025_2023-03-06T1900"), "24")
    assert committee.case_number == "22-000248"
    assert committee.history[-1].body == "Økonomiudvalget"


def test_a_publication_is_recognised_by_its_content():
    assert is_publication(b'  \n{"Dagsordenpunkter": []}') and is_publication(b'\xef\xbb\xbf{}')
    assert not is_publication(b"%PDF-1.7") and not is_publication(b"[1, 2]")


@pytest.mark.parametrize("data, reason", [
    (b'{"Dagsordenpunkter": [', "afkortet"),
    (b'{"Moede": 1,}', "ugyldig JSON"),
    (b'{"Dagsordenpunkter": []}', "ikke et FirstAgenda-referat: mangler 'Moede.Dato'"),
    (b'{"Dagsordenpunkter": [], "Moede": {"Dato": "2024-01-01T10:00:00+01:00"}}', "mangler 'Udvalg.Navn'"),
    (b'{"Moede": {}}', "mangler 'Dagsordenpunkter'"),
    (b'{"Dagsordenpunkter": [{"Navn": ""}], "Moede": {"Dato": "2024-01-01"}, "Udvalg": {"Navn": "X"}}',
     "dagsordenspunkt nr. 1 har ingen titel"),
    (b'\xff\xfe{', "UTF-8"),
])
def test_broken_documents_are_named_in_danish(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode_publication(data)


def test_a_bad_date_is_an_ingest_error():
    doc = {"Dagsordenpunkter": [], "Moede": {"Dato": "i morgen"}, "Udvalg": {"Navn": "X"}}
    with pytest.raises(IngestError, match="ugyldig mødedato"):
        parse_publication(doc)


def test_a_minimal_document():
    doc = json.loads('{"Id": "a1", "Udvalg": {"Navn": "Økonomiudvalget"}, "Moede": {"Dato": "2024-03-12"},'
                     '"Dagsordenpunkter": [{"Punktnummer": "1", "Navn": "Godkendelse af dagsorden", "Felter": ['
                     '{"Html": "<h3>Beslutning</h3><span>Godkendt.</span><p>Fraværende: Anne Hansen</p>"}]}]}')
    m = parse_publication(doc)
    assert (m.body, m.date, m.time, m.municipality, m.source_id) == ("Økonomiudvalget", "2024-03-12", None, None, "a1")
    assert (m.items[0].decision, m.items[0].absent) == ("Godkendt.", ["Anne Hansen"])
