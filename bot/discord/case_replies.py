"""A case's path across meetings as paged embeds (/sag and 'Sagens forløb'). Pure."""
from __future__ import annotations

from bot.cases import BY_NUMBER, Stage, Timeline, timeline_heading
from bot.dates import danish_date
from bot.discord.controls import pager
from bot.discord.custom_ids import CASE, ItemRef
from bot.discord.paging import clamp
from bot.discord.replies import (
    CONTENT,
    FIELD_NAME,
    FIELD_VALUE,
    TITLE,
    TOTAL,
    Reply,
    build_embed,
    fit,
    link,
    one_line,
    shorten,
)
from bot.model import Item

STAGES_PER_PAGE = 6  # a phone screen or two; each stage is one field (Discord allows 25)


def _stage_field(n: int, stage: Stage, room: int) -> tuple[str, str, bool]:
    """One stage as a field within `room` characters (name and value together)."""
    name = shorten(f"{n}. {stage.body} · {danish_date(stage.date)}", min(FIELD_NAME, 120))
    label = f"{stage.number} {stage.title}" if stage.number else stage.title
    where = link(one_line(label, 150), stage.url if stage.url and len(stage.url) <= 400 else None)
    head = f"**{shorten(stage.outcome, 100)}** · {where}"
    space = min(FIELD_VALUE, room - len(name)) - len(head) - 4
    quote = fit(stage.decision, space) if stage.decision and space > 40 else ""
    return name, f"{head}\n»{quote}«" if quote else head, False


def page_of(timeline: Timeline, item: Item) -> int:
    """The page that shows the stage of `item` (the answer 'Sagens forløb' was pressed under); 1 if none."""
    n = next((n for n, s in enumerate(timeline.stages) if s.item is item), 0)
    return n // STAGES_PER_PAGE + 1


def timeline_reply(timeline: Timeline, page: int, owner: int, ephemeral: bool) -> Reply:
    """Page `page` of the case's path, oldest meeting first, with Forrige/Næste for `owner` (0: anyone)."""
    pages = max(1, -(-len(timeline.stages) // STAGES_PER_PAGE))
    page = clamp(page, pages)
    first = (page - 1) * STAGES_PER_PAGE
    shown = timeline.stages[first:first + STAGES_PER_PAGE]
    if timeline.by != BY_NUMBER:
        how = "Punkter med samme titel på andre møder, ældste først (referaterne giver intet sagsnummer)."
    elif timeline.others:
        how = (f"Møderne, hvor denne beslutning var på dagsordenen, ældste først. /sag {timeline.case_number} "
               "viser alle punkter med sagsnummeret.")
    else:
        how = "Alle møder, hvor sagen var på dagsordenen, ældste først."
    title = shorten(f"Sagens forløb: {timeline.title}", TITLE)
    description = shorten(timeline_heading(timeline), 300) + "\n" + how
    footer = f"Side {page} af {pages}" if pages > 1 else ""
    room = (TOTAL - len(title) - len(description) - len(footer)) // max(len(shown), 1)
    fields = [_stage_field(first + n + 1, s, room) for n, s in enumerate(shown)]
    anchor = timeline.anchor_stage
    controls = pager(CASE, owner, page, pages, ItemRef.of(anchor.meeting, anchor.item))
    return Reply(embed=build_embed(title, None, description, fields, footer), ephemeral=ephemeral, controls=controls)


def no_case_reply(text: str, why: str | None = None) -> Reply:
    """The private answer when /sag finds no case (`why`: the number is in the minutes but is no case)."""
    shown = one_line(text, 200)
    message = (f"»{shown}« {why}. Skriv et sagsnummer fra et punkt eller nogle ord fra sagens titel." if why else
               f"Jeg fandt ingen sag, der passer på »{shown}«. "
               "Skriv et sagsnummer eller nogle ord fra sagens titel, eller vælg en sag på listen.")
    return Reply(content=fit(message, CONTENT), ephemeral=True)
