"""/highlights as paged embeds (bot.discord.highlight_pages), on the real referat."""
from __future__ import annotations

import copy
import re

from bot.discord.controls import Button
from bot.discord.custom_ids import HIGHLIGHTS, HighlightsFile, MeetingRef, Page, decode
from bot.discord.highlight_pages import ITEMS_PER_PAGE, highlight_pages, highlights_file_reply, highlights_reply
from bot.highlights import build_highlights, render_markdown
from bot.model import Meeting
from tests.discord.test_replies import check_limits


def test_the_real_meeting_in_pages_items_a_few_at_a_time_then_the_rest(meeting: Meeting) -> None:
    h = build_highlights(meeting)
    pages = highlight_pages(h)
    assert [p.section for p in pages] == ["Hovedpunkter"] * 3 + [
        "Udpegninger", "Mindretal og protokolbemærkninger", "Næste møde"]
    assert pages[0].text.startswith("Uddrag af [referatet på kl.dk](")  # a web page, not a PDF: no #page links
    bullets = [re.findall(r"^- \*\*(.+?)\*\*", p.text, re.M) for p in pages[:3]]
    assert [len(b) for b in bullets] == [ITEMS_PER_PAGE, ITEMS_PER_PAGE, len(h.bullets) - 2 * ITEMS_PER_PAGE]
    assert [b for page in bullets for b in page] == [f"{b.number} {b.title}" for b in h.bullets]  # each once, in order
    assert "8. februar 2023" in pages[-1].text and "**Næste møde**" in pages[-1].text
    assert not any("## " in p.text for p in pages)


def test_every_page_fits_and_pages_forward_and_back(meeting: Meeting) -> None:
    h = build_highlights(meeting)
    ref = MeetingRef.of(meeting)
    for page in range(1, 7):
        reply = highlights_reply(h, page, ref)
        check_limits(reply)
        assert not reply.ephemeral and reply.attachment is None
        back, forward, markdown = reply.controls
        assert decode(back.custom_id) == Page(HIGHLIGHTS, 0, page - 1, ref) and back.disabled == (page == 1)
        assert decode(forward.custom_id) == Page(HIGHLIGHTS, 0, page + 1, ref) and forward.disabled == (page == 6)
        assert markdown.label == "Markdown-fil" and decode(markdown.custom_id) == HighlightsFile(ref)
        assert reply.embed.footer.text.startswith(f"Side {page} af 6 · ")
    assert highlights_reply(h, 0, ref).embed.footer.text == "Side 1 af 6 · Hovedpunkter"


def test_short_highlights_are_one_page_with_the_file_button(meeting: Meeting) -> None:
    real = copy.deepcopy(meeting)
    real.items = [i for i in real.items if i.number in ("3.3", "3.7", "3.8")]
    real.items[-1].decision += " Tak til @everyone og <@123>."
    reply = highlights_reply(build_highlights(real), 1, MeetingRef.of(real))
    check_limits(reply)
    (only,) = reply.controls
    assert isinstance(only, Button) and only.label == "Markdown-fil"
    assert "**3.7 Justering af KKR Hovedstadens fælles uddannelsesstrategi**" in reply.embed.description
    assert "@everyone" not in reply.embed.description and "<@123>" not in reply.embed.description


def test_the_markdown_file_is_the_editors_markdown(meeting: Meeting) -> None:
    h = build_highlights(meeting)
    reply = highlights_file_reply(h)
    assert reply.ephemeral and reply.attachment == ("highlights-2022-11-25.md", render_markdown(h))
