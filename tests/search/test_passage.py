"""Which paragraph is quoted for a hit, and how it is cut."""
from __future__ import annotations

from bot.model import Item, Section
from bot.search.passage import best_passage, heading_and_decision_cover
from bot.search.normalize import text_keys


def _item(kb, number):
    return next(i for _, i in kb.items() if i.number == number)


def test_prose_paragraph_with_the_words_close_together_wins(kb):
    item = _item(kb, "2.1")  # Movia is both in the opening list and in a reported paragraph
    passage = best_passage(item, set(text_keys("orienterede Movia")))
    assert passage.text.startswith("Kirsten Jensen orienterede om, at bestyrelsen i Movia")
    # The Baggrund starts on page 6; this paragraph stands on page 7 (after `SIDE | 7`).
    assert passage.heading == "Baggrund" and passage.page == 7


def test_long_paragraphs_are_cut_around_the_match_within_the_limit(kb):
    passage = best_passage(_item(kb, "3.3"), {"madspild"}, limit=200)
    assert "Håndtering af madspild" in passage.text and len(passage.text) <= 204


def test_no_passage_when_nothing_matches_or_title_and_decision_show_it(kb):
    assert best_passage(_item(kb, "3.3"), {"skojtehal"}) is None
    assert heading_and_decision_cover(_item(kb, "3.2"), set(text_keys("erhvervsfremmestrategi")))
    assert not heading_and_decision_cover(_item(kb, "3.3"), {"madspild"})
    assert not heading_and_decision_cover(_item(kb, "2.1"), {"movia"})  # no decision at all


def test_a_single_huge_line_is_cut_by_sentences():
    text = " ".join(f"Sætning nummer {n} handler om intet særligt." for n in range(60)) + " Her står madspild."
    item = Item(number="1", title="T", page=1, sections=[Section("Baggrund", text, 3)])
    passage = best_passage(item, {"madspild"}, limit=120)
    assert passage.text.endswith("Her står madspild.") and passage.text.startswith("…") and len(passage.text) <= 124
