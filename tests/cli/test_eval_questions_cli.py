"""`kkrbot eval` over many meetings (the Greve fixtures beside the bundled meeting), and `ask --json` naming the meeting."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.store import Loader
from tests.greve_fixture import build_fixture_kb

QUESTIONS = Path(__file__).resolve().parents[1] / "search"
FIXTURES = QUESTIONS / "questions-fixtures.yaml"
DEV = QUESTIONS / "questions-dev.yaml"


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory) -> Path:
    return build_fixture_kb(tmp_path_factory.mktemp("eval") / "knowledge")


def _questions(path: Path) -> list[str]:
    return [case["q"] for case in yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)["cases"]]


def test_two_files_per_kind_and_in_all(knowledge, capsys):
    assert main(["eval", str(FIXTURES), str(DEV), "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert f"== {FIXTURES} (40 spørgsmål) ==" in out and f"== {DEV} (25 spørgsmål) ==" in out
    assert "== alle 2 filer (65 spørgsmål) ==" in out
    rows = [line.split()[0] for line in out.split("== alle 2 filer")[1].splitlines()[2:] if line.strip()]
    assert rows[:9] == ["paraphrase", "typo", "short", "vote", "absence", "dated", "committee", "byraad",
                        "unanswerable"]
    assert "uden" in rows and "i" in rows  # 'uden art' (the old file's cases), 'i alt'
    assert "svar (r/a/u)" in out and "mente du@1" in out
    assert "intet svar: " in out or "forkert: " in out  # the misses, with their questions
    assert out.strip().splitlines()[-1].startswith("top-1 ")


def test_summary_shows_no_question(knowledge, capsys):
    assert main(["eval", str(FIXTURES), "--knowledge", str(knowledge), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "i alt" in out and not any(q in out for q in _questions(FIXTURES))


def test_json(knowledge, capsys):
    assert main(["eval", str(FIXTURES), "--knowledge", str(knowledge), "--json", "--summary", "--calibrate"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert not any(q in out for q in _questions(FIXTURES))
    assert [f["file"] for f in data["files"]] == [str(FIXTURES)]
    overall = data["all"]["overall"]
    assert overall["questions"] == 40 and overall["answerable"] == 31 and overall["unanswerable"] == 9
    assert set(data["all"]["kinds"]) >= {"paraphrase", "unanswerable"}
    assert data["all"]["tiers"] == ["svar", "nærmeste"]  # the search's three tiers (issue 13)
    tiers = overall["tiers"]
    assert tiers["svar"]["given"] + tiers["nærmeste"]["given"] + tiers["ikke fundet"]["given"] == 40
    assert overall["top1"] == tiers["svar"]["right"] + tiers["nærmeste"]["right"]
    assert [c["threshold"] for c in data["calibration"]][:2] == [0.2, 0.25]
    assert main(["eval", str(FIXTURES), "--knowledge", str(knowledge), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["misses"]


def test_a_bad_file_among_several_is_named(knowledge, tmp_path, capsys):
    bad = tmp_path / "spørgsmål.yaml"
    bad.write_text("cases:\n  - q: hej\n    answer: {body: Byråd 2022-2025, item: '12'}\n", encoding="utf-8")
    assert main(["eval", str(FIXTURES), str(bad), "--knowledge", str(knowledge)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == f"fejl: {bad}: case 1: answer: mangler date"


def test_ask_json_names_the_meeting(knowledge, capsys):
    assert main(["ask", "--json", "lokalplan Strandvejsområdet", "--knowledge", str(knowledge)]) == 0
    best = json.loads(capsys.readouterr().out)["answers"][0]
    assert {k: best[k] for k in ("body", "body_source", "municipality", "meeting_date", "time", "item")} == {
        "body": "Greve Byråd", "body_source": "Byråd 2022-2025", "municipality": "Greve Kommune",
        "meeting_date": "2025-09-08", "time": "17:30", "item": "35"}
    assert main(["ask", "--json", "DK2020", "--knowledge", str(knowledge)]) == 0
    kkr = json.loads(capsys.readouterr().out)["answers"][0]
    assert (kkr["body"], kkr["body_source"], kkr["municipality"], kkr["time"]) == ("KKR Hovedstaden", None, None, None)
