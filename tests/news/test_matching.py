"""New meetings against subscriptions, on the real Greve meetings and the bundled KKR one."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.sources import ingest_file
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting
from bot.news.matching import (
    Notice,
    confident_hits,
    covers,
    is_news,
    item_key,
    item_link,
    notice_of,
    notices_for,
)
from bot.search import Searcher
from bot.search.rank import ANSWER_THRESHOLD
from bot.state.subscriptions import Subscription

GREVE = Path(__file__).resolve().parent.parent / "fixtures" / "greve"
SITE = "https://dagsordener.greve.dk"


@pytest.fixture(scope="module")
def greve() -> dict[str, Meeting]:
    """The Greve fixture meetings by date and time."""
    meetings = [ingest_file(p, municipality="Greve Kommune", url=SITE) for p in sorted(GREVE.glob("*.json"))]
    return {f"{m.date}T{m.time}": m for m in meetings}


@pytest.fixture(scope="module")
def searcher(kb, greve) -> Searcher:
    """The bundled meeting and the Greve ones, as the bot would serve them after the inbox took them in."""
    return Searcher(KnowledgeBase([*kb.meetings, *greve.values()]))


def sub(topic: str, n: int = 1, user: int = 7, **more) -> Subscription:
    return Subscription(n, user, more.pop("channel_id", None), topic, **more)


def test_an_item_that_answers_the_topic_confidently_is_found_in_that_meeting_only(searcher, greve):
    swimming = greve["2022-12-12T17:00"]
    (hit,) = confident_hits(searcher, "energitiltag i svømmehallen", swimming)
    assert hit.item.title == "Videreførsel af energitiltag i Greve Svømmehal" and hit.score >= ANSWER_THRESHOLD
    assert confident_hits(searcher, "energitiltag i svømmehallen", greve["2023-03-06T19:00"]) == []
    assert confident_hits(searcher, "skolestruktur", swimming) == []
    # A body meeting twice a day: each meeting's own items only.
    early, late = greve["2025-09-08T17:15"], greve["2025-09-08T17:30"]
    assert [h.item.number for h in confident_hits(searcher, "godkendelse af dagsorden", early)] == ["1"]
    assert all(h.meeting is late for h in confident_hits(searcher, "lokalplan", late))


def test_a_keyword_below_the_answer_tier_gives_no_notification(searcher, greve):
    budget_meeting = greve["2023-10-02T19:00"]
    weak = searcher.ask("stedfortræder dagsorden økonomi", limit=5, meeting=budget_meeting.date,
                        body=budget_meeting.body, threshold=0)
    assert weak.hits and all(h.score < ANSWER_THRESHOLD for h in weak.hits)  # found, but not as an answer
    assert confident_hits(searcher, "stedfortræder dagsorden økonomi", budget_meeting) == []


def test_kommune_and_udvalg_narrow_which_meetings_a_subscription_covers(greve, kb):
    byraad, committee = greve["2022-12-12T17:00"], greve["2023-01-09T08:00"]
    kkr = kb.meetings[0]
    assert covers(sub("x"), byraad) and covers(sub("x"), kkr)
    assert covers(sub("x", kommune="Greve Kommune"), byraad) and covers(sub("x", kommune="greve"), byraad)
    assert not covers(sub("x", kommune="Greve"), kkr)
    assert covers(sub("x", udvalg="Greve Byråd"), byraad)
    assert covers(sub("x", udvalg="Byråd 2022-2025"), byraad) and covers(sub("x", udvalg="byråd"), byraad)
    assert not covers(sub("x", udvalg="byråd"), committee)
    assert covers(sub("x", udvalg="Beskæftigelses- og Erhvervsudvalget"), committee)


def test_notices_name_the_item_its_decision_and_link_once_per_subscriber_and_item(searcher, greve):
    swimming = greve["2022-12-12T17:00"]
    subscriptions = [sub("svømmehal", 1, user=7), sub("energitiltag", 2, user=7), sub("svømmehal", 3, user=8),
                     sub("svømmehal", 4, user=7, channel_id=99), sub("skolestruktur", 5, user=9),
                     sub("svømmehal", 6, user=10, kommune="Køge")]
    found = notices_for(searcher, subscriptions, swimming)
    assert [(s.id, s.subscriber) for s, _ in found] == [(1, "user:7"), (3, "user:8"), (4, "channel:99")]
    notice = found[0][1]
    assert notice == Notice(1, "svømmehal", "Greve Kommune|Greve Byråd|2022-12-12|17:00|17",
                            "17 Videreførsel af energitiltag i Greve Svømmehal", swimming.items[0].decision.strip(),
                            f"{SITE}/Vis/Pdf/bilag/1491b4f0-c943-408b-8efd-4a43ba4aa0a3", "Greve Byråd · 12. december 2022")
    assert found[2][1].channel_id == 99
    assert Notice.from_json(notice.to_json()) == notice


def test_a_meeting_is_news_when_it_decided_something():
    agenda = Meeting("Økonomiudvalget", "2027-01-11", items=[Item("1", "Budget", 1), Item("2", "Skoler", 1)])
    assert not is_news(agenda)
    agenda.items[1].decision = "Godkendt."
    assert is_news(agenda)


def test_items_are_keyed_by_number_or_position_and_linked_to_their_page(kb):
    meeting = Meeting("KKR Hovedstaden", "2022-11-25", source_url="https://kl.dk/referat.pdf", pages=30,
                      items=[Item(None, "Velkomst", 1), Item("3.4", "DK2020", 14, decision="Tiltrådt.", decision_page=17)])
    assert item_key(meeting, meeting.items[0]) == "|KKR Hovedstaden|2022-11-25||#1"
    assert item_key(meeting, meeting.items[1]) == "|KKR Hovedstaden|2022-11-25||3.4"
    assert item_link(meeting, meeting.items[1]) == "https://kl.dk/referat.pdf#page=17"
    meeting.items[1].url = "https://dagsordener.greve.dk/Vis/Pdf/bilag/x"
    assert item_link(meeting, meeting.items[1]) == "https://dagsordener.greve.dk/Vis/Pdf/bilag/x"
    long = Item("1", "Langt", 1, decision="Godkendt. " * 1000)
    assert len(notice_of(sub("x"), meeting, long).decision) == 3000
