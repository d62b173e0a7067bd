"""kkrbot's buttons, select menus and report form as discord.py items.

One DynamicItem, `Control`, matches every custom_id kkrbot writes (`kkr:…`, see
bot.discord.custom_ids): discord.py hands it any press on any message the bot ever sent,
also after a restart, and it passes the press on to the bot's actions. The view sent with a
message is built from a Reply's plain controls (bot.discord.controls).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, cast

import discord

from bot.discord import controls as plain
from bot.discord.report_replies import REPORT_TEXT

REPORT_INPUT = "kkr:fejl:tekst"  # the form's text input
_STYLES = {"primary": discord.ButtonStyle.primary, "secondary": discord.ButtonStyle.secondary,
           "success": discord.ButtonStyle.success, "danger": discord.ButtonStyle.danger}


class ActionTarget(Protocol):
    """What handles a press: the bot's actions (bot.discord.actions.Actions)."""

    async def on_control(self, interaction: discord.Interaction, custom_id: str, values: list[str],
                         offered: list[str]) -> None: ...


class _HasActions(Protocol):
    actions: ActionTarget


class Control(discord.ui.DynamicItem[discord.ui.Item[Any]], template=r"kkr:.+"):
    """Any of kkrbot's buttons and select menus, on any message, before or after a restart."""

    def __init__(self, item: discord.ui.Item[Any]) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction,
                             item: discord.ui.Item[Any], match: Any, /) -> Control:
        """The pressed component, as the message holds it."""
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Pass the press (and a menu's chosen and offered values) to the bot's actions."""
        data = cast("dict[str, Any]", interaction.data or {})
        values = [str(v) for v in data.get("values", [])]
        offered = [o.value for o in self.item.options] if isinstance(self.item, discord.ui.Select) else []
        await cast(_HasActions, interaction.client).actions.on_control(interaction, self.custom_id, values, offered)


def _item(control: plain.Control) -> discord.ui.Item[Any]:
    if isinstance(control, plain.Button):
        return discord.ui.Button(label=control.label, custom_id=control.custom_id, style=_STYLES[control.style],
                                 disabled=control.disabled, row=control.row)
    options = [discord.SelectOption(label=o.label, value=o.value, description=o.description, default=o.default)
               for o in control.options]
    return discord.ui.Select(custom_id=control.custom_id, placeholder=control.placeholder[: plain.PLACEHOLDER],
                             min_values=control.min_values, max_values=control.max_values, options=options,
                             row=control.row)


def view_of(controls: list[plain.Control]) -> discord.ui.View | None:
    """The view for a message's controls (None: no components). Its items are `Control`s, so the view
    itself is never stored: presses are dispatched by custom_id."""
    if not controls:
        return None
    view = discord.ui.View(timeout=None)
    for control in controls:
        view.add_item(Control(_item(control)))
    return view


def report_modal(custom_id: str) -> discord.ui.Modal:
    """The 'Rapportér fejl' form: one question, "Hvad var forkert?"."""
    modal = discord.ui.Modal(title="Rapportér fejl", custom_id=custom_id, timeout=900)
    text: discord.ui.TextInput[discord.ui.Modal] = discord.ui.TextInput(
        custom_id=REPORT_INPUT, style=discord.TextStyle.paragraph, max_length=REPORT_TEXT,
        placeholder="Fx: Svaret handler om et andet punkt, eller beslutningen er forkert.")
    modal.add_item(discord.ui.Label(text="Hvad var forkert?", component=text,
                                    description="Spørgsmålet og svaret gemmes sammen med din besked."))
    return modal


def _inputs(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from _inputs(list(component.get("components", [])) + ([component["component"]]
                                                                    if "component" in component else []))


def submitted_text(interaction: discord.Interaction, custom_id: str = REPORT_INPUT) -> str:
    """The value of a text input in a submitted modal ('' when absent)."""
    data = cast("dict[str, Any]", interaction.data or {})
    return next((str(c.get("value") or "") for c in _inputs(data.get("components", []))
                 if c.get("custom_id") == custom_id), "")
