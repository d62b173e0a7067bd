"""Ingest of referater in the layouts other Danish councils publish (fixtures in layout_fixtures.py).

Every item's number, title, start page, decision page and verbatim decision is written
out by hand from the fixture's source; so are the meeting's body and date and each
item's sections (its body text), so nothing leaks in or goes missing.
"""
from __future__ import annotations

import pytest

from bot.highlights import build_highlights
from bot.ingest.pdf import read_pdf
from bot.knowledge.sources import ingest_bytes
from tests.ingest import layout_fixtures as fixtures

BESLUTNING_OU = "Beslutning i Økonomiudvalget den 12-03-2024"
BESLUTNING_BR = "Beslutning i Byrådet den 27-03-2024"
FRAVAER = ("Fraværende", "Bent Kjær (V)")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {
        "okonomi": fixtures.okonomiudvalg_pdf(),
        "byraad": fixtures.byraad_pdf(),
        "kultur": fixtures.kultur_pdf(),
        "teknik": fixtures.teknik_pdf(),
        "dagsorden": fixtures.dagsorden_pdf(),
    }


@pytest.fixture(scope="module")
def meetings(pdfs):
    return {name: ingest_bytes(data, f"{name}.pdf", url="https://egeby.dk/referat.pdf") for name, data in pdfs.items()}


def _items(meeting):
    return [(i.number, i.title, i.page, i.decision_page, i.decision) for i in meeting.items]


def _sections(meeting):
    return {i.number: [(s.heading, s.text) for s in i.sections] for i in meeting.items}


def _everything(meeting) -> str:
    return "\n".join(f"{i.title}\n{i.decision}\n{i.section_text()}" for i in meeting.items)


# --- 1. Økonomiudvalget: single-number items ----------------------------------------------------

OKONOMI_ITEMS = [
    ("1", "Godkendelse af dagsorden", 3, 3, "Godkendt."),
    ("2", "Meddelelser", 3, 3, "Taget til efterretning."),
    ("3", "Budgetopfølgning pr. 29. februar 2024", 3, 3,
     "Indstillingens punkt 1 blev taget til efterretning.\n\n"
     "Punkt 2 blev godkendt, idet Erik Vang (F) ikke kunne tiltræde."),
    ("4", "Forslag til lokalplan nr. 212 og kommuneplantillæg nr. 7 for et nyt boligområde ved Skovvangen i "
          "Egeby Nord – godkendelse af forslag til offentlig høring", 4, 4, "Anbefales over for Byrådet."),
    ("5", "Anlægsbevilling til ny daginstitution i Egeby Nord", 4, 4,
     "Anbefales over for Byrådet med den bemærkning, at institutionen skal kunne udvides med to grupper."),
    ("6", "Takster for vand og spildevand 2025", 4, 5, "Anbefales godkendt."),
    ("7", "Udbud af rengøring", 5, 5, "Sagen blev udsat til næste møde."),
    ("8", "Høringssvar om den regionale udviklingsstrategi", 5, 5,
     "Godkendt med de bemærkninger, der fremkom på mødet."),
    ("9", "Ansøgning om kommunegaranti for lån til Egeby Fjernvarme A.m.b.a.", 6, 6,
     "Anbefales godkendt mod en garantiprovision på 0,5 pct."),
    ("10", "Styrelsesvedtægt - 1. behandling", 6, 6, "Oversendes til Byrådets 1. behandling."),
    ("11", "Salg af erhvervsgrund på Industrivej 14", 7, 7, "Godkendt."),
    ("12", "Lukket punkt: Personalesag", 7, None, ""),
    ("13", "Køb af ejendom", 7, None, ""),
    ("14", "Eventuelt", 7, 7, "Intet."),
]


def test_okonomi_meeting_from_the_cover(meetings):
    m = meetings["okonomi"]
    assert (m.body, m.date, m.pages) == ("Økonomiudvalget", "2024-03-12", 7)


def test_okonomi_every_item(meetings):
    assert _items(meetings["okonomi"]) == OKONOMI_ITEMS


def test_okonomi_sections_of_every_item(meetings):
    sections = _sections(meetings["okonomi"])
    assert sections == {
        "1": [("Indstilling", "Kommunaldirektøren indstiller, at dagsordenen godkendes."), FRAVAER],
        "2": [("Sagsfremstilling", "Borgmesteren orienterede om status på forhandlingerne om økonomiaftalen og "
                                   "om mødet med Vejdirektoratet om omfartsvejen."), FRAVAER],
        "3": [("Resume", "Budgetopfølgningen viser et forventet merforbrug på 4,2 mio. kr. på serviceudgifterne, "
                         "primært på det specialiserede børneområde."),
              ("Indstilling", "Direktionen indstiller,\n1. at budgetopfølgningen tages til efterretning\n"
                              "2. at fagudvalgene anmodes om at anvise kompenserende besparelser."), FRAVAER],
        "4": [("Sagsfremstilling", "Lokalplanforslaget giver mulighed for op til 140 boliger i tæt-lav bebyggelse. "
                                   "Planen indeholder bestemmelser om:\n1. Dels vejadgang fra Skovvangen,\n"
                                   "2. Dels et grønt bælte mod skoven.\n\n1. januar 2024 trådte den nye planlov i "
                                   "kraft, og forslaget er udarbejdet efter de nye regler."), FRAVAER],
        "5": [("Indstilling", "Direktionen indstiller, at der gives en anlægsbevilling på 38,0 mio. kr."), FRAVAER],
        "6": [("Resume", "Egeby Forsyning har fremsendt forslag til takster for 2025. Taksten for vand stiger med "
                         "1,25 kr. pr. m³."), FRAVAER],
        "7": [("Indstilling", "Direktionen indstiller, at rengøringen udbydes som et samlet udbud med opstart "
                              "1. januar 2025."), FRAVAER],
        "8": [FRAVAER],
        "9": [("Sagsfremstilling", "Egeby Fjernvarme A.m.b.a. søger om kommunegaranti for et lån på 25 mio. kr. til "
                                   "udskiftning af ledningsnettet."), FRAVAER],
        "10": [FRAVAER],
        "11": [FRAVAER],
        "12": [],
        "13": [("Tekst", "Lukket dagsordenspunkt")],
        "14": [FRAVAER],
    }


def test_okonomi_outcomes(meetings):
    outcomes = {i.number: (i.outcome, i.stage) for i in meetings["okonomi"].items}
    assert outcomes["1"] == ("godkendt", "endelig") and outcomes["7"] == ("udsat", "endelig")
    assert outcomes["4"] == ("tiltrådt", "indstilling")  # "Anbefales over for Byrådet."
    assert outcomes["12"] == ("ingen beslutning", None)
    assert [d.who for d in next(i for i in meetings["okonomi"].items if i.number == "3").dissent] == ["Erik Vang (F)"]


def test_okonomi_case_numbers_without_their_label(meetings):
    cases = {i.number: i.case_number for i in meetings["okonomi"].items if i.case_number}
    assert cases == {"3": "24/1234", "4": "24/2087", "6": "24/0311"}


def test_okonomi_title_wrapped_over_three_lines(pdfs):
    doc = read_pdf(pdfs["okonomi"])
    start = next(k for k, line in enumerate(doc.lines) if line.page == 4 and line.text.startswith("4. Forslag til"))
    assert [line.bold for line in doc.lines[start:start + 4]] == [True, True, True, False]  # three title lines


def test_okonomi_item_heading_at_the_bottom_of_a_page(pdfs, meetings):
    doc = read_pdf(pdfs["okonomi"])
    heading = next(line for line in doc.lines if line.text == "6. Takster for vand og spildevand 2025")
    after = doc.lines[doc.lines.index(heading) + 1]
    assert (heading.page, after.page, after.text) == (4, 5, "Sagsnr.: 24/0311")


def test_okonomi_cover_toc_logo_and_page_numbers_never_leak(meetings):
    text = _everything(meetings["okonomi"])
    for leak in ("Egeby Kommune", "Side ", "Mødested", "Medlemmer", "Anne Holm", "Indholdsfortegnelse", "....."):
        assert leak not in text, leak


# --- 2. Byrådet: title over `Sag nr. N`, several decisions ---------------------------------------

BYRAAD_ITEMS = [
    ("41", "Godkendelse af dagsorden", 1, 1, "Godkendt."),
    ("42", "Spørgetid for borgerne", 1, None, ""),
    ("43", "Forslag til lokalplan nr. 212 og kommuneplantillæg nr. 7 for et nyt boligområde ved Skovvangen – "
           "offentlig høring", 1, 1,
     f"{BESLUTNING_OU}:\nAnbefales over for Byrådet.\n\n"
     f"{BESLUTNING_BR}:\nGodkendt med 19 stemmer for og 6 imod.\n\n"
     "Enhedslisten og SF stemte imod med henvisning til trafikken på Skovvangen."),
    ("44", "Anlægsbevilling til ny daginstitution i Egeby Nord", 2, 2,
     "Beslutning i Børne- og Skoleudvalget den 5-03-2024:\nAnbefales.\n\n"
     f"{BESLUTNING_OU}:\nAnbefales over for Byrådet med den bemærkning, at institutionen skal kunne udvides med "
     "to grupper.\n\n"
     f"{BESLUTNING_BR}:\nGodkendt."),
    ("45", "Takster for vand og spildevand 2025", 2, 2,
     "Økonomiudvalget indstiller, at taksterne godkendes.\n\nByrådet godkendte taksterne."),
    ("46", "Klage over afslag på dispensation fra lokalplan nr. 88", 2, 2, "Byrådet fastholdt afslaget."),
    ("47", "Eventuelt", 3, 3, "Borgmesteren ønskede god påske."),
]


def test_byraad_meeting_from_the_running_header(meetings, pdfs):
    m = meetings["byraad"]
    assert (m.body, m.date, m.pages) == ("Byrådet", "2024-03-27", 3)
    assert read_pdf(pdfs["byraad"]).furniture == ["Referat - Byrådet 27. marts 2024"]


def test_byraad_every_item(meetings):
    assert _items(meetings["byraad"]) == BYRAAD_ITEMS


def test_byraad_sections_and_the_end_of_the_meeting(meetings):
    sections = _sections(meetings["byraad"])
    assert sections["42"] == [("Sagsfremstilling", "Der var ingen spørgsmål fra borgerne.")]
    assert sections["43"] == [
        ("Resume", "Forslagene giver mulighed for op til 140 boliger i Egeby Nord."),
        ("Indstilling", "Direktionen indstiller, at forslagene sendes i offentlig høring i otte uger."),
    ]
    # After the last decision: the meeting's end and the signatures, outside the decision.
    assert sections["47"] == [
        ("Mødets afslutning", "Mødet hævet kl. 19.40."),
        ("Underskrifter", "Anne Holm (A), Bent Kjær (V), Carina Lund (A)"),
    ]
    assert [sections[n] for n in ("41", "45", "46")] == [[], [], []]


def test_byraad_outcome_is_the_final_bodys_decision(meetings):
    by_number = {i.number: i for i in meetings["byraad"].items}
    # The committees recommended ("Anbefales"); the Byråd approved: that is the outcome.
    assert [(by_number[n].outcome, by_number[n].stage) for n in ("43", "44")] == [("godkendt", "endelig")] * 2
    assert [d.who for d in by_number["43"].dissent] == ["Enhedslisten og SF"]


def test_byraad_highlights_quote_the_final_decision(meetings):
    bullets = {b.number: b for b in build_highlights(meetings["byraad"]).bullets}
    assert bullets["43"].text == "Godkendt med 19 stemmer for og 6 imod."
    assert bullets["44"].text == "Godkendt."


def test_byraad_header_and_page_numbers_never_leak(meetings):
    text = _everything(meetings["byraad"])
    assert "27. marts 2024" not in text and "Referat -" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


# --- 3. Kultur- og Fritidsudvalget: `Pkt. 42` above the title -----------------------------------

KULTUR_ITEMS = [
    ("42", "Godkendelse af dagsorden", 1, 1, "Godkendt."),
    ("43", "Meddelelser fra formanden", 1, 1, "Taget til efterretning."),
    ("44", "Ny strategi for Egeby Bibliotekerne 2024-2027 med fokus på børns læsning og de mindre "
           "lokalbiblioteker", 1, 1,
     "Udvalget drøftede strategien og bad forvaltningen om at indarbejde udvalgets bemærkninger."),
    ("45", "Tilskud til Egeby Musikfestival", 2, 2,
     "Bevilget med 150.000 kr. under forudsætning af, at festivalen holder åbent for alle aldre."),
    ("46", "Lukket punkt", 2, None, ""),
    ("47", "Eventuelt", 2, 2, "Intet."),
]


def test_kultur_meeting_from_the_header_with_page_numbers(meetings):
    m = meetings["kultur"]
    assert (m.body, m.date, m.pages) == ("Kultur- og Fritidsudvalget", "2024-04-03", 2)


def test_kultur_every_item(meetings):
    assert _items(meetings["kultur"]) == KULTUR_ITEMS


def test_kultur_sections_attendance_after_the_decision(meetings):
    sections = _sections(meetings["kultur"])
    assert sections == {
        "42": [("Fraværende", "Dorte Friis (C)")],
        "43": [],
        "44": [("Resume", "Bibliotekerne har udarbejdet et udkast til ny strategi, som præsenteres for udvalget."),
               ("Indstilling", "Forvaltningen indstiller, at strategien drøftes."),
               ("Fraværende", "Dorte Friis (C)")],
        "45": [("Indstilling", "Forvaltningen indstiller, at festivalen får et tilskud på 150.000 kr.")],
        "46": [],
        "47": [],
    }
    assert [i.case_number for i in meetings["kultur"].items] == ["24/4410", None, "24/4411", "24/4412", None, None]


def test_kultur_header_never_leaks(meetings):
    text = _everything(meetings["kultur"])
    assert "03-04-2024" not in text and "Side " not in text and "Pkt." not in text


# --- 4. Teknik- og Miljøudvalget: label column ------------------------------------------------

TEKNIK_ITEMS = [
    ("1", "Godkendelse af dagsorden", 2, 2, "Godkendt."),
    ("2", "Vintertjeneste 2024-2025", 2, 2,
     "Godkendt, idet udvalget ønsker en evaluering efter vinteren, herunder af omkostningerne ved den tidlige "
     "rydning af cykelstierne."),
    ("3", "Trafiksikkerhedsplan", 2, 2, "Udsat."),
]


def test_teknik_meeting_from_a_cover_with_the_body_above_referat(meetings):
    m = meetings["teknik"]
    assert (m.body, m.date, m.pages) == ("Teknik- og Miljøudvalget", "2024-04-04", 2)


def test_teknik_label_column_is_split_from_its_text(pdfs):
    doc = read_pdf(pdfs["teknik"])
    start = next(k for k, line in enumerate(doc.lines) if line.text == "Punkt 2. Vintertjeneste 2024-2025")
    first = [(line.text[:30], line.para_break, line.bold) for line in doc.lines[start + 1:start + 3]]
    assert first == [("Sagsfremstilling", True, True), ("Regulativet for vintervedligeh", False, False)]


def test_teknik_every_item(meetings):
    assert _items(meetings["teknik"]) == TEKNIK_ITEMS


def test_teknik_sections(meetings):
    assert _sections(meetings["teknik"]) == {
        "1": [],
        "2": [("Sagsfremstilling", "Regulativet for vintervedligeholdelse skal revideres, så cykelstierne til "
                                   "skolerne ryddes før kl. 7."),
              ("Indstilling", "Forvaltningen indstiller, at det reviderede regulativ sendes i høring.")],
        "3": [("Indstilling", "Forvaltningen indstiller, at trafiksikkerhedsplanen godkendes."),
              ("Bilag", "Trafiksikkerhedsplan 2024-2028")],
    }


def test_teknik_cover_fields_and_logo_never_leak(meetings):
    text = _everything(meetings["teknik"])
    for leak in ("EGEBY", "Afbud", "Carina Lund", "Tidspunkt", "Side "):
        assert leak not in text, leak


# --- 5. A dagsorden -------------------------------------------------------------------------------


def test_dagsorden_ingests_with_empty_decisions(meetings):
    m = meetings["dagsorden"]
    assert (m.body, m.date, m.pages) == ("Børne- og Skoleudvalget", "2024-05-15", 2)
    assert _items(m) == [
        ("1", "Godkendelse af dagsorden", 1, None, ""),
        ("2", "Skoledistrikter fra skoleåret 2025/26", 1, None, ""),
        ("3", "Eventuelt", 2, None, ""),
    ]
    assert _sections(m) == {
        "1": [("Indstilling", "Direktøren indstiller, at dagsordenen godkendes.")],
        "2": [("Sagsfremstilling", "Elevtallet i Egeby Nord stiger, og Nordskolen har ikke plads til flere spor."),
              ("Indstilling", "Direktøren indstiller, at forslaget til nye skoledistrikter sendes i høring.")],
        "3": [],
    }
    assert {i.outcome for i in m.items} == {"ingen beslutning"}
