"""Case timelines (bot.cases) on the bundled meeting and later stages of one of its cases."""
from __future__ import annotations

import copy

import pytest

from bot.cases import (
    BY_NUMBER,
    BY_TOPIC,
    CaseIndex,
    Timeline,
    find_timeline,
    render_timeline_text,
    stage_of,
    timeline_for,
    timeline_heading,
    timeline_to_dict,
)
from bot.knowledge.case_numbers import meeting_wide_number
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting
from bot.search import Searcher
from tests.case_fixtures import AGENDA_CASE, DK2020, DK2020_CASE, committee_year, journal_number, later_stages


@pytest.fixture(scope="module")
def kb(meeting: Meeting) -> KnowledgeBase:
    return KnowledgeBase([copy.deepcopy(meeting), *later_stages()])


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return Searcher(kb)


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> CaseIndex:
    return CaseIndex(kb)


def item_in(kb: KnowledgeBase, body: str, date: str, number: str):
    meeting = kb.find_meeting(date=date, body=body)
    return meeting, next(i for i in meeting.items if i.number == number)


def test_a_number_every_item_of_a_meeting_shares_is_not_a_case(kb: KnowledgeBase, index: CaseIndex) -> None:
    kkr = kb.find_meeting(body="KKR Hovedstaden")
    assert meeting_wide_number(kkr.items) == "SAG-2022-03934"
    assert sum(1 for i in kkr.items if i.case_number == "SAG-2022-03934") == 13  # the real referat's file number
    assert index.timeline("SAG-2022-03934") is None
    assert all(meeting_wide_number(m.items) is None for m in later_stages())
    # Agenda approvals filed under one number for years are not a case either.
    assert index.timeline(AGENDA_CASE) is None
    assert index.why_not_a_case("sag-2022-03934") == ("står på alle punkter i referatet fra KKR Hovedstaden "
                                                      "25. november 2022: det er mødets eget nummer, ikke en sags")
    assert index.why_not_a_case(AGENDA_CASE).startswith("bruges til formelle punkter")
    assert index.why_not_a_case(DK2020_CASE) is None and index.why_not_a_case("intet") is None


def test_a_bodys_standing_item_is_not_a_case(meeting: Meeting) -> None:
    # The signature sheet at every meeting of Økonomiudvalget, as Greve files it: one number for years;
    # a real case back at the same committee every other meeting, its title alike, stays a case.
    standing = committee_year()
    kb = KnowledgeBase([copy.deepcopy(meeting), *standing])
    index = CaseIndex(kb)
    assert index.timeline("21-014501") is None
    assert index.why_not_a_case("21-014501") == ("er et fast punkt på dagsordenen i Økonomiudvalget "
                                                 "(»Underskriftsark«), ikke en sag")
    assert len(index.timeline("22-011409").stages) == 5
    assert index.choices("underskrift", 25) == []  # neither as a case nor as a topic
    # Its path is itself, by topic too: every meeting's signature sheet is no story.
    searcher = Searcher(kb)
    sheet = standing[2].items[0]
    assert [s.date for s in timeline_for(index, searcher, standing[2], sheet).stages] == ["2023-03-01"]
    # Without case numbers, the same title at meeting after meeting of one body is a standing item too.
    for m in standing:
        m.items[0].case_number = None
    bare = CaseIndex(KnowledgeBase(standing))
    assert len(timeline_for(bare, Searcher(KnowledgeBase(standing)), standing[2], sheet).stages) == 1
    assert len(find_timeline(index, searcher, "Underskriftsark").stages) == 1


def test_a_stage_quotes_the_start_of_a_numbered_decision_and_a_source_without_pages_has_no_page() -> None:
    decision = ("1. Udvalget indstiller forslag 1. a med bemærkning om, at foranalysen belyser en anslået udgift.\n\n"
                "2. Anbefales\n\n3. Anbefales")
    council = Meeting("Greve Byråd", "2023-01-30", items=[Item("22", "Renovering af Tune Skole", 1, decision,
                                                                 case_number="22-012933")])
    stage = stage_of(council, council.items[0])
    assert stage.decision == ("1. Udvalget indstiller forslag 1. a med bemærkning om, at foranalysen belyser en "
                              "anslået udgift. 2. Anbefales 3. Anbefales")
    assert stage.page is None and stage.url is None  # FirstAgenda's JSON: no pages, and here no link
    text = render_timeline_text(Timeline("Renovering af Tune Skole", "22-012933", BY_NUMBER, [stage]))
    assert "referat s." not in text


def test_a_case_number_gives_every_meeting_oldest_first_with_body_date_outcome_and_link(index: CaseIndex) -> None:
    timeline = index.timeline("22-012345")
    assert timeline.by == BY_NUMBER and timeline.case_number == DK2020_CASE and timeline.title == DK2020
    assert [(s.body, s.date, s.number) for s in timeline.stages] == [
        ("Økonomiudvalget", "2023-01-16", "2"), ("Byrådet", "2023-01-30", "7")]
    first, council = timeline.stages
    assert first.decision == "Anbefales over for Byrådet." and council.decision == "Godkendt."
    assert council.outcome == "Godkendt"
    assert first.url == "https://greve.dk/politik/dagsordener-og-referater/økonomiudvalget-2023-01-16/punkt-2"
    assert index.timeline(" 22 012345") == timeline  # written as some systems print it


def test_an_item_without_a_case_number_follows_its_topic(kb: KnowledgeBase, index: CaseIndex,
                                                         searcher: Searcher) -> None:
    kkr, item = item_in(kb, "KKR Hovedstaden", "2022-11-25", "3.4")
    assert index.case_of(item) is None  # its number is the meeting's own
    timeline = timeline_for(index, searcher, kkr, item)
    assert timeline.by == BY_TOPIC and timeline.case_number is None
    assert [(s.body, s.date) for s in timeline.stages] == [
        ("KKR Hovedstaden", "2022-11-25"), ("Økonomiudvalget", "2023-01-16"), ("Byrådet", "2023-01-30")]
    kkr_stage = timeline.stages[0]
    assert timeline.anchor_stage is kkr_stage and kkr_stage.item is item
    assert kkr_stage.outcome == "Tiltrådt" and kkr_stage.decision.startswith("KKR Hovedstaden tiltrådte indstillingen")
    assert kkr_stage.url == kkr.page_url(item.decision_page)
    # An item of another topic in the same meetings finds only itself.
    kkr, other = item_in(kb, "KKR Hovedstaden", "2022-11-25", "3.8")
    assert [s.number for s in timeline_for(index, searcher, kkr, other).stages] == ["3.8"]


def test_an_item_with_a_case_number_follows_the_number(kb: KnowledgeBase, index: CaseIndex,
                                                       searcher: Searcher) -> None:
    council, item = item_in(kb, "Byrådet", "2023-01-30", "7")
    timeline = timeline_for(index, searcher, council, item)
    assert timeline.by == BY_NUMBER and [s.body for s in timeline.stages] == ["Økonomiudvalget", "Byrådet"]


def test_find_a_case_by_number_or_by_topic(index: CaseIndex, searcher: Searcher) -> None:
    assert find_timeline(index, searcher, "22-012345").by == BY_NUMBER
    by_topic = find_timeline(index, searcher, "klimapartnerskab")
    assert by_topic is not None and {s.body for s in by_topic.stages} >= {"Økonomiudvalget", "Byrådet"}
    dates = [s.date for s in by_topic.stages]
    assert dates == sorted(dates)
    assert find_timeline(index, searcher, "xyzzy kvantecomputer pingvin") is None
    assert find_timeline(index, searcher, "99-999999") is None
    assert find_timeline(index, searcher, "SAG-2022-03934") is None  # not searched as words: no item at random


def test_autocomplete_offers_case_titles_then_other_titles(index: CaseIndex) -> None:
    choices = index.choices("dk2020", 25)
    assert choices[0] == (f"{DK2020} · sagsnr. {DK2020_CASE} (2 møder)", DK2020_CASE)
    assert DK2020 not in [value for _, value in choices]  # the KKR item's equal title is not offered twice
    assert ("Dimensionering på SOSU-området for 2023", "Dimensionering på SOSU-området for 2023") in index.choices(
        "sosu", 25)
    assert not [name for name, _ in index.choices("", 25) if "dagsorden" in name.lower()]
    assert len(index.choices("", 5)) == 5


def test_timeline_as_text_and_json(index: CaseIndex) -> None:
    timeline = index.timeline(DK2020_CASE)
    text = render_timeline_text(timeline)
    assert text.splitlines()[0] == f"Sagens forløb: {DK2020} (sagsnr. {DK2020_CASE}, 2 møder)"
    assert f"1. Økonomiudvalget, 16. januar 2023: Tiltrådt (indstilling). 2 {DK2020}\n" in text
    assert "   »Anbefales over for Byrådet.«\n" in text
    data = timeline_to_dict(timeline)
    assert data["by"] == "sagsnummer" and [s["date"] for s in data["stages"]] == ["2023-01-16", "2023-01-30"]


def test_an_items_path_is_its_own_decision_and_the_number_gives_them_all() -> None:
    kb = KnowledgeBase(journal_number())
    index, searcher = CaseIndex(kb), Searcher(kb)
    council, item = item_in(kb, "Greve Byråd", "2022-05-23", "27")
    timeline = timeline_for(index, searcher, council, item)
    assert [(s.body, s.date) for s in timeline.stages] == [
        ("Skole-, Børne- og Ungeudvalget", "2022-04-26"), ("Økonomiudvalget", "2022-05-09"),
        ("Greve Byråd", "2022-05-23")]
    assert timeline.anchor_stage.item is item and timeline.others == 3  # August's decision, counted
    assert timeline_heading(timeline) == ("Forældrebetaling på Bugtskolen SFO og Havana SFO "
                                          "(sagsnr. 21-011591, 3 møder; sagsnummeret har 3 andre punkter)")
    # The number itself gives every meeting it was on, both decisions.
    assert len(find_timeline(index, searcher, "21-011591").stages) == 6
    # A title changed on the way to the council: the Byråd's item prints Økonomiudvalget's meeting.
    committee, asked = item_in(kb, "Økonomiudvalget", "2023-05-08", "41")
    assert [s.number for s in timeline_for(index, searcher, committee, asked).stages] == ["41", "45"]


SUSPENSION = ("Orientering om suspension af forældelsesfristen vedrørende forældrebetaling til Bugtskolen og Havana "
              "SFO og Havana")


def test_autocomplete_offers_each_decision_of_a_number() -> None:
    kb = KnowledgeBase(journal_number())
    index, searcher = CaseIndex(kb), Searcher(kb)
    offered = dict(index.choices("bugtskolen", 25))
    # The number, named by its newest decision ...
    assert [n for n, v in offered.items() if v == "21-011591"] == [
        f"{SUSPENSION} · sagsnr. 21-011591 (6 møder)"]
    # ... and its other decision by its own title.
    spring = "Forældrebetaling på Bugtskolen SFO og Havana SFO"
    assert offered[f"{spring} · sagsnr. 21-011591 (3 møder)"] == spring
    # Chosen, the spring decision's title gives the spring decision's path.
    timeline = find_timeline(index, searcher, spring)
    assert [s.date for s in timeline.stages] == ["2022-04-26", "2022-05-09", "2022-05-23"]


def test_a_decisions_exact_title_gives_that_decision() -> None:
    # Greve's budget journal number 24-000963, as /sag's autocomplete offers its decisions.
    def meeting(date: str, title: str, decision: str) -> Meeting:
        return Meeting("Greve Byråd", date, items=[Item("9", title, 1, decision, case_number="24-000963")],
                       municipality="Greve Kommune")
    kb = KnowledgeBase([
        meeting("2024-10-30", "Evaluering af 2. behandling af Budget 2025-28",
                "Evalueringen af budgetprocessen blev taget til efterretning."),
        meeting("2024-10-02", "2. behandling af Budget 2025-28", "Budgettet blev vedtaget."),
    ])
    index, searcher = CaseIndex(kb), Searcher(kb)
    title = "2. behandling af Budget 2025-28"
    # Found by its title, not searched (on the Greve base with vectors, the search gave
    # *Budget 2026-29 - 1. behandling* for it).
    assert index.titled(f"  {title.upper()} ") == (kb.meetings[1], kb.meetings[1].items[0])
    assert find_timeline(index, searcher, title.upper()).stages[-1].item.title == title
    assert index.titled("2. behandling") is None
