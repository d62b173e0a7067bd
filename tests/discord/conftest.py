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
from tests.discord.fake_discord import EPHEMERAL, FakeDiscord, Request

TOKEN = "test-token-not-secret"


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

    async def slash(self, name: str, user: str | None = None, roles: list[str] | None = None,
                    permissions: str = "0", **options: str) -> dict[str, Any]:
        """Run a slash command; returns its INTERACTION_CREATE payload."""
        opts = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        payload = self.fake.interaction("COMMAND", name, opts, user or self.new_user(), roles, permissions)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def answer(self, interaction: dict[str, Any]) -> Answer:
        """The bot's answer to an interaction: the callback, or after a defer the edit/follow-up."""
        callback = await self.fake.wait_request(
            lambda r: r.path == f"/interactions/{interaction['id']}/{interaction['token']}/callback")
        if callback.json["type"] != 5:  # not deferred: the callback carries the answer
            return Answer(callback, callback.json.get("data") or {})
        token = interaction["token"]
        later = await self.fake.wait_request(
            lambda r: r.path.startswith(f"/webhooks/{self.fake.app_id}/{token}") and r.method in ("PATCH", "POST"))
        return Answer(later, later.json or {}, deferred=True)

    async def ask(self, name: str, **options: str) -> Answer:
        """Run a slash command and wait for its answer."""
        return await self.answer(await self.slash(name, **options))

    async def autocomplete(self, name: str, focused: str, value: str, **others: str) -> list[dict[str, Any]]:
        """The choices the bot offers while a user types `value` into option `focused`."""
        opts = [{"name": k, "type": 3, "value": v} for k, v in others.items()]
        opts.append({"name": focused, "type": 3, "value": value, "focused": True})
        payload = self.fake.interaction("AUTOCOMPLETE", name, opts, self.new_user())
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        answer = await self.answer(payload)
        assert answer.request.json["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        return answer.data["choices"]

    async def say(self, content: str, mention: bool = True, user: str | None = None) -> Request:
        """Post a message in the channel; returns the bot's reply request."""
        payload = self.fake.message(content, user or self.new_user(), mentions_bot=mention)
        start = len(self.fake.requests)
        await self.fake.dispatch("MESSAGE_CREATE", payload)
        reply = await self.fake.wait_request(
            lambda r: r.method == "POST" and r.path == f"/channels/{self.fake.channel_id}/messages", after=start)
        assert str(reply.json["message_reference"]["message_id"]) == payload["id"]
        return reply


@dataclass
class Answer:
    """What the bot sent back for one interaction."""

    request: Request
    data: dict[str, Any]
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
        return bool(self.data.get("flags", 0) & EPHEMERAL)

    @property
    def allowed_mentions(self) -> Any:
        return self.data.get("allowed_mentions")


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
async def start_bot(fake: FakeDiscord, knowledge_copy: Path):
    """Start kkrbot against the stand-in with a config (dict as in config.yaml)."""
    running: list[Running] = []

    async def start(config: dict[str, Any] | None = None, knowledge: Path | None = None) -> Running:
        settings = {"guilds": [fake.guild_id], "cooldown": {"rate": 100, "per": 1}, "extra_results": 3,
                    "admin_role": "kkrbot-admin"}
        settings.update(config or {})
        cfg = parse_config(settings)
        where = knowledge or knowledge_copy
        kb, errors = load_knowledge(where)
        assert not errors
        bot = KkrBot(cfg, where)  # loads and indexes `where` itself, as `kkrbot run` does
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
        await run.bot.close()
        await asyncio.wait_for(run.task, 10)
