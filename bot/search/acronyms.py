"""Acronyms the minutes define themselves, e.g. 'Sundhedssamarbejdsudvalget (SSU)'.

Each definition becomes an alias in the index, so a member asking about "SSU" finds
items that only spell the name out, and the other way round.
"""
from __future__ import annotations

import re

from bot.search.normalize import dehyphenate

# "Long Name (ABC)" and "ABC (Long Name)"; acronyms are 2-6 capitals (digits allowed after).
_AFTER_RE = re.compile(r"\(([A-ZÆØÅ][A-ZÆØÅ0-9]{1,5})\)")
_ACRONYM_BEFORE_RE = re.compile(r"\b([A-ZÆØÅ][A-ZÆØÅ0-9]{1,5})\s*$")
_INSIDE_RE = re.compile(r"\(([^()]{4,120})\)")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Every "(" where one of the two forms may stand: "(ABC)", or "ABC (" with at most 10
# spaces between (the 12 characters _ACRONYM_BEFORE_RE looks back). Each branch starts
# at "(", so scanning for it is fast; the rest of the text is never looked at.
DEFINITION_HINT_RE = re.compile(
    r"\((?:(?=[A-ZÆØÅ][A-ZÆØÅ0-9]{1,5}\))|"
    + "|".join(rf"(?<=[A-ZÆØÅ0-9]\s{{{k}}}\()" for k in range(11)) + ")"
)
# Small words a name may contain that its acronym skips ("Udvalget for Vækst og …").
_SKIPPABLE = frozenset({"og", "for", "i", "af", "til", "på", "med", "om", "den", "det", "de"})


def _consumes(words: list[str], letters: str) -> bool:
    """True when the words spell the letters: each word starts the next letter and may
    supply further letters from inside it (compounds: Erhvervsfremme*b*estyrelse)."""
    if not words:
        return not letters
    if not letters:
        return False
    word, rest = words[0].casefold(), words[1:]
    if word in _SKIPPABLE:
        return _consumes(rest, letters)
    if word[0] != letters[0]:
        return False
    # Try taking 1, 2, … letters from this word, the later ones as a subsequence inside it.
    position, taken = 1, 1
    while True:
        if _consumes(rest, letters[taken:]):
            return True
        if taken >= len(letters):
            return False
        found = word.find(letters[taken], position)
        if found < 0:
            return False
        position, taken = found + 1, taken + 1


def _definition(words: list[str], acronym: str, from_end: bool) -> list[str] | None:
    """The shortest run of words next to the acronym that spells it, or None."""
    letters = acronym.casefold()
    if not letters.isalpha():
        letters = "".join(c for c in letters if c.isalpha())
    # Quick rejections. Every run from the start begins with the first word, which must
    # start the acronym; every run from the end ends with the last word, which _consumes
    # reaches with letters left, so it must start one of them and can't be skippable.
    if not from_end and words and (words[0][0].casefold() != letters[0] or words[0].casefold() in _SKIPPABLE):
        return None
    if from_end and words and (words[-1].casefold()[0] not in letters or words[-1].casefold() in _SKIPPABLE):
        return None
    for size in range(1, min(len(words), len(letters) + 4) + 1):
        run = words[-size:] if from_end else words[:size]
        if run[0][0].casefold() != letters[0] or run[0].casefold() in _SKIPPABLE:
            continue
        if len(run) == 1 and len(run[0]) < len(letters) + 3:
            continue  # a single word must be a real compound, not "Hus (HUS)"
        if _consumes(run, letters):
            return run
    return None


def find_acronyms(text: str) -> list[tuple[str, list[str]]]:
    """(acronym, words of its definition) for every acronym the text defines."""
    text = dehyphenate(text)
    return definitions_in(text, 0, len(text))


def definitions_in(text: str, lo: int, hi: int) -> list[tuple[str, list[str]]]:
    """find_acronyms() of text[lo:hi], a dehyphenated text inside a longer string."""
    found = (definition_at(text, hint.start(), lo, hi) for hint in DEFINITION_HINT_RE.finditer(text, lo, hi))
    return [f for f in found if f]


def definition_at(text: str, start: int, lo: int, hi: int) -> tuple[str, list[str]] | None:
    """(acronym, words of its definition) defined at the "(" text[start] (a match of
    DEFINITION_HINT_RE) of the dehyphenated text[lo:hi], or None."""
    after = _AFTER_RE.match(text, start, hi)
    if after:  # "Long Name (ABC)"
        before = _WORD_RE.findall(text, max(lo, start - 120), start)
        definition = _definition(before, after[1], from_end=True)
        return (after[1], definition) if definition else None
    # "ABC (Long Name)"
    acronym = _ACRONYM_BEFORE_RE.search(text, max(lo, start - 12), start)
    inside = _INSIDE_RE.match(text, start, hi) if acronym else None
    if acronym is None or inside is None:
        return None
    definition = _definition(_WORD_RE.findall(inside[1]), acronym[1], from_end=False)
    return (acronym[1], definition) if definition else None
