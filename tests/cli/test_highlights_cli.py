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
    assert f"Uddrag af [referatet på kl.dk]({KL_URL})" in out and "(referat s. 10)" in out
    assert "#page=" not in out  # KL's listing page: a page number in the text, not in the link
    assert "## Næste møde" in out


@pytest.mark.parametrize("date", ["2022-11-25", "25-11-2022", "25. november 2022"])
def test_text_format_on_a_date(capsys, date):
    assert main(["highlights", date, "--format", "text", *KB]) == 0
    out = capsys.readouterr().out
    assert out.startswith("KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022\n")
    assert "**" not in out and "](" not in out
    assert f"Uddrag af referatet på kl.dk ({KL_URL})" in out and "(referat s. 23)" in out


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


def test_seneste_and_a_body_typed_without_æøå(tmp_path, capsys):
    from tests.conftest import KL_URL, REFERAT_TXT

    kb = tmp_path / "kb"
    for extra in ([], ["--date", "2023-01-10", "--body", "KKR Sjælland"]):
        assert main(["ingest", str(REFERAT_TXT), "--url", KL_URL, "--knowledge", str(kb), *extra]) == 0
    capsys.readouterr()
    assert main(["highlights", "seneste", "--knowledge", str(kb)]) == 0
    assert capsys.readouterr().out.startswith("# KKR Sjælland: hovedpunkter fra mødet den 10. januar 2023")
    assert main(["highlights", "--body", "kkr hovedstaden", "--knowledge", str(kb)]) == 0
    assert capsys.readouterr().out.startswith("# KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022")
    assert main(["ask", "DK2020", "--body", "kkr sjaelland", "--knowledge", str(kb)]) == 0
    assert capsys.readouterr().out.startswith("KKR Sjælland, møde 10. januar 2023")


def test_skipped_files_are_warned_about(tmp_path, capsys):
    import shutil

    from tests.conftest import BUNDLED_KNOWLEDGE

    shutil.copytree(BUNDLED_KNOWLEDGE, tmp_path / "kb")
    (tmp_path / "kb" / "kkr-hovedstaden" / "2023-01-01.yaml").write_text("items: [\n", encoding="utf-8")
    assert main(["highlights", "--knowledge", str(tmp_path / "kb")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# KKR Hovedstaden") and "2023-01-01.yaml" in err and "sprunget over" in err
