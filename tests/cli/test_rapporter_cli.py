"""`kkrbot rapporter`: the reports members made, read from the bot's database; marking them handled."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.state.answers import Shown
from bot.state.db import Database
from bot.state.reports import add_report, list_reports

SHOWN = Shown("KKR Hovedstaden", "2022-11-25", "3.4", "DK2020-klimapartnerskabet efter 2023", None)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "state" / "bot.sqlite3"
    db = Database.open(path)
    add_report(db, 111, "Forkert punkt", "Hvad med DK2020?", SHOWN)
    add_report(db, 222, "Mangler Byrådets beslutning", None, Shown(date="2023-01-30", item="7"))
    db.close()
    (tmp_path / "config.yaml").write_text("database: state/bot.sqlite3\n", encoding="utf-8")
    return path


def test_lists_the_open_reports_from_the_configs_database(database, capsys) -> None:
    assert main(["rapporter"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nr. 2 · ") and "bruger 222 · åben" in out
    assert ("  Spørgsmål: Hvad med DK2020?\n  Svaret viste: 3.4 DK2020-klimapartnerskabet efter 2023 "
            "(KKR Hovedstaden, 25. november 2022)\n  Hvad var forkert: Forkert punkt") in out
    assert "  Spørgsmål: (ikke gemt længere)\n  Svaret viste: 7 (30. januar 2023)" in out


def test_json_and_marking_handled(database, capsys) -> None:
    assert main(["rapporter", "--behandlet", "1", "9"]) == 0
    out, err = capsys.readouterr()
    assert out == "Markeret som behandlet: nr. 1.\n" and "nr. 9" in err
    assert main(["rapporter", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [2]
    assert main(["rapporter", "--json", "--alle", "--database", str(database)]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["open"]) for r in everything] == [(2, True), (1, False)]
    assert everything[1]["shown"]["item"] == "3.4" and everything[1]["handled_by"].endswith("(kkrbot rapporter)")
    assert main(["rapporter", "--behandlet", "1"]) == 1  # already handled: nothing done
    db = Database.open(database)
    assert [r.id for r in list_reports(db)] == [2]
    db.close()


def test_a_missing_database_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rapporter"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "kkrbot: kkrbot.sqlite3: databasen findes ikke (botten opretter den, første gang den starter)"
