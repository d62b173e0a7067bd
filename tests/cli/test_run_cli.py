"""`kkrbot run` / `kkrbot sync` start-up: token, config, knowledge and login failures."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import discord
import pytest

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.discord.fake_discord import FakeDiscord

TOKEN = "right-token-for-the-stand-in"


STAND_IN_KKRBOT = Path(__file__).with_name("stand_in_kkrbot.py")


@pytest.fixture
def fake(threaded: tuple[FakeDiscord, asyncio.AbstractEventLoop], monkeypatch: pytest.MonkeyPatch):
    """The Discord stand-in on its own thread, with discord.py in this process pointed at it."""
    server, _ = threaded
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    return server


@pytest.fixture
def threaded():
    """The Discord stand-in on its own thread (and that thread's loop), so the CLI can run its own event loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start() -> FakeDiscord:
        server = FakeDiscord(token=TOKEN)
        await server.start()
        return server

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    yield server, loop
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No token from the developer's shell, no config.yaml from the working directory."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    levels = {name: logging.getLogger(name).level for name in ("", "discord")}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_run_without_a_token(capsys) -> None:
    assert main(["run", "--knowledge", str(BUNDLED_KNOWLEDGE)]) != 0
    assert one_line(capsys) == ("kkrbot: intet Discord-token: sæt miljøvariablen DISCORD_TOKEN "
                                "(se docs/discord.md)")


def test_run_with_a_rejected_token(fake: FakeDiscord, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "wrong-token-4711")
    assert main(["run", "--knowledge", str(BUNDLED_KNOWLEDGE)]) == 1
    line = one_line(capsys)
    assert line.startswith("kkrbot: Discord afviste tokenet i $DISCORD_TOKEN")
    assert "wrong-token-4711" not in line
    (login,) = [r for r in fake.requests if r.path == "/users/@me"]
    assert login.authorization == "Bot wrong-token-4711"


def test_the_config_names_the_token_variable(fake: FakeDiscord, capsys, monkeypatch, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text(f"token_env: KKRBOT_TOKEN\nknowledge: {BUNDLED_KNOWLEDGE}\n")
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)  # not the one the config names
    assert main(["run"]) == 1
    assert "KKRBOT_TOKEN" in one_line(capsys)
    monkeypatch.setenv("KKRBOT_TOKEN", "also-wrong")
    assert main(["run"]) == 1
    assert "afviste tokenet i $KKRBOT_TOKEN" in one_line(capsys)


def test_sync_registers_the_commands_globally(fake: FakeDiscord, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["sync"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("8 kommandoer registreret globalt")
    (put,) = [r for r in fake.requests if r.method == "PUT"]
    assert put.path == f"/applications/{fake.app_id}/commands"
    assert TOKEN not in out + err


def test_bad_config_and_missing_knowledge_are_one_line(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    (tmp_path / "config.yaml").write_text("guilds: [abc]\n")
    assert main(["run"]) == 1
    assert one_line(capsys) == "kkrbot: config.yaml: guilds[0]: skal være et id (kun cifre), fik 'abc'"
    assert main(["run", "--config", "andet.yaml"]) == 1
    assert "andet.yaml: konfigurationsfilen findes ikke" in one_line(capsys)
    (tmp_path / "config.yaml").write_text("log_level: INFO\n")
    assert main(["run", "--knowledge", str(tmp_path / "mangler")]) == 1
    assert "vidensbasen findes ikke" in one_line(capsys)


def test_a_database_that_cannot_be_opened_is_one_line(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    (tmp_path / "fil").write_text("en fil, ikke en mappe")
    (tmp_path / "config.yaml").write_text(f"knowledge: {BUNDLED_KNOWLEDGE}\ndatabase: fil/kkrbot.sqlite3\n")
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert line.startswith(f"kkrbot: {tmp_path / 'fil' / 'kkrbot.sqlite3'}: databasen kan ikke åbnes")


def test_unreachable_discord_is_one_line(capsys, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")  # nothing listens
    assert main(["run", "--knowledge", str(BUNDLED_KNOWLEDGE)]) == 1
    assert one_line(capsys).startswith("kkrbot: kan ikke forbinde til Discord")


def test_sigterm_shuts_the_bot_down_cleanly_with_a_log_line(threaded, tmp_path) -> None:
    fake, loop = threaded
    (tmp_path / "config.yaml").write_text(
        f"guilds: [{fake.guild_id}]\nknowledge: {BUNDLED_KNOWLEDGE}\nlog_level: INFO\n", encoding="utf-8")
    bot = subprocess.Popen([sys.executable, str(STAND_IN_KKRBOT), fake.api_base, fake.gateway_url, "run"],
                           cwd=tmp_path, env=dict(os.environ, DISCORD_TOKEN=TOKEN),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        asyncio.run_coroutine_threadsafe(asyncio.wait_for(fake.ready.wait(), 60), loop).result(70)
        bot.send_signal(signal.SIGTERM)
        out, err = bot.communicate(timeout=30)
    finally:
        bot.kill()
    assert bot.returncode == 0, err
    assert out == "" and "Traceback" not in err
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    assert re.search(rf"^{stamp} INFO bot.cli.run: SIGTERM received: shutting down$", err, re.M), err
    assert re.search(rf"^{stamp} INFO bot.cli.run: kkrbot stopped$", err, re.M), err
    assert re.search(rf"^{stamp} INFO bot.discord.client: synced \d+ commands to guild {fake.guild_id}$", err, re.M), err
