"""The vectorised build agrees with the plain word-by-word definition of the index."""
from __future__ import annotations

import sys
from collections import defaultdict

import numpy as np
import pytest

from bot.search.build import build_index
from bot.search.index import FIELDS, K1, B, item_texts
from bot.search.normalize import dehyphenate, dehyphenate_joined, token_keys
from bot.search.tokens import (
    _IS_SPACE,
    _SPACE_LIMIT,
    MAX_HASHED,
    SEPARATOR,
    TokenTable,
    join,
)

TEXTS = [
    "Hvad blev besluttet om DK2020-klimapartnerskabet?",
    "",
    "   ",
    "tab\there\nnew line\r\nvertical\x0bform\x0cfeed",
    "no\xa0break and\u2009thin\u3000ideographic\u2028line\x1cfile\x1dgroup\x85next",
    "control\x01char\x7fdel \x00nul 😀 emoji x😀y",
    "a" * (MAX_HASHED + 1) + " " + "a" * (MAX_HASHED + 1) + "b " + "a" * MAX_HASHED,
    "same same same Same SAME",
    "3.1 2.1 3.1 1.3",
]


def test_every_character_str_split_splits_on_is_in_the_table():
    spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert max(spaces) < _SPACE_LIMIT
    assert np.flatnonzero(_IS_SPACE).tolist() == spaces


@pytest.mark.parametrize("texts", [TEXTS, [t for t in TEXTS if max(t, default=" ") < "\U00010000"]])
def test_tokens_are_str_split_and_each_new_one_is_resolved_once_in_order(texts):
    resolved: list[str] = []

    def resolve(token: str) -> int:
        resolved.append(token)
        return len(resolved) - 1

    table = TokenTable(resolve, capacity_bits=2)  # small: the table must grow
    expected = [w for t in texts for w in t.split()]
    for _round in range(2):  # the second time every token is known
        ids, per_text = table.tokenise(*join(texts))
        assert [resolved[i] for i in ids] == expected
        assert per_text.tolist() == [len(t.split()) for t in texts]
        assert resolved == list(dict.fromkeys(expected))


@pytest.mark.parametrize("texts", [
    ["for-\nhold", "Klima-\nog energi", "ends with a hyphen-", "lower case next"],
    ["two  spaces-  \nbreak", "for-\nhold", "tab-\t\nbreak"],
    ["x-\n\nny", "og-\nog", "uden bindestreg"],
    ["A-\n", "-\nb", "word- \n  next- \nog", ""],
])
def test_dehyphenating_joined_texts_is_dehyphenating_each(texts):
    joined, starts = join(texts)
    joined, starts = dehyphenate_joined(joined, starts, starts[1:] - len(SEPARATOR))
    ends = starts[1:] - len(SEPARATOR)
    assert [joined[a:b] for a, b in zip(starts, ends, strict=False)] == [dehyphenate(t) for t in texts]


def _reference(docs):
    """Postings the slow, obvious way: every word of every field, one at a time."""
    weights = {i: int(f.weight) for i, f in enumerate(FIELDS)}
    freq: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    best: dict[str, dict[int, int]] = defaultdict(dict)
    length = np.zeros(len(docs), dtype=np.float64)
    for d, (_, item) in enumerate(docs):
        for code, text in item_texts(item):
            for token in dehyphenate(text).split():
                for key in dict.fromkeys(token_keys(token.casefold())):
                    freq[key][d] += weights[code]
                    best[key][d] = min(best[key].get(d, code), code)
                    length[d] += weights[code]
    return freq, best, length.astype(np.float32)


@pytest.mark.parametrize("which", ["kb", "two_meetings"])
def test_index_matches_the_word_by_word_definition(which, request):
    docs = list(request.getfixturevalue(which).items())
    index = build_index(docs)
    freq, best, length = _reference(docs)
    assert set(index.vocab) == set(freq)
    avg = np.float32(length.mean())
    for key, tid in index.vocab.items():
        postings, tfn, _ = index.postings(tid)
        assert postings.tolist() == sorted(freq[key])
        field = index.post_field[index.offsets[tid]:index.offsets[tid + 1]]
        assert field.tolist() == [best[key][d] for d in sorted(freq[key])]
        tf = np.array([freq[key][d] for d in sorted(freq[key])], dtype=np.float32)
        norm = np.float32(K1) * (1 - B + B * length[postings] / avg)
        assert tfn.tolist() == (tf * (np.float32(K1 + 1) / (tf + norm))).tolist()
