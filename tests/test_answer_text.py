"""Plain-text and JSON answers (bot/answer_text.py), on real answers from the real referat."""
from __future__ import annotations

import copy
import json

from bot.answer_text import answer_dict, format_answer, format_hit
from bot.knowledge.store import KnowledgeBase
from bot.search import Answer, Searcher
from tests.conftest import KL_URL, PDF_URL


def test_best_answer_in_full(searcher):
    answer = searcher.ask("Hvad blev besluttet om DK2020-klimapartnerskabet?")
    text = format_answer(answer)
    lines = text.splitlines()
    assert lines[0] == "KKR Hovedstaden, møde 25. november 2022"
    assert lines[1] == "Punkt 3.4 DK2020-klimapartnerskabet efter 2023"
    assert "Beslutning:" in lines
    # The decision verbatim (indented, line for line).
    for line in answer.hits[0].item.decision.splitlines():
        assert "  " + line in lines
    # KL's listing page has no pages to open: linked plainly, the page said in the text.
    assert f"Kilde: referatet på kl.dk, s. 17: {KL_URL}" in lines
    assert any(line.startswith("Fundet på: dk2020, klimapartnerskabet (relevans ") for line in lines)
    assert "Andre relevante punkter:" not in text or "  - " in text


def test_other_items_one_line_each(searcher):
    answer = searcher.ask("erhvervsfremmestrategi 2024-2027")
    assert [h.item.number for h in answer.hits[:2]] == ["3.2", "6.1"]
    text = format_answer(answer)
    tail = text.split("Andre relevante punkter:\n")[1].splitlines()
    assert tail[0].startswith(
        "  - 6.1 Punkter til næste møde (KKR Hovedstaden, 25. november 2022, s. 31) – relevans 0,"
    )


def test_item_without_decision_shows_the_passage(searcher):
    text = format_answer(searcher.ask("Hvad orienterede Movia om?"))
    assert "Punktet har ingen beslutning i referatet." in text
    # The quoted paragraph stands on page 7 (after `SIDE | 7`); the item starts on page 6.
    assert "Fra punktets tekst (Baggrund, s. 7):" in text and "Movia" in text
    assert f"Kilde: referatet på kl.dk, s. 6: {KL_URL}" in text
    assert f"Uddraget: referatet på kl.dk, s. 7: {KL_URL}" in text and "#page=" not in text


def test_typo_shows_what_it_matched(searcher):
    assert "Fundet på: klimaparnterskab (≈ klimapartnerskab" in format_answer(searcher.ask("klimaparnterskab"))


def test_not_found_with_and_without_suggestions(searcher):
    text = format_answer(searcher.ask("Hvornår åbner den nye skøjtehal?"))
    assert text.startswith("Jeg fandt ikke noget i referaterne, der svarer på: Hvornår åbner den nye skøjtehal?")
    bare = format_answer(Answer("skøjtehal", words=["skøjtehal"]))
    assert "Prøv med andre ord" in bare
    assert "Jeg kan ikke finde et emne" in format_answer(Answer("hvad blev besluttet?"))


def test_json_shape(searcher):
    data = answer_dict(searcher.ask("Hvem er Kasper Damsgaard?"))
    json.dumps(data)  # serialisable
    assert set(data) == {"question", "tier", "answers", "suggestions"}  # both always there, as the README says
    assert data["tier"] == "svar"
    assert data["suggestions"] == []
    first = data["answers"][0]
    assert first["tier"] == "svar" and first["missing"] == []
    assert {"body", "meeting_date", "item", "title", "decision", "url", "page", "score", "matched"} <= set(first)
    assert first["meeting_date"] == "2022-11-25" and first["item"] == "4.1" and first["page"] == 29
    assert first["url"] == KL_URL and "Kasper Damsgaard" in first["decision"]
    empty = answer_dict(searcher.ask("Hvornår åbner den nye skøjtehal?"))
    assert empty["answers"] == [] and isinstance(empty["suggestions"], list) and empty["tier"] is None


def test_an_item_without_decision_shows_what_was_reported(searcher):
    text = format_answer(searcher.ask("siden sidst"))
    assert "Punkt 2.1 Siden sidst" in text and "Punktet har ingen beslutning i referatet." in text
    assert "Baggrund (s. 6–8):" in text  # the Baggrund runs over two page breaks
    assert "Kirsten Jensen orienterede om, at bestyrelsen i Movia havde tiltrådt budgettet" in text
    assert "\n  – Movia\n" in text  # the list of fora stays a list
    # A question on one report shows that paragraph, labelled, not the whole item.
    text = format_answer(searcher.ask("Hvad orienterede Movia om?"))
    assert "Fra punktets tekst (Baggrund, s. 7):" in text and "Sisse Marie Welling" not in text


def test_json_gives_the_quoted_paragraphs_own_page(searcher):
    answer = searcher.ask("Hvad orienterede Movia om?")
    first = answer_dict(answer)["answers"][0]
    assert first["page"] == 6 and first["url"] == KL_URL  # the item's page, as before
    assert first["passage_page"] == answer.hits[0].passage.page == 7
    decided = answer_dict(searcher.ask("Hvem er Kasper Damsgaard?"))["answers"][0]
    assert "passage_page" not in decided  # the decision shows the match: no passage


def test_a_pdf_source_links_the_page(pdf_searcher):
    text = format_answer(pdf_searcher.ask("Hvad blev besluttet om DK2020-klimapartnerskabet?"))
    assert f"Kilde: {PDF_URL}#page=17 (s. 17)" in text.splitlines()
    text = format_answer(pdf_searcher.ask("Hvad orienterede Movia om?"))
    assert f"Kilde: {PDF_URL}#page=6 (s. 6)" in text and f"Uddraget: {PDF_URL}#page=7 (s. 7)" in text
    first = answer_dict(pdf_searcher.ask("Hvad orienterede Movia om?"))["answers"][0]
    assert (first["url"], first["passage_url"]) == (f"{PDF_URL}#page=6", f"{PDF_URL}#page=7")


def test_json_always_has_answers_and_suggestions(searcher):
    for question in ("Hvem er Kasper Damsgaard?", "Hvornår åbner den nye skøjtehal?", "hvad blev besluttet?"):
        data = answer_dict(searcher.ask(question))
        assert isinstance(data["answers"], list) and isinstance(data["suggestions"], list)


def test_the_next_meeting_first_then_the_other_items(searcher):
    answer = searcher.ask("Hvornår er næste møde?")
    text = format_answer(answer)
    lines = text.splitlines()
    assert lines[0] == "Næste møde: 8. februar 2023 fra kl. 10 til kl. 12"
    assert lines[1] == "Referatet fra KKR Hovedstaden, møde 25. november 2022 (punkt 6.1 Punkter til næste møde, s. 31):"
    assert lines[2] == "  Næste møde i KKR Hovedstaden planlægges afholdt den 8. februar 2023 fra kl. 10 til kl. 12."
    assert "Forventede punkter på dagsordenen:" in lines and "  - Input til evaluering af erhvervsfremmereformen" in lines
    assert "Punkt 6.1" not in text  # the announcing item is the answer above, not repeated
    data = answer_dict(answer)
    assert data["next_meeting"]["date"] == "2023-02-08" and data["answers"][0]["item"] == "6.1"
    assert "next_meeting" not in answer_dict(searcher.ask("DK2020"))


def test_a_newest_referat_without_a_next_meeting_says_so(kb):
    import copy

    from bot.knowledge.store import KnowledgeBase
    from bot.search import Searcher

    meeting = copy.deepcopy(kb.meetings[0])
    meeting.items = [i for i in meeting.items if i.number != "6.1"]
    answer = Searcher(KnowledgeBase([meeting])).ask("Hvornår er næste møde?")
    assert format_answer(answer).startswith(
        "Referatet fra KKR Hovedstaden, møde 25. november 2022 (det nyeste) nævner ikke, hvornår næste møde er.")
    assert answer_dict(answer)["next_meeting"] == {
        "body": "KKR Hovedstaden", "announced_in": "2022-11-25", "date": None, "time": None, "topics": [],
        "sentence": None, "item": None, "page": None, "url": None}


def test_the_echoed_question_has_no_markup(searcher):
    text = format_answer(searcher.ask("\x1b[2J<@123> skøjtehal \u202e"))
    assert text.splitlines()[0] == "Jeg fandt ikke noget i referaterne, der svarer på: skøjtehal"


def test_an_item_with_its_own_page_links_there_without_page_numbers(greve_byraad):
    # FirstAgenda JSON has no pages: "s. 1" and a link to the site's front page told a member nothing.
    item = next(i for i in greve_byraad.items if i.url and i.decision)
    searcher = Searcher(KnowledgeBase([copy.deepcopy(greve_byraad)]))
    hit = next(h for h in searcher.ask(item.title, limit=5).hits if h.item.number == item.number)
    assert hit.url == item.url
    text = format_hit(hit)
    assert f"Kilde: punktet på dagsordener.greve.dk: {item.url}" in text
    assert "s. 1" not in text.split("Kilde:")[1].splitlines()[0]
