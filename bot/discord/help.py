"""/hjælp (and `@kkrbot hjælp`): generated from the command tree's names and descriptions, plus examples.

A new command shows up in the help by being registered; only the examples are written here.
"""
from __future__ import annotations

from dataclasses import dataclass

from discord import app_commands

from bot.discord.replies import DESCRIPTION, Reply, build_embed, clip

HELP_EXAMPLES = (
    ("/beslutning spørgsmål:", "Hvad blev besluttet om DK2020-klimapartnerskabet?"),
    ("/beslutning spørgsmål:", "Hvor mange SOSU-lærepladser skal fordeles på seneste møde?"),
    ("/udpegning søg:", "Hvidovre"),
    ("/udpegning søg:", "Kasper Damsgaard"),
    ("/highlights møde:", "25. november 2022"),
    ("/sag søg:", "DK2020-klimapartnerskabet"),
)
INTRO = (
    "Jeg svarer på *hvad blev besluttet?* ud fra referaterne. "
    "Svaret er beslutningen ordret fra referatet, med link til siden i referatet. "
    "Knapperne under et svar viser hele beslutningen, andre resultater og sagens forløb, "
    "og med **Rapportér fejl** kan du sige til, hvis svaret var forkert."
)
TIPS = (
    "Skriv et møde i spørgsmålet (»… på mødet den 25. november 2022«, »… på seneste møde«) "
    "eller vælg det under `møde`. Stavefejl og manglende æøå går fint."
)


@dataclass
class CommandHelp:
    """One slash command as the help shows it: name, options (required ones first) and description."""

    name: str
    description: str
    options: list[tuple[str, bool]]  # (display name, required)


def command_help(tree: app_commands.CommandTree) -> list[CommandHelp]:
    """Every slash command in the tree, in the order they were registered."""
    return [
        CommandHelp(command.name, command.description, [(p.display_name, p.required) for p in command.parameters])
        for command in tree.get_commands()
        if isinstance(command, app_commands.Command)
    ]


def _usage(command: CommandHelp) -> str:
    options = " ".join(f"`{name}`" if required else f"`[{name}]`" for name, required in command.options)
    return f"**/{command.name}**" + (f" {options}" if options else "")


def help_reply(commands: list[CommandHelp], mention: str = "@kkrbot") -> Reply:
    """What the bot can do: every command with its options and description, then examples."""
    lines = [f"{_usage(c)} – {c.description}" for c in commands]
    lines.append(f"**{mention} spørgsmål** – skriv til mig i en kanal eller en privat besked, så svarer jeg.")
    examples = "\n".join(f"`{cmd}` {example}" for cmd, example in HELP_EXAMPLES)
    text = "\n\n".join([INTRO, "\n".join(lines), TIPS, "**Eksempler**\n" + examples])
    return Reply(embed=build_embed("Sådan bruger du kkrbot", None, clip(text, DESCRIPTION), []), ephemeral=True)
