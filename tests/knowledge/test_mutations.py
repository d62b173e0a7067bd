"""Every field of the bundled file damaged every way (tests/knowledge/mutations.py): either `kkrbot check`
rejects the file in one line naming the file and the field, or every command answers without an error.

The Discord commands meet the same mutations in tests/discord/test_mutations.py.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.store import Dumper
from tests.knowledge.mutations import Mutation, mutations, named_fields

MUTATIONS = list(mutations())
QUESTIONS = ["Hvad blev besluttet om DK2020?", "Hvem blev udpeget til opgaveudvalget?", "Hvad stemte Ø imod?",
             "Hvad skete der på mødet?", "klimapartnerskabet", "Hvornår er næste møde?"]


def write(mutation: Mutation, knowledge: Path) -> Path:
    path = knowledge / "kkr-hovedstaden" / "2022-11-25.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(mutation.data, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--knowledge", str(knowledge)])
    return code, capsys.readouterr().err.splitlines()


def run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str = "") -> tuple[str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, f"kkrbot {' '.join(args[:2])} exited {code}: {err}"
    assert "uventet fejl" not in err and "Traceback" not in err
    return out, err


def test_every_schema_class_and_field_is_mutated():
    mutated = {(m.cls.__name__, m.field) for m in MUTATIONS}
    assert {("ItemSchema", "votes"), ("VoteSchema", "position"), ("PriorDecisionSchema", "date"),
            ("MeetingSchema", "time"), ("DocumentSchema", "items")} <= mutated
    assert len(MUTATIONS) >= 5 * len(mutated)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_check_rejects_it_naming_the_field_or_every_command_answers(mutation, tmp_path, capsys, monkeypatch):
    knowledge = tmp_path / "knowledge"
    path = write(mutation, knowledge)
    code, errors = check(knowledge, capsys)
    if code != 0:
        assert len(errors) == 1, errors
        (line,) = errors
        assert line.startswith(f"fejl: {path}: ")
        assert any(name in line for name in named_fields(mutation)), line
        return
    assert errors == []
    kb = ["--knowledge", str(knowledge)]
    out, _ = run(["ask", "-", *kb, "--no-cache"], capsys, monkeypatch, "\n".join(QUESTIONS) + "\n")
    assert out.count("Spørgsmål: ") == len(QUESTIONS)
    out, _ = run(["ask", "--json", "-", *kb, "--no-cache"], capsys, monkeypatch, "\n".join(QUESTIONS) + "\n")
    assert all({"answers", "suggestions"} <= set(json.loads(line)) for line in out.splitlines())
    for form in ("md", "text", "json"):
        run(["highlights", "--format", form, *kb], capsys, monkeypatch)
    run(["udpegninger", *kb], capsys, monkeypatch)
    run(["udpegninger", "Hvidovre", *kb], capsys, monkeypatch)
    run(["udpegninger", "--json", *kb], capsys, monkeypatch)
