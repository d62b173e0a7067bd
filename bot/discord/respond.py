"""Answering an interaction: send a Reply directly, or defer within Discord's 3 s and answer after.

The Discord I/O the commands, the client and the views share; what to say comes from `replies`.
"""
from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discord import replies
from bot.discord.components import view_of
from bot.discord.replies import Reply

log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s; past this we defer first.
DEFER_AFTER = 2.0
FRIENDLY_ERROR = (
    "Beklager, der gik noget galt, da jeg skulle svare. Fejlen er skrevet i loggen – prøv gerne igen om lidt."
)


def _file(reply: Reply) -> discord.File | None:
    if reply.attachment is None:
        return None
    name, text = reply.attachment
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=name)


def reply_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for discord.py's send calls from a Reply."""
    kwargs: dict[str, Any] = {}
    if reply.content is not None:
        kwargs["content"] = reply.content
    if reply.embed is not None:
        kwargs["embed"] = reply.embed
    if (file := _file(reply)) is not None:
        kwargs["file"] = file
    if (view := view_of(reply.controls)) is not None:
        kwargs["view"] = view
    return kwargs


def edit_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for discord.py's edit calls: the message becomes the Reply (what it lacks is removed)."""
    file = _file(reply)
    return {"content": reply.content, "embed": reply.embed, "view": view_of(reply.controls),
            "attachments": [file] if file is not None else []}


async def send_reply(interaction: discord.Interaction, reply: Reply) -> None:
    """Answer an interaction: the response itself, or after a defer the edit or follow-up."""
    kwargs = reply_kwargs(reply)
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
    elif interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
        await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)
    elif reply.ephemeral:
        # The public "thinking…" message can't turn private: remove it, answer only the asker.
        await interaction.delete_original_response()
        await interaction.followup.send(ephemeral=True, **kwargs)
    else:
        await interaction.edit_original_response(**edit_kwargs(reply))


async def respond(interaction: discord.Interaction, work: Callable[[], Awaitable[Reply]],
                  ephemeral: bool = False) -> None:
    """Run work; answer directly when quick, else defer within Discord's 3 s and answer after.
    `ephemeral`: the answer is private whatever it is (a button's), so a defer shows only the asker."""
    task = asyncio.ensure_future(work())
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if done:
        await send_reply(interaction, task.result())
        return
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    reply = await task
    if ephemeral:
        await interaction.edit_original_response(**edit_kwargs(reply))
    else:
        await send_reply(interaction, reply)


async def update(interaction: discord.Interaction, work: Callable[[], Awaitable[Reply]]) -> None:
    """Replace the message a button or menu is on with work's Reply, deferring within Discord's 3 s
    when work is slow."""
    task = asyncio.ensure_future(work())
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if done:
        await interaction.response.edit_message(**edit_kwargs(task.result()))
        return
    await interaction.response.defer()  # DEFERRED_UPDATE_MESSAGE: the member sees the message as it was
    await interaction.edit_original_response(**edit_kwargs(await task))


async def send_error(interaction: discord.Interaction) -> None:
    """The friendly Danish error message, however far the interaction got."""
    reply = replies.text_reply(FRIENDLY_ERROR)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(reply.content or "", ephemeral=True)
        else:
            await interaction.response.send_message(reply.content, ephemeral=True)
    except discord.HTTPException:
        log.exception("could not send the error message for interaction %s", interaction.id)
