"""Real referater from the systems councils publish with: eDoc, Acadre, SBSYS, FirstAgenda, KL.

The eDoc, Acadre and SBSYS files are the real PDFs (tests/fixtures/referater/), asserted
against the shared data's ground truth (tests/ingest/expected_real_referater.py), read
without --body/--date. FirstAgenda's and KL's files are held back; their pages are
re-drawn from what was measured on them (tests/ingest/system_fixtures.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.lines import IngestError
from bot.ingest.pdf import read_pdf
from bot.ingest.read import read_meeting
from bot.knowledge.sources import ingest_bytes
from bot.knowledge.store import dump_meeting, parse_meeting
from tests.ingest import expected_real_referater as real
from tests.ingest import system_fixtures as redrawn


def _items(meeting):
    return [(i.number, i.title, i.page, i.decision_page, i.decision) for i in meeting.items]


def _everything(meeting) -> str:
    return "\n".join(f"{i.title}\n{i.decision}\n{i.section_text()}" for i in meeting.items)


@pytest.fixture(scope="module")
def meetings():
    return {e.system: read_meeting(e.path.read_bytes(), e.path.name) for e in real.ALL}


@pytest.mark.parametrize("expected", real.ALL, ids=lambda e: e.system)
def test_every_item_title_page_and_decision(meetings, expected):
    meeting = meetings[expected.system]
    assert (meeting.body, meeting.date, meeting.pages) == (expected.body, expected.date, expected.pages)
    assert _items(meeting) == expected.items


# --- eDoc (Ballerup) ---------------------------------------------------------------------------


def test_edoc_running_header_block_is_found_by_repetition_not_by_a_band(meetings):
    # The block (body / Referat / Åbent referat / Dato: … / Side N) sits 10-16 % down every page.
    doc = read_pdf(real.BALLERUP.path.read_bytes())
    assert doc.furniture == ["Sundheds- og Forebyggelsesudvalget", "Referat", "Åbent referat", "Dato: 04.12.2012"]
    text = _everything(meetings["eDoc"])
    assert "Åbent referat" not in text and "Dato: 04.12.2012" not in text
    assert not any(line.startswith("Side ") for line in text.splitlines())
    # Item 2's heading is at the foot of page 3: its case number on page 4 is found under it.
    assert meetings["eDoc"].items[1].case_number == "2012-28504"


def test_edoc_attendance_note_is_not_the_decision(meetings):
    for item in meetings["eDoc"].items:
        assert "Følgende deltog" not in item.decision
        assert item.absent == []  # nobody is named under the note in this referat


def test_edoc_single_item_names_its_body_in_the_decision_heading():
    meeting = read_meeting(redrawn.edoc_single_item_pdf(), "punkt.pdf")
    assert (meeting.body, meeting.date) == ("Sundheds- og Forebyggelsesudvalget", "2012-12-04")
    (item,) = meeting.items
    assert (item.number, item.decision, item.absent) == ("2", "Indstillingen godkendt", ["Per Mortensen (A)"])


def test_edoc_single_item_names_its_body_under_beslutningen_traeffes_af():
    meeting = read_meeting(redrawn.edoc_single_item_pdf(decision_names_body=False), "punkt.pdf")
    assert (meeting.body, meeting.date) == ("Sundheds- og Forebyggelsesudvalget", "2012-12-04")
    assert meeting.items[0].decision == "Indstillingen godkendt"


# --- Acadre (Syddjurs) -------------------------------------------------------------------------


def test_acadre_earlier_decisions_are_the_case_history(meetings):
    (item,) = meetings["Acadre"].items
    assert item.case_number == "12/27845"
    assert [(h.heading, h.date, h.text) for h in item.history] == real.SYDDJURS_HISTORY
    assert {h.body for h in item.history} == {real.PUK}
    # The history survives the facts and the knowledge file.
    with_facts = ingest_bytes(real.SYDDJURS.path.read_bytes(), real.SYDDJURS.file)
    assert parse_meeting(dump_meeting(with_facts)).items[0].history == item.history


def test_acadre_running_header_placed_differently_on_the_last_page_never_leaks(meetings):
    text = _everything(meetings["Acadre"])
    assert "Referat For" not in text and "kl. 10:30" not in text and " of 5" not in text


# --- SBSYS (Aarhus, Mødesystemgruppen) ---------------------------------------------------------


def test_sbsys_nul_bytes_after_eof_are_no_truncation():
    data = real.AARHUS.path.read_bytes()
    assert data.rstrip(b"\x00").endswith(b"%%EOF\r\n") and data.endswith(b"\x00" * 15547)
    assert read_pdf(data).pages == 4
    with pytest.raises(IngestError, match="afkortet"):
        read_pdf(data[: len(data) // 2] + b"\x00" * 15547)  # padding does not make a cut file whole


def test_sbsys_groups_labels_and_the_record_under_referat(meetings):
    by_number = {i.number: i for i in meetings["SBSYS"].items}
    assert {n: by_number[n].group for n in real.AARHUS_GROUPS} == real.AARHUS_GROUPS
    # `Oplæg:` starts a section at once (no gap before it) and ends the title.
    assert [s.heading for s in by_number["1.1"].sections] == ["Oplæg"]
    assert by_number["1.1"].sections[0].text == (
        "Der er blevet foretaget et servicevindue – ellers ikke meget. Status på antal af brugere: 2222 (1980 i "
        "februar)"
    )


# --- FirstAgenda (Aarhus Byråd, re-drawn) --------------------------------------------------------

FIRSTAGENDA_ITEMS = [
    ("1", "Godkendelse af dagsorden", 1, 1, "Godkendt."),
    ("2", "Forslag til lokalplan nr. 1187 for boliger ved Lystrup Syd – endelig vedtagelse", 1, 1,
     "Indstillingen blev vedtaget med 27 stemmer for og 4 imod.\n\n"
     "Dansk Folkeparti og Danmarksdemokraterne stemte imod med henvisning til trafikken på Lystrup Ringvej."),
    ("3", "Beslutningsforslag fra DD om gratis parkering i Midtbyen i december", 2, 2,
     "Forslaget blev forkastet med 4 stemmer for og 27 imod."),
    ("4", "Anlægsbevilling til renovering af Frederiksbjerg Skole", 2, 2,
     "Godkendt som indstillet.\n\nByrådet bad samtidig om en status på tidsplanen, når udbuddet er afsluttet."),
    ("5", "Orientering om budgetopfølgning pr. 30. juni 2025", 4, 4, "Taget til efterretning."),
]


@pytest.fixture(scope="module")
def firstagenda():
    return read_meeting(redrawn.firstagenda_pdf(), "aarhus-byraad-2025-09-24.pdf")


def test_firstagenda_decision_ends_at_the_untitled_field(firstagenda):
    assert (firstagenda.body, firstagenda.date, firstagenda.pages) == ("Aarhus Byråd", "2025-09-24", 4)
    assert _items(firstagenda) == FIRSTAGENDA_ITEMS


def test_firstagenda_untitled_field_is_kept_as_a_section(firstagenda):
    untitled = {i.number: i.sections[0] for i in firstagenda.items if i.sections and i.sections[0].heading == "Tekst"}
    assert untitled["1"].text == "."
    assert untitled["2"].text == "Byrådet vedtog lokalplan nr. 1187 endeligt."
    assert untitled["3"].text.startswith("BESLUTNINGSFORSLAG FRA DD OM GRATIS PARKERING I MIDTBYEN I DECEMBER\n")
    assert untitled["3"].text.endswith("Med venlig hilsen\nDanmarksdemokraterne")
    assert untitled["4"].text.startswith("INDSTILLING FRA MAGISTRATSAFDELINGEN FOR BØRN OG UNGE\nDen 3. september 2025")
    assert "5" not in untitled  # a titled field follows the decision directly
    assert [s.heading for s in firstagenda.items[1].sections] == ["Tekst", "Resume", "Beslutningspunkter", "Sagsforløb"]


# --- KL/KKR: a title over two lines ---------------------------------------------------------------


def test_kl_title_that_breaks_a_word_over_two_lines_is_one_title():
    meeting = read_meeting(redrawn.kl_wrapped_title_pdf(), "kkr.pdf")
    by_number = {i.number: i for i in meeting.items}
    assert by_number["3.6"].title == "Fælles prioriterede infrastrukturprojekter i hovedstadsområdet (VIP)"
    assert by_number["3.6"].case_number == "SAG-2022-03935"
    assert by_number["3.6"].decision.startswith("Morten Winge introducerede status")
    assert [s.heading for s in by_number["3.6"].sections] == ["Baggrund"]


# --- the whole way: kkrbot ingest, then kkrbot check ------------------------------------------------


def test_everything_ingested_passes_check(tmp_path: Path, capsys):
    for name, data in {
        "aarhus-byraad-2025-09-24.pdf": redrawn.firstagenda_pdf(),
        "kkr.pdf": redrawn.kl_wrapped_title_pdf(),
        "punkt.pdf": redrawn.edoc_single_item_pdf(),
    }.items():
        (tmp_path / name).write_bytes(data)
    files = [str(e.path) for e in real.ALL] + [str(tmp_path / n) for n in ("aarhus-byraad-2025-09-24.pdf", "kkr.pdf")]
    kb = tmp_path / "kb"
    assert main(["ingest", *files, "--knowledge", str(kb)]) == 0
    # The single eDoc item is the same meeting as the whole Ballerup referat: its own knowledge base.
    assert main(["ingest", str(tmp_path / "punkt.pdf"), "--knowledge", str(tmp_path / "kb2")]) == 0
    capsys.readouterr()
    assert main(["check", "--knowledge", str(kb)]) == 0
    assert main(["check", "--knowledge", str(tmp_path / "kb2")]) == 0
    assert "5 møder" in capsys.readouterr().out
