"""Questions that name a meeting (date, month, newest, body) search that meeting."""
from __future__ import annotations

import pytest

from bot.answer_text import format_answer
from bot.search import Searcher
from bot.search.scope import find_scope


@pytest.fixture(scope="module")
def several(two_meetings) -> Searcher:
    """The real meeting (2022-11-25), a later one of the same body (2023-02-08) and one
    of KKR Sjælland (2023-06-01), all with the real text."""
    return Searcher(two_meetings)


def meetings_of(answer) -> list[tuple[str, str]]:
    return [(h.meeting.body, h.meeting.date) for h in answer.hits]


@pytest.mark.parametrize("question", [
    "Hvad blev besluttet om DK2020-klimapartnerskabet på mødet den 25. november 2022?",
    "DK2020-klimapartnerskabet 25/11-2022",
    "DK2020-klimapartnerskabet 2022-11-25",
    "DK2020-klimapartnerskabet d. 25.11.2022",
    "DK2020-klimapartnerskabet på mødet 25 nov 2022",
    "DK2020-klimapartnerskabet i november 2022",
])
def test_a_named_date_or_month_selects_that_meeting(several, question):
    answer = several.ask(question)
    assert answer.hits[0].item.number == "3.4"
    assert set(meetings_of(answer)) == {("KKR Hovedstaden", "2022-11-25")}
    # The date's words were taken out: they don't count as matched words.
    assert answer.hits[0].matched == ["dk2020", "klimapartnerskabet"]


def test_the_date_words_no_longer_pull_in_the_item_that_mentions_the_date(several):
    # 1.1 says "møde i KKR Hovedstaden den 25. november 2022"; without scope it won.
    assert several.ask("Hvad blev besluttet om DK2020 på mødet den 25. november 2022?").hits[0].item.number == "3.4"


@pytest.mark.parametrize("question", ["DK2020-klimapartnerskabet på seneste møde",
                                      "DK2020-klimapartnerskabet på det sidste møde",
                                      "DK2020-klimapartnerskabet på nyeste mode"])
def test_newest_meeting(several, question):
    answer = several.ask(question)
    assert set(meetings_of(answer)) == {("KKR Sjælland", "2023-06-01")}
    assert answer.scope == "seneste møde (1. juni 2023)"


def test_a_named_body_and_its_newest_meeting(several):
    answer = several.ask("Hvad besluttede KKR Sjælland om DK2020-klimapartnerskabet?")
    assert set(meetings_of(answer)) == {("KKR Sjælland", "2023-06-01")}
    answer = several.ask("DK2020-klimapartnerskabet på KKR Hovedstadens seneste møde")
    assert set(meetings_of(answer)) == {("KKR Hovedstaden", "2023-02-08")}
    answer = several.ask("dk2020-klimapartnerskabet i kkr hovedstaden", limit=2)
    assert meetings_of(answer) == [("KKR Hovedstaden", "2023-02-08"), ("KKR Hovedstaden", "2022-11-25")]


def test_ties_go_to_the_newer_meeting_without_scope(several):
    answer = several.ask("DK2020-klimapartnerskabet", limit=3)
    assert answer.scope is None
    assert [d for _, d in meetings_of(answer)] == ["2023-06-01", "2023-02-08", "2022-11-25"]


def test_a_date_no_meeting_has_stays_content(several):
    # Item 1.2 approves the referat of the (earlier) meeting of 9 September 2022.
    answer = several.ask("referatet fra mødet den 9. september")
    assert answer.scope is None and answer.hits[0].item.number == "1.2"


def test_a_day_no_meeting_was_held_is_not_its_whole_month(several):
    # KKR Hovedstaden met on 25 November 2022, not on the 14th: the date stays in the question as content.
    assert find_scope("Hvad sker der den 14. november 2022 om klima?", several._calendar) is None
    assert find_scope("Hvad skete der i november 2022?", several._calendar).dates == {"2022-11-25"}


def test_a_meeting_we_do_not_have_is_said_so(several):
    answer = several.ask("Hvad blev besluttet om DK2020 på mødet den 3. marts 2021?")
    assert answer.hits == [] and answer.suggestions == [] and answer.scope_missing
    assert format_answer(answer).startswith("Jeg har ikke referatet fra mødet 3. marts 2021 i vidensbasen.")


def test_only_the_meeting_named_and_no_topic(several):
    answer = several.ask("Hvad blev besluttet på mødet den 25. november 2022?")
    assert answer.words == [] and answer.scope == "mødet 25. november 2022"
    assert "kkrbot highlights" in format_answer(answer)


@pytest.mark.parametrize("question", ["Hvad skete der på mødet?", "hvad blev besluttet paa modet",
                                      "Hvad blev der vedtaget på KKR-mødet?"])
def test_the_meeting_with_nothing_else_asked_is_the_newest(several, question):
    answer = several.ask(question)
    assert answer.hits == [] and answer.words == [] and answer.scope == "seneste møde (1. juni 2023)"
    assert "kkrbot highlights" in format_answer(answer)


def test_the_meeting_with_a_topic_stays_in_the_question(several):
    answer = several.ask("Hvad blev besluttet om DK2020-klimapartnerskabet på mødet?", limit=3)
    assert answer.scope is None and answer.hits[0].item.number == "3.4"
    assert several.ask("Hvornår er næste møde?").hits[0].item.number == "6.1"


def test_not_found_in_the_named_meeting_says_where_it_looked(several):
    answer = several.ask("Hvornår åbner skøjtehallen ifølge seneste møde?")
    assert answer.hits == []
    assert format_answer(answer).startswith(
        "Jeg fandt ikke noget i referatet fra seneste møde (1. juni 2023), der svarer på:")


def test_explicit_filters_win_over_the_question(several):
    answer = several.ask("DK2020-klimapartnerskabet på seneste møde", meeting="2022-11-25")
    assert set(meetings_of(answer)) == {("KKR Hovedstaden", "2022-11-25")}


def test_item_numbers_are_not_dates(several, kb):
    assert find_scope("punkt 3.4", kb.meetings) is None
    assert find_scope("resultatkontrakt 2023", kb.meetings) is None
    assert several.ask("punkt 3.9").hits[0].item.number == "3.9"


def test_json_says_which_meeting_was_searched(several):
    from bot.answer_text import answer_dict

    assert "scope" not in answer_dict(several.ask("DK2020"))
    data = answer_dict(several.ask("DK2020 på mødet den 25. november 2022"))
    assert data["scope"] == {"meetings": "mødet 25. november 2022", "missing": False}
    data = answer_dict(several.ask("DK2020 på mødet den 3. marts 2021"))
    assert data["answers"] == [] and data["scope"] == {"meetings": "mødet 3. marts 2021", "missing": True}


def test_a_kkr_we_have_no_minutes_from_is_said_so(searcher):
    # Only KKR Hovedstaden is in the bundled base; 3.8's table has a row "Region Sjælland".
    answer = searcher.ask("Hvor mange kommuner er med i KKR Sjælland?")
    assert answer.hits == [] and answer.scope_missing and answer.scope == "KKR Sjælland"
    assert format_answer(answer).startswith("Jeg har ikke referatet fra KKR Sjælland i vidensbasen.")
    assert searcher.ask("Hvor mange lærepladser får Region Sjælland?").hits[0].item.number == "3.8"
    assert searcher.ask("DK2020 i KKR Hovedstaden").hits[0].item.number == "3.4"
