"""`kkrbot` in a process of its own, with discord.py pointed at a Discord stand-in (for signal tests).

    python tests/cli/stand_in_kkrbot.py API_BASE GATEWAY_URL run --config config.yaml

discord.py has no setting for Discord's address, so the two class attributes the tests
patch in-process (tests/discord/conftest.py `fake`) are set here before `kkrbot` starts.
"""
from __future__ import annotations

import sys

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.cli import main

if __name__ == "__main__":
    api_base, gateway, *argv = sys.argv[1:]
    discord.http.Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    sys.exit(main(argv))
