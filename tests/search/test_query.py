"""A question -> its terms: dissent framing and neighbouring words, on the real referat's index."""
from __future__ import annotations

import pytest

from bot.search.normalize import fold, words
from bot.search.query import dissent_words


def _dissent(question: str) -> list[str]:
    raw = words(question)
    return [raw[i] for i in dissent_words([fold(w) for w in raw])]


@pytest.mark.parametrize("question, framing", [
    ("Hvem stemte imod?", ["stemte", "imod"]),
    ("Var der nogen der stemte imod forslaget om motorveje?", ["nogen", "stemte", "imod"]),
    ("Hvilke partier var uenige om infrastruktur", ["uenige"]),
    ("tog nogen forbehold", ["tog", "forbehold"]),
    ("hvad fik enhedslisten fort til protokol", ["fort", "protokol"]),
    ("Hvad var Enhedslisten imod?", ["var", "imod"]),
    ("hvem bakkede ikke op om motorvejene", ["bakkede"]),
    ("afgav nogen en mindretalsudtalelse", ["afgav", "mindretalsudtalelse"]),
])
def test_dissent_questions_are_recognised(question, framing):
    assert _dissent(question) == framing


@pytest.mark.parametrize("question", [
    "Hvor mange flygtninge fra Ukraine skal kommunerne tage imod?",  # "tage imod": receive
    "hvem sidder i opgaveudvalget for bus og tog",                  # "tog": the train
    "Hvad blev besluttet om protokollen?",
    "Blev referatet godkendt?",
])
def test_other_questions_are_not_about_dissent(question):
    assert _dissent(question) == []


def test_a_dissent_question_without_a_topic_searches_the_dissent_facts(searcher):
    query = searcher.parse("Hvem stemte imod?")
    assert query.dissent and [t.text for t in query.terms] == ["stemte imod"]
    assert [e.kind for e in query.terms[0].expansions] == ["dissent"]


def test_a_dissent_question_with_a_topic_searches_the_topic(searcher):
    query = searcher.parse("Var der nogen der stemte imod forslaget om motorveje?")
    # "forslaget" is how a vote question names its topic, not the topic.
    assert query.dissent and [t.text for t in query.terms] == ["motorveje"]


@pytest.mark.parametrize("question, framing", [
    ("hvem stemmte imod motorvejene", "stemmte"),     # a dissent word, one typo
    ("var der uenighd om uddannelsesstrategien", "uenighd"),
    ("hvad besluttde de om motorveje", "besluttde"),  # a question word, one typo
])
def test_intent_words_tolerate_one_typo(searcher, question, framing):
    query = searcher.parse(question)
    assert framing not in [t.text for t in query.terms] and query.terms
    assert query.dissent == ("besluttde" not in question)


def test_a_typo_close_to_a_topic_word_stays_a_topic_word(searcher):
    # "motorvejne" is no intent word; "tilstemte" is two edits from any.
    assert [t.text for t in searcher.parse("motorvejne tilstemte").terms] == ["motorvejne", "tilstemte"]


def test_neighbouring_words_are_kept_as_pairs(searcher):
    assert searcher.parse("Kasper Damsgaard").pairs == [("kasp", "damsgard")]
    assert searcher.parse("Søren Friis Trebbien").pairs == [("sor", "friis"), ("friis", "trebbi")]
    assert searcher.parse("bus og tog").pairs == [("bus", "tog", "og")]   # across one small word, with it
    assert searcher.parse("energi på tværs").pairs == [("energi", "tvar", "på")]
    assert searcher.parse("bus og så tog").pairs == []           # two small words between: not neighbours
    assert searcher.parse("skøjtehal Hvidovre").pairs == []      # an unknown word pairs with nothing
