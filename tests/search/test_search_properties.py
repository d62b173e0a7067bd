"""Whatever a member types, Searcher.ask answers: property tests with random questions."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.search import MAX_QUESTION_CHARS, Answer

# Characters that have broken text handling before or might: NUL and other controls, escapes,
# zero-width and direction marks, combining marks, emoji with joiners and variation selectors,
# a lone surrogate, hyphens, dots and commas (numbers, item numbers), Danish letters.
TRICKY = [
    "\x00", "\x07", "\x1b", "\x1b[31m", "\x7f", "\x85", "\t", "\n", "\r", "\u00ad", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u0301", "\ufe0f", "🙂", "👩‍💻",
    "\U0001f1e9\U0001f1f0", "\ud800", "-", "–", ".", ",", ":", "/", "(", ")", "?", "!", "@", "#", "<", ">",
    "æ", "ø", "å", "Æ", "ß", "ǅ", "ﬁ", "İ", "١", "٣", "½", "²", "0", "9", " ",
]
# Words and bits of the minutes, so random questions also hit the index and its expansions.
WORDS = [
    "dk2020", "klima", "partnerskab", "klimapartnerskabet", "K", "L", "e", "u", "D", "2020", "SSU", "sosu",
    "3.4", "3,4", "9.000", "Kasper", "Damsgaard", "stemte", "imod", "udpeget", "næste", "møde", "seneste",
    "KKR", "Hovedstaden", "Sjælland", "den", "25.", "november", "2022", "resultat", "kontrakten", "uenighed",
    "<@123>", "@everyone", "<:x:1>", "skøjtehal", "erhvervsfremme", "strategi", "-", "og", "i", "på",
]

any_characters = st.text(st.characters(codec=None), min_size=1, max_size=5000)
tricky_characters = st.lists(st.sampled_from(TRICKY), min_size=1, max_size=2000).map("".join)
mixed = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(TRICKY), st.text(max_size=3)),
                 min_size=1, max_size=40).map("".join)
spaced_words = st.lists(st.sampled_from(WORDS + TRICKY), min_size=1, max_size=12).map(" ".join)
single = st.one_of(st.characters(codec=None).map(str), st.sampled_from(TRICKY))
digits = st.text(st.sampled_from("0123456789 .,-/"), min_size=1, max_size=60)
punctuation = st.text(st.characters(categories=["P", "S", "Z"]), min_size=1, max_size=200)
long_runs = st.builds(lambda c, n: c * n, st.sampled_from(["a", "æ", "9", "-", " ", "\u200b", "k l "]),
                      st.integers(1, 5000))

questions = st.one_of(any_characters, tricky_characters, mixed, spaced_words, single, digits, punctuation, long_runs)


def _valid(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    for hit in answer.hits + answer.suggestions:
        assert 0 <= hit.score <= 1 and not math.isnan(hit.score)
    assert len(answer.words) <= MAX_QUESTION_CHARS


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(question=questions)
def test_any_question_gets_an_answer(searcher, question):
    _valid(searcher.ask(question))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(question=questions, meeting=st.sampled_from([None, "2022-11-25", "1999-01-01"]),
       body=st.sampled_from([None, "KKR Hovedstaden", "kkr sjaelland"]), limit=st.integers(0, 30))
def test_any_question_with_any_filters_gets_an_answer(searcher, question, meeting, body, limit):
    _valid(searcher.ask(question, limit=limit, meeting=meeting, body=body))
    _valid(searcher.ask(question, threshold=0.0))  # as kkrbot eval asks
