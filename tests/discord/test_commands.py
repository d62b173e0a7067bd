"""Answering a question (replies.question_reply), in the whole knowledge base or in one meeting."""
from __future__ import annotations

import copy

import pytest

from bot.discord.meetings import resolve_meeting
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
    reply = question_reply(Searcher(kb).ask("DK2020-klimapartnerskabet", limit=3), extra=2)
    assert reply.embed.title == "3.4 DK2020-klimapartnerskabet efter 2023"
    assert not reply.ephemeral


def test_answer_in_one_meeting(kb: KnowledgeBase) -> None:
    meeting = resolve_meeting(kb, "KKR Sjælland 25. november 2022")
    reply = question_reply(
        Searcher(kb).ask("DK2020-klimapartnerskabet", limit=1, meeting=meeting.date, body=meeting.body), extra=0)
    assert {"name": "Møde", "value": "KKR Sjælland · 25. november 2022", "inline": True} in reply.embed.to_dict()[
        "fields"
    ]
    assert not any(f.name == "Se også" for f in reply.embed.fields)


def test_nonsense_gets_the_not_found_reply(kb: KnowledgeBase) -> None:
    reply = question_reply(Searcher(kb).ask("xyzzy kvantecomputer pingvin", limit=4), extra=3)
    assert reply.ephemeral and reply.embed is None and reply.content.startswith("Jeg fandt ikke")
