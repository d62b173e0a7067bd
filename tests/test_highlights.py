"""Highlights of the bundled meeting, item by item, and the three renderings."""
from __future__ import annotations

import copy
import json
import re

import pytest

from bot.highlights import (
    build_highlights,
    clip,
    highlights_to_dict,
    meeting_not_found,
    render_json,
    render_markdown,
    render_text,
    select_meeting,
)
from bot.knowledge.store import KnowledgeBase, load_knowledge
from bot.model import Appointment
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL, PDF_URL

# The bundled meeting's bullets, checked against the referat: number -> (outcome, label).
BULLETS = {
    "2.1": ("ingen beslutning", "Orientering (ingen beslutning)"),
    "3.1": ("godkendt", "Godkendt"),
    "3.2": ("taget til efterretning", "Taget til efterretning"),
    "3.3": ("taget til efterretning", "Taget til efterretning"),
    "3.4": ("tiltrådt", "Tiltrådt"),
    "3.5": ("taget til efterretning", "Taget til efterretning"),
    "3.6": ("tiltrådt", "Tiltrådt"),
    "3.7": ("godkendt", "Godkendt"),
    "3.8": ("tiltrådt", "Tiltrådt"),
    "3.9": ("taget til efterretning", "Taget til efterretning"),
    "4.1": ("udpeget", "Indstillet til udpegning"),
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(BUNDLED_KNOWLEDGE)[0]


@pytest.fixture(scope="module")
def bundled(kb):
    return kb.find_meeting("2022-11-25", "KKR Hovedstaden")


@pytest.fixture(scope="module")
def highlights(bundled):
    return build_highlights(bundled)


def _item(meeting, number):
    return next(i for i in meeting.items if i.number == number)


def test_heading(highlights):
    assert highlights.heading == "KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022"
    assert highlights.source_url == KL_URL


def test_one_bullet_per_substantive_item(highlights):
    # 1.1/1.2 are formal, 5 and 7 have neither decision nor report, 6.1 is the next-meeting section.
    assert [b.number for b in highlights.bullets] == list(BULLETS)


@pytest.mark.parametrize("number", list(BULLETS))
def test_bullet_outcome_label_and_link(highlights, bundled, number):
    bullet = next(b for b in highlights.bullets if b.number == number)
    item = _item(bundled, number)
    assert (bullet.outcome, bullet.label) == BULLETS[number]
    assert bullet.title == item.title
    assert bullet.page == (item.decision_page or item.page)
    assert bullet.url == bundled.page_url(bullet.page) == KL_URL  # a web page: no page to jump to


def test_heart_is_the_operative_sentence_verbatim(highlights, bundled):
    bullets = {b.number: b for b in highlights.bullets}
    assert bullets["3.1"].text == "KKR Hovedstaden godkendte resultatkontrakten."
    assert bullets["3.2"].text == "KKR Hovedstaden tog orienteringen til efterretning."
    assert bullets["3.6"].text == (
        "KKR tiltrådte indstillingen om vision og pejlemærker med en justering i forhold til "
        "støjudfordringer. KKR Hovedstaden tiltrådte desuden indstillingen om igangsættelse af en "
        "mobilitetsanalyse med en styregruppe, hvor KKR-formanden er formand."
    )
    assert bullets["4.1"].text == _item(bundled, "4.1").decision
    for b in highlights.bullets:
        if not b.reported:
            assert b.text.removesuffix(" …") in " ".join(_item(bundled, b.number).decision.split())


def test_long_decision_is_cut_cleanly_never_mid_word(highlights, bundled):
    bullet = next(b for b in highlights.bullets if b.number == "3.4")
    decision = " ".join(_item(bundled, "3.4").decision.split())
    assert bullet.text.endswith(" …") and len(bullet.text) <= 302
    kept = bullet.text.removesuffix(" …")
    assert decision.startswith(kept)
    assert decision[len(kept)] == " "  # the next character: the cut falls between words


def test_clip():
    assert clip("kort tekst") == "kort tekst"
    cut = clip("ord " * 100, 30)
    assert cut == "ord ord ord ord ord ord ord …"
    assert clip("x" * 50 + " slut", 10) == "x" * 50 + " …"  # a word longer than the limit stays whole


def test_follow_up_in_bullets(highlights):
    bullets = {b.number: b for b in highlights.bullets}
    assert bullets["3.2"].follow_up.startswith("Sagen behandles på KKR-mødet i februar 2023")
    assert "KKR-mødet i februar 2023 fortsætte drøftelserne" in bullets["3.6"].follow_up
    assert bullets["3.1"].follow_up is None


def test_siden_sidst_names_who_reported(highlights, bundled):
    bullet = next(b for b in highlights.bullets if b.number == "2.1")
    assert bullet.reported
    assert bullet.text == (
        "Orientering fra Sisse Marie Welling, Morten Slotved, Henrik Rasmussen, Trine Græse, "
        "Kirsten Jensen, Steen Christiansen, Sofia Osmani, Jesper Würtzen og KKR-formandskabet."
    )
    body = _item(bundled, "2.1").section_text()
    for name in re.findall(r"(?:fra |, | og )([^,]+?)(?=,| og |\.$)", bullet.text):
        assert f"{name} " in body


def test_appointments_section_lists_who_was_appointed_to_what(highlights, bundled):
    assert [a.number for a in highlights.appointments] == ["4.1"]
    line = highlights.appointments[0]
    # The body leads (the item's title only repeats it), who was nominated and by whom follow.
    assert line.lead == 'Region Hovedstadens opgaveudvalg "Rejsen med bus, tog og cykler i Region Hovedstaden"'
    assert line.text == "Søren Friis Trebbien (C), Hvidovre Kommune og Kasper Damsgaard (A), Glostrup Kommune"
    assert line.how == "indstillet af KKR Hovedstaden"  # nominated, not appointed: the minutes' word
    assert line.url == bundled.page_url(29)
    md = render_markdown(highlights)
    assert f"- **{line.lead}**: {line.text} – indstillet af KKR Hovedstaden (punkt 4.1, referat s. 29)" in md
    assert "4.1 Udpegning af repræsentanter" not in md.split("## Udpegninger")[1]
    text = render_text(highlights)
    assert f"• {line.lead}: {line.text} – indstillet af KKR Hovedstaden (punkt 4.1, referat s. 29)" in text


def test_appointments_from_item_appointments(bundled):
    meeting = copy.deepcopy(bundled)
    item = _item(meeting, "4.1")
    item.appointments = [
        Appointment("Søren Friis Trebbien", party="C", municipality="Hvidovre Kommune", verb="indstillede"),
        Appointment("Kasper Damsgaard (A)", party="A", municipality="Glostrup Kommune", verb="indstillede"),
        Appointment("Lars Gaardhøj", role="formand", body="SSU", status="omtalt"),
    ]
    line = build_highlights(meeting).appointments[0]
    assert line.people == ["Søren Friis Trebbien (C), Hvidovre Kommune", "Kasper Damsgaard (A), Glostrup Kommune"]


def test_dissent_section(highlights, bundled):
    assert [(d.number, d.who) for d in highlights.dissent] == [("3.6", "Enhedslisten")]
    assert highlights.dissent[0].text in _item(bundled, "3.6").decision
    assert highlights.dissent[0].url == bundled.page_url(23)


def test_next_meeting(highlights, bundled):
    nxt = highlights.next_meeting
    assert nxt.date == "2023-02-08"
    assert nxt.time == "fra kl. 10 til kl. 12"
    assert len(nxt.topics) == 5 and nxt.topics[-1] == "DK2020-samarbejdet fremadrettet"
    assert highlights.next_meeting_url == bundled.page_url(31)


def test_markdown(highlights):
    md = render_markdown(highlights)
    assert md.startswith("# KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022\n")
    for heading in ("## Hovedpunkter", "## Udpegninger", "## Mindretal og protokolbemærkninger", "## Næste møde"):
        assert f"\n{heading}\n" in md
    assert "- **3.1 Erhvervshus Hovedstadens resultatkontrakt 2023** – *Godkendt.* " in md
    assert "1.1 Godkendelse af dagsorden" not in md and "Godkendelse af referat" not in md
    assert "Eventuelt" not in md
    for b in highlights.bullets:
        assert f"(referat s. {b.page})" in md
    assert "- DK2020-samarbejdet fremadrettet" in md
    assert "8. februar 2023 fra kl. 10 til kl. 12" in md


def test_markdown_escapes_formatting_characters_in_quoted_text(bundled):
    meeting = copy.deepcopy(bundled)
    _item(meeting, "3.7").decision = "KKR Hovedstaden godkendte *version_2* [udkast]."
    md = render_markdown(build_highlights(meeting))
    assert r"godkendte \*version\_2\* \[udkast\]." in md


def test_plain_text_has_no_markdown(highlights):
    text = render_text(highlights)
    assert text.startswith("KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022\n")
    assert "**" not in text and "](" not in text and not re.search(r"^#", text, re.M)
    for b in highlights.bullets:
        assert f"(referat s. {b.page})" in text  # the page, readable without the link
    assert "• 3.4 DK2020-klimapartnerskabet efter 2023 – Tiltrådt. " in text
    assert "• DK2020-samarbejdet fremadrettet" in text


def test_json(highlights):
    data = json.loads(render_json(highlights))
    assert data == json.loads(json.dumps(highlights_to_dict(highlights)))
    assert data["next_meeting"]["date"] == "2023-02-08"
    assert [b["number"] for b in data["bullets"]] == list(BULLETS)
    assert data["dissent"][0]["who"] == "Enhedslisten"


def test_without_source_url_the_page_is_named(bundled):
    meeting = copy.deepcopy(bundled)
    meeting.source_url = None
    md = render_markdown(build_highlights(meeting))
    assert "(referat s. 10)" in md and "http" not in md


def test_select_meeting_and_message(kb):
    assert select_meeting(kb).date == "2022-11-25"
    assert select_meeting(kb, "2022-11-25", "kkr hovedstaden").body == "KKR Hovedstaden"
    assert select_meeting(kb, "2023-02-08") is None
    message = meeting_not_found(kb, "2023-02-08")
    assert "den 8. februar 2023" in message and "2022-11-25 (KKR Hovedstaden)" in message
    assert "ingen møder" in meeting_not_found(KnowledgeBase([]))


def test_dissent_links_the_page_of_its_sentence(decision_over_pages_23_24):
    h = build_highlights(decision_over_pages_23_24)
    (dissent,) = h.dissent
    bullet = next(b for b in h.bullets if b.number == "3.6")
    assert (bullet.page, dissent.page) == (23, 24)  # the decision starts on 23, the protocol note is on 24
    assert "(referat s. 24)" in render_markdown(h).split("## Mindretal")[1]
    h = build_highlights(_as_pdf(decision_over_pages_23_24))
    assert h.dissent[0].url == f"{PDF_URL}#page=24"
    assert f"[referat s. 24]({PDF_URL}#page=24)" in render_markdown(h).split("## Mindretal")[1]


def test_appointment_line_links_the_page_the_appointments_stand_on(decision_on_page_30):
    (line,) = build_highlights(decision_on_page_30).appointments
    assert (line.number, line.page, line.url) == ("4.1", 30, decision_on_page_30.page_url(30))


def _as_pdf(meeting):
    """The meeting as if its source_url were the referat's PDF itself."""
    pdf = copy.deepcopy(meeting)
    pdf.source_url = PDF_URL
    return pdf


def test_a_pdf_source_links_each_point_to_its_page(bundled):
    h = build_highlights(_as_pdf(bundled))
    md, text = render_markdown(h), render_text(h)
    assert f"Uddrag af [referatet]({PDF_URL});" in md
    for b in h.bullets:
        assert b.url == f"{PDF_URL}#page={b.page}"
        assert f"([referat s. {b.page}]({b.url}))" in md and f"(referat s. {b.page}: {b.url})" in text
    (line,) = h.appointments
    assert f"(punkt 4.1, [referat s. 29]({PDF_URL}#page=29))" in md
    assert h.next_meeting_url == f"{PDF_URL}#page=31"


def test_a_web_page_source_is_linked_once_with_the_pages_named(highlights):
    """KL's listing page has no pages: `#page=N` on it does nothing, so it is linked plainly."""
    md, text = render_markdown(highlights), render_text(highlights)
    assert "#page=" not in md and "#page=" not in text
    assert f"Uddrag af [referatet på kl.dk]({KL_URL});" in md and md.count(KL_URL) == 1
    assert f"Uddrag af referatet på kl.dk ({KL_URL});" in text
    assert "(referat s. 17)" in md  # 3.4's decision


def test_items_with_their_own_page_link_there_without_page_numbers(greve_byraad):
    h = build_highlights(greve_byraad)
    linked = [b for b in h.bullets if b.url and b.url != h.source_url]
    assert linked and not h.paged
    markdown = render_markdown(h)
    assert f"([punktet]({linked[0].url}))" in markdown
    assert "referat s. 1" not in markdown and "referat s. 1" not in render_text(h)
    assert all(line == line.rstrip() for line in markdown.splitlines())
