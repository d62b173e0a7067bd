"""The inbox's files: ingested and moved to indlæst/, or moved to fejl/ with the reason; nothing lost."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.store import dump_meeting, load_knowledge
from bot.knowledge.vectors import expected_rows, vector_paths, verify
from bot.news.inbox import CHANGED, FAILED, NEW, UNCHANGED, free_name, reason_text, scan, take_in
from bot.news.watch import Stat
from bot.state.db import Database
from bot.state.news import open_arrivals
from tests.conftest import REFERAT_TXT
from tests.trigram_embed import TrigramEmbed

ROOT = Path(__file__).resolve().parent.parent
SWIMMING = ROOT / "fixtures" / "greve" / "byraad-2022-2025_2022-12-12T1700_c3d666d4.json"
STRANDPARK = ROOT / "fixtures" / "greve" / "byraad-2022-2025_2023-03-06T1900_9bc22f7f.json"
BALLERUP = ROOT / "fixtures" / "referater" / "ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04.pdf"


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "kkrbot.sqlite3")
    yield database
    database.close()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_a_json_referat_is_ingested_moved_and_noted_for_the_bot(inbox, db, tmp_path):
    shutil.copy(SWIMMING, inbox)
    (inbox / (SWIMMING.name + ".url")).write_text("https://dagsordener.greve.dk\n", encoding="utf-8")
    dropped = take_in(inbox, SWIMMING.name, tmp_path / "knowledge", db, kommune="Greve Kommune")
    assert dropped.status == NEW and dropped.meeting is not None
    assert dropped.knowledge_file == tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml"
    assert dropped.moved_to == inbox / "indlæst" / SWIMMING.name
    assert (inbox / "indlæst" / (SWIMMING.name + ".url")).exists() and list(inbox.glob("*.json")) == []
    (item,) = dropped.meeting.items
    assert item.url == "https://dagsordener.greve.dk/Vis/Pdf/bilag/1491b4f0-c943-408b-8efd-4a43ba4aa0a3"
    (arrival,) = open_arrivals(db)
    assert (arrival.meeting, arrival.source) == ("Greve Kommune|Greve Byråd|2022-12-12|17:00", "indbakke")
    assert arrival.path == str(dropped.knowledge_file)

    # The same file again: nothing written, no arrival; the copy is kept under a free name.
    written = dropped.knowledge_file.stat().st_mtime_ns
    shutil.copy(SWIMMING, inbox)
    (inbox / (SWIMMING.name + ".url")).write_text("https://dagsordener.greve.dk\n", encoding="utf-8")
    again = take_in(inbox, SWIMMING.name, tmp_path / "knowledge", db, kommune="Greve Kommune")
    assert again.status == UNCHANGED and again.moved_to == inbox / "indlæst" / f"{SWIMMING.stem} (2).json"
    assert dropped.knowledge_file.stat().st_mtime_ns == written and len(open_arrivals(db)) == 1


def test_a_pdf_and_a_text_referat_are_read_like_kkrbot_ingest(inbox, db, tmp_path):
    shutil.copy(BALLERUP, inbox)
    shutil.copy(REFERAT_TXT, inbox)
    pdf = take_in(inbox, BALLERUP.name, tmp_path / "knowledge", db)
    text = take_in(inbox, REFERAT_TXT.name, tmp_path / "knowledge", db)
    assert (pdf.status, text.status) == (NEW, NEW)
    assert pdf.meeting is not None and pdf.meeting.body == "Sundheds- og Forebyggelsesudvalget"
    assert len(pdf.meeting.items) == 8
    kb, errors = load_knowledge(tmp_path / "knowledge")
    assert errors == [] and {m.date for m in kb.meetings} == {"2012-12-04", "2022-11-25"}


def test_a_changed_referat_rewrites_its_meeting(inbox, db, tmp_path):
    shutil.copy(SWIMMING, inbox)
    take_in(inbox, SWIMMING.name, tmp_path / "knowledge", db, kommune="Greve Kommune")
    (inbox / "rettet.json").write_bytes(SWIMMING.read_bytes().replace("Byrådssalen".encode(), b"Raadhuset"))
    changed = take_in(inbox, "rettet.json", tmp_path / "knowledge", db, kommune="Greve Kommune")
    assert changed.status == CHANGED and changed.meeting is not None and changed.meeting.location == "Raadhuset"
    assert len(open_arrivals(db)) == 2


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("afkortet.json", SWIMMING.read_bytes()[:3000], "JSON-filen er afkortet"),
    ("tom.pdf", b"", "filen er tom"),
    ("falsk.pdf", b"Dette er ikke en PDF", "filen er ikke en PDF (mangler %PDF-signaturen)"),
    ("notat.docx", b"PK\x03\x04", "kun PDF-, JSON- og tekstfiler (.pdf, .json, .txt) kan indlæses fra indbakken"),
    ("andet.json", b'{"Navn": "ikke et referat"}', "ikke et FirstAgenda-referat: mangler 'Dagsordenpunkter'"),
])
def test_a_file_that_cannot_be_read_goes_to_fejl_beside_its_reason(inbox, db, tmp_path, name, content, reason):
    (inbox / name).write_bytes(content)
    dropped = take_in(inbox, name, tmp_path / "knowledge", db)
    assert dropped.status == FAILED and reason in (dropped.reason or "")
    assert dropped.moved_to == inbox / "fejl" / name
    assert (inbox / "fejl" / name).read_bytes() == content  # nothing lost
    note = (inbox / "fejl" / f"{name}.txt").read_text(encoding="utf-8")
    assert note.startswith(f"Filen {name} kunne ikke indlæses (") and reason in note
    assert note.endswith("Ret filen (eller hent en ny udgave), og læg den i indbakken igen.\n")
    assert open_arrivals(db) == [] and not (tmp_path / "knowledge").exists()


def test_a_hand_corrected_meeting_is_not_overwritten_from_the_inbox(inbox, db, tmp_path):
    shutil.copy(SWIMMING, inbox)
    first = take_in(inbox, SWIMMING.name, tmp_path / "knowledge", db, kommune="Greve Kommune")
    assert first.knowledge_file is not None and first.meeting is not None
    corrected = dump_meeting(first.meeting).replace("Greve Svømmehal", "Greve Svømmehal (rettet)")
    first.knowledge_file.write_text(corrected, encoding="utf-8")
    (inbox / "ny.json").write_bytes(SWIMMING.read_bytes().replace("Byrådssalen".encode(), b"Raadhuset"))
    refused = take_in(inbox, "ny.json", tmp_path / "knowledge", db, kommune="Greve Kommune")
    assert refused.status == FAILED and "er rettet i hånden, så den overskrives ikke" in (refused.reason or "")
    assert first.knowledge_file.read_text(encoding="utf-8") == corrected


def test_scan_sees_only_the_files_directly_in_the_inbox(inbox):
    (inbox / "fejl").mkdir()
    (inbox / "fejl" / "gammel.pdf").write_bytes(b"x")
    (inbox / "a.pdf").write_bytes(b"12345")
    found = scan(inbox)
    assert list(found) == ["a.pdf"] and isinstance(found["a.pdf"], Stat) and found["a.pdf"].size == 5
    assert scan(inbox / "findes-ikke") == {}


def test_a_taken_name_gets_a_number_and_the_reason_names_the_file(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"")
    (tmp_path / "a (2).pdf.txt").write_text("")
    assert free_name(tmp_path, "a.pdf") == tmp_path / "a (3).pdf"
    assert free_name(tmp_path, "b.pdf") == tmp_path / "b.pdf"
    assert reason_text("a.pdf", "filen er tom").splitlines()[2] == "filen er tom"


# --- passage vectors ------------------------------------------------------------------------

def test_a_referat_taken_in_gets_its_vectors_and_an_identical_one_embeds_nothing(inbox, db, tmp_path):
    embed = TrigramEmbed(384)
    shutil.copy(STRANDPARK, inbox)
    dropped = take_in(inbox, STRANDPARK.name, tmp_path / "knowledge", db, kommune="Greve Kommune", embed=embed)
    assert dropped.status == NEW and dropped.knowledge_file is not None and dropped.meeting is not None
    rows = len(expected_rows(dropped.meeting))
    assert dropped.vectors is not None and (dropped.vectors.embedded, dropped.vectors.reused) == (rows, 0)
    assert dropped.vector_problem is None
    assert verify(dropped.meeting, dropped.knowledge_file, embed=embed, sample=rows) == []
    calls = embed.calls

    shutil.copy(STRANDPARK, inbox)
    again = take_in(inbox, STRANDPARK.name, tmp_path / "knowledge", db, kommune="Greve Kommune", embed=embed)
    assert again.status == UNCHANGED and again.vectors is not None and not again.vectors.written
    assert embed.calls == calls


def test_a_file_taken_in_again_after_a_stop_while_embedding_gets_the_vectors_it_lacks(inbox, db, tmp_path):
    """A bot stopped while embedding has written the meeting and noted its arrival, but not moved the file."""
    shutil.copy(STRANDPARK, inbox)
    take_in(inbox, STRANDPARK.name, tmp_path / "knowledge", db, kommune="Greve Kommune")  # no vectors
    shutil.copy(STRANDPARK, inbox)
    embed = TrigramEmbed(384)
    again = take_in(inbox, STRANDPARK.name, tmp_path / "knowledge", db, kommune="Greve Kommune", embed=embed)
    assert again.status == UNCHANGED and again.vectors is not None and again.vectors.embedded > 0
    assert again.knowledge_file is not None and again.meeting is not None
    assert verify(again.meeting, again.knowledge_file) == [] and len(open_arrivals(db)) == 1


def test_vectors_that_cannot_be_written_cost_the_meeting_nothing(inbox, db, tmp_path, caplog):
    target = tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml"
    vector_paths(target)[0].mkdir(parents=True)  # the .npy's place is taken by a directory
    shutil.copy(SWIMMING, inbox)
    dropped = take_in(inbox, SWIMMING.name, tmp_path / "knowledge", db, kommune="Greve Kommune",
                      embed=TrigramEmbed(384))
    assert dropped.status == NEW and dropped.knowledge_file == target and target.exists()
    assert dropped.moved_to == inbox / "indlæst" / SWIMMING.name and len(open_arrivals(db)) == 1
    assert dropped.vectors is None and dropped.vector_problem
    assert any(str(target) in r.getMessage() and "vectors" in r.getMessage() for r in caplog.records)
