"""An answer's controls and the whole decision in pages (bot.discord.answers), on the real referat."""
from __future__ import annotations

import copy
import re

import pytest

from bot.discord.answers import answer_controls, answer_reply, shown_of, whole_reply, whole_text
from bot.discord.controls import Button, Select
from bot.discord.custom_ids import DECISION, ItemRef, OpenReport, OtherResults, Page, ShowCase, ShowDecision, decode
from bot.discord.replies import DESCRIPTION, TOTAL, escape
from bot.knowledge.store import KnowledgeBase
from bot.model import Meeting
from bot.search import Hit, Searcher
from bot.state.answers import Shown


@pytest.fixture
def real(meeting: Meeting) -> Meeting:
    return copy.deepcopy(meeting)


def item(meeting: Meeting, number: str):
    return next(i for i in meeting.items if i.number == number)


def buttons(controls) -> dict[str, str]:
    return {c.label: c.custom_id for c in controls if isinstance(c, Button)}


def test_an_answer_offers_case_path_report_and_the_other_results(real: Meeting) -> None:
    hits = Searcher(KnowledgeBase([real])).ask("DK2020", limit=4).hits
    reply = answer_reply(hits, 0, answer_id=17, case_path=True)
    assert reply.embed.title.startswith("3.4 ")
    ref = ItemRef.of(real, hits[0].item)
    assert buttons(reply.controls) == {"Sagens forløb": f"kkr:sag:{ref.text}", "Rapportér fejl": f"kkr:fejl:17:{ref.text}"}
    assert decode(buttons(reply.controls)["Rapportér fejl"]) == OpenReport(17, ref)
    (menu,) = [c for c in reply.controls if isinstance(c, Select)]
    assert decode(menu.custom_id) == OtherResults(17) and menu.placeholder == f"Andre resultater ({len(hits) - 1})"
    assert [o.value for o in menu.options] == [ItemRef.of(h.meeting, h.item).text for h in hits]
    assert [o.default for o in menu.options] == [True] + [False] * (len(hits) - 1)
    assert all(len(o.label) <= 100 and len(o.description or "") <= 100 for o in menu.options)
    assert "Se også" in [f.name for f in reply.embed.fields]
    # Without a case path, or with one result, those controls are left out.
    lone = answer_reply(hits[:1], 0, 17, case_path=False)
    assert buttons(lone.controls) == {"Rapportér fejl": f"kkr:fejl:17:{ref.text}"} and len(lone.controls) == 1


def test_another_result_shown_in_place_of_the_first(real: Meeting) -> None:
    hits = Searcher(KnowledgeBase([real])).ask("DK2020", limit=4).hits
    reply = answer_reply(hits, 2, 17, case_path=False)
    assert reply.embed.title == hits[2].item.label
    (menu,) = [c for c in reply.controls if isinstance(c, Select)]
    assert [o.default for o in menu.options] == [False, False, True, False]
    ref = ItemRef.of(real, hits[2].item)
    assert decode(buttons(reply.controls)["Rapportér fejl"]) == OpenReport(17, ref)
    see_also = next(f.value for f in reply.embed.fields if f.name == "Se også")
    assert hits[0].item.title in see_also and hits[2].item.title not in see_also


def test_vis_hele_beslutningen_only_when_the_embed_cuts_it(real: Meeting, meeting: Meeting) -> None:
    short = Hit(real, item(real, "3.4"), 1.0)
    assert "Vis hele beslutningen" not in buttons(answer_reply([short], 0, 1, False).controls)
    big = item(real, "3.6")
    big.decision += "\n\n" + "\n\n".join(i.section_text() for i in real.items)
    reply = answer_reply([Hit(real, big, 1.0)], 0, 1, False)
    assert decode(buttons(reply.controls)["Vis hele beslutningen"]) == ShowDecision(ItemRef.of(real, big))
    # An item without a decision, shown by the paragraph that matched, offers its whole text.
    (hit,) = Searcher(KnowledgeBase([meeting])).ask("Hvad orienterede Movia om?", limit=1).hits
    assert hit.item.number == "2.1" and hit.passage is not None
    assert "Vis hele punktet" in buttons(answer_reply([hit], 0, 1, False).controls)
    assert "Vis hele punktet" not in buttons(answer_reply([Hit(meeting, hit.item, 1.0)], 0, 1, False).controls)


def test_the_whole_decision_in_pages_private_to_its_owner(real: Meeting) -> None:
    big = item(real, "3.6")
    big.decision += "\n\n" + "\n\n".join(i.section_text() for i in real.items)
    ref = ItemRef.of(real, big)
    first = whole_reply(real, big, owner=42, page=1)
    assert first.ephemeral and first.embed.title == big.label
    pages = int(re.match(r"Side 1 af (\d+) · KKR Hovedstaden · 25. november 2022", first.embed.footer.text)[1])
    assert pages > 3
    texts = []
    for n in range(1, pages + 1):
        reply = whole_reply(real, big, 42, n)
        assert len(reply.embed.description) <= DESCRIPTION and len(reply.embed) <= TOTAL
        back, forward = reply.controls
        assert decode(back.custom_id) == Page(DECISION, 42, n - 1, ref) and back.disabled == (n == 1)
        assert decode(forward.custom_id) == Page(DECISION, 42, n + 1, ref) and forward.disabled == (n == pages)
        texts.append(reply.embed.description)
    assert re.sub(r"\s+", "", "".join(texts)) == re.sub(r"\s+", "", escape(whole_text(big)))
    # A page past the end (a stale button) shows the last; a short decision has one page and no buttons.
    assert whole_reply(real, big, 42, 99).embed.description == texts[-1]
    one = whole_reply(real, item(real, "3.4"), 42, 1)
    assert one.controls == [] and one.embed.footer.text.startswith("Side 1 af 1")


def test_what_the_database_keeps_of_an_answer(real: Meeting) -> None:
    hit = Hit(real, item(real, "3.4"), 1.0)
    assert shown_of(hit) == Shown("KKR Hovedstaden", "2022-11-25", "3.4", "DK2020-klimapartnerskabet efter 2023", None)
    hit.tier = "svar"  # type: ignore[attr-defined]  # as the search will set it
    assert shown_of(hit).tier == "svar"


def test_case_path_button_decodes_to_its_item(real: Meeting) -> None:
    hit = Hit(real, item(real, "3.8"), 1.0)
    controls = answer_controls([hit], 0, 0, whole=True, case_path=True)
    assert decode(buttons(controls)["Sagens forløb"]) == ShowCase(ItemRef.of(real, hit.item))
