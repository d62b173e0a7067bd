"""Words -> index keys: folding, stemming, stop words, numbers, codes, hyphenation."""
from __future__ import annotations

import pytest

from bot.search.normalize import (
    adjacent,
    adjacent_pairs,
    dehyphenate,
    fold,
    is_question_word,
    is_stop,
    term_key,
    text_keys,
    words,
)


@pytest.mark.parametrize("variants", [
    ("København", "Koebenhavn", "Kobenhavn", "KØBENHAVN"),
    ("Professionshøjskole", "Professionshojskole", "professionshoejskole"),
    ("Damsgaard", "Damsgård", "damsgard"),
    ("lærepladser", "laerepladser", "larepladser"),
])
def test_danish_letters_and_their_ascii_spellings_meet(variants):
    keys = {term_key(v.casefold()) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("forms", [
    ("beslutningen", "beslutning", "beslutninger"),
    ("referatet", "referat", "referater"),
    ("lærepladser", "læreplads", "lærepladsen"),
    ("klimapartnerskabet", "klimapartnerskab"),
    ("mangel", "manglen", "mangler"),
    ("cykel", "cykler", "cyklerne"),
    ("udpeget", "udpegede", "udpege"),
    ("indstillet", "indstillede"),
])
def test_inflected_forms_share_a_key(forms):
    assert len({term_key(f) for f in forms}) == 1


def test_stop_words_and_noise_have_no_key():
    for word in ("hvad", "blev", "om", "der", "det", "af", "og", "i", "paa", "hvornaar", "x"):
        assert term_key(word) is None, word


def test_question_framing_is_recognised():
    assert is_question_word("besluttet") and is_question_word("skete") and is_question_word("punkt")
    assert not is_question_word("dagsordenen")
    # Words that ask for the kind of answer ("næste møde dato"), in one place with the others.
    for word in ("dato", "datoen", "datoer", "tidspunkt", "tidspunktet", "klokken", "overblik", "finde", "vis"):
        assert is_question_word(word), word


@pytest.mark.parametrize("past, noun", [("vandt", "vand"), ("fandt", "fand"), ("bandt", "band"),
                                        ("forsvandt", "forsvand"), ("spandt", "spand")])
def test_strong_past_tenses_are_not_stemmed_into_nouns(past, noun):
    # Snowball's -dt -> -d would make "Hvem vandt valget?" ask about water (vand).
    assert term_key(past) == past and term_key(noun) != term_key(past)


@pytest.mark.parametrize("forms", [
    ("godkende", "godkendes", "godkendt", "godkendte", "godkendelse"),
    ("oversende", "oversendes", "oversendt"),
    ("anvende", "anvendes", "anvendt"),
])
def test_verbs_in_kend_send_vend_keep_their_stem(forms):
    # Snowball cut "godkendes" to godk and "oversende" to over (as if -ende were a participle).
    assert len({term_key(f) for f in forms}) == 1


def test_past_participles_in_dt_still_meet_their_verb():
    assert term_key("kendt") == term_key("kende") and term_key("sendt") == term_key("sende")
    assert term_key("sandt") == term_key("sand")  # the adjective, not a past tense


def test_adjacent_words_in_the_real_decision(kb, searcher):
    decision = next(i for _, i in kb.items() if i.number == "4.1").decision
    index = searcher.index
    spellings = {key: index.surface[tid] for key, tid in index.vocab.items()}  # as the minutes write them

    def side_by_side(first: str, second: str) -> bool:
        return adjacent(decision, term_key(first.casefold()), term_key(second.casefold()), spellings)

    assert side_by_side("Kasper", "Damsgård")      # asked with another spelling than the minutes'
    assert side_by_side("Friis", "Trebbien")
    assert side_by_side("Hvidovre", "Kommune")
    assert not side_by_side("Damsgaard", "Kasper")  # order counts
    assert not side_by_side("Kommune", "Kasper")    # "Kommune og Kasper"
    assert not side_by_side("Trebbien", "Hvidovre")  # "(C)," between
    assert adjacent("Region Ho-\nvedstaden", "region", "hovedstad")  # PDF hyphenation
    assert adjacent("REGION HOVEDSTADEN", "region", "hovedstad")


def test_a_pair_across_a_small_word_is_a_name_with_that_word_between():
    pair = (term_key("energi"), term_key("tværs"), "på")
    spellings = {term_key("tværs"): "tværs"}  # as the minutes write it (the index's surface form)
    assert adjacent_pairs("samarbejdet ”Energi på Tværs” om", [pair], spellings) == {pair}
    assert adjacent_pairs("ENERGI PÅ TVÆRS", [pair], spellings) == {pair}
    assert adjacent_pairs("sparer på energi på tværs af landet", [pair], spellings) == set()  # no name
    assert adjacent_pairs("Energi og samarbejde på Tværs", [pair], spellings) == set()
    assert adjacent_pairs("Energi i Tværs", [pair], spellings) == set()        # another word between
    assert adjacent_pairs("Energi Tværs", [pair], spellings) == set()          # none between
    assert adjacent_pairs("Energi på, Tværs", [pair], spellings) == set()      # a comma parts them


def test_numbers_and_codes():
    assert text_keys("i 3.9 og 9.000 lærepladser i 2035") == ["3.9", "9000", "lareplad", "2035"]
    assert term_key("dk2020") == "dk2020"
    assert term_key("co2") == "co2"
    assert "2024" in text_keys("2024-2027") and "2027" in text_keys("2024-2027")


def test_hyphenated_compounds_give_parts_and_the_whole():
    keys = text_keys("DK2020-klimapartnerskabet")
    assert keys[:2] == ["dk2020", "klimapartnerskab"]
    assert "dk2020klimapartnerskab" in keys
    assert "sosulareplad" in text_keys("SOSU-lærepladser")


def test_pdf_hyphenation_is_joined_but_not_elliptic_compounds():
    assert dehyphenate("i for-\nhold til") == "i forhold til"
    assert dehyphenate("Klima-\nog energiplaner") == "Klima-\nog energiplaner"
    assert "forhold" in text_keys("i for-\nhold til")


def test_words_keep_order_and_numbers():
    assert words("Hvem er Kasper Damsgaard? Punkt 3.9.") == ["hvem", "er", "kasper", "damsgaard", "punkt", "3.9"]


def test_fold():
    assert fold("Ærø Å Øster") == "aro a oster"


def test_andre_is_a_stop_word_without_making_aendre_one():
    # Folded, "andre" (others: in 1,436 Greve items) was the key of "ændre" (change), so
    # "Hvad blev ændret?" matched every item that mentions others.
    assert term_key("andre") is None and term_key("andet") is None
    assert term_key("ændre") == term_key("ændret") == "andr"
    assert not is_stop("ændre")
