"""A case's path as paged embeds (bot.discord.case_replies): fields per stage, within every limit."""
from __future__ import annotations

import copy

import pytest

from bot.cases import CaseIndex, Timeline, stage_of, timeline_for
from bot.discord.case_replies import STAGES_PER_PAGE, no_case_reply, page_of, timeline_reply
from bot.discord.custom_ids import CASE, ItemRef, Page, decode
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search import Searcher
from tests.case_fixtures import DK2020, DK2020_CASE, journal_number, later_stages
from tests.discord.test_replies import check_limits


@pytest.fixture(scope="module")
def index(meeting: Meeting) -> CaseIndex:
    return CaseIndex(KnowledgeBase([copy.deepcopy(meeting), *later_stages()]))


def test_a_case_by_number_shows_each_meeting_oldest_first(index: CaseIndex) -> None:
    reply = timeline_reply(index.timeline(DK2020_CASE), 1, 0, ephemeral=False)
    embed = reply.embed
    assert embed.title == f"Sagens forløb: {DK2020}"
    assert embed.description.startswith(f"{DK2020} (sagsnr. {DK2020_CASE}, 2 møder)\nAlle møder, hvor sagen")
    assert [f.name for f in embed.fields] == ["1. Økonomiudvalget · 16. januar 2023", "2. Byrådet · 30. januar 2023"]
    first = embed.fields[0].value
    assert first.startswith("**Tiltrådt (indstilling)** · [2 DK2020-klimapartnerskabet efter 2023](https://greve.dk/")
    assert first.endswith("»Anbefales over for Byrådet.«")
    assert not reply.ephemeral and reply.controls == []  # one page: no Forrige/Næste
    check_limits(reply)


def test_a_long_case_is_paged_and_every_page_fits(meeting: Meeting) -> None:
    real = copy.deepcopy(meeting)
    stages = []
    for n in range(40):
        m = copy.deepcopy(real)
        m.date = f"20{10 + n // 12:02d}-{n % 12 + 1:02d}-15"
        m.body = "Økonomiudvalget " + "meget langt navn " * 10
        big = m.items[8]
        big.title = "En sag med en titel " * 20
        big.decision = " ".join(i.section_text() for i in m.items)
        big.url = "https://example.org/" + "x" * 300
        stages.append(stage_of(m, big))
    timeline = Timeline(big.title, "24-000001", "sagsnummer", stages)
    pages = -(-40 // STAGES_PER_PAGE)
    for page in range(1, pages + 1):
        reply = timeline_reply(timeline, page, owner=77, ephemeral=True)
        check_limits(reply)
        assert len(reply.embed.fields) == min(STAGES_PER_PAGE, 40 - (page - 1) * STAGES_PER_PAGE)
        assert reply.embed.footer.text == f"Side {page} af {pages}"
        back, forward = reply.controls
        anchor = ItemRef.of(stages[-1].meeting, stages[-1].item)
        assert decode(forward.custom_id) == Page(CASE, 77, page + 1, anchor) and forward.disabled == (page == pages)
        assert back.disabled == (page == 1)
    assert timeline_reply(timeline, 999, 77, True).embed.footer.text == f"Side {pages} af {pages}"
    # 'Sagens forløb' under an answer opens at the page of the stage answered (the 21st: page 4).
    assert page_of(timeline, stages[20].item) == 4 and page_of(timeline, stages[-1].item) == pages
    assert page_of(timeline, real.items[0]) == 1  # not on the path: the first page


def test_no_case_is_a_short_private_answer() -> None:
    reply = no_case_reply("@everyone xyzzy")
    assert reply.ephemeral and "@everyone" not in reply.content and reply.content.startswith("Jeg fandt ingen sag")


def test_a_decisions_path_points_to_the_numbers_other_items() -> None:
    kb = KnowledgeBase(journal_number())
    meeting = next(m for m in kb.meetings if m.date == "2022-05-23")
    timeline = timeline_for(CaseIndex(kb), Searcher(kb), meeting, meeting.items[0])
    reply = timeline_reply(timeline, 1, 0, ephemeral=True)
    check_limits(reply)
    assert "denne beslutning" in reply.embed.description
    assert "/sag 21-011591 viser alle punkter med sagsnummeret." in reply.embed.description
    assert len(reply.embed.fields) == 3
