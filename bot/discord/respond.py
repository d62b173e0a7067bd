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
from bot.discord.replies import Reply

log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s; past this we defer first.
DEFER_AFTER = 2.0
FRIENDLY_ERROR = (
    "Beklager, der gik noget galt, da jeg skulle svare. Fejlen er skrevet i loggen – prøv gerne igen om lidt."
)


def reply_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for discord.py's send/edit calls from a Reply."""
    kwargs: dict[str, Any] = {}
    if reply.content is not None:
        kwargs["content"] = reply.content
    if reply.embed is not None:
        kwargs["embed"] = reply.embed
    if reply.attachment is not None:
        name, text = reply.attachment
        kwargs["file"] = discord.File(io.BytesIO(text.encode("utf-8")), filename=name)
    return kwargs


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
        if "file" in kwargs:
            kwargs["attachments"] = [kwargs.pop("file")]
        await interaction.edit_original_response(**kwargs)


async def respond(interaction: discord.Interaction, work: Callable[[], Awaitable[Reply]]) -> None:
    """Run work; answer directly when quick, else defer within Discord's 3 s and answer after."""
    task = asyncio.ensure_future(work())
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        await interaction.response.defer(thinking=True)
    await send_reply(interaction, await task)


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
