"""`kkrbot highlights` as an editor runs it, in each format."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL

KB = ["--knowledge", str(BUNDLED_KNOWLEDGE)]


def test_markdown_is_the_default_and_the_newest_meeting(capsys):
    assert main(["highlights", *KB]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022\n")
    assert f"]({KL_URL}#page=10)" in out
    assert "## Næste møde" in out


@pytest.mark.parametrize("date", ["2022-11-25", "25-11-2022", "25. november 2022"])
def test_text_format_on_a_date(capsys, date):
    assert main(["highlights", date, "--format", "text", *KB]) == 0
    out = capsys.readouterr().out
    assert out.startswith("KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022\n")
    assert "**" not in out and "](" not in out
    assert f"(referat s. 23: {KL_URL}#page=23)" in out


def test_json_format_with_body(capsys):
    assert main(["highlights", "2022-11-25", "--body", "KKR Hovedstaden", "--format", "json", *KB]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["body"] == "KKR Hovedstaden" and data["next_meeting"]["date"] == "2023-02-08"


def test_no_such_meeting_lists_the_available_dates(capsys):
    assert main(["highlights", "2023-02-08", *KB]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "intet møde den 8. februar 2023" in captured.err
    assert "Tilgængelige møder: 2022-11-25 (KKR Hovedstaden)" in captured.err


def test_unknown_body(capsys):
    assert main(["highlights", "--body", "KKR Sjælland", *KB]) == 1
    assert "intet møde for KKR Sjælland" in capsys.readouterr().err


def test_bad_date_and_missing_knowledge(capsys, tmp_path: Path):
    assert main(["highlights", "i går", *KB]) == 2
    assert "ugyldig dato" in capsys.readouterr().err
    assert main(["highlights", "--knowledge", str(tmp_path / "mangler")]) == 1
    assert "vidensbasen findes ikke" in capsys.readouterr().err
    assert main(["highlights", "--knowledge", str(tmp_path)]) == 1
    assert "ingen møder" in capsys.readouterr().err
