"""The Discord bot: connection, command sync, mentions, cooldown, errors, reload, and its state
(the SQLite database, the case index, the actions behind every button)."""
from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.cases import CaseIndex
from bot.config import Config
from bot.discord import replies
from bot.discord.actions import Actions
from bot.discord.commands import KkrCommands
from bot.discord.components import Control
from bot.discord.cooldown import QuestionBucket, cooldown_message
from bot.discord.help import command_help, help_reply
from bot.discord.meetings import UnknownMeeting, unknown_meeting_reply
from bot.discord.respond import FRIENDLY_ERROR, reply_kwargs, send_error, send_reply
from bot.knowledge.store import KnowledgeBase, KnowledgeError
from bot.search import Searcher
from bot.search.markup import strip_markup
from bot.state.answers import forget_old_answers
from bot.state.db import Database

log = logging.getLogger(__name__)

# "@kkrbot hjælp" asks how to use the bot, not the minutes.
HELP_WORDS = frozenset({"hjælp", "hjaelp", "hjalp", "help", "kommandoer", ""})


def intents_for(config: Config) -> discord.Intents:
    """The default intents; message content only when plain-question channels are configured."""
    intents = discord.Intents.default()
    intents.message_content = config.message_content
    return intents


def strip_mention(content: str, user_id: int) -> str:
    """The question in a message, with the bot's own mention(s) removed."""
    return " ".join(re.sub(rf"<@!?{user_id}>", " ", content).split())


def question_of(content: str, user_id: int) -> str:
    """The question in a message: without the bot's mention, other mentions, emoji and escapes."""
    return strip_markup(strip_mention(content, user_id))


class KkrTree(app_commands.CommandTree):
    """The command tree: the question bucket before a question, friendly errors after."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse (politely) a member who asks too many questions; other commands and autocomplete
        are never limited."""
        if interaction.type is not discord.InteractionType.application_command:
            return True
        command = interaction.command
        bucket = self.client.cooldown  # type: ignore[attr-defined]
        if bucket is None or command is None or not command.extras.get("question"):
            return True
        wait = bucket.retry_after(interaction.user.id)
        if wait:
            await interaction.response.send_message(cooldown_message(wait), ephemeral=True)
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Log the traceback and tell the user something went wrong; the bot stays up."""
        if isinstance(error, UnknownMeeting):  # the member's input, not our failure
            await send_reply(interaction, unknown_meeting_reply(error.text))
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        original = getattr(error, "original", error)
        log.error("command /%s failed", command, exc_info=(type(original), original, original.__traceback__))
        await send_error(interaction)


class KkrBot(commands.Bot):
    """kkrbot on Discord: answers from a knowledge base that an admin can reload."""

    def __init__(self, config: Config, knowledge: Path, searcher: Searcher | None = None,
                 sync_guilds: bool = True, db: Database | None = None) -> None:
        """Serve `knowledge`; without a searcher, load it through the index cache; without a
        database, open the config's (StateError when it cannot be opened)."""
        # A text-only bot: discord.py's warnings about missing voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(config),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=KkrTree,
        )
        self.config = config
        self.knowledge = knowledge
        # Through the on-disk index cache: a large knowledge base starts in a fraction of the time.
        self.searcher = searcher if searcher is not None else Searcher.from_knowledge(knowledge)
        self.cases = CaseIndex(self.searcher.kb)
        self.db = db if db is not None else Database.open(config.database)
        self.actions = Actions(self)
        self.sync_guilds = sync_guilds
        self.cooldown = QuestionBucket.of(config.cooldown)
        self._reload_lock = asyncio.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base being served (the searcher's)."""
        return self.searcher.kb

    async def setup_hook(self) -> None:
        """Register the commands and every button and menu (persistent), and sync the commands to the
        configured guilds."""
        await self.add_cog(KkrCommands(self))
        self.add_dynamic_items(Control)  # buttons on messages sent before this start work too
        try:
            forgotten = await asyncio.to_thread(forget_old_answers, self.db)
        except sqlite3.Error as exc:  # a read-only or full disk: answer anyway, and say so
            log.warning("could not forget old answers in %s: %s", self.db.path, exc)
        else:
            if forgotten:
                log.info("forgot %d answer(s) older than the database keeps them", forgotten)
        if not self.sync_guilds:
            return
        if not self.config.guilds:
            log.info("no guilds configured: commands are global; run `kkrbot sync` once to register them")
        for guild_id in self.config.guilds:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.HTTPException as exc:
                log.error("could not sync commands to guild %s (is the bot invited with the "
                          "applications.commands scope?): %s", guild_id, exc)
                continue
            log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def sync_global(self) -> int:
        """Register the commands globally (Discord may take up to an hour to show them)."""
        return len(await self.tree.sync())

    async def on_ready(self) -> None:
        """Log who we are and where."""
        log.info("connected as %s (id %s) to %d guild(s); %d meeting(s) loaded",
                 self.user, self.user.id if self.user else "?", len(self.guilds), len(self.kb.meetings))

    async def close(self) -> None:
        """Disconnect, then close the database."""
        await super().close()
        self.db.close()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A submitted form goes to the actions (by its custom_id, so one opened before a restart counts)."""
        if interaction.type is discord.InteractionType.modal_submit:
            await self.actions.on_modal(interaction)

    def _load(self) -> tuple[Searcher, CaseIndex]:
        # strict: one broken file keeps the old base; the cache makes an unchanged base instant.
        searcher = Searcher.from_knowledge(self.knowledge, strict=True)
        return searcher, CaseIndex(searcher.kb)

    async def reload_knowledge(self) -> str | None:
        """Load the knowledge base again; on any bad file keep the old one and return the error."""
        async with self._reload_lock:
            try:
                searcher, cases = await asyncio.to_thread(self._load)
            except KnowledgeError as exc:
                log.warning("reload failed, keeping the old knowledge base: %s", exc)
                return str(exc)
            self.searcher, self.cases = searcher, cases
            log.info("reloaded the knowledge base: %d meeting(s)", len(searcher.kb.meetings))
            return None

    async def on_message(self, message: discord.Message) -> None:
        """Answer `@kkrbot <question>` anywhere, direct messages, and plain questions in the
        configured channels."""
        if message.author.bot or self.user is None:
            return
        # A direct message is addressed to the bot as much as a mention is.
        mentioned = message.guild is None or any(user.id == self.user.id for user in message.mentions)
        in_channel = message.channel.id in self.config.question_channels
        if not (mentioned or in_channel):
            return
        question = question_of(message.content, self.user.id)
        try:
            if not question or question.strip(" ?!.").casefold() in HELP_WORDS:
                reply = help_reply(command_help(self.tree), f"@{self.user.name}") if mentioned else None
            elif self.cooldown is not None and (wait := self.cooldown.retry_after(message.author.id)):
                reply = replies.text_reply(cooldown_message(wait)) if mentioned else None
            else:
                reply = await asyncio.to_thread(self.actions.question, question)
                if reply.ephemeral and not mentioned:
                    reply = None  # plain channel chatter we have no answer to: stay quiet
        except Exception:
            log.exception("answering a message failed")
            reply = replies.text_reply(FRIENDLY_ERROR)
        if reply is None:
            return
        try:
            await message.reply(mention_author=False, **reply_kwargs(reply))
        except discord.HTTPException:
            log.exception("could not reply in channel %s", message.channel.id)
