"""The slash commands (/beslutning, /udpegning, /highlights, /møder, /hjælp, /genindlæs).

The Cog only ties Discord to the pure parts: search, lookups and `format`.
Every command answers within Discord's 3 seconds or defers first (`respond`).
"""
from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Awaitable, Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.dates import parse_date
from bot.discord import format
from bot.highlights import build_highlights
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search import Searcher
from bot.search.appointments import complete_names, find_appointments
from bot.search.scope import NEWEST_WORDS, canonical_body

if TYPE_CHECKING:
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s; past this we defer first.
DEFER_AFTER = 2.0
FRIENDLY_ERROR = (
    "Beklager, der gik noget galt, da jeg skulle svare. Fejlen er skrevet i loggen – prøv gerne igen om lidt."
)


def answer_question(searcher: Searcher, question: str, extra: int, meeting: Meeting | None = None) -> format.Reply:
    """Search and format: the best item's decision with 'Se også', or the not-found reply."""
    answer = searcher.ask(
        question, limit=1 + extra,
        meeting=meeting.date if meeting else None, body=meeting.body if meeting else None,
    )
    if not answer.hits:
        return format.not_found_reply(answer)
    return format.decision_reply(answer.hits[0], answer.hits[1: 1 + extra])


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
        m for m in kb.meetings if folded in format.meeting_name(m).casefold()
    ]
    for meeting in candidates:
        if meeting.body.casefold() in folded:
            return meeting
    return candidates[0] if candidates else None


def reply_kwargs(reply: format.Reply) -> dict:
    """Keyword arguments for discord.py's send/edit calls from a Reply."""
    kwargs: dict = {}
    if reply.content is not None:
        kwargs["content"] = reply.content
    if reply.embed is not None:
        kwargs["embed"] = reply.embed
    if reply.attachment is not None:
        name, text = reply.attachment
        kwargs["file"] = discord.File(io.BytesIO(text.encode("utf-8")), filename=name)
    return kwargs


async def send_reply(interaction: discord.Interaction, reply: format.Reply) -> None:
    """Answer an interaction: the response itself, or after a defer the edit or follow-up."""
    kwargs = reply_kwargs(reply)
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
    elif interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
        await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)
    elif reply.ephemeral:
        # The public "thinking…" message can't turn private: remove it, answer only the asker.
        await interaction.delete_original_response()
        await interaction.followup.send(ephemeral=True, **kwargs)
    else:
        if "file" in kwargs:
            kwargs["attachments"] = [kwargs.pop("file")]
        await interaction.edit_original_response(**kwargs)


async def respond(interaction: discord.Interaction, work: Callable[[], Awaitable[format.Reply]]) -> None:
    """Run work; answer directly when quick, else defer within Discord's 3 s and answer after."""
    task = asyncio.ensure_future(work())
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        await interaction.response.defer(thinking=True)
    await send_reply(interaction, await task)


async def send_error(interaction: discord.Interaction) -> None:
    """The friendly Danish error message, however far the interaction got."""
    reply = format.text_reply(FRIENDLY_ERROR)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(reply.content or "", ephemeral=True)
        else:
            await interaction.response.send_message(reply.content, ephemeral=True)
    except discord.HTTPException:
        log.exception("could not send the error message for interaction %s", interaction.id)


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
        return [app_commands.Choice(name=n, value=v) for n, v in format.meeting_choices(self.bot.kb.meetings, current)]

    async def _in_thread(self, func: Callable[..., format.Reply], *args: object) -> format.Reply:
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
        await respond(interaction, lambda: self._in_thread(answer_question, searcher, question, extra, found))

    beslutning.autocomplete("meeting")(_meetings)

    @app_commands.command(name="udpegning", description="Udpegninger efter person, organ, kommune eller parti.")
    @app_commands.rename(query="søg")
    @app_commands.describe(query="Navn, organ, kommune eller parti, fx: Hvidovre")
    async def udpegning(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Appointments matching the search."""
        kb = self.bot.kb

        def work() -> format.Reply:
            return format.appointments_reply(query, find_appointments(kb, query))

        await respond(interaction, lambda: self._in_thread(work))

    @udpegning.autocomplete("query")
    async def _names(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = complete_names(self.bot.kb, current, limit=format.CHOICES)
        # A value cut without '…' still finds the name; the shown name says it was cut.
        return [app_commands.Choice(name=format.clip(n, format.CHOICE_NAME), value=n[: format.CHOICE_NAME])
                for n in names]

    @app_commands.command(name="highlights", description="Et mødes hovedpunkter, klar til nyhedsbrevet.")
    @app_commands.rename(meeting="møde")
    @app_commands.describe(meeting="Mødet (standard: det nyeste)")
    async def highlights(self, interaction: discord.Interaction, meeting: str | None = None) -> None:
        """A meeting's highlights (embed, or .md attachment when long)."""
        found = resolve_meeting(self.bot.kb, meeting)
        if found is None:
            reply = _unknown_meeting(meeting) if meeting else format.meetings_reply([])
            await send_reply(interaction, reply)
            return

        def work() -> format.Reply:
            return format.highlights_reply(build_highlights(found))

        await respond(interaction, lambda: self._in_thread(work))

    highlights.autocomplete("meeting")(_meetings)

    @app_commands.command(name="møder", description="De møder, jeg kender, nyeste først.")
    async def moeder(self, interaction: discord.Interaction) -> None:
        """The meetings in the knowledge base."""
        await send_reply(interaction, format.meetings_reply(self.bot.kb.meetings))

    @app_commands.command(name="hjælp", description="Hvad kkrbot kan, med eksempler.")
    async def hjaelp(self, interaction: discord.Interaction) -> None:
        """What the bot can do."""
        name = f"@{self.bot.user.name}" if self.bot.user else "@kkrbot"
        await send_reply(interaction, format.help_reply(name))

    @app_commands.command(name="genindlæs", description="Indlæs vidensbasen igen (kun administratorer).")
    async def genindlaes(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge base without restarting (admin role only)."""
        if not is_admin(interaction.user, interaction.permissions, self.bot.config.admin_role):
            await send_reply(interaction, format.text_reply("Kun administratorer kan genindlæse vidensbasen."))
            return

        async def work() -> format.Reply:
            error = await self.bot.reload_knowledge()
            return format.reload_reply(self.bot.kb, error)

        await respond(interaction, work)


def _unknown_meeting(text: str) -> format.Reply:
    name = format.shorten(text, 100)
    return format.text_reply(f"Jeg kender ikke mødet »{name}«. Brug /møder for at se de møder, jeg kender.")
