"""`kkrbot sag` on the bundled meeting and later stages of its DK2020 case."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.store import write_meeting
from tests.case_fixtures import DK2020, DK2020_CASE, later_stages
from tests.conftest import BUNDLED_KNOWLEDGE


@pytest.fixture
def knowledge(tmp_path: Path) -> list[str]:
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    for meeting in later_stages():
        write_meeting(target, meeting)
    return ["--knowledge", str(target)]


def test_by_case_number_as_text(knowledge, capsys) -> None:
    assert main(["sag", "22", "012345", *knowledge]) == 0  # the number as some systems print it, in two words
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Sagens forløb: {DK2020} (sagsnr. {DK2020_CASE}, 2 møder)"
    assert out[2] == f"1. Økonomiudvalget, 16. januar 2023: Tiltrådt (indstilling). 2 {DK2020}"
    assert out[5] == f"2. Byrådet, 30. januar 2023: Godkendt. 7 {DK2020}"


def test_by_topic_as_json(knowledge, capsys) -> None:
    assert main(["sag", "DK2020-klimapartnerskabet", "--json", *knowledge]) == 0
    data = json.loads(capsys.readouterr().out)
    dates = [s["date"] for s in data["stages"]]
    assert dates == sorted(dates) and {"2023-01-16", "2023-01-30"} <= set(dates)
    assert all(s["url"] and s["outcome"] and s["body"] for s in data["stages"])


def test_no_case_is_one_line_and_exit_1(knowledge, capsys) -> None:
    assert main(["sag", "xyzzy", "kvantecomputer", *knowledge]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Jeg fandt ingen sag, der passer på »xyzzy kvantecomputer«")
