"""`kkrbot run`: start the Discord bot; `kkrbot sync`: register its commands globally.

The token comes from the environment variable the config names (DISCORD_TOKEN by
default) and is never printed or logged. Start-up problems (config, token,
knowledge base, connection) give one clear line and a non-zero exit status.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path

import aiohttp
import discord

from bot.cli.common import add_config_arg, default_knowledge, load_cli_config, warn_skipped
from bot.config import Config, ConfigError, log_level
from bot.discord.client import KkrBot
from bot.knowledge.store import KnowledgeBase, KnowledgeError
from bot.search import Searcher
from bot.state.db import Database, StateError

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `run` and `sync` subcommands."""
    p = sub.add_parser("run", help="start Discord-botten")
    add_config_arg(p)
    # Own dest (not add_knowledge_arg's): an explicit --knowledge must win over the config.
    p.add_argument("--knowledge", dest="knowledge_dir", type=Path, default=None, metavar="DIR",
                   help="vidensbasens mappe (standard: config'ens knowledge, $KKRBOT_KNOWLEDGE eller ./knowledge)")
    p.set_defaults(func=run)
    s = sub.add_parser("sync", help="registrér slash-kommandoerne globalt i Discord (alle servere)")
    add_config_arg(s)
    s.set_defaults(func=sync)


def _fail(message: str) -> int:
    print(f"kkrbot: {message}", file=sys.stderr)
    return 1


def _config(args: argparse.Namespace) -> Config:
    config = load_cli_config(args.config)
    if not args.debug:
        level = log_level(config)
        logging.getLogger().setLevel(level)
        # discord.py's own INFO lines (login, gateway sessions) only at DEBUG; ours at INFO.
        logging.getLogger("discord").setLevel(level if level <= logging.DEBUG else max(level, logging.WARNING))
    return config


class StartError(Exception):
    """A start-up problem worth one line to the user."""


def _config_and_token(args: argparse.Namespace) -> tuple[Config, str]:
    """The validated config and the token from the variable it names; StartError if either fails."""
    try:
        config = _config(args)
    except ConfigError as exc:
        raise StartError(str(exc)) from None
    token = config.token()
    if token is None:
        raise StartError(f"intet Discord-token: sæt miljøvariablen {config.token_env} (se docs/discord.md)")
    return config, token


def _connect(coro_factory: Callable[[], Coroutine[object, object, None]], config: Config) -> int | None:
    """Run a coroutine against Discord; a known failure becomes one clear line (exit 1)."""
    try:
        asyncio.run(coro_factory())
    except discord.LoginFailure:
        return _fail(f"Discord afviste tokenet i ${config.token_env} (ugyldigt eller nulstillet); "
                     "hent et nyt under Bot i Discord Developer Portal")
    except discord.PrivilegedIntentsRequired:
        return _fail("Discord kræver, at 'Message Content Intent' er slået til under Bot i Developer Portal "
                     "(question_channels er sat i konfigurationen)")
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        return _fail(f"kan ikke forbinde til Discord: {exc or type(exc).__name__}")
    except discord.ConnectionClosed as exc:
        return _fail(f"Discord lukkede forbindelsen (kode {exc.code}); tjek token og intents i Developer Portal")
    except discord.HTTPException as exc:
        return _fail(f"Discord svarede med en fejl: {exc.status} {exc.text or ''}".rstrip())
    return None


def run(args: argparse.Namespace) -> int:
    """Load config and knowledge, then serve until stopped."""
    try:
        config, token = _config_and_token(args)
        knowledge = args.knowledge_dir or config.knowledge or default_knowledge()
        searcher = Searcher.from_knowledge(knowledge)  # through the index cache: fast start
        db = Database.open(config.database)
    except (StartError, KnowledgeError, StateError) as exc:
        return _fail(str(exc))
    warn_skipped(searcher.errors)

    async def serve() -> None:
        async with KkrBot(config, knowledge, searcher, db=db) as bot:
            stop_on_sigterm(bot)
            await bot.start(token)
        log.info("kkrbot stopped")

    failed = _connect(serve, config)
    return 0 if failed is None else failed


def stop_on_sigterm(bot: KkrBot) -> None:
    """Close the bot cleanly (gateway, HTTP session, database) when the service manager sends SIGTERM."""
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []  # held, so the task is not collected mid-close

    def stop() -> None:
        log.info("SIGTERM received: shutting down")
        closing.append(loop.create_task(bot.close()))

    with contextlib.suppress(NotImplementedError):  # no signal handlers in this event loop (Windows)
        loop.add_signal_handler(signal.SIGTERM, stop)


def sync(args: argparse.Namespace) -> int:
    """Log in, register the commands globally, and exit."""
    try:
        config, token = _config_and_token(args)
    except StartError as exc:
        return _fail(str(exc))
    count: list[int] = []

    async def register_globally() -> None:
        # Only the command tree is needed: an empty knowledge base, a database in memory.
        async with KkrBot(config, Path("."), Searcher(KnowledgeBase()), sync_guilds=False,
                          db=Database.open(Path(":memory:"))) as bot:
            await bot.login(token)
            count.append(await bot.sync_global())

    failed = _connect(register_globally, config)
    if failed is not None:
        return failed
    print(f"{count[0]} kommandoer registreret globalt; Discord kan være op til en time om at vise dem alle steder.")
    return 0
