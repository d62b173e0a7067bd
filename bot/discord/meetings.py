"""The `møde` option: a meeting named the way members write it, as an app_commands Transformer.

`resolve_meeting` is the pure part; `MeetingTransformer` gives every command that takes a
meeting the same parsing, the same autocomplete and the same Danish message for an unknown one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.dates import parse_date
from bot.discord import replies
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search.scope import NEWEST_WORDS, canonical_body

if TYPE_CHECKING:
    from bot.discord.client import KkrBot


def resolve_meeting(kb: KnowledgeBase, text: str | None) -> Meeting | None:
    """The meeting a user means: a date in any usual form, a body name, or empty or
    'seneste' for the newest."""
    text = (text or "").strip()
    if not text or text.casefold() in NEWEST_WORDS:
        return kb.meetings[0] if kb.meetings else None
    body = canonical_body(text, [m.body for m in kb.meetings])
    if body:  # "KKR Hovedstaden", "kkr hovedstaden": that body's newest meeting
        return kb.find_meeting(body=body)
    date = parse_date(text)
    folded = text.casefold()
    candidates = [m for m in kb.meetings if m.date == date] if date else [
        m for m in kb.meetings if folded in replies.meeting_name(m).casefold()
    ]
    for meeting in candidates:
        if meeting.body.casefold() in folded:
            return meeting
    return candidates[0] if candidates else None


def unknown_meeting_reply(text: str) -> replies.Reply:
    """The short private answer when no meeting matches what the member wrote."""
    name = replies.shorten(text, 100)
    return replies.text_reply(f"Jeg kender ikke mødet »{name}«. Brug /møder for at se de møder, jeg kender.")


class UnknownMeeting(app_commands.AppCommandError):
    """The `møde` a member gave matches no meeting (the tree answers with `unknown_meeting_reply`)."""

    def __init__(self, text: str) -> None:
        super().__init__(f"unknown meeting {text!r}")
        self.text = text


def _kb(interaction: discord.Interaction) -> KnowledgeBase:
    return cast("KkrBot", interaction.client).kb


class MeetingTransformer(app_commands.Transformer):
    """`møde:` as a Meeting: resolved from a date, a body or 'seneste', with autocomplete."""

    async def transform(self, interaction: discord.Interaction, value: str) -> Meeting:
        """The meeting the member means; UnknownMeeting when there is none."""
        meeting = resolve_meeting(_kb(interaction), value)
        if meeting is None:
            raise UnknownMeeting(value)
        return meeting

    async def autocomplete(self, interaction: discord.Interaction,  # type: ignore[override]
                           value: str) -> list[app_commands.Choice[str]]:
        """The meetings matching what is typed, newest first (at most 25)."""
        return [app_commands.Choice(name=n, value=v) for n, v in replies.meeting_choices(_kb(interaction).meetings,
                                                                                            value)]


MeetingOption = app_commands.Transform[Meeting, MeetingTransformer]
