"""Danish parties by letter and by the names members use: the minutes record votes by
letter ("Imod stemte: Ø"), members ask by name ("Hvorfor stemte Enhedslisten imod …?")."""
from __future__ import annotations

import re

from bot.search.normalize import fold

# Letter -> the names it is known by (the first as shown); folded forms are matched.
PARTIES: dict[str, tuple[str, ...]] = {
    "A": ("Socialdemokratiet", "Socialdemokraterne", "Socialdemokrat"),
    "B": ("Radikale Venstre", "De Radikale", "Radikale"),
    "C": ("Det Konservative Folkeparti", "De Konservative", "Konservative"),
    "D": ("Nye Borgerlige",),
    "F": ("SF", "Socialistisk Folkeparti"),
    "I": ("Liberal Alliance", "LA"),
    "K": ("Kristendemokraterne",),
    "M": ("Moderaterne",),
    "O": ("Dansk Folkeparti", "DF"),
    "V": ("Venstre",),
    "Æ": ("Danmarksdemokraterne",),
    "Ø": ("Enhedslisten", "EL"),
    "Å": ("Alternativet",),
}
# The names the index adds where the minutes give a letter ("Imod stemte: Ø", "fra (A) og (Ø)"):
# only words no other party's name shares, so "Dansk Folkeparti" doesn't find (C) or (F).
INDEX_NAMES: dict[str, tuple[str, ...]] = {
    "A": ("Socialdemokratiet", "Socialdemokraterne"), "B": ("Radikale",), "C": ("Konservative",),
    "D": ("Nye Borgerlige",), "F": ("SF", "Socialistisk"), "I": ("Liberal Alliance",),
    "K": ("Kristendemokraterne",), "M": ("Moderaterne",), "O": ("Dansk Folkeparti", "DF"), "V": ("Venstre",),
    "Æ": ("Danmarksdemokraterne",), "Ø": ("Enhedslisten",), "Å": ("Alternativet",),
}
_BY_NAME = {fold(name): letter for letter, names in PARTIES.items() for name in names}
_NAMES = sorted(_BY_NAME, key=len, reverse=True)
# A name in a question, as a whole word or words; the letter alone only in parentheses or
# right before/after a vote word would be too easily a word ("i", "a"): see party_mentions.
_NAME_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in _NAMES) + r")(?:s|erne|ne)?(?!\w)")
_LETTER_RE = re.compile(r"\((?P<a>[A-ZÆØÅ])\)|(?<![\w(])(?P<b>[ÆØÅ])(?![\w)])")
_WHO_LETTER = re.compile(r"^\(?(?P<l>[A-ZÆØÅ])(?:-\d+)?\)?$|\((?P<m>[A-ZÆØÅ])(?:-?\d+)?\)")


def party_letter(name: str) -> str | None:
    """The letter of a party name or letter ('Enhedslisten' -> 'Ø', 'SF' -> 'F', '(V)' -> 'V')."""
    text = name.strip()
    m = _WHO_LETTER.search(text)
    if m:
        letter = m["l"] or m["m"]
        return letter if letter in PARTIES else None
    return _BY_NAME.get(fold(text))


def party_mentions(question: str) -> list[tuple[int, int, str]]:
    """The parties a question names: (start, end, letter) by name ('Enhedslisten', 'de
    konservative', 'SF'), or by letter in parentheses ('(Ø)') or the letters Æ/Ø/Å alone."""
    folded = fold(question)
    found: list[tuple[int, int, str]] = []
    if len(folded) == len(question):  # folding kept every position: match on the folded text
        for m in _NAME_RE.finditer(folded):
            stem = m[0]
            for suffix in ("erne", "ne", "s"):
                if stem not in _BY_NAME and stem.endswith(suffix) and stem[: -len(suffix)] in _BY_NAME:
                    stem = stem[: -len(suffix)]
            if stem in _BY_NAME and (len(stem) > 2 or question[m.start():m.end()].isupper()):
                found.append((m.start(), m.end(), _BY_NAME[stem]))
    for m in _LETTER_RE.finditer(question):
        letter = m["a"] or m["b"]
        if letter in PARTIES:
            found.append((m.start(), m.end(), letter))
    return sorted(set(found))


def party_names(letter: str) -> str:
    """The names of a party by its letter, for the index ('Ø' -> 'Enhedslisten')."""
    return " ".join(INDEX_NAMES.get(letter, ()))


def vote_parties(parties: list[str]) -> list[str]:
    """The letters of the parties (or members with their party) a vote names."""
    letters = []
    for who in parties:
        letter = party_letter(who)
        if letter and letter not in letters:
            letters.append(letter)
    return letters
