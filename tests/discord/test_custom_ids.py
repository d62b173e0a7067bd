"""custom_ids: every action survives encode → decode, within Discord's 100 characters, and finds its item."""
from __future__ import annotations

import copy

import pytest

from bot.discord.custom_ids import (
    CASE,
    DECISION,
    HIGHLIGHTS,
    HighlightsFile,
    ItemRef,
    MarkHandled,
    MeetingRef,
    OpenReport,
    OtherResults,
    Page,
    ShowCase,
    ShowDecision,
    SubmitReport,
    decode,
    encode,
)
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from tests.case_fixtures import later_stages

BIGGEST_ID = 2**64 - 1  # a Discord snowflake never exceeds it


@pytest.fixture(scope="module")
def kb(meeting: Meeting) -> KnowledgeBase:
    return KnowledgeBase([copy.deepcopy(meeting), *later_stages()])


def test_every_action_on_every_item_round_trips_within_100_characters(kb: KnowledgeBase) -> None:
    for meeting, item in kb.items():
        ref = ItemRef.of(meeting, item)
        assert ref.find(kb) == (meeting, item)
        mref = MeetingRef.of(meeting)
        actions = [ShowDecision(ref), ShowCase(ref), OpenReport(BIGGEST_ID, ref), SubmitReport(0, ref),
                   OtherResults(BIGGEST_ID), Page(DECISION, BIGGEST_ID, 999, ref), Page(CASE, 0, 1, ref),
                   Page(HIGHLIGHTS, 0, 12, mref), HighlightsFile(mref), MarkHandled()]
        for action in actions:
            text = encode(action)
            assert len(text) <= 100 and text.startswith("kkr:")
            assert decode(text) == action


def test_an_item_without_a_plain_number_is_found_by_its_position(meeting: Meeting) -> None:
    odd = copy.deepcopy(meeting)
    odd.items[3].number = "Punkt 3: Økonomi og budget for de kommende år"
    odd.items[5].number = None
    kb = KnowledgeBase([odd])
    for position in (3, 5):
        ref = ItemRef.of(odd, odd.items[position])
        assert ref.item == f"#{position}" and ref.find(kb) == (odd, odd.items[position])
        assert decode(encode(ShowDecision(ref))) == ShowDecision(ref)


def test_meetings_on_one_day_are_told_apart_by_body(meeting: Meeting) -> None:
    other = copy.deepcopy(meeting)
    other.body = "KKR Sjælland"
    kb = KnowledgeBase([copy.deepcopy(meeting), other])
    refs = {MeetingRef.of(m) for m in kb.meetings}
    assert len(refs) == 2
    assert {r.find(kb).body for r in refs} == {"KKR Hovedstaden", "KKR Sjælland"}


@pytest.mark.parametrize("custom_id", [
    "test:stem", "kkr", "kkr:", "kkr:hel", "kkr:hel:2022-11-25:abcdef:3.4", "kkr:hel:20221125:ABCDEF:3.4",
    "kkr:hel:20221125:abcdef:", "kkr:fejl:x:20221125:abcdef:3.4", "kkr:side:xx:0:1:20221125:abcdef:3.4",
    "kkr:side:hl:0:1:20221125:abcdef:3.4", "kkr:side:hel:-1:1:20221125:abcdef:3.4", "kkr:andre:", "kkr:rapb:1",
    "kkr:ukendt:1", "kkr:hel:20221125:abcdef:#x",
])
def test_a_damaged_or_foreign_custom_id_is_no_action(custom_id: str) -> None:
    assert decode(custom_id) is None


def test_a_reference_to_a_meeting_or_item_that_is_gone_finds_nothing(kb: KnowledgeBase, meeting: Meeting) -> None:
    ref = ItemRef.of(meeting, meeting.items[0])
    assert ItemRef(MeetingRef("1999-01-01", ref.meeting.tag), ref.item).find(kb) is None
    assert ItemRef(ref.meeting, "99.9").find(kb) is None and ItemRef(ref.meeting, "#999").find(kb) is None
