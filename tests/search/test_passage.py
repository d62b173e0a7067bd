"""Which paragraph is quoted for a hit, and how it is cut."""
from __future__ import annotations

from bot.model import Item, Section
from bot.search.normalize import text_keys
from bot.search.passage import best_passage, heading_and_decision_cover


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


def test_a_passage_from_the_middle_of_a_long_section_gets_its_own_page(kb):
    item = _item(kb, "3.4")  # Sagsfremstilling: pages 15–17
    sagsfremstilling = next(s for s in item.sections if s.heading == "Sagsfremstilling")
    assert sagsfremstilling.page == 15 and len(sagsfremstilling.page_breaks) == 2
    on_16 = best_passage(item, set(text_keys("partnerskabsgruppe")))
    assert on_16.text.startswith("Den nuværende politiske partnerskabsgruppe") and on_16.page == 16
    on_17 = best_passage(item, set(text_keys("geografiske organisering kvartal")))
    assert on_17.text.startswith("Også i Hovedstaden kan der opstå behov") and on_17.page == 17
    baggrund = best_passage(item, set(text_keys("Embedsmandsudvalget for Klima og Infrastruktur")))
    assert baggrund.heading == "Baggrund" and baggrund.page == 15  # the Baggrund starts on page 14
    assert baggrund.text.startswith("I forlængelse heraf foreslås det")
    opening = best_passage(item, set(text_keys("Partnerskabet ophører")))
    assert opening.text.startswith("Partnerskabet mellem KL/KKR") and opening.page == item.page == 14


def test_a_cut_window_takes_the_page_where_the_quote_starts():
    sentences = [f"Sætning {n} om noget helt andet end sagen." for n in range(12)]
    first_half = " ".join(sentences[:6])
    text = first_half + " " + " ".join(sentences[6:]) + " Her står madspild."
    # One paragraph, with a page break (4 -> 5) in the middle of its line.
    section = Section("Sagsfremstilling", text, 4, page_breaks=[len(first_half) + 1])
    item = Item(number="1", title="T", page=4, sections=[section])
    late = best_passage(item, {"madspild"}, limit=120)
    assert late.text.endswith("Her står madspild.") and late.text.startswith("… Sætning") and late.page == 5
    early = best_passage(item, set(text_keys("Sætning 0")), limit=120)
    assert early.text.startswith("Sætning 0") and early.page == 4
    whole = best_passage(item, {"madspild"}, limit=1000)  # the paragraph fits: it starts on page 4
    assert whole.text == text and whole.page == 4


def test_offsets_survive_extra_whitespace_in_a_hand_edited_text():
    text = "Indledning  med   mellemrum.\n\n  Afsnit  på næste side om madspild."
    section = Section("Baggrund", text, 2, page_breaks=[text.index("Afsnit")])
    passage = best_passage(Item(number="1", title="T", page=2, sections=[section]), {"madspild"})
    assert passage.text == "Afsnit på næste side om madspild." and passage.page == 3
