"""/highlights on a phone: the Markdown of bot.highlights as paged embeds, the file one button away. Pure.

Pages: the main items a few at a time, then appointments, dissent and the next meeting, each
on its own page (split further only when longer than an embed allows). The text is exactly
`render_markdown`'s, with `##` headings as bold lines and mentions defused.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.discord.controls import Button, Control, pager
from bot.discord.custom_ids import HIGHLIGHTS, HighlightsFile, MeetingRef, encode
from bot.discord.paging import clamp
from bot.discord.replies import CONTENT, DESCRIPTION, TITLE, Reply, build_embed, discord_markdown, shorten
from bot.highlights import Highlights, render_markdown

ITEMS_PER_PAGE = 4
PAGE_CHARS = 3800  # within the embed's 4096, with room for the section heading
MAIN_SECTION = "Hovedpunkter"


@dataclass
class HighlightsPage:
    """One page: the section it belongs to and its text, ready for an embed."""

    section: str
    text: str


def _sections(markdown: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The intro, and each `## ` section as (name, blocks): a block is a bullet with its sub-bullets,
    or a paragraph."""
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif not line.strip():
            continue
        elif not sections:
            intro.append(line)
        elif line.startswith("  ") and sections[-1][1]:  # a sub-bullet ("  - Videre forløb: …")
            sections[-1][1][-1] += "\n" + line
        else:
            sections[-1][1].append(line)
    return "\n".join(intro), sections


def _chunks(blocks: list[str], per_page: int | None) -> list[list[str]]:
    """Blocks in pages of at most `per_page` (None: as many as fit) and PAGE_CHARS characters."""
    pages: list[list[str]] = [[]]
    for block in blocks:
        block = block if len(block) <= PAGE_CHARS else block[: PAGE_CHARS - 1] + "…"
        full = per_page is not None and len(pages[-1]) >= per_page
        if pages[-1] and (full or len("\n".join([*pages[-1], block])) > PAGE_CHARS):
            pages.append([])
        pages[-1].append(block)
    return [p for p in pages if p]


def _join(blocks: list[str]) -> str:
    """Bullets one per line; a paragraph set apart by a blank line."""
    text = ""
    for block in blocks:
        together = text and block.startswith("- ") and text.rsplit("\n", 1)[-1].lstrip().startswith("- ")
        text += ("\n" if together else "\n\n" if text else "") + block
    return text


def highlight_pages(h: Highlights) -> list[HighlightsPage]:
    """The highlights as pages, in the order of the Markdown; the intro opens the first."""
    intro, sections = _sections(render_markdown(h))
    pages: list[HighlightsPage] = []
    for name, blocks in sections:
        chunks = _chunks(blocks, ITEMS_PER_PAGE if name == MAIN_SECTION else None)
        for n, chunk in enumerate(chunks, 1):
            heading = f"**{name}**" + (f" ({n}/{len(chunks)})" if len(chunks) > 1 else "")
            pages.append(HighlightsPage(name, discord_markdown(heading + "\n\n" + _join(chunk))))
    if not pages:
        pages.append(HighlightsPage("", ""))
    pages[0].text = discord_markdown(intro + "\n\n" + pages[0].text).strip()
    return pages


def highlights_reply(h: Highlights, page: int, ref: MeetingRef) -> Reply:
    """Page `page` of a meeting's highlights, with Forrige/Næste (anyone may page) and the Markdown file."""
    pages = highlight_pages(h)
    page = clamp(page, len(pages))
    footer = f"Side {page} af {len(pages)}" + (f" · {pages[page - 1].section}" if pages[page - 1].section else "")
    embed = build_embed(shorten(h.heading, TITLE), h.source_url, pages[page - 1].text[:DESCRIPTION], [], footer)
    controls: list[Control] = pager(HIGHLIGHTS, 0, page, len(pages), ref)
    controls.append(Button("Markdown-fil", encode(HighlightsFile(ref))))
    return Reply(embed=embed, controls=controls)


def highlights_file_reply(h: Highlights) -> Reply:
    """The highlights as a Markdown file, privately to the editor who asked."""
    name = f"highlights-{h.date}.md"
    text = f"Hovedpunkterne som Markdown (`{name}`), klar til at indsætte i en mail eller på en hjemmeside."
    return Reply(content=text[:CONTENT], attachment=(name, render_markdown(h)), ephemeral=True)
