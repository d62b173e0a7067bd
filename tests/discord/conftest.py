"""A running kkrbot (the real discord.py client) connected to the local Discord stand-in."""
from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.config import parse_config
from bot.discord.client import KkrBot
from bot.knowledge.store import load_knowledge
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.discord.fake_discord import EPHEMERAL, FakeDiscord, Request, Sent

TOKEN = "test-token-not-secret"


def string_options(options: dict[str, str]) -> list[dict[str, Any]]:
    """A slash command's string options as Discord sends them."""
    return [{"name": k, "type": 3, "value": v} for k, v in options.items()]


@dataclass
class Running:
    """The stand-in, the bot connected to it, and helpers to talk to the bot like Discord does."""

    fake: FakeDiscord
    bot: KkrBot
    knowledge: Path
    task: asyncio.Task
    users: Any = field(default=None)

    def new_user(self) -> str:
        """A fresh user id (the cooldown is per user)."""
        return self.fake.next_id()

    async def slash(self, name: str, *, user: str | None = None, roles: list[str] | None = None,
                    permissions: str = "0", dm: bool = False, **options: str) -> dict[str, Any]:
        """Run a slash command (in the guild's channel, or in the user's DM); returns its INTERACTION_CREATE
        payload."""
        payload = self.fake.interaction("COMMAND", name, string_options(options), user or self.new_user(), roles,
                                        permissions, dm)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def press(self, message: Sent, custom_id: str, user: str | None = None,
                    roles: list[str] | None = None) -> dict[str, Any]:
        """Press a button on a message the bot sent, as `user` (by default the one it answers or the DM's
        recipient); returns the INTERACTION_CREATE payload."""
        payload = self.fake.component(message.id, custom_id, user, roles=roles)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def choose(self, message: Sent, custom_id: str, *values: str, user: str | None = None,
                     roles: list[str] | None = None) -> dict[str, Any]:
        """Choose `values` in a string select menu on a message the bot sent; returns the payload."""
        payload = self.fake.component(message.id, custom_id, user, values=list(values), roles=roles)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def submit(self, opened_by: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
        """Fill in (text inputs by custom_id) and submit the modal the bot answered `opened_by` with, as the
        user it showed it to; returns the MODAL_SUBMIT payload."""
        await self.callback(opened_by)
        payload = self.fake.modal_submit(opened_by["id"], values)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def callback(self, interaction: dict[str, Any]) -> Request:
        """The bot's callback (its first response) to an interaction."""
        return await self.fake.wait_request(
            lambda r: r.path == f"/interactions/{interaction['id']}/{interaction['token']}/callback")

    async def answer(self, interaction: dict[str, Any]) -> Answer:
        """The bot's answer to an interaction: the callback, or after a defer the edit/follow-up."""
        callback = await self.callback(interaction)
        if callback.json["type"] not in (5, 6):  # not deferred: the callback carries the answer
            return Answer(callback, callback.json.get("data") or {}, self.fake.messages.get(callback.message or ""))
        webhook = f"/webhooks/{self.fake.app_id}/{interaction['token']}"
        on = (interaction.get("message") or {}).get("id")  # a deferred update may edit it through the channel

        def answers(r: Request) -> bool:
            edits_it = on is not None and r.message == on
            return r.method in ("PATCH", "POST") and (r.path.startswith(webhook) or edits_it)

        later = await self.fake.wait_request(answers, after=self.fake.requests.index(callback) + 1)
        return Answer(later, later.json or {}, self.fake.messages.get(later.message or ""), deferred=True)

    async def ask(self, name: str, **options: str) -> Answer:
        """Run a slash command and wait for its answer."""
        payload = self.fake.interaction("COMMAND", name, string_options(options), self.new_user())
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await self.answer(payload)

    async def autocomplete(self, name: str, focused: str, value: str, **others: str) -> list[dict[str, Any]]:
        """The choices the bot offers while a user types `value` into option `focused`."""
        opts = string_options(others)
        opts.append({"name": focused, "type": 3, "value": value, "focused": True})
        payload = self.fake.interaction("AUTOCOMPLETE", name, opts, self.new_user())
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        answer = await self.answer(payload)
        assert answer.request.json["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        return answer.data["choices"]

    async def say(self, content: str, mention: bool = True, user: str | None = None, dm: bool = False) -> Request:
        """Post a message in the channel (or the user's DM with the bot); returns the bot's reply request."""
        payload = self.fake.message(content, user or self.new_user(), mentions_bot=mention, dm=dm)
        start = len(self.fake.requests)
        await self.fake.dispatch("MESSAGE_CREATE", payload)
        reply = await self.fake.wait_request(
            lambda r: r.method == "POST" and r.path == f"/channels/{payload['channel_id']}/messages", after=start)
        assert str(reply.json["message_reference"]["message_id"]) == payload["id"]
        return reply

    async def stop(self) -> None:
        """Close the bot (as a restart does); the stand-in keeps what it recorded."""
        await self.bot.close()
        await asyncio.wait_for(self.task, 10)


@dataclass
class Answer:
    """What the bot sent back for one interaction."""

    request: Request
    data: dict[str, Any]
    message: Sent | None = None  # the message the answer is in, as the stand-in holds it now
    deferred: bool = False

    @property
    def embed(self) -> dict[str, Any]:
        (embed,) = self.data["embeds"]
        return embed

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def ephemeral(self) -> bool:
        """Whether only the asker sees it: the message's flag (an edit after an ephemeral defer stays so)."""
        if self.message is not None:
            return self.message.ephemeral
        return bool(self.data.get("flags", 0) & EPHEMERAL)

    @property
    def allowed_mentions(self) -> Any:
        return self.data.get("allowed_mentions")

    @property
    def modal(self) -> dict[str, Any]:
        """The modal the bot opened (callback type 9): custom_id, title, components."""
        assert self.request.json["type"] == 9, f"the answer is a callback of type {self.request.json['type']}"
        return self.data


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge base that a test may change."""
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch):
    """The stand-in, with discord.py pointed at it (REST base and gateway address)."""
    server = FakeDiscord(token=TOKEN)
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    async with aiohttp.ClientSession() as session, session.get(f"{server.api_base}/gateway/bot") as response:
        gateway = (await response.json())["url"]
    # discord.py's Client connects to DiscordWebSocket.DEFAULT_GATEWAY (only the sharded
    # client asks /gateway/bot), so the address /gateway/bot gives is put there.
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(gateway))
    yield server
    await server.stop()


@pytest.fixture
async def start_bot(fake: FakeDiscord, knowledge_copy: Path, tmp_path: Path):
    """Start kkrbot against the stand-in with a config (dict as in config.yaml; the default cooldown,
    a database in the test's directory, kept across restarts)."""
    running: list[Running] = []

    async def start(config: dict[str, Any] | None = None, knowledge: Path | None = None) -> Running:
        settings = {"guilds": [fake.guild_id], "extra_results": 3, "admin_role": "kkrbot-admin",
                    "database": str(tmp_path / "kkrbot.sqlite3")}
        settings.update(config or {})
        cfg = parse_config(settings)
        where = knowledge or knowledge_copy
        _, errors = load_knowledge(where)
        assert not errors
        bot = KkrBot(cfg, where)  # loads and indexes `where` itself, as `kkrbot run` does
        fake.ready.clear()  # a bot started again (a restart) must identify anew
        task = asyncio.create_task(bot.start(TOKEN))
        ready = asyncio.create_task(fake.ready.wait())
        done, _ = await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises what went wrong
        assert ready in done, "the bot did not connect to the stand-in"
        run = Running(fake, bot, where, task)
        running.append(run)
        return run

    yield start
    for run in running:
        await run.stop()
