"""The subscription commands: /abonnér, /afmeld, and /abonnementer vis | eksport | slet-alle.

Discord names cannot hold spaces, and a command with subcommands cannot itself be run, so the
issue's `/abonnementer` and `/abonnementer slet-alle` are the group `abonnementer` with the
subcommands `vis`, `eksport` and `slet-alle`. Every answer is private, and each member sees and
stops only their own subscriptions (an admin also the channels').
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import replies
from bot.discord.actions import is_admin
from bot.discord.respond import respond, send_reply
from bot.discord.subscription_replies import (
    MAX_TOPIC,
    deleted_all_reply,
    export_reply,
    subscribed_reply,
    subscription_choices,
    subscriptions_reply,
    unsubscribed_reply,
)
from bot.news.matching import covers
from bot.search import Hit
from bot.state.subscriptions import (
    Subscription,
    SubscriptionError,
    add_subscription,
    delete_all,
    delete_subscription,
    notifications_of,
    subscriptions_of,
)

if TYPE_CHECKING:
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)


def _choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=replies.clip(name, replies.CHOICE_NAME), value=value[: replies.CHOICE_NAME])
            for name, value in pairs[: replies.CHOICES]]


class SubscriptionCommands(commands.Cog):
    """Subscriptions to topics: notified when a new meeting's item answers one."""

    abonnementer = app_commands.Group(name="abonnementer",
                                      description="Dine abonnementer: vis, eksportér eller slet dem.")

    def __init__(self, bot: KkrBot) -> None:
        self.bot = bot

    def _admin(self, interaction: discord.Interaction) -> bool:
        return is_admin(interaction.user, interaction.permissions, self.bot.config.admin_role)

    def _example(self, subscription: Subscription) -> Hit | None:
        """An item of the known meetings that the subscription would have been told about."""
        hits = self.bot.searcher.ask(subscription.topic, limit=10).hits
        return next((h for h in hits if covers(subscription, h.meeting)), None)

    @app_commands.command(name="abonnér", description="Få besked, når et nyt referat har et punkt om dit emne.")
    @app_commands.rename(topic="emne", channel="kanal")
    @app_commands.describe(
        topic="Emnet, fx: budget, skolestruktur, DK2020-klimapartnerskabet",
        kommune="Kun møder i denne kommune (valgfrit)",
        udvalg="Kun møder i dette udvalg (valgfrit)",
        channel="Slå punkterne op i denne kanal i stedet for en privat besked (kun administratorer)",
    )
    async def abonner(self, interaction: discord.Interaction, topic: app_commands.Range[str, 2, MAX_TOPIC],
                      kommune: str | None = None, udvalg: str | None = None,
                      channel: discord.TextChannel | None = None) -> None:
        """Subscribe the member (or, for an admin, a channel) to a topic."""
        if channel is not None and not self._admin(interaction):
            await send_reply(interaction, replies.text_reply(
                "Kun administratorer kan lade en kanal abonnere. Uden kanal får du beskederne privat."))
            return
        user_id = interaction.user.id
        channel_id = channel.id if channel is not None else None

        def work() -> replies.Reply:
            try:
                subscription = add_subscription(self.bot.db, user_id, topic, kommune, udvalg, channel_id)
            except SubscriptionError as exc:
                return replies.text_reply(str(exc))
            log.info("subscription %d by %s%s", subscription.id, user_id,
                     f" for channel {channel_id}" if channel_id else "")
            return subscribed_reply(subscription, self._example(subscription))

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    @abonner.autocomplete("kommune")
    async def _kommuner(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = sorted({m.municipality for m in self.bot.kb.meetings if m.municipality})
        return _choices([(n, n) for n in names if current.casefold() in n.casefold()])

    @abonner.autocomplete("udvalg")
    async def _udvalg(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = sorted({m.body for m in self.bot.kb.meetings})
        return _choices([(n, n) for n in names if current.casefold() in n.casefold()])

    @app_commands.command(name="afmeld", description="Stop et af dine abonnementer.")
    @app_commands.rename(number="abonnement")
    @app_commands.describe(number="Abonnementets nummer (vælg på listen)")
    async def afmeld(self, interaction: discord.Interaction, number: app_commands.Range[str, 1, 100]) -> None:
        """Delete one of the member's subscriptions (an admin: also a channel's)."""
        user_id, admin = interaction.user.id, self._admin(interaction)
        text = number.split(":", 1)[0].strip().removeprefix("nr.").strip()

        def work() -> replies.Reply:
            found = delete_subscription(self.bot.db, int(text), user_id, admin) if text.isdigit() else None
            return unsubscribed_reply(found, number)

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    @afmeld.autocomplete("number")
    async def _mine(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        mine = await asyncio.to_thread(subscriptions_of, self.bot.db, interaction.user.id, self._admin(interaction))
        return _choices(subscription_choices(mine, current))

    @abonnementer.command(name="vis", description="Vis dine abonnementer.")
    async def vis(self, interaction: discord.Interaction) -> None:
        """The member's subscriptions (an admin: and the channels')."""
        user_id, admin = interaction.user.id, self._admin(interaction)

        def work() -> replies.Reply:
            return subscriptions_reply(subscriptions_of(self.bot.db, user_id, admin), user_id)

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    @abonnementer.command(name="eksport", description="Hent dine abonnementer og beskederne om dem som en JSON-fil.")
    async def eksport(self, interaction: discord.Interaction) -> None:
        """Everything kept about the member's subscriptions, as a private file."""
        user_id = interaction.user.id

        def work() -> replies.Reply:
            return export_reply(user_id, subscriptions_of(self.bot.db, user_id), notifications_of(self.bot.db, user_id))

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    @abonnementer.command(name="slet-alle", description="Slet alle dine abonnementer og det, der er gemt om dem.")
    async def slet_alle(self, interaction: discord.Interaction) -> None:
        """Delete every subscription the member made and what was recorded of their notifications."""
        user_id = interaction.user.id

        def work() -> replies.Reply:
            subscriptions, notifications = delete_all(self.bot.db, user_id)
            log.info("member %s deleted all their subscriptions (%d)", user_id, subscriptions)
            return deleted_all_reply(subscriptions, notifications)

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)
