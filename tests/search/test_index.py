"""The inverted index built from the real referat."""
from __future__ import annotations

import numpy as np
import pytest

from bot.search.build import build_index
from bot.search.compounds import _productive, split_compound
from bot.search.index import FIELDS, has_dissent, is_appointing
from bot.search.normalize import term_key


def _item(kb, number):
    return next(i for _, i in kb.items() if i.number == number)


def test_every_item_indexed_with_sorted_postings(searcher, kb):
    index = searcher.index
    assert index.size == sum(len(m.items) for m in kb.meetings) == 16
    assert len(index.offsets) == len(index.keys) + 1 and index.offsets[-1] == len(index.post_doc)
    for tid in range(len(index.keys)):
        docs = index.items_of(tid)
        assert len(docs) == index.df[tid] > 0
        assert np.all(np.diff(docs) > 0)  # one posting per item, in item order


def test_fields_give_their_credit(searcher):
    index = searcher.index
    numbers = [i.number for _, i in index.docs]

    def strength(key, number):
        docs, _, st = index.postings(index.vocab[key])
        return float(st[list(docs).index(numbers.index(number))])

    assert strength("resultatkontrak", "3.1") == 1.0      # in the title
    assert strength("movia", "2.1") == pytest.approx(0.85)  # only in the body text
    assert strength("damsgard", "4.1") == 1.0             # in the decision
    assert strength("3.9", "3.9") == 1.0                  # the item's own number
    assert FIELDS[0].weight > FIELDS[2].weight


def test_item_text_includes_sections_group_and_number(searcher):
    index = searcher.index
    assert "movia" in index.vocab and "halvvejsstatus" in index.vocab
    assert "regionalpolitisk" in index.vocab          # the group heading
    assert "dk2020klimapartnerskab" in index.vocab     # hyphenated, joined
    assert "forhold" in index.vocab                    # "for-\nhold" rejoined


def test_only_appointing_decisions_are_marked(searcher, kb):
    marked = [i.number for (_, i), flag in zip(searcher.index.docs, searcher.index.appointing, strict=True) if flag]
    assert marked == ["4.1"]
    assert is_appointing(_item(kb, "4.1")) and not is_appointing(_item(kb, "3.4"))


def test_only_items_with_dissent_are_marked(searcher, kb):
    marked = [i.number for (_, i), flag in zip(searcher.index.docs, searcher.index.dissenting, strict=True) if flag]
    assert marked == ["3.6"]  # Enhedslisten's note on the motorway projects
    assert has_dissent(_item(kb, "3.6")) and not has_dissent(_item(kb, "3.4"))


def test_acronym_aliases_both_ways(searcher):
    aliases = searcher.index.acronyms
    assert ("sundhedssamarbejdsudvalg",) in aliases["ssu"]
    assert ("ssu",) in aliases["sundhedssamarbejdsudvalg"]
    assert ("nationa", "operativ", "stab") in aliases["nost"] or any(len(d) == 3 for d in aliases["nost"])


def test_compounds_split_against_the_vocabulary(searcher):
    vocab = searcher.index.vocab
    assert split_compound("klimapartnerskab", vocab) == ("klima", "partnerskab")
    # "erhvervsfremme" never stands alone, but starts several compounds of the minutes.
    assert split_compound("erhvervsfremmestrategi", vocab) is None
    assert split_compound("erhvervsfremmestrategi", vocab, _productive(searcher.index.keys)) == \
        ("erhvervsfremme", "strategi")
    heads = {searcher.index.keys[t] for t, _ in searcher.index.components["strategi"]}
    assert {"uddannelsesstrategi", "erhvervsfremmestrategi"} <= heads


@pytest.mark.parametrize("word, split", [
    ("skolereformen", None),            # not skole|re|form: "skolere"/"skoler" are no modifiers
    ("sundhedsaftalen", ("sund", "aftal")),
    ("klimaplanerne", ("klima", "plan")),
    ("busruterne", None),               # bus and rute are too short to be told apart
    ("hjælperuddannelsen", ("hjalp", "uddan")),  # an agent noun in -er is a modifier
    ("erhvervshusstrategi", ("erhvervshus", "strategi")),
])
def test_splits_need_real_words_on_both_sides(searcher, word, split):
    assert split_compound(term_key(word), searcher.index.vocab) == split


def test_words_known_only_as_first_parts_find_their_compounds(searcher):
    components = searcher.index.components
    vocab = searcher.index.vocab
    # "assistent" stands alone nowhere in the referat, only in assistentelever,
    # SOSU-assistentuddannelsen …; "klimahandlings-" only in klimahandlingsplaner/-udvalg.
    assert "assistent" not in vocab
    assert {"assistentelev", "assistentuddan"} <= {searcher.index.keys[t] for t, _ in components["assistent"]}
    assert {"klimahandlingsplan", "klimahandlingsudvalg"} <= \
        {searcher.index.keys[t] for t, _ in components[term_key("klimahandling")]}


def test_empty_and_tiny_inputs():
    empty = build_index([])
    assert empty.size == 0 and len(empty.post_doc) == 0

