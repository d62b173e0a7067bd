"""The pure parts behind the slash commands: answering a question, resolving a meeting."""
from __future__ import annotations

import copy

import pytest

from bot.discord.commands import resolve_meeting
from bot.discord.replies import question_reply
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search import Searcher


@pytest.fixture
def kb(meeting: Meeting) -> KnowledgeBase:
    later = copy.deepcopy(meeting)
    later.date = "2023-02-24"
    other = copy.deepcopy(meeting)
    other.body = "KKR Sjælland"
    return KnowledgeBase([copy.deepcopy(meeting), later, other])


def test_answer_is_the_best_hit_with_extras(kb: KnowledgeBase) -> None:
    reply = question_reply(Searcher(kb), "DK2020-klimapartnerskabet", extra=2)
    assert reply.embed.title == "3.4 DK2020-klimapartnerskabet efter 2023"
    assert not reply.ephemeral


def test_answer_in_one_meeting(kb: KnowledgeBase) -> None:
    meeting = resolve_meeting(kb, "KKR Sjælland 25. november 2022")
    reply = question_reply(Searcher(kb), "DK2020-klimapartnerskabet", extra=0, meeting=meeting)
    assert {"name": "Møde", "value": "KKR Sjælland · 25. november 2022", "inline": True} in reply.embed.to_dict()[
        "fields"
    ]
    assert not any(f.name == "Se også" for f in reply.embed.fields)


def test_nonsense_gets_the_not_found_reply(kb: KnowledgeBase) -> None:
    reply = question_reply(Searcher(kb), "xyzzy kvantecomputer pingvin", extra=3)
    assert reply.ephemeral and reply.embed is None and reply.content.startswith("Jeg fandt ikke")


@pytest.mark.parametrize("text, expected", [
    ("", ("KKR Hovedstaden", "2023-02-24")),
    (None, ("KKR Hovedstaden", "2023-02-24")),
    ("2022-11-25 KKR Hovedstaden", ("KKR Hovedstaden", "2022-11-25")),
    ("2022-11-25 KKR Sjælland", ("KKR Sjælland", "2022-11-25")),
    ("25. november 2022", ("KKR Sjælland", "2022-11-25")),  # same day: ordered by body, newest first
    ("24-02-2023", ("KKR Hovedstaden", "2023-02-24")),
    ("sjælland", ("KKR Sjælland", "2022-11-25")),
    ("februar 2023", ("KKR Hovedstaden", "2023-02-24")),
    ("seneste", ("KKR Hovedstaden", "2023-02-24")),
    ("kkr sjaelland", ("KKR Sjælland", "2022-11-25")),
    ("KKR Hovedstaden", ("KKR Hovedstaden", "2023-02-24")),
])
def test_resolve_meeting(kb: KnowledgeBase, text: str | None, expected: tuple[str, str]) -> None:
    assert resolve_meeting(kb, text).key == expected


def test_unknown_meeting(kb: KnowledgeBase) -> None:
    assert resolve_meeting(kb, "1. januar 1999") is None
    assert resolve_meeting(KnowledgeBase([]), "") is None
