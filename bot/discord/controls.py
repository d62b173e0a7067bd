"""Buttons and select menus as plain data: what a Reply offers under its message.

Pure: `bot.discord.components` turns these into discord.py items when the reply is sent.
Every control's custom_id comes from `bot.discord.custom_ids`, so it works after a restart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.discord.custom_ids import ItemRef, MeetingRef, Page, encode

BUTTON_LABEL = 80  # Discord's limit for a button's label
OPTION_TEXT = 100  # … and for a select option's label, value and description
OPTIONS = 25  # … options in one select menu
PLACEHOLDER = 150


@dataclass(frozen=True)
class Button:
    """A button; `style` is one of primary, secondary, success, danger."""

    label: str
    custom_id: str
    style: str = "secondary"
    disabled: bool = False
    row: int = 0


@dataclass(frozen=True)
class Option:
    """One choice in a select menu."""

    label: str
    value: str
    description: str | None = None
    default: bool = False


@dataclass(frozen=True)
class Select:
    """A string select menu (pick between `min_values` and `max_values` options)."""

    custom_id: str
    placeholder: str
    options: tuple[Option, ...] = field(default_factory=tuple)
    min_values: int = 1
    max_values: int = 1
    row: int = 1


Control = Button | Select


def label(text: str, limit: int = BUTTON_LABEL) -> str:
    """Our own short text within a Discord label limit ('…' when cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pager(view: str, owner: int, page: int, pages: int, ref: ItemRef | MeetingRef, row: int = 0) -> list[Control]:
    """Forrige/Næste for page `page` of `pages` (none for a single page); the ends are disabled."""
    if pages <= 1:
        return []
    return [
        Button("◀ Forrige", encode(Page(view, owner, page - 1, ref)), disabled=page <= 1, row=row),
        Button("Næste ▶", encode(Page(view, owner, page + 1, ref)), disabled=page >= pages, row=row),
    ]
