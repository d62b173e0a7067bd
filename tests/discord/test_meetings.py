"""Resolving the `møde` a member writes: dates in any usual form, body names, 'seneste'."""
from __future__ import annotations

import copy

import pytest

from bot.discord.meetings import resolve_meeting
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting


@pytest.fixture
def kb(meeting: Meeting) -> KnowledgeBase:
    later = copy.deepcopy(meeting)
    later.date = "2023-02-24"
    other = copy.deepcopy(meeting)
    other.body = "KKR Sjælland"
    return KnowledgeBase([copy.deepcopy(meeting), later, other])


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
