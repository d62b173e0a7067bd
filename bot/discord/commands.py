"""The slash commands (/beslutning, /udpegning, /highlights, /møder, /hjælp, /genindlæs).

The Cog only ties Discord to the pure parts: search, lookups and `replies`.
Every command answers within Discord's 3 seconds or defers first (`respond`).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.dates import parse_date
from bot.discord import replies
from bot.discord.respond import respond, send_reply
from bot.highlights import build_highlights
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search.appointments import complete_names, find_appointments
from bot.search.scope import NEWEST_WORDS, canonical_body

if TYPE_CHECKING:
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)

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


def is_admin(member: discord.abc.User, permissions: discord.Permissions, role: int | str | None) -> bool:
    """True when the member has the configured admin role (by id or name), or, with none
    configured, the Administrator permission."""
    roles = getattr(member, "roles", [])
    if role is None:
        return permissions.administrator
    if isinstance(role, int):
        return any(r.id == role for r in roles)
    return any(r.name.casefold() == role.casefold() for r in roles)


class KkrCommands(commands.Cog):
    """kkrbot's application commands."""

    def __init__(self, bot: KkrBot) -> None:
        self.bot = bot

    async def _meetings(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=v) for n, v in replies.meeting_choices(self.bot.kb.meetings, current)]

    async def _in_thread(self, func: Callable[..., replies.Reply], *args: object) -> replies.Reply:
        return await asyncio.to_thread(func, *args)

    @app_commands.command(name="beslutning", description="Hvad blev besluttet? Find beslutningen i referaterne.")
    @app_commands.rename(question="spørgsmål", meeting="møde")
    @app_commands.describe(
        question="Dit spørgsmål, fx: Hvad blev besluttet om DK2020-klimapartnerskabet?",
        meeting="Søg kun i dette møde (valgfrit)",
    )
    async def beslutning(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300], meeting: str | None = None
    ) -> None:
        """The best matching item's decision."""
        bot = self.bot
        found = resolve_meeting(bot.kb, meeting) if meeting else None
        if meeting and found is None:
            await send_reply(interaction, _unknown_meeting(meeting))
            return
        searcher, extra = bot.searcher, bot.config.extra_results
        await respond(interaction, lambda: self._in_thread(replies.question_reply, searcher, question, extra, found))

    beslutning.autocomplete("meeting")(_meetings)

    @app_commands.command(name="udpegning", description="Udpegninger efter person, organ, kommune eller parti.")
    @app_commands.rename(query="søg")
    @app_commands.describe(query="Navn, organ, kommune eller parti, fx: Hvidovre")
    async def udpegning(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Appointments matching the search."""
        kb = self.bot.kb

        def work() -> replies.Reply:
            return replies.appointments_reply(query, find_appointments(kb, query), empty=not kb.meetings)

        await respond(interaction, lambda: self._in_thread(work))

    @udpegning.autocomplete("query")
    async def _names(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = complete_names(self.bot.kb, current, limit=replies.CHOICES)
        # A value cut without '…' still finds the name; the shown name says it was cut.
        return [app_commands.Choice(name=replies.clip(n, replies.CHOICE_NAME), value=n[: replies.CHOICE_NAME])
                for n in names]

    @app_commands.command(name="highlights", description="Et mødes hovedpunkter, klar til nyhedsbrevet.")
    @app_commands.rename(meeting="møde")
    @app_commands.describe(meeting="Mødet (standard: det nyeste)")
    async def highlights(self, interaction: discord.Interaction, meeting: str | None = None) -> None:
        """A meeting's highlights (embed, or .md attachment when long)."""
        found = resolve_meeting(self.bot.kb, meeting)
        if found is None:
            reply = _unknown_meeting(meeting) if meeting else replies.meetings_reply([])
            await send_reply(interaction, reply)
            return

        def work() -> replies.Reply:
            return replies.highlights_reply(build_highlights(found))

        await respond(interaction, lambda: self._in_thread(work))

    highlights.autocomplete("meeting")(_meetings)

    @app_commands.command(name="møder", description="De møder, jeg kender, nyeste først.")
    async def moeder(self, interaction: discord.Interaction) -> None:
        """The meetings in the knowledge base."""
        await send_reply(interaction, replies.meetings_reply(self.bot.kb.meetings))

    @app_commands.command(name="hjælp", description="Hvad kkrbot kan, med eksempler.")
    async def hjaelp(self, interaction: discord.Interaction) -> None:
        """What the bot can do."""
        name = f"@{self.bot.user.name}" if self.bot.user else "@kkrbot"
        await send_reply(interaction, replies.help_reply(name))

    @app_commands.command(name="genindlæs", description="Indlæs vidensbasen igen (kun administratorer).")
    async def genindlaes(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge base without restarting (admin role only)."""
        if not is_admin(interaction.user, interaction.permissions, self.bot.config.admin_role):
            await send_reply(interaction, replies.text_reply("Kun administratorer kan genindlæse vidensbasen."))
            return

        async def work() -> replies.Reply:
            error = await self.bot.reload_knowledge()
            return replies.reload_reply(self.bot.kb, error)

        await respond(interaction, work)


def _unknown_meeting(text: str) -> replies.Reply:
    name = replies.shorten(text, 100)
    return replies.text_reply(f"Jeg kender ikke mødet »{name}«. Brug /møder for at se de møder, jeg kender.")
