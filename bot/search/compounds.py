"""Danish compound words in the vocabulary: splitting a key into two known words, and the
compounds each word is part of ('strategi' -> uddannelsesstrategi)."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

import numpy as np

from bot.search.normalize import term_key
from bot.search.weights import HEAD_WEIGHT, MODIFIER_WEIGHT

MIN_PART = 4  # shortest compound part considered a word of its own
LINKS = ("", "s", "e")  # Danish linking letters: erhverv-s-fremme, skol-e-
# Inflections the first part of a compound never carries (plural and definite endings;
# "-er" alone may be the word's own, as in hjælper|elev, borger|inddragelse).
_INFLECTED_ENDINGS = frozenset({"ere", "erne", "ene", "ede", "ens", "ets", "ers", "enes", "ernes", "erede", "eret"})


def _modifier_key(modifier: str, link: str, vocab: dict[str, int]) -> str | None:
    """The known key of a compound's first part: itself, or its stem when only an ending
    a modifier may have was cut off ('erhvervsfremme' -> erhvervsfrem, 'sundhed' -> sund).

    Not from an inflected form ('skolere' in skolere|form), and before a linking e only
    the key itself ('skol|e|', never 'skoler|e|form'): so "skolereform" finds no split
    rather than the chance skole + form.
    """
    if modifier in vocab:
        return modifier
    if link == "e":
        return None
    stemmed = term_key(modifier)
    if not stemmed or stemmed not in vocab:
        return None
    if modifier.startswith(stemmed) and modifier[len(stemmed):] in _INFLECTED_ENDINGS:
        return None
    return stemmed


def split_compound(
    key: str, vocab: dict[str, int], productive: Callable[[str], bool] | None = None
) -> tuple[str, str] | None:
    """Split a key into (modifier, head), both known keys, e.g. 'klimapartnerskab'.

    The modifier may also be known stemmed ('erhvervsfremme' -> erhvervsfrem, but not
    from an inflected form: 'skolereform' is no skolere|form), or, when `productive` says
    so, only as the first part of other compounds; the longest known head wins
    ("klima|partnerskab" over "klimapartner|skab").
    """
    for i in range(MIN_PART, len(key) - MIN_PART + 1):
        head = key[i:]
        if head not in vocab:
            continue
        modifiers = [(key[:i - len(link)], link) for link in LINKS
                     if key[:i].endswith(link) and i - len(link) >= MIN_PART]
        for modifier, link in modifiers:
            known = _modifier_key(modifier, link, vocab)
            if known:
                return known, head
        if productive is not None:
            for modifier, _ in modifiers:
                if productive(modifier):
                    return modifier, head
    return None


def _productive(keys: list[str]) -> Callable[[str], bool]:
    """Whether a string starts at least two other keys (a modifier the minutes use often)."""
    ordered = sorted(keys)

    def test(prefix: str) -> bool:
        i = bisect_left(ordered, prefix)
        ends = [k for k in ordered[i:i + 3] if k.startswith(prefix) and k != prefix]
        return len(ends) >= 2

    return test


MAX_COMPOUNDS = 40


def compound_components(keys: list[str], vocab: dict[str, int], df: np.ndarray) -> dict[str, list[tuple[int, float]]]:
    """part key -> compounds containing it (term id, weight): 'strategi' -> uddannelsesstrategi.

    A first part the minutes use only in compounds ('assistent' in assistentelever and
    assistentuddannelsen) is registered too, under its key as a question word gives it
    ('klimahandlings' -> klimahandling), so asking for it finds those compounds.
    """
    parts: dict[str, list[tuple[int, float]]] = {}
    productive = _productive(keys)
    for tid, key in enumerate(keys):
        if len(key) < 2 * MIN_PART or not key.isalpha():
            continue
        split = split_compound(key, vocab, productive)
        if split:
            modifier, head = split
            parts.setdefault(head, []).append((tid, HEAD_WEIGHT))
            part = modifier if modifier in vocab else term_key(modifier)
            if part:
                parts.setdefault(part, []).append((tid, MODIFIER_WEIGHT))
    for compounds in parts.values():
        if len(compounds) > MAX_COMPOUNDS:  # keep the most frequent compounds
            compounds.sort(key=lambda c: -int(df[c[0]]))
            del compounds[MAX_COMPOUNDS:]
    return parts
