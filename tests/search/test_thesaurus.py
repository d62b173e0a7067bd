"""The curated thesaurus file and how it is read."""
from __future__ import annotations

from bot.search.thesaurus import build_thesaurus, load_thesaurus


def test_bundled_thesaurus_loads_with_real_groups():
    thesaurus = load_thesaurus()
    assert len(thesaurus.groups) >= 30
    for gid, group in enumerate(thesaurus.groups):  # every group relates two things at least
        assert len(group) + sum(1 for _, entry, g in thesaurus.phrases if g == gid and entry not in group) >= 2
    money = thesaurus.related("peng")
    assert ("finansiering",) in money and ("bevilling",) in money and ("tilskud",) in money


def test_phrases_with_small_words_are_only_recognised_in_questions():
    thesaurus = build_thesaurus([["udpeget", "sidder i", "vedvarende energi"]])
    sequences = {seq for seq, _, _ in thesaurus.phrases}
    assert ("sidder", "i") in sequences and ("vedvarende", "energi") in sequences
    looked_for = thesaurus.related("udpeg")
    assert ("sid",) not in looked_for             # "sidder i" is never searched as "sidder"
    assert ("vedvar", "energi") in looked_for      # a phrase of content words is


def test_a_word_in_two_groups_gets_both():
    thesaurus = build_thesaurus([["aftale", "overenskomst"], ["aftale", "kontrakt"]])
    assert set(thesaurus.related("aftal")) == {("overenskomst",), ("kontrak",)}


def test_everyday_words_find_the_minutes_administrative_words(fixture_searcher):
    # The real Greve fixture meetings say "Greve Svømmehal" and "budgetforlig"; members say
    # "svømmebadet" and "budgetaftalen". Without those groups both questions found nothing.
    pool = fixture_searcher.ask("Hvad blev besluttet om energien i svømmebadet?").hits[0]
    assert "Svømmehal" in pool.item.title and "svømmebadet" in pool.matched
    budget = fixture_searcher.ask("Hvornår blev budgetaftalen for 2024 vedtaget?").hits[0]
    assert budget.item.title == "2. behandling af Budget 2024-27" and "budgetaftalen" in budget.matched
