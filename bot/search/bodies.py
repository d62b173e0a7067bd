"""The bodies a question names, by the names members use: "skoleudvalget", "ØU", "byrådet".

A committee's everyday names come from its own name, so any council's committees are
recognised without a list: "Skole-, Børne- og Ungeudvalget" has the parts *skole*, *børne*,
*unge*, and a question naming one or more of them before *udvalg* ("skoleudvalget",
"børne- og ungeudvalget", "skole og børne udvalget"), two or more in a row without it
("plan og tryghed"), or their initials with U ("SBU", "ØU") names it. A few everyday
words stand for a part the name doesn't use (`PART_ALIASES`: *ældre* for *omsorg*). The
council ("Greve Byråd") is "byrådet", "byrådsmødet", "kommunalbestyrelsen". A name that
fits several bodies ("udvalget", "byrådet" with two councils) names them all; one that
fits none is no mention.

A council of a municipality the knowledge base has no minutes from ("Roskilde Byråd",
"Køge Kommunalbestyrelse") is found as such, so the answer can say it lacks those minutes
rather than answer from another council's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.search.municipalities import MUNICIPALITIES
from bot.search.normalize import fold

# Everyday words for a part of a committee's name that the name itself doesn't use.
PART_ALIASES = {
    "aldre": ("omsorg", "sundhed"),
    "idrat": ("fritid",),
    "job": ("beskaftigelse",),
    "born": ("borne",),
    "teknisk": ("teknik",),
    "miljo": ("miljo",),
    "by": ("plan",),
}
_COUNCIL_WORD = r"(?:byr(?:å|aa|a)d(?:et|ets)?|kommunalbestyrelse(?:n|ns)?)"
_COUNCIL_BODY = re.compile(r"(?:[\wæøå-]+\s+)?" + _COUNCIL_WORD, re.IGNORECASE)
# "byrådet", "byrådsmødet", "kommunalbestyrelsen", "kommunalbestyrelsesmødet" (not "byrådsmedlemmer":
# members of councils in general as often as of this one)
_COUNCIL_MENTION = re.compile(
    r"\b(?:byr(?:å|aa|a)d(?:et|ets|smøde\w*|smoede\w*)?|kommunalbestyrelse(?:n|ns|smøde\w*|smoede\w*)?)(?!\w)",
    re.IGNORECASE,
)
# "i/fra/hos" before a body belongs to it ("hvad besluttede man i teknikudvalget").
_LEAD = r"(?:\b(?:i|fra|hos|på)\s+)?"
_WORD = re.compile(r"[\wæøåÆØÅ]+", re.IGNORECASE)
_JOINED_UDVALG = re.compile(r"(?P<prefix>[\wæøå]+?)-?udvalg(?:et|ets|ene|enes|s)?", re.IGNORECASE)
_SPACED_UDVALG = re.compile(r"udvalg(?:et|ets|ene|enes)?", re.IGNORECASE)
_GAP = re.compile(r"\s*-?\s*,?\s*")  # between parts: "plan- og", "skole-, børne-", "social og"


@dataclass(frozen=True)
class BodyMention:
    """Where a question names one or more bodies, and which."""

    start: int
    end: int
    bodies: frozenset[str]
    text: str  # as typed


def is_council(body: str) -> bool:
    """Whether a body is a municipality's council ('Greve Byråd', 'Byrådet', 'Kommunalbestyrelsen')."""
    return bool(_COUNCIL_BODY.fullmatch(body.strip()))


def _stem(part: str) -> str:
    """A part of a committee name as compared: folded, linking s/e off ('sundheds' -> 'sundhed')."""
    part = fold(part)
    for ending in ("s", "e"):
        if len(part) > 4 and part.endswith(ending):
            return part[: -len(ending)]
    return part


def committee_parts(body: str) -> tuple[str, ...]:
    """The parts of a committee's name before 'udvalget', stemmed: 'Skole-, Børne- og
    Ungeudvalget' -> ('skol', 'born', 'ung')); () for a body that is no committee."""
    m = re.fullmatch(r"(.+?)\s*-?\s*udvalg(?:et)?", body.strip(), re.IGNORECASE)
    if not m:
        return ()
    parts = [p for p in re.split(r"\s*,\s*|\s*-\s*|\s+og\s+|\s+", m[1]) if p and p.casefold() != "og"]
    return tuple(_stem(p) for p in parts)


def _part_matches(word: str, part: str) -> bool:
    """Whether a word of the question names a committee part ('skole' ~ 'skol', 'ældre' ~ 'omsorg')."""
    stem = _stem(word)
    if stem == part:
        return True
    short, long_ = sorted((stem, part), key=len)
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2:
        return True  # "tekni" for "teknik", "skoler" for "skole"
    return any(_stem(alias) == part for alias in PART_ALIASES.get(fold(word), ()))


def _initials(parts: tuple[str, ...]) -> set[str]:
    letters = "".join(p[0] for p in parts)
    return {letters + "u"} | ({letters} if len(letters) >= 3 else set())


@dataclass(frozen=True)
class _Committee:
    body: str
    parts: tuple[str, ...]
    initials: frozenset[str]


class BodyNames:
    """The bodies of a knowledge base and how questions name them (built once per base)."""

    def __init__(self, bodies: list[str]) -> None:
        self.bodies = sorted(set(bodies), key=lambda b: (-len(b), b))
        self.councils = frozenset(b for b in self.bodies if is_council(b))
        self.committees = [_Committee(b, p, frozenset(_initials(p)))
                           for b in self.bodies if (p := committee_parts(b))]
        # "KKR" for KKR Hovedstaden: a name's leading acronym names every body it leads.
        self.leading: dict[str, frozenset[str]] = {}
        for b in self.bodies:
            first, _, rest = b.partition(" ")
            if rest and len(first) >= 2 and first.isupper() and first.isalpha():
                self.leading[fold(first)] = self.leading.get(fold(first), frozenset()) | {b}

    def find(self, question: str) -> BodyMention | None:
        """The first body mention of the question (the longest where two start together)."""
        found = self.find_all(question)
        return found[0] if found else None

    def find_all(self, question: str) -> list[BodyMention]:
        """Every body mention in the question, in order, overlapping ones dropped (longest kept)."""
        candidates = self._exact(question) + self._committees(question) + self._councils(question)
        candidates += self._initialisms(question)
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[BodyMention] = []
        for m in candidates:
            if not kept or m.start >= kept[-1].end:
                kept.append(m)
        return kept

    def _exact(self, question: str) -> list[BodyMention]:
        found = []
        for body in self.bodies:
            for m in _name_pattern(body).finditer(question):
                found.append(BodyMention(m.start(), m.end(), frozenset({body}), m["name"]))
        return found

    def _committees(self, question: str) -> list[BodyMention]:
        """'skoleudvalget', 'plan- og tryghedsudvalget', 'social og handicap udvalget'."""
        found = []
        words = list(_WORD.finditer(question))
        for n, w in enumerate(words):
            m = _JOINED_UDVALG.fullmatch(w[0])
            if m:
                names, first = [m["prefix"]], n
            elif n > 0 and _SPACED_UDVALG.fullmatch(w[0]) and not question[words[n - 1].end():w.start()].strip(" -"):
                names, first = [words[n - 1][0]], n - 1  # "handicap udvalget"
            else:
                continue
            positions = [first]
            while first > 0:  # the parts before: "plan- og", "skole-, børne- og"
                before = words[first - 1][0]
                if not _GAP.fullmatch(question[words[first - 1].end():words[first].start()]):
                    break
                first -= 1
                if fold(before) == "og":
                    continue
                if not any(_part_matches(before, part) for c in self.committees for part in c.parts):
                    break
                names.insert(0, before)
                positions.insert(0, first)
            bodies = self._committees_with(names)
            while not bodies and len(names) > 1:  # a word before that names no part of the same committee
                names.pop(0)
                positions.pop(0)
                bodies = self._committees_with(names)
            if bodies:
                begin = words[positions[0]].start()
                found.append(BodyMention(*_with_lead(question, begin, w.end()), bodies, question[begin:w.end()]))
        found += self._part_runs(question, words)
        return found

    def _committees_with(self, names: list[str]) -> frozenset[str]:
        """The committees whose parts include every named part (in their order)."""
        if any(fold(n) in ("", "og") for n in names):
            names = [n for n in names if fold(n) not in ("", "og")]
        return frozenset(c.body for c in self.committees if _in_order(names, c.parts))

    def _part_runs(self, question: str, words: list[re.Match[str]]) -> list[BodyMention]:
        """Two or more of one committee's parts in a row, without 'udvalg' ('plan og tryghed')."""
        found = []
        for c in self.committees:
            if len(c.parts) < 2:
                continue
            for n in range(len(words)):
                if not _part_matches(words[n][0], c.parts[0]):
                    continue
                k, j, last = n, 0, n
                while j < len(c.parts) and k < len(words) and _part_matches(words[k][0], c.parts[j]):
                    last = k
                    j += 1
                    k += 1
                    if k < len(words) and fold(words[k][0]) == "og":
                        k += 1
                if j == len(c.parts):
                    start, end = words[n].start(), words[last].end()
                    found.append(BodyMention(*_with_lead(question, start, end), frozenset({c.body}),
                                             question[start:end]))
        return found

    def _councils(self, question: str) -> list[BodyMention]:
        if not self.councils:
            return []
        return [BodyMention(*_with_lead(question, m.start(), m.end()), self.councils, m[0])
                for m in _COUNCIL_MENTION.finditer(question)]

    def _initialisms(self, question: str) -> list[BodyMention]:
        """'ØU', 'SBU', 'KTMU': a committee's initials (with U), as a word of their own; 'KKR'
        for the bodies whose name it leads."""
        found = []
        for w in _WORD.finditer(question):
            if len(w[0]) < 2 or len(w[0]) > 5 or not w[0].isupper() or not w[0].isalpha():
                continue
            bodies = frozenset(c.body for c in self.committees if fold(w[0]) in c.initials)
            bodies |= self.leading.get(fold(w[0]), frozenset())
            if bodies and question[w.end():w.end() + 1] == "-":  # "på KKR-mødet": "på mødet" is left
                found.append(BodyMention(w.start(), w.end() + 1, bodies, w[0]))
            elif bodies:
                found.append(BodyMention(*_with_lead(question, w.start(), w.end()), bodies, w[0]))
        return found


def _in_order(names: list[str], parts: tuple[str, ...]) -> bool:
    """Whether each name matches a part, the parts in the committee's order."""
    j = 0
    for name in names:
        while j < len(parts) and not _part_matches(name, parts[j]):
            j += 1
        if j == len(parts):
            return False
        j += 1
    return bool(names)


def _with_lead(question: str, start: int, end: int) -> tuple[int, int]:
    """Take 'i', 'fra', 'hos' before a mention with it."""
    lead = re.search(_LEAD + r"$", question[:start], re.IGNORECASE)
    return (lead.start() if lead and lead[0] else start), end


def typed_name(body: str) -> str:
    """A regex for a body's name as typed: æøå or their ASCII spellings, any spaces or hyphens (use re.I)."""
    parts = []
    for ch in body.casefold():
        if ch == "æ":
            parts.append("(?:æ|ae|a)")
        elif ch == "ø":
            parts.append("(?:ø|oe|o)")
        elif ch == "å":
            parts.append("(?:å|aa|a)")
        elif ch.isspace() or ch == "-":
            parts.append(r"[\s-]+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


@lru_cache(maxsize=256)
def _name_pattern(body: str) -> re.Pattern[str]:
    """A body's name as typed: any case, æøå or their ASCII spellings, genitive s."""
    return re.compile(_LEAD + r"(?P<name>\b" + typed_name(body) + r"s?)\b", re.IGNORECASE)


_OTHER_COUNCIL = re.compile(
    r"\b(?P<name>[A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)s?\s+(?P<what>(?i:" + _COUNCIL_WORD + r"))(?!\w)"
)


def other_council(question: str, municipalities: set[str]) -> tuple[int, int, str] | None:
    """A council the question names of a municipality the knowledge base has no minutes
    from: (start, end, 'Roskilde Byråd'), else None. `municipalities`: the base's, folded,
    without 'Kommune' ('greve')."""
    for m in _OTHER_COUNCIL.finditer(question):
        name = m["name"]
        folded = fold(name)
        if folded in MUNICIPALITIES and folded not in municipalities:
            what = "Byråd" if fold(m["what"]).startswith("byr") else "Kommunalbestyrelse"
            return m.start(), m.end(), f"{MUNICIPALITIES[folded]} {what}"
    return None
