"""What a question pins down, which an answer must contain: years, numbers, names and places,
parties, municipalities.

"Hvor mange SOSU-lærepladser skal fordeles i 2027?" is not answered by the 2023 item, however
close its words: *2027* is a constraint, not just one word among others. `question_constraints`
finds them in the (scoped) question; `unmet` says which an item lacks, for "intet om »2027«":

- a year (`2027`, `2027-30`): in the item's text, or the year of its meeting;
- a number of two digits or more (`7,56`, `14`): in the item's text;
- a name or place, written with a capital inside the sentence (`Risskov`, `Greve Centervej`,
  `Sisse Marie Welling`), or in capitals (`IKEA`, `SFO`): every word of it in the item, as
  the search found it (a typo'd name counts where its typo match stands);
- a party (`Enhedslisten`, `SF`, `de konservative`, `(Ø)`): among the item's recorded votes
  or dissent, and for a question about voting against ("stemte imod", "undlod") among those
  who did, when the item records votes; else named in its text;
- a municipality (`Hvidovre Kommune`, `Køge`): the item's meeting's, or named in its text;
- what the question asks for, where an answer must hold one: an amount ("Hvor mange penge …",
  "Hvad koster …", "Hvor meget fik …"): a sum of money in the item ("2,5 mio. kr.", "kr. 300");
  municipalities ("Hvilke kommuner …"): one of the 98 named in the item. An item that only
  says that the money was set aside, or that each project has a lead municipality, is the
  nearest, not the answer.

Bodies and dates are scope (bot/search/scope.py): the question's meetings are searched, and
when none of them answers, the nearest item elsewhere lacks them too (`scope_constraint`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.model import Item, Meeting
from bot.search.index import Index, item_texts
from bot.search.municipalities import MUNICIPALITIES, municipality_key
from bot.search.normalize import TEXT_BREAK, adjacent_pairs, is_question_word, is_stop, term_key
from bot.search.parties import INDEX_NAMES, party_letter, party_mentions, vote_parties
from bot.search.query import Query

YEAR, NUMBER, NAME, PARTY, MUNICIPALITY, SCOPE = "år", "tal", "navn", "parti", "kommune", "møde"
ASKED = "spurgt om"  # what the question asks for: an amount, municipalities

_YEAR_RANGE = re.compile(r"(?<![\w.,])(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)?\d{2})(?![\d.,])")
_YEAR = re.compile(r"(?<![\w.,])(?P<y>(?:19|20)\d{2})(?![\d.,]\d)")
_NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*\d(?![\w])|(?<![\w.,])\d{2,}(?![\w])")
_NUMBERED = re.compile(r"(?<![\w.,])(?P<word>[^\W\d_]{3,})\s+(?:nr\.\s*)?(?P<n>\d)(?![\w,]|\.\d|\.\s+[^\W\d_])")
_ORDINAL = re.compile(r"(?<![\w.,])(?P<n>\d{1,2})\.\s+(?P<word>[^\W\d_]{4,})")
# Words a number measures rather than names ("3 mio.", "kl. 4", "4 uger").
_UNITS = frozenset("kl klokken mio mia kr pct procent uger dage timer år måneder gange".split())
_TOKEN = re.compile(r"[\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*")
_SENTENCE_END = re.compile(r"[.?!:]\s*$")
# A question asking for a sum of money, and a sum of money in a text.
_MONEY_WORDS = r"(?:penge|kroner|kr|millioner|mio|milliarder|mia)"
_ASKS_AMOUNT = re.compile(
    rf"(?i)\bhvor\s+mange\s+{_MONEY_WORDS}\b"
    r"|\b(?:hvad|hvor\s+meget)\b[^?.!]*\bkost(?:e|er|ede|et)\b"
    # not "støtte": "Hvor meget støtte er der til forslaget?" asks about backing
    r"|\bhvor\s+meget\b[^?.!]*\b(?:penge|betal\w*|bevilg\w*|tilskud\w*)\b"
    r"|\b(?:hvilket|hvor\s+stort\s+(?:et\s+)?)beløb\b"
)
_AMOUNT = re.compile(
    r"(?i)\d\s*(?:kr\b|kr\.|kroner|mio\b|mio\.|mill|mia\b|mia\.|milliard|t\.\s*kr|tkr|dkk)"
    r"|\bkr\.?\s*\d|\bkroner\b"
)
_ASKS_MUNICIPALITIES = re.compile(r"(?i)\bhvilke\s+(?:\w+\s+)?kommuner\b")
_A_MUNICIPALITY = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted({re.escape(n) for n in MUNICIPALITIES.values()}, key=len, reverse=True))
    + r")s?(?![\w-])"
)
_AGAINST = re.compile(r"\b(?:imod|undlod|undlader|uenig\w*|forbehold\w*|protokol\w*|nej)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Constraint:
    """One thing the question pins down: its kind, as written, and how an item has it."""

    kind: str
    text: str
    # Index keys that must all stand in the item (names, numbers), any one of the sets.
    keys: tuple[tuple[str, ...], ...] = ()
    year: str | None = None   # a year the meeting's own year also satisfies
    party: str | None = None  # a party letter
    place: str | None = None  # a municipality, folded ('hvidovre')
    # A pattern the item's text must hold (a year range, "budgetopfølgning 4", "2. behandling").
    pattern: re.Pattern[str] | None = None
    # Keys of a name's neighbouring words ("Greve Strand"), side by side in the text.
    pairs: tuple[tuple[str, str], ...] = ()


def question_constraints(text: str, query: Query | None = None) -> list[Constraint]:
    """The constraints of a (scoped) question, in the order they stand; each span of the
    question is read once, in this order: years, numbers, parties, municipalities, names."""
    found: list[tuple[int, Constraint]] = []
    taken: list[tuple[int, int]] = []
    for finder in (_asked, _years, _numbers, _parties, _places, _name_constraints):
        for start, end, constraint in finder(text):
            if all(end <= a or start >= b for a, b in taken):
                found.append((start, constraint))
                taken.append((start, end))
    return [c for _, c in sorted(found, key=lambda p: p[0])]


Found = list[tuple[int, int, Constraint]]


def _years(text: str) -> Found:
    """'2027', and ranges '2027-30' / '2024/2025' (as the text writes them: '2027-2030' too)."""
    out: Found = []
    for m in _YEAR_RANGE.finditer(text):
        a, b = m["a"], m["b"]
        short = b[-2:]
        pattern = re.compile(rf"(?<![\w.,]){a}\s*[-–/]\s*(?:{a[:2]})?{short}(?![\w,]|\.\d)")
        out.append((m.start(), m.end(), Constraint(YEAR, m[0], ((a,),), pattern=pattern)))
    for m in _YEAR.finditer(text):
        out.append((m.start(), m.end(), Constraint(YEAR, m["y"], ((m["y"],),), year=m["y"])))
    return out


def _numbers(text: str) -> Found:
    """Numbers of two digits or more; a single digit only where it numbers something, as the
    text must write it too: "budgetopfølgning 4", "hal 3", "2. behandling"."""
    out: Found = []
    for m in _ORDINAL.finditer(text):
        pattern = re.compile(rf"(?i)(?<![\w.,]){m['n']}\.\s*{re.escape(m['word'])}")
        out.append((m.start(), m.end(), Constraint(NUMBER, m[0], pattern=pattern)))
    for m in _NUMBERED.finditer(text):
        word, number = m["word"], m["n"]
        if is_stop(word.casefold()) or is_question_word(word.casefold()) or word.casefold() in _UNITS:
            continue
        pattern = re.compile(rf"(?i)(?<!\w){re.escape(word)}\w{{0,3}}\s+(?:nr\.\s*)?{number}(?![\d,]|\.\d)")
        out.append((m.start(), m.end(), Constraint(NUMBER, m[0], pattern=pattern)))
    for m in _NUMBER.finditer(text):
        key = term_key(m[0].rstrip(".,"))
        if key:
            out.append((m.start(), m.end(), Constraint(NUMBER, m[0].rstrip(".,"), ((key,),))))
    return out


def _asked(text: str) -> Found:
    """What the question asks for that an answer must hold: an amount, municipalities (shown
    as "beløb", "kommuner": "intet om »beløb«")."""
    out: Found = []
    for shown, asks, holds in (("beløb", _ASKS_AMOUNT, _AMOUNT), ("kommuner", _ASKS_MUNICIPALITIES, _A_MUNICIPALITY)):
        m = asks.search(text)
        if m:
            # Only the asking words are the constraint's span: a name or year after them is read too.
            span = re.match(r"\w+\s+\w+", m[0])
            end = m.start() + (span.end() if span else len(m[0]))
            out.append((m.start(), end, Constraint(ASKED, shown, pattern=holds)))
    return out


def _parties(text: str) -> Found:
    return [(start, end, Constraint(PARTY, text[start:end], party=letter))
            for start, end, letter in party_mentions(text)]


def _places(text: str) -> Found:
    return [(start, end, Constraint(MUNICIPALITY, text[start:end], place=place))
            for start, end, place in _municipalities(text)]


def _name_constraints(text: str) -> Found:
    out: Found = []
    for start, end, words in _names(text):
        parts = [[k for p in w.split("-") if (k := term_key(p.casefold()))] for w in words]
        keys = tuple(k for part in parts for k in part)
        pairs = tuple((a[-1], b[0]) for a, b in zip(parts, parts[1:], strict=False) if a and b)
        if keys:
            out.append((start, end, Constraint(NAME, text[start:end], (keys,), pairs=pairs)))
    return out


def _municipalities(text: str) -> list[tuple[int, int, str]]:
    """'Hvidovre Kommune', 'Køge', 'Københavns Kommune': (start, end, folded name)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m[0]
        if not word[:1].isupper():
            continue
        key = municipality_key(word)
        if key is None:
            continue
        end = m.end()
        rest = re.match(r"\s+[Kk]ommunes?\b", text[end:])
        if rest:
            end += rest.end()
        elif re.match(r"\s+[A-ZÆØÅ]", text[end:]):
            continue  # part of a longer name: "Greve Centervej", "Roskilde Festival"
        out.append((m.start(), end, key))
    return out


def _names(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words inside a sentence, or words in capitals: (start, end, words)."""
    runs: list[tuple[int, int, list[str]]] = []
    current: list[re.Match[str]] = []
    previous_end = 0

    def close() -> None:
        if current:
            runs.append((current[0].start(), current[-1].end(), [m[0] for m in current]))
            current.clear()

    tokens = list(_TOKEN.finditer(text))
    for n, m in enumerate(tokens):
        word = m[0]
        first = not text[:m.start()].strip() or bool(_SENTENCE_END.search(text[:m.start()]))
        lowered = word.casefold()
        named = _capital(word) and not is_stop(lowered) and not is_question_word(lowered)
        if named and first and not _shouting(word):
            # A sentence's first word is a name only as the start of one ("Københavns
            # Professionshøjskole"): the next word, right after it, has a capital too.
            after = tokens[n + 1] if n + 1 < len(tokens) else None
            named = bool(after and not text[m.end():after.start()].strip() and _capital(after[0]))
        if named:
            if current and text[previous_end:m.start()].strip():
                close()
            current.append(m)
        else:
            close()
        previous_end = m.end()
    close()
    return runs


def _capital(word: str) -> bool:
    return word[:1].isupper() and not word.isdigit()


def _shouting(word: str) -> bool:
    return len(word) >= 2 and word.replace("-", "").isalpha() and word.isupper()


def unmet(constraints: list[Constraint], index: Index, doc: int, query: Query | None = None) -> list[Constraint]:
    """The constraints an item does not meet."""
    if not constraints:
        return []
    meeting, item = index.docs[doc]
    against = bool(query is not None and query.dissent and _AGAINST.search(query.text))
    return [c for c in constraints if not _meets(c, index, doc, meeting, item, against)]


def _meets(c: Constraint, index: Index, doc: int, meeting: Meeting, item: Item, against: bool) -> bool:
    if c.year is not None and meeting.date.startswith(c.year):
        return True
    if c.keys and not any(all(_has(index, k, doc) for k in keys) for keys in c.keys):
        return False
    if c.pattern is not None:
        return any(c.pattern.search(text) for _, text in item_texts(item))
    if c.pairs:
        return _side_by_side(index, item, c.pairs)
    if c.keys:
        return True
    if c.party is not None:
        voted = _dissenters(item) if against else _voters(item)
        if c.party in voted:
            return True
        if against and item.votes:
            return False  # the votes are recorded, and this party is not among those against
        return any(all(_has(index, k, doc) for k in keys) for keys in _party_keys(c.party))
    if c.place is not None:
        if municipality_key(meeting.municipality) == c.place:
            return True
        key = term_key(MUNICIPALITIES[c.place].casefold().split("-")[0])
        return key is not None and _has(index, key, doc)
    return True


def _side_by_side(index: Index, item: Item, pairs: tuple[tuple[str, str], ...]) -> bool:
    """Whether a name's words stand side by side in the item ("Greve Strand", not "Greve … strand")."""
    spellings = {k: index.surface[index.vocab[k]] for pair in pairs for k in pair if k in index.vocab}
    text = TEXT_BREAK.join(text for _, text in item_texts(item))
    return len(adjacent_pairs(text, list(pairs), spellings)) == len(set(pairs))


def _voters(item: Item) -> set[str]:
    letters = set(_dissenters(item))
    for vote in item.votes:
        letters.update(vote_parties(vote.parties))
    return letters


def _dissenters(item: Item) -> set[str]:
    letters = {letter for d in item.dissent for part in re.split(r",\s*|\s+og\s+", d.who)
               if (letter := party_letter(part))}
    for vote in item.votes:
        if vote.position in ("imod", "undlod"):
            letters.update(vote_parties(vote.parties))
    return letters


def _party_keys(letter: str) -> list[tuple[str, ...]]:
    """Each name of a party as the index keys that must stand together ('Dansk Folkeparti' -> (dansk, folkeparti))."""
    out = []
    for name in INDEX_NAMES.get(letter, ()):
        keys = tuple(k for w in name.casefold().split() if (k := term_key(w)))
        if keys:
            out.append(keys)
    return out


def _has(index: Index, key: str, doc: int) -> bool:
    tid = index.vocab.get(key)
    if tid is None:
        return False
    docs = index.items_of(tid)
    at = int(np.searchsorted(docs, doc))
    return at < len(docs) and int(docs[at]) == doc


def describe(constraints: list[Constraint]) -> list[str]:
    """The constraints as shown: ['2027', 'Risskov']."""
    return [c.text for c in constraints]
