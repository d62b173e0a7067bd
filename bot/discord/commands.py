"""The slash commands (/beslutning, /udpegning, /highlights, /sag, /møder, /hjælp, /genindlæs, /rapporter).

The Cog only ties Discord to the pure parts: search, lookups and the reply modules; what an
answer's buttons do is in `actions`. Every command answers within Discord's 3 seconds or
defers first (`respond`).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cases import find_timeline
from bot.discord import replies
from bot.discord.actions import is_admin
from bot.discord.case_replies import no_case_reply, timeline_reply
from bot.discord.custom_ids import MeetingRef
from bot.discord.help import command_help, help_reply
from bot.discord.highlight_pages import highlights_reply
from bot.discord.meetings import MeetingOption
from bot.discord.respond import respond, send_reply
from bot.highlights import build_highlights
from bot.model import Meeting
from bot.search.appointments import complete_names, find_appointments

if TYPE_CHECKING:
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)

# A command marked so counts against the member's question bucket (bot.discord.cooldown);
# the others (/hjælp, /møder, the admin's) never do.
QUESTION = {"question": True}


def _choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    # A value cut without '…' still finds what it names; the shown name says it was cut.
    return [app_commands.Choice(name=replies.clip(name, replies.CHOICE_NAME), value=value[: replies.CHOICE_NAME])
            for name, value in pairs[: replies.CHOICES]]


class KkrCommands(commands.Cog):
    """kkrbot's application commands."""

    def __init__(self, bot: KkrBot) -> None:
        self.bot = bot

    async def _in_thread(self, func: Callable[..., replies.Reply], *args: object) -> replies.Reply:
        return await asyncio.to_thread(func, *args)

    @app_commands.command(name="beslutning", description="Hvad blev besluttet? Find beslutningen i referaterne.",
                          extras=QUESTION)
    @app_commands.rename(question="spørgsmål", meeting="møde")
    @app_commands.describe(
        question="Dit spørgsmål, fx: Hvad blev besluttet om DK2020-klimapartnerskabet?",
        meeting="Søg kun i dette møde (valgfrit)",
    )
    async def beslutning(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300],
        meeting: MeetingOption | None = None,
    ) -> None:
        """The best matching item's decision, with buttons for the rest."""
        await respond(interaction, lambda: self._in_thread(self.bot.actions.question, question, meeting))

    @app_commands.command(name="udpegning", description="Udpegninger efter person, organ, kommune eller parti.",
                          extras=QUESTION)
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
        return _choices([(n, n) for n in names])

    @app_commands.command(name="highlights", description="Et mødes hovedpunkter, klar til nyhedsbrevet.",
                          extras=QUESTION)
    @app_commands.rename(meeting="møde")
    @app_commands.describe(meeting="Mødet (standard: det nyeste)")
    async def highlights(self, interaction: discord.Interaction, meeting: MeetingOption | None = None) -> None:
        """A meeting's highlights as pages (Forrige/Næste), the Markdown file one button away."""
        found: Meeting | None = meeting or (self.bot.kb.meetings[0] if self.bot.kb.meetings else None)
        if found is None:
            await send_reply(interaction, replies.meetings_reply([]))
            return

        def work() -> replies.Reply:
            return highlights_reply(build_highlights(found), 1, MeetingRef.of(found))

        await respond(interaction, lambda: self._in_thread(work))

    @app_commands.command(name="sag", description="En sags forløb: hvert møde, hvor den var på dagsordenen.",
                          extras=QUESTION)
    @app_commands.rename(query="søg")
    @app_commands.describe(query="Sagsnummer eller emne, fx: DK2020-klimapartnerskabet")
    async def sag(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Every meeting where the case was on the agenda, oldest first (by case number, else by topic)."""
        cases, searcher = self.bot.cases, self.bot.searcher

        def work() -> replies.Reply:
            timeline = find_timeline(cases, searcher, query)
            if timeline is None:
                return no_case_reply(query, cases.why_not_a_case(query))
            return timeline_reply(timeline, 1, 0, ephemeral=False)

        await respond(interaction, lambda: self._in_thread(work))

    @sag.autocomplete("query")
    async def _cases(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return _choices(self.bot.cases.choices(current, replies.CHOICES))

    @app_commands.command(name="møder", description="De møder, jeg kender, nyeste først.")
    async def moeder(self, interaction: discord.Interaction) -> None:
        """The meetings in the knowledge base."""
        await send_reply(interaction, replies.meetings_reply(self.bot.kb.meetings))

    @app_commands.command(name="hjælp", description="Hvad kkrbot kan, med eksempler.")
    async def hjaelp(self, interaction: discord.Interaction) -> None:
        """What the bot can do."""
        name = f"@{self.bot.user.name}" if self.bot.user else "@kkrbot"
        await send_reply(interaction, help_reply(command_help(self.bot.tree), name))

    def _admin(self, interaction: discord.Interaction) -> bool:
        return is_admin(interaction.user, interaction.permissions, self.bot.config.admin_role)

    @app_commands.command(name="genindlæs", description="Indlæs vidensbasen igen (kun administratorer).")
    async def genindlaes(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge base without restarting (admin role only)."""
        if not self._admin(interaction):
            await send_reply(interaction, replies.text_reply("Kun administratorer kan genindlæse vidensbasen."))
            return

        async def work() -> replies.Reply:
            error = await self.bot.reload_knowledge()
            return replies.reload_reply(self.bot.kb, error)

        await respond(interaction, work)

    @app_commands.command(name="rapporter", description="Rapporter om forkerte svar (kun administratorer).")
    async def rapporter(self, interaction: discord.Interaction) -> None:
        """The open reports, with a menu to mark them handled (admin role only)."""
        if not self._admin(interaction):
            await send_reply(interaction, replies.text_reply("Kun administratorer kan se rapporterne."))
            return
        await respond(interaction, lambda: self._in_thread(self.bot.actions.reports), ephemeral=True)
