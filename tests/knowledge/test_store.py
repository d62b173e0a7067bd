"""Knowledge files: round trip, validation, atomic writes, hand corrections."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from bot.knowledge.schema import InvalidDocument, read_document
from bot.knowledge.store import (
    HandEditedError,
    KnowledgeError,
    dump_meeting,
    load_knowledge,
    parse_meeting,
    write_meeting,
)
from tests.conftest import BUNDLED_KNOWLEDGE


def test_round_trip_is_lossless(meeting):
    again = parse_meeting(dump_meeting(meeting))
    assert dump_meeting(again) == dump_meeting(meeting)


def test_required_fields_under_their_names(meeting):
    data = yaml.safe_load(dump_meeting(meeting))
    assert {"body", "date", "source_url", "source_sha256"} <= set(data["meeting"])
    first = data["items"][0]
    assert list(first)[:4] == ["number", "title", "page", "decision"]


def test_rewrite_is_byte_identical(tmp_path: Path, meeting):
    path, _ = write_meeting(tmp_path, meeting)
    before = path.read_bytes()
    write_meeting(tmp_path, copy.deepcopy(meeting))
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


def test_hand_correction_is_not_overwritten(tmp_path: Path, meeting):
    path, _ = write_meeting(tmp_path, meeting)
    corrected = path.read_text(encoding="utf-8").replace("Referatet blev godkendt.", "Referatet blev godkendt!")
    path.write_text(corrected, encoding="utf-8")
    changed = copy.deepcopy(meeting)
    changed.items[0].title = "Noget andet"
    with pytest.raises(HandEditedError):
        write_meeting(tmp_path, changed)
    assert path.read_text(encoding="utf-8") == corrected
    _, backup = write_meeting(tmp_path, changed, force=True)
    assert backup is not None and backup.read_text(encoding="utf-8") == corrected


def test_broken_yaml_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "kkr" / "2023-01-01.yaml"
    bad.parent.mkdir()
    bad.write_text("meeting: {body: X, date: 2023-01-01\nitems: [", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"2023-01-01.yaml.*linje"):
        load_knowledge(tmp_path)
    kb, errors = load_knowledge(tmp_path, strict=False)
    assert kb.meetings == [] and len(errors) == 1


def test_invalid_fields_are_named_in_one_line(tmp_path: Path):
    text = "meeting: {body: X, date: 25-11-2022}\nitems:\n  - {number: '1.1', title: '', page: 0}\n"
    with pytest.raises(KnowledgeError) as info:
        parse_meeting(text, "x.yaml")
    assert str(info.value) == ("x.yaml: meeting: date: ugyldig dato '25-11-2022'; skriv ÅÅÅÅ-MM-DD, fx '2022-11-25' "
                               "(og 2 fejl mere)")
    with pytest.raises(InvalidDocument) as every:
        read_document(yaml.safe_load(text))
    assert every.value.problems[1:] == ["punkt 1.1: title: mangler (er tom)",
                                        "punkt 1.1: page: skal være et sidetal ≥ 1, fik 0"]


def test_hand_written_unquoted_date_is_accepted():
    meeting = parse_meeting("meeting: {body: KKR X, date: 2023-02-08}\nitems:\n  - {number: '1', title: A, page: 1}\n")
    assert meeting.date == "2023-02-08"


def test_bundled_knowledge_base_is_valid():
    kb, errors = load_knowledge(BUNDLED_KNOWLEDGE)
    assert errors == []
    assert [(m.body, m.date) for m in kb.meetings] == [("KKR Hovedstaden", "2022-11-25")]


def _with_section(section: str, pages: int = 5) -> str:
    return (f"meeting: {{body: KKR X, date: 2023-02-08, pages: {pages}}}\n"
            f"items:\n  - number: '1'\n    title: A\n    page: 2\n    sections:\n      - {section}\n")


@pytest.mark.parametrize(
    "section, field, words",
    [
        ("{heading: B, text: abcdefghij, page: 2, page_breaks: [6, 3]}", ".page_breaks", "sorteret stigende"),
        (
            "{heading: B, text: abcdefghij, page: 2, page_breaks: [3, 10]}",
            ".page_breaks",
            "uden for afsnittets tekst (10 tegn)",
        ),
        ("{heading: B, text: abcdefghij, page: 2, page_breaks: [-1]}", ".page_breaks[0]", "tegnposition ≥ 0, fik -1"),
        (
            "{heading: B, text: abcdefghij, page: 4, page_breaks: [2, 5]}",
            ".page_breaks",
            "side 4–6, men mødet har kun 5 sider",
        ),
        ("{heading: B, text: abcdefghij, page: 6}", ".page", "side 6, men mødet har kun 5 sider"),
        ("{heading: B, text: abcdefghij, page: 2, page_breaks: 7}", ".page_breaks", "skal være en liste, fik 7"),
        ("{heading: B, text: abcdefghij, page: 2, page_breaks: ['7']}", ".page_breaks[0]", "heltal, fik '7'"),
        ("{heading: B, text: abcdefghij, page: 0}", ".page", "sidetal ≥ 1"),
    ],
)
def test_bad_page_breaks_are_named_by_file_and_field(section, field, words):
    with pytest.raises(KnowledgeError) as info:
        parse_meeting(_with_section(section), "kkr-x/2023-02-08.yaml")
    message = str(info.value)
    assert message.startswith(f"kkr-x/2023-02-08.yaml: punkt 1: sections[0]{field}: ")
    assert words in message


def test_good_page_breaks_load_and_an_empty_page_may_repeat_an_offset():
    meeting = parse_meeting(_with_section("{heading: B, text: abcdefghij, page: 2, page_breaks: [3, 6, 6]}"))
    assert meeting.items[0].sections[0].page_breaks == [3, 6, 6]
    old_style = parse_meeting(_with_section("{heading: B, text: abcdefghij, page: 5}"))  # no page_breaks
    assert old_style.items[0].sections[0].page_breaks == []
    without_pages = _with_section("{heading: B, text: abcdefghij, page: 9, page_breaks: [1]}").replace(", pages: 5", "")
    assert parse_meeting(without_pages).items[0].sections[0].page == 9  # no page count to check against


def test_a_hand_edit_that_breaks_page_breaks_names_the_file(tmp_path: Path):
    source = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"
    edited = tmp_path / "kkr-hovedstaden" / "2022-11-25.yaml"
    edited.parent.mkdir()
    text = source.read_text(encoding="utf-8")
    assert text.count("page_breaks: [1364, 4022]") == 1  # 3.4's Sagsfremstilling
    edited.write_text(text.replace("page_breaks: [1364, 4022]", "page_breaks: [4022, 1364]"), encoding="utf-8")
    kb, errors = load_knowledge(tmp_path, strict=False)
    assert kb.meetings == [] and len(errors) == 1
    assert errors[0] == f"{edited}: punkt 3.4: sections[2].page_breaks: skal være sorteret stigende, fik [4022, 1364]"


def _with_decision(fields: str, pages: int = 5) -> str:
    return (f"meeting: {{body: KKR X, date: 2023-02-08, pages: {pages}}}\n"
            f"items:\n  - {{number: '1', title: A, page: 2, {fields}}}\n")


@pytest.mark.parametrize("fields, words", [
    ("decision: abcdefghij, decision_page: 2, decision_page_breaks: [6, 3]", "sorteret stigende"),
    ("decision: abcdefghij, decision_page: 2, decision_page_breaks: [10]", "uden for beslutningens tekst (10 tegn)"),
    ("decision: abcdefghij, decision_page: 2, decision_page_breaks: 7", "skal være en liste, fik 7"),
    ("decision: abcdefghij, decision_page_breaks: [3]", "kræver et decision_page"),
    ("decision: abcdefghij, decision_page: 4, decision_page_breaks: [2, 5]", "side 4–6, men mødet har sider 1–5"),
])
def test_bad_decision_page_breaks_are_named_by_file_and_field(fields, words):
    with pytest.raises(KnowledgeError) as info:
        parse_meeting(_with_decision(fields), "kkr-x/2023-02-08.yaml")
    assert str(info.value).startswith("kkr-x/2023-02-08.yaml: punkt 1: decision_page_breaks: ")
    assert words in str(info.value)


def test_a_joined_decision_may_start_on_a_page_before_its_decision_page():
    decision = "Beslutning i Økonomiudvalget:\\nAnbefales.\\n\\nBeslutning i Byrådet:\\nGodkendt."
    byraadet = 42  # where "Beslutning i Byrådet:" starts
    good = parse_meeting(
        _with_decision(f'decision: "{decision}", decision_page: 3, decision_page_breaks: [{byraadet}]')
    )
    assert good.items[0].decision_page_breaks == [42]  # Byrådet's part starts page 3; Økonomiudvalget's is on 2
    with pytest.raises(KnowledgeError, match="side -1–1"):  # two pages before page 1
        parse_meeting(
            _with_decision(f'decision: "{decision}", decision_page: 1, decision_page_breaks: [10, {byraadet}]')
        )


@pytest.mark.parametrize("key, fact", [
    ("dissent", "{who: Ø, text: Imod., page: 6}"),
    ("appointments", "{person: Anne Holm, page: 0}"),
])
def test_a_fact_page_outside_the_meeting_is_named(key, fact):
    with pytest.raises(
        KnowledgeError, match=rf"punkt 1: {key}\[0\]\.page: (side 6, men mødet har kun 5 sider|skal være et sidetal ≥ 1)"
    ):
        parse_meeting(_with_decision(f"{key}: [{fact}]"))


def test_files_without_the_new_fields_load_and_write_them_only_when_set():
    meeting = parse_meeting(_with_decision("decision: Godkendt., decision_page: 2, "
                                           "dissent: [{who: Ø, text: Imod.}], appointments: [{person: Anne Holm}]"))
    item = meeting.items[0]
    assert item.decision_page_breaks == [] and item.dissent[0].page is None and item.appointments[0].page is None
    text = dump_meeting(meeting)
    assert "decision_page_breaks" not in text and "page: null" not in text


def test_a_meeting_with_municipality_and_time_has_its_own_folder_and_name(tmp_path: Path):
    from bot.knowledge.store import meeting_path
    from bot.model import Meeting

    greve = Meeting(body="Greve Byråd", date="2025-09-08", municipality="Greve Kommune", time="17:30")
    assert meeting_path(tmp_path, greve) == tmp_path / "greve" / "greve-byraad" / "2025-09-08T1730.yaml"
    plain = Meeting(body="KKR Hovedstaden", date="2022-11-25")
    assert meeting_path(tmp_path, plain) == tmp_path / "kkr-hovedstaden" / "2022-11-25.yaml"
    region = Meeting(body="Regionsrådet", date="2024-01-02", municipality="Region Hovedstaden")
    assert meeting_path(tmp_path, region) == tmp_path / "region-hovedstaden" / "regionsraadet" / "2024-01-02.yaml"


def test_two_meetings_of_one_body_on_one_day_both_load(tmp_path: Path):
    from bot.model import Item, Meeting

    for time in ("17:15", "17:30"):
        write_meeting(tmp_path, Meeting(body="Greve Byråd", date="2025-09-08", municipality="Greve Kommune",
                                        time=time, items=[Item(number="1", title=f"Møde kl. {time}", page=1)]))
    kb, errors = load_knowledge(tmp_path)
    assert errors == [] and sorted(m.time or "" for m in kb.meetings) == ["17:15", "17:30"]
    assert len(kb.paths) == 2


def test_the_same_meeting_twice_is_still_refused(tmp_path: Path):
    from bot.model import Item, Meeting

    meeting = Meeting(body="Økonomiudvalget", date="2024-03-12", items=[Item(number="1", title="X", page=1)])
    write_meeting(tmp_path, meeting)
    copy_path = tmp_path / "kopi" / "2024-03-12.yaml"
    copy_path.parent.mkdir()
    copy_path.write_text(dump_meeting(meeting), encoding="utf-8")
    _, errors = load_knowledge(tmp_path, strict=False)
    assert len(errors) == 1 and "samme møde som" in errors[0]
