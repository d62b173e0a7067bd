"""Long text as pages: every page within its limit and escaped, together the whole text."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord.paging import clamp, paginate
from bot.discord.replies import escape
from bot.model import Meeting


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_real_referat_in_pages_of_3500(meeting: Meeting) -> None:
    text = "\n\n".join(i.section_text() for i in meeting.items if i.section_text())
    pages = paginate(text, 3500)
    assert len(pages) > 10
    assert all(0 < len(p) <= 3500 for p in pages)
    assert squeeze("".join(pages)) == squeeze(escape(text))  # nothing left out, nothing added
    # Cut between paragraphs, lines or sentences: where one page ends and the next begins, the text
    # has a line break, or a sentence ends.
    whole = escape(text)
    for page, after in zip(pages, pages[1:], strict=False):
        gap = re.search(re.escape(page[-40:]) + r"(\s+)" + re.escape(after[:40]), whole)
        assert gap and ("\n" in gap[1] or page[-1] in ".:!?"), (page[-40:], after[:40])


def test_a_text_that_fits_is_one_page_and_empty_text_one_empty_page() -> None:
    assert paginate("KKR Hovedstaden godkendte indstillingen.", 100) == ["KKR Hovedstaden godkendte indstillingen."]
    assert paginate("", 100) == [""] and paginate("   \n ", 100) == [""]


def test_one_unbroken_run_is_cut_hard_within_the_limit() -> None:
    text = "x" * 10_000
    pages = paginate(text, 3500)
    assert [len(p) for p in pages] == [3500, 3500, 3000]


def test_markdown_and_mentions_are_escaped_on_every_page() -> None:
    text = " ".join(["**fed** @everyone <@123> _kursiv_"] * 300)
    pages = paginate(text, 500)
    assert all(len(p) <= 500 for p in pages)
    assert not any("@everyone" in p or "<@123>" in p for p in pages)
    assert all("\\*\\*fed\\*\\*" in p for p in pages)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("abc æøå.\n ,;:"), max_size=3000), st.integers(20, 600))
def test_pages_never_exceed_the_limit_and_keep_every_character(text: str, limit: int) -> None:
    pages = paginate(text, limit)
    assert all(len(p) <= limit for p in pages)
    assert squeeze("".join(pages)) == squeeze(text)
    assert all(p for p in pages) or pages == [""]


@given(st.text(max_size=2000), st.integers(10, 600))
def test_any_text_pages_within_the_limit(text: str, limit: int) -> None:
    assert all(len(p) <= limit for p in paginate(text, limit))


def test_clamp() -> None:
    assert [clamp(p, 3) for p in (-5, 0, 1, 2, 3, 4, 99)] == [1, 1, 1, 2, 3, 3, 3]
    assert clamp(5, 0) == 1
