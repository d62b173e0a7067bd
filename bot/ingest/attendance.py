"""Attendance and vote lines printed with a decision: recognised, parsed into facts, told apart from the decision.

Pure functions on single lines of text. Councils print, around the decision itself:

- attendance: `Afbud: Brigitte Klintskov Jerkel`, `Afbud fra Tina Rottbøll (A)`,
  `Fraværende: Tina Rottbøll, Per Lund Sørensen`, `Ikke til stede: Anne Marie Lyduch`,
  `Dorthe Bøgh Madsen deltog som stedfortræder.`, `X deltog ikke i behandlingen af punktet`;
- votes: `Imod stemte: Ø`, `For stemte (V), (A), (C), Liselott Blixt (UP-1) og (F).`,
  `Undlod at stemme: F`, `(D) undlod at stemme.`, `Mehmet Zeki Dogru (Ø) stemte imod.`,
  `(F) undlod at tage stilling.`, `(A), (Ø) og (F) stemte imod med bemærkning om, …`.

A vote is read only when the voters are parties or members (a party letter in
parentheses, or a label such as `Imod stemte:`): `Udvalget undlod at tage stilling.` is
the body's own decision and stays one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.model import Vote

# --- attendance -------------------------------------------------------------------

_ABSENT_LABEL = re.compile(
    r"^(?P<label>afbud(?:\s+fra)?|fraværende|fravær|ikke\s+til\s+stede|ikke\s+mødt|forfald|"
    r"deltog\s+ikke(?:\s+i\s+(?:behandlingen|mødet)[^:]*)?|følgende\s+deltog\s+ikke[^:]*|"
    r"inhabil(?:e|itet)?|afbud\s+til\s+mødet)\s*(?::\s*|\s+(?=(?-i:[A-ZÆØÅ(])))(?P<names>.*)$",
    re.IGNORECASE,
)
# "Dorthe Bøgh Madsen deltog som stedfortræder (for Torben Hoffmann)."
_SUBSTITUTE = re.compile(
    r"^(?P<who>[A-ZÆØÅ][^.:;]{2,80}?)\s+(?:deltog|deltager|mødte)\s+som\s+stedfortræder\b(?:\s+for\s+"
    r"(?P<for>[A-ZÆØÅ][^.:;]{2,80}?))?\s*\.?$"
)
# "Charlotte Levin (A) deltog ikke i behandlingen af punktet.", "X forlod mødet", "X var fraværende"
_LEFT = re.compile(
    r"^(?P<who>[A-ZÆØÅ][^.:;]{2,120}?)\s+(?:deltog\s+ikke(?:\s+i\s+(?:behandlingen|mødet|punktet)[^.]*)?|"
    r"forlod\s+(?:mødet|lokalet)[^.]*|var\s+fraværende|var\s+ikke\s+til\s+stede|havde\s+(?:meldt\s+)?afbud|"
    r"blev\s+erklæret\s+inhabil[^.]*)\s*\.?$"
)
# A second label on the same line: "Afbud: Kenneth Jerkel Fraværende: Torben Hoffmann".
_NEXT_LABEL = re.compile(r"\s*\b(?i:afbud(?:\s+fra)?|fraværende|ikke\s+til\s+stede)\s*:\s*")
_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:og|samt)\s+|,|;|\s+og\s+|\s+samt\s+)\s*")
_NOTE = re.compile(r"\s*\((?:stedfortræder|suppleant)[^)]*\)", re.IGNORECASE)
_PERSON = re.compile(r"[A-ZÆØÅ][\w.\-]*(?:\s+[A-ZÆØÅ][\w.\-]*)+")
_PARTY_ONLY = re.compile(r"^\(?[A-ZÆØÅ]{1,3}(?:-?\d)?\)?$")


@dataclass
class Attendance:
    """Who an attendance line says was absent, and the line itself."""

    absent: list[str]
    text: str


def _names(text: str) -> list[str]:
    """`Dorthe Bøgh Madsen, Torben Hoffmann (Stedfortræder: Conni Bergendorff)` -> the two names."""
    text = _NOTE.sub("", text).strip().rstrip(".").strip()
    names = []
    for part in _NAME_SPLIT.split(text):
        part = part.strip(" .")
        if part and any(c.isalpha() for c in part):
            names.append(part)
    return names


def parse_attendance(line: str) -> Attendance | None:
    """The absence an attendance line records, or None when the line is not about attendance."""
    line = line.strip()
    m = _ABSENT_LABEL.match(line)
    if m:
        return Attendance([n for part in _NEXT_LABEL.split(m["names"]) for n in _names(part)], line)
    m = _SUBSTITUTE.match(line)
    if m:
        return Attendance(_names(m["for"]) if m["for"] else [], line)
    m = _LEFT.match(line)
    if m and _looks_like_people(m["who"]):
        return Attendance(_names(m["who"]), line)
    return None


def _looks_like_people(text: str) -> bool:
    """`Charlotte Levin (A)`, `Bjarke Abel og Linda Heegaard`: capitalised names, not `Udvalget`."""
    parts = _names(text)
    return bool(parts) and all(len(p.split()) >= 2 and p[0].isupper() for p in parts)


# --- votes -----------------------------------------------------------------------

# "(V)", "(UP-1)", "(Ø)": a party letter group in parentheses.
_PARTY = r"\((?:[A-ZÆØÅ]{1,3}(?:-?\d)?)\)"
_PARTY_RE = re.compile(r"\(([A-ZÆØÅ]{1,3}(?:-?\d)?)\)")
# What may stand before a vote: "Ad 2, ", "Ad 1-2) ", "2. a. ", "1.-2. ".
_PREFIX = r"(?P<prefix>(?:(?i:ad)\s+[\d.,\s-]+(?:og\s+\d+\s*)?[,:)]?\s*|\d+\.(?:\s*-\s*\d+\.)?\s*(?:[a-z]\.\s*)?)?)"
_VOTE_VERB = (r"imod\s+stemte|for\s+stemte|stemte\s+(?:i\s*mod|for)|stemmer\s+(?:i\s*mod|for)|"
              r"undl(?:od|ader)(?:\s+at\s+(?:stemme|tage\s+stilling))?|t(?:og|ager)\s+forbehold")
# "Imod stemte: Ø", "For stemte (V), (A)", "Undlod at stemme: F", "Undlader: F", "Ad 2, imod stemte: F".
_LABELLED = re.compile(
    r"^" + _PREFIX + r"(?P<verb>(?i:imod\s+stemte|for\s+stemte|stemte\s+imod|stemte\s+for|"
    r"undl(?:od|ader)(?:\s+at\s+(?:stemme|tage\s+stilling))?))\s*(?:\d+\s*)?(?::\s*|\s+(?=\S))(?P<who>.+)$"
)
# "Imod stemte:" alone: the voters follow on the next lines.
_LABEL_ALONE = re.compile(
    r"^" + _PREFIX + r"(?P<verb>(?i:imod\s+stemte|for\s+stemte|undlod\s+at\s+stemme|undlader))\s*:?$"
)
# "(D) undlod at stemme.", "Mehmet Zeki Dogru (Ø) stemte imod.", "(A), (Ø) og (F) stemte imod med …",
# "V, D og Liselott Blixt (UP) stemmer imod", "F undlod at stemme.", "Bjarke Abel (A), stemte imod punkt 2."
_WHO = r"(?:[A-ZÆØÅ][\w.\-]*(?:\s+[A-ZÆØÅ][\w.\-]*)*\s+)?" + _PARTY + r"|[A-ZÆØÅ]{1,3}(?:-?\d)?"
_SUBJECT = re.compile(
    r"^" + _PREFIX + r"(?P<who>(?:" + _WHO + r")(?:\s*(?:,|og)\s*(?:" + _WHO + r"))*),?\s+"
    r"(?P<verb>(?i:" + _VOTE_VERB + r"))\b(?P<rest>.*)$"
)
# A line that names voters first, under a lone label: "(F) med bemærkning om, …", "A, med bemærkning …",
# "Anne Marie Lyduch (V)".
_VOTER_LINE = re.compile(r"^(?P<who>(?:" + _WHO + r")(?:\s*(?:,|og)\s*(?:" + _WHO + r"))*)(?:[,.]?\s+|[,.]?$)")
# A remark or a reason: the line then carries content of the decision, not only a tally.
_REMARK = re.compile(
    r"(?i:\bmed\s+(?:bemærkning|begrundelse|følgende|et\s+ønske|ønske)|\bidet\b|\bda\b|\bfordi\b|\bhvis\b|"
    r"[”“\"]|:\s*\w+\s+\w+\s+\w+)"
)


def _position(verb: str) -> str:
    verb = verb.casefold()
    if "mod" in verb:
        return "imod"
    if "undl" in verb or "forbehold" in verb:
        return "undlod"
    return "for"


def _parties(who: str) -> list[str]:
    """Party letters and named members, as printed: `(V), (A), Liselott Blixt (UP-1) og (F)` ->
    ['V', 'A', 'Liselott Blixt (UP-1)', 'F']; `Ø og F` -> ['Ø', 'F']."""
    out: list[str] = []
    for part in _NAME_SPLIT.split(who.strip().rstrip(".").strip()):
        part = part.strip(" .")
        if not part:
            continue
        party = _PARTY_RE.fullmatch(part)
        if party:
            out.append(party[1])
        elif _PARTY_ONLY.match(part):
            out.append(part.strip("()"))
        elif (_PARTY_RE.search(part) and part[0].isupper()) or _PERSON.fullmatch(part):
            # a member with a party, "Liselott Blixt (UP-1)"; by name, "Liselott Blixt", "Det Konservative Folkeparti"
            out.append(part)
    return out


def _voters(text: str) -> str:
    """The part of a labelled vote that names the voters: `(Ø) med bemærkning om, …` -> `(Ø)`."""
    end = len(text)
    for pattern in (r"\.\s", r"\bmed\b", r"\bda\b", r"\bidet\b", r"\bfordi\b", r"\bfor\s+så\s+vidt\b",
                    r"\bpunkt", r"\bpkt\b", r"\bindstilling", r"\btil\b"):
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            end = min(end, m.start())
    return text[:end]


def parse_vote(line: str) -> Vote | None:
    """The vote a line records (`Imod stemte: Ø` -> Vote('imod', ['Ø'])), or None."""
    line = line.strip()
    m = _LABELLED.match(line)
    if m:
        parties = _parties(_voters(m["who"]))
        return Vote(_position(m["verb"]), parties, line) if parties else None
    m = _SUBJECT.match(line)
    if m:
        parties = _parties(m["who"])
        return Vote(_position(m["verb"]), parties, line) if parties else None
    return None


def vote_label(line: str) -> str | None:
    """The position of a lone vote label (`Imod stemte:` -> 'imod'), whose voters follow on the next lines."""
    m = _LABEL_ALONE.match(line.strip())
    return _position(m["verb"]) if m else None


def voters_opening(line: str) -> list[str]:
    """The voters a line under a lone label opens with (`(F) med bemærkning om, …` -> ['F']); [] if none."""
    m = _VOTER_LINE.match(line.strip())
    return _parties(m["who"]) if m else []


def has_remark(line: str) -> bool:
    """True when a vote line carries a remark or a reason (it then belongs to the decision's text)."""
    return bool(_REMARK.search(line))


# --- a decision's lines ------------------------------------------------------------

_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ(])")


@dataclass
class Separated:
    """A decision's lines told apart: what stays the decision, and the votes and absences it records."""

    kept: list[list[str]]  # per paragraph, the lines that stay in the decision (a paragraph may be left empty)
    votes: list[Vote] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _classify(lines: list[str]) -> tuple[list[str], list[Vote], list[str]]:
    """One class per line (A attendance, V a tally vote, R a vote with a remark, D decision), votes, absent."""
    classes: list[str] = []
    votes: list[Vote] = []
    absent: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        attendance = parse_attendance(line)
        position = None if attendance else vote_label(line)
        if attendance:
            classes.append("A")
            absent.extend(attendance.absent)
        elif position:  # "Imod stemte:" and the voters on the lines below it
            parties: list[str] = []
            texts = [line]
            classes.append("V")
            while i + 1 < len(lines) and (opening := voters_opening(lines[i + 1])) \
                    and not parse_attendance(lines[i + 1]) and not parse_vote(lines[i + 1]):
                i += 1
                parties.extend(opening)
                texts.append(lines[i])
                classes.append("R" if has_remark(lines[i]) else "V")
            if parties:
                votes.append(Vote(position, parties, "\n".join(texts)))
            else:
                classes[-1] = "D"
        elif vote := parse_vote(line):
            classes.append("R" if has_remark(line) else "V")
            votes.append(vote)
        else:
            classes.append("D")
            # A vote in a sentence of its own inside the paragraph: a fact, and it stays in the text.
            votes.extend(v for s in _SENTENCE_START.split(line)[1:] if (v := parse_vote(s)))
        i += 1
    return classes, votes, absent


def separate(paragraphs: list[list[str]]) -> Separated:
    """Split attendance and trailing tally lines from a decision's paragraphs (each a list of lines).

    Attendance lines (`Afbud: …`) leave the decision wherever they stand; vote lines leave it
    only at its end (`Godkendt.` / `Imod stemte: Ø` / `Afbud: X`), and only tallies: a vote
    with a remark or a reason (`Imod stemte (Ø) med bemærkning om, …`) is part of the record,
    and a vote between two decisions (`Med stemmerne 1 for og 20 imod afviste …` / `For stemte
    (Ø).` / `Med stemmerne 20 for …`) says which decision it was. Every vote and absence is a fact.
    """
    flat = [(p, line) for p, lines in enumerate(paragraphs) for line in lines]
    classes, votes, absent = _classify([line for _, line in flat])
    keep = [c != "A" for c in classes]
    for i in range(len(flat) - 1, -1, -1):  # the tallies that close the decision
        if classes[i] == "A":
            continue
        if classes[i] != "V":
            break
        keep[i] = False
    kept: list[list[str]] = [[] for _ in paragraphs]
    for (p, line), k in zip(flat, keep, strict=True):
        if k:
            kept[p].append(line)
    return Separated(kept, votes, absent)
