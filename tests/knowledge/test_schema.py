"""The knowledge file's schema (bot/knowledge/schema.py): the model's fields, the issue's reproductions,
and what an editor's hand edit may and may not do."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.schema import (
    AppointmentSchema,
    DissentSchema,
    InvalidDocument,
    ItemSchema,
    LinkSchema,
    MeetingSchema,
    PriorDecisionSchema,
    SectionSchema,
    VoteSchema,
    read_document,
)
from bot.knowledge.store import KnowledgeError, dump_meeting, parse_meeting, write_meeting
from bot.model import Appointment, Dissent, Item, Link, Meeting, PriorDecision, Section, Vote
from tests.conftest import BUNDLED_KNOWLEDGE

PAIRS = [(MeetingSchema, Meeting), (ItemSchema, Item), (SectionSchema, Section), (LinkSchema, Link),
         (AppointmentSchema, Appointment), (DissentSchema, Dissent), (VoteSchema, Vote),
         (PriorDecisionSchema, PriorDecision)]
BUNDLED_FILE = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"


@pytest.mark.parametrize("schema, model", PAIRS, ids=[m.__name__ for _, m in PAIRS])
def test_the_schema_has_every_field_of_the_model_in_its_order_with_its_default(schema, model):
    """A field added to bot/model.py needs its line in bot/knowledge/schema.py: this says which."""
    expected = [f.name for f in dataclasses.fields(model) if not (model is Meeting and f.name == "items")]
    assert list(schema.model_fields) == expected
    assert schema.MODEL is model
    for f in dataclasses.fields(model):
        if f.name not in schema.model_fields:
            continue
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if default is not dataclasses.MISSING:
            assert schema.model_fields[f.name].default == default, f"{model.__name__}.{f.name}"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge)
    path = knowledge / "kkr-hovedstaden" / "2022-11-25.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return knowledge


# The hand edits of issue 10 that `check` let through and that then crashed the commands.
REJECTED = [
    ("date: '2022-11-25'", "date: '2022-13-45'", "meeting: date: ugyldig dato '2022-13-45'"),
    ("date: '2022-11-25'", "date: 2022-13-45", "meeting: date: ugyldig dato '2022-13-45'"),  # unquoted too
    ("  follow_up: []\n", "  follow_up: [1, 2]\n", "punkt 1.1: follow_up[0]: skal være tekst, fik 1"),
    ("  dissent: []\n", "  dissent: [\"Ø stemte imod\"]\n",
     "punkt 1.1: dissent[0]: skal være en mapping (felt: værdi), fik 'Ø stemte imod'"),
    ("  links: []\n", "  links: [\"https://www.kl.dk/\"]\n",
     "punkt 1.1: links[0]: skal være en mapping (felt: værdi), fik 'https://www.kl.dk/'"),
    ("  outcome: godkendt\n", "  outcome: vedtaget\n", "punkt 1.1: outcome: ukendt udfald 'vedtaget'"),
    ("  added: false\n", "  added: nej\n", "punkt 1.1: added: skal være true eller false, fik 'nej'"),
    ("- number: '1.2'", "- number: '1.1'", "punkt 1.1: number: optræder to gange"),
    ("- number: '1.2'", "- number: 1.2", "punkt 1.2: number: skriv værdien i anførselstegn ('1.2')"),
    ("  decision: Referatet blev godkendt.\n", "  decison: Referatet blev godkendt.\n",
     "punkt 1.2: decison: ukendt felt (stavefejl?)"),
    ("  page: 5\n", "  page: '5'\n", "punkt 1.1: page: skal være et heltal, fik '5'"),
    ("  page: 5\n", "  page: 40\n", "punkt 1.1: page: side 40, men mødet har kun 32 sider (meeting.pages)"),
]


@pytest.mark.parametrize("old, new, line", REJECTED, ids=[r[1].strip() for r in REJECTED])
def test_check_rejects_what_a_command_cannot_serve_in_one_line(tmp_path, capsys, old, new, line):
    knowledge = _edited(tmp_path, old, new)
    assert main(["check", "--knowledge", str(knowledge)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"fejl: {knowledge / 'kkr-hovedstaden' / '2022-11-25.yaml'}: {line}")
    # ... and every other command skips that file, saying so, instead of failing on it.
    assert main(["ask", "DK2020", "--knowledge", str(knowledge), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert line in err and "er tom" in err and "uventet fejl" not in err


ACCEPTED = [
    ("case_number: SAG-2022-03934", "case_number: 2022", lambda m: m.items[0].case_number == "2022"),
    ("- number: '1.1'\n", "- number: 99\n", lambda m: m.items[0].number == "99"),
    ("- number: '1.1'\n", "-\n", lambda m: m.items[0].number is None),  # the README: null if none
    ("- number: '1.1'\n", "- number: null\n", lambda m: m.items[0].label == "Godkendelse af dagsorden"),
    ("  links: []\n", "  links:\n", lambda m: m.items[0].links == []),
]


@pytest.mark.parametrize("old, new, holds", ACCEPTED, ids=[a[1].strip() or "no number" for a in ACCEPTED])
def test_check_accepts_what_every_command_serves(tmp_path, capsys, old, new, holds):
    knowledge = _edited(tmp_path, old, new)
    path = knowledge / "kkr-hovedstaden" / "2022-11-25.yaml"
    assert main(["check", "--knowledge", str(knowledge)]) == 0, capsys.readouterr().err
    assert holds(parse_meeting(path.read_text(encoding="utf-8")))
    for command in (["ask", "Hvad blev besluttet om dagsordenen?", "--no-cache"], ["highlights"], ["udpegninger"]):
        assert main([*command, "--knowledge", str(knowledge)]) == 0
    assert "uventet fejl" not in capsys.readouterr().err


def test_an_empty_decision_is_no_decision():
    meeting = parse_meeting("meeting: {body: KKR X, date: 2023-02-08}\nitems:\n- title: A\n  page: 1\n  decision:\n")
    assert meeting.items[0].decision == "" and meeting.items[0].number is None


def test_unquoted_dates_and_times_stay_text():
    text = "meeting: {body: KKR X, date: 2023-02-08, time: 10:00}\nitems: []\n"
    meeting = parse_meeting(text)
    assert (meeting.date, meeting.time) == ("2023-02-08", "10:00")  # not datetime.date, not 600 (YAML 1.1)
    with pytest.raises(KnowledgeError, match=r"meeting: time: ugyldigt klokkeslæt '25:00'"):
        parse_meeting(text.replace("10:00", "25:00"))


def test_the_new_fields_of_publishing_systems_are_checked(meeting):
    full = dataclasses.replace(
        meeting, municipality="Greve Kommune", body_source="Byråd 2022-2025", time="17:00",
        location="Byrådssalen", absent=["Anne Holm (A)"], source_id="m-1",
        items=[dataclasses.replace(
            meeting.items[3], closed=True, votes=[Vote("imod", ["Ø"], "Imod stemte: Ø")], absent=["Ole (V)"],
            history=[PriorDecision("Beslutning i Økonomiudvalget den 10-11-2022", "Anbefales.", "2022-11-10",
                                   "Økonomiudvalget")],
            source_id="i-1", url="https://greve.dk/punkt/1")],
    )
    again = parse_meeting(dump_meeting(full))
    assert again == full
    data = yaml.safe_load(dump_meeting(full))
    bad = [("votes", [{"position": "nej", "parties": ["Ø"]}], "votes[0].position: ukendt stemmeafgivning 'nej'"),
           ("history", [{"heading": "B", "text": "T", "date": "10-11-2022"}], "history[0].date: ugyldig dato"),
           ("url", "greve.dk/punkt/1", "url: ikke en URL: 'greve.dk/punkt/1'"),
           ("closed", "ja", "closed: skal være true eller false")]
    for key, value, message in bad:
        broken = yaml.safe_load(dump_meeting(full))
        broken["items"][0][key] = value
        with pytest.raises(InvalidDocument) as info:
            read_document(broken)
        assert info.value.problems[0].startswith(f"punkt {full.items[0].number}: {message}")
    assert read_document(data) == full


def test_ingest_writes_nothing_the_schema_rejects(tmp_path, meeting):
    broken = dataclasses.replace(meeting, items=[dataclasses.replace(meeting.items[0], outcome="vedtaget")])
    with pytest.raises(KnowledgeError, match=r"intet skrevet.*punkt 1.1: outcome: ukendt udfald 'vedtaget'"):
        write_meeting(tmp_path, broken)
    assert list(tmp_path.rglob("*")) == []


def test_every_problem_is_kept_and_the_message_says_how_many_more():
    data = yaml.safe_load(BUNDLED_FILE.read_text(encoding="utf-8"))
    data["meeting"]["date"] = "2022-13-45"
    data["items"][2]["page"] = 0
    with pytest.raises(InvalidDocument) as info:
        read_document(data)
    assert info.value.problems == ["meeting: date: ugyldig dato '2022-13-45'; skriv ÅÅÅÅ-MM-DD, fx '2022-11-25'",
                                   "punkt 2.1: page: skal være et sidetal ≥ 1, fik 0"]
    assert str(info.value).endswith("(og 1 fejl mere)")
