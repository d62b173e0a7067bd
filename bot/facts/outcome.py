"""Decision facts read from an item's own verbatim decision: outcome, stage, dissent, follow-up.

Pure functions; the verbatim decision is never changed. How an outcome is chosen:

1. The decision is split into sentences. In a sentence recording dissent ("Enhedslisten
   bad … at få protokolleret", "X (Ø) stemte imod") the dissent clause is set aside, so
   "kunne ikke tiltræde" said by a party does not count as the body's decision. In a
   reported clause ("Y orienterede om, at bestyrelsen havde tiltrådt …") the reported
   part is set aside too, and so are pluperfect verbs ("havde godkendt").
2. Every operative phrase left is found; the one with the highest precedence wins, and
   among equals the first in the text (3.4 "tiltrådte indstillingen …: Indstillingen
   godkendes" is tiltrådt):

   ======  =======================================================================
   rank    phrase -> outcome
   ======  =======================================================================
   0       udpegede/indstillede/valgte <Name>, "<Name> blev udpeget" -> udpeget
   1       godkendte/blev godkendt -> godkendt; tiltrådte/tiltrædes/anbefaler -> tiltrådt;
           blev ikke godkendt/forkastede/afviste -> ikke godkendt
   2       oversendes/videresendes/sendte sagen (tilbage) til -> oversendt
   3       udsat/udsættes/udskudt, taget af dagsordenen -> udsat
   4       til efterretning, taget til orientering, noterede sig -> taget til efterretning
   5       besluttede/vedtog/aftalte -> godkendt
   6       a sentence about handling the case at a later meeting -> udsat
   7       drøftede/drøftet/drøftelse -> drøftet
   ======  =======================================================================

   So the operative verb about the indstilling beats "drøftede" (3.1, 3.6, 3.8), and a
   note that the case returns later does not hide "tog … til efterretning" (3.2). A
   decision with text but none of these is `andet`; an empty one is `ingen beslutning`.
3. A decision made at several stages ("Beslutning i Økonomiudvalget den …:" then
   "Beslutning i Byrådet den …:", as ingest joins them) is judged by its last part: the
   final body's decision. The earlier bodies' recommendations stay in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.decision_text import decision_page_at, split_decisions
from bot.facts.when import date_refs
from bot.model import Dissent, Item, Meeting
from bot.sentences import split_sentences

# A person's name: two or more capitalised words ("Søren Friis Trebbien", "Allan S. Andersen").
_NAME = r"[A-ZÆØÅ][a-zæøåéèüö]+(?:[ -](?:[A-ZÆØÅ][a-zæøåéèüö]+|[A-ZÆØÅ]\.))+"
_NAME_RE = re.compile(_NAME)
# Capitalised word pairs that are organisations or places, not people.
_ORG_WORDS = {
    "kommune", "kommunes", "region", "regions", "hovedstaden", "sjælland", "danmark",
    "danske", "regioner", "udvalg", "udvalget", "byråd", "byrådet", "kommunalbestyrelsen",
    "regionsrådet", "gruppe", "gruppen",
}
_ROLE = (
    r"(?:(?:borgmester|rådmand|byrådsmedlem|kommunalbestyrelsesmedlem|regionsrådsmedlem|"
    r"medlem|formand|næstformand|suppleant|direktør|kommunaldirektør)\s+)?"
)
# "<Name> blev udpeget": counts only when a person is named before it.
_PASSIVE_APPOINTMENT = re.compile(r"(?i:\b(?:blev|bliver|er)\s+(?:hermed\s+)?(?:gen)?(?:udpeget|valgt|indstillet)\b)")

# (rank, outcome, pattern); see the module docstring. Matched case-insensitively except names.
_PATTERNS: list[tuple[int, str, re.Pattern[str]]] = [
    (0, "udpeget", re.compile(
        r"(?i:\b(?:udpeg(?:ede|er|es)|genudpeg(?:ede|er|es)|indstill(?:ede|er|es)|valgte|genvalgte|"
        r"vælger|vælges|peg(?:ede|er)\s+på)\s+(?:som\s+\w+\s+)?" + _ROLE + r")(?P<name>" + _NAME + ")")),
    (0, "udpeget", re.compile(
        r"(?i:\b(?:udpeg\w*|indstill(?:ede|er)|valgte)\s+følgende\b)")),
    (0, "udpeget", _PASSIVE_APPOINTMENT),
    (1, "godkendt", re.compile(
        r"(?i:\b(?:godkend(?:te|t|es|er)|(?:kan|kunne)\s+(?:ikke\s+)?godkende|bevilg(?:ede|et|es))\b)")),
    (1, "tiltrådt", re.compile(
        r"(?i:\b(?:tiltråd(?:te|t)|tiltræd(?:es|er)|(?:kan|kunne)\s+(?:ikke\s+)?tiltræde|"
        r"anbefal(?:er|ede|es)|fulgte\s+indstillingen|indstillingen\s+(?:blev\s+)?fulgt|"
        r"(?:kan|kunne)\s+(?:ikke\s+)?(?:følge|anbefale)\s+indstilling\w*)\b)")),
    (1, "ikke godkendt", re.compile(
        r"(?i:\b(?:forkast(?:ede|et|es)|afvis(?:te|t|es)|nedstemt|nedstemte)\b)")),
    (2, "oversendt", re.compile(
        r"(?i:\b(?:oversend(?:te|t|es|er)|videresend(?:te|t|es|er)|sendes\s+videre|sendt\s+videre|"
        r"(?:sendte|sendes|sender|sendt)\s+(?:(?:sagen|forslaget|punktet)\s+)?(?:tilbage|retur|videre|til))\b)")),
    (3, "udsat", re.compile(r"(?i:\b(?:udsat|udsatte|udsættes|udsætte|udskudt|udskydes|udskyde|udskød)\b|"
                            r"\b(?:taget|trukket)\s+af\s*(?:dagsorden(?:en)?\b|\.|$))")),
    (4, "taget til efterretning", re.compile(
        r"(?i:\btil\s+efterretning(?:en)?\b|\btaget\s+efterretning\b|\btaget\s+til\s+orientering\b|\btog\b[^.;]{0,60}?\btil\s+orientering\b|"
        r"\bnoterede\s+sig\b|\bblev\s+noteret\b)")),
    (5, "godkendt", re.compile(
        r"(?i:\b(?:besluttede|besluttet|besluttes|beslutter|vedtog|vedtaget|vedtages|aftalte|aftalt)\b)")),
    (7, "drøftet", re.compile(
        r"(?i:\b(?:drøftede|drøftet|drøftes|drøftelse\w*|diskuterede|debatterede)\b)")),
]
FOLLOW_UP_RANK = 6
_NEGATED_BEFORE = re.compile(r"(?i:\bikke\s+(?:\w+\s+)?)$")
_NEGATED_AFTER = re.compile(r"(?i:^\s+ikke\b)")
_PLUPERFECT = re.compile(r"(?i:\b(?:havde|var\s+blevet|var)\s+(?:\w+\s+)?)$")
_ADJECTIVE = re.compile(r"(?i:\b(?:den|det|de|en|et|allerede|tidligere)\s+)$")
# "X orienterede om, at …": what follows is reported, not decided.
_REPORTED = re.compile(
    r"(?i:\b(?:orienterede|nævnte|bemærkede|oplyste|fortalte|præsenterede|redegjorde|"
    r"understregede|fremhævede|påpegede|introducerede)\b(?:\s+\w+){0,2}?,?\s+(?:om,?\s+)?at\b)"
)

# Dissent: the match starts at the predicate; the subject is the text before it.
_DISSENT = [re.compile(p) for p in (
    r"(?i:\b(?:bad|ønskede|ønsker|anmodede)\b[^.]{0,80}?protokol)",
    r"(?i:\b(?:fik|får)\s+(?:\w+\s+){0,3}?(?:ført\s+)?(?:til\s+)?protokol)",
    r"(?i:\b(?:afgav|fremsatte|ønskede)\s+(?:\w+\s+){0,3}?"
    r"(?:mindretalsudtalelse|protokolbemærkning|protokoltilførsel))",
    r"(?i:\b(?:(?:kunne|kan)\s+ikke|ikke\s+(?:kunne|kan))\s+(?:\w+\s+)?(?:tiltræde|godkende|støtte|anbefale|"
    r"stemme\s+for|gå\s+ind\s+for|bakke\s+op))",
    r"(?i:\b(?:stemte|stemmer)\s+(?:\w+\s+)?imod\b)",
    r"(?i:\b(?:tog|tager|har\s+taget)\s+(?:et\s+)?(?:\w+\s+)?forbehold\b)",
    r"(?i:\bundlod\s+at\s+stemme\b)",
    r"(?i:\b(?:var|er)\s+imod\b)",
    r"(?i:\b(?:bakker|bakkede)\s+ikke\s+op\b)",
    r"(?i:\bikke\s+(?:\w+\s+)?(?:bakker|bakkede)\s+op\b)",
    r"(?i:\b(?:mindretalsudtalelse|protokolbemærkning|protokoltilførsel)\b)",
)]
# "Imod stemte: Ø og F", "Undlod at stemme 2: V": the parties follow the verb.
_WHO_AFTER = re.compile(r"(?i:^(?:imod\s+stemte|undlod\s+at\s+stemme)\b)\s*(?:\d+\s*)?:?\s*(?P<who>[^.;:\s][^.;]*)")
_FROM_WHO = re.compile(r"(?i:\bfra\s+)(?P<who>[A-ZÆØÅ][^.:;,]*)")
# Where the dissenting clause may start; ", der stemte imod" keeps "der" as its subject.
_CLAUSE_OPENER = re.compile(
    r"(?i:[:;]|\bidet\b|\bmens\b|,\s*at\b|,\s*men\b|,\s*og\b|\bhvorefter\b|,\s*(?=(?:der|som)\b))"
)
_LEADING_WORDS = re.compile(r"(?i:^(?:og|men|dog|samt|desuden|endvidere|herudover)\s+)")
_PRONOUNS = {"der", "som", "han", "hun", "de", "den", "det", "partiet", "gruppen", "medlemmet"}
_PARTY_IN_PARENS = re.compile(r"\(([A-ZÆØÅ]{1,3}(?:\s*(?:,|og)\s*[A-ZÆØÅ]{1,3})*)\)")
_GENERIC_BODY = re.compile(
    r"(?i:^(?:et\s+enigt\s+|det\s+samlede\s+)?(?:kkr\b.*|\w*udvalg(?:et)?|byrådet|kommunalbestyrelsen|"
    r"regionsrådet|borgerrepræsentationen|bestyrelsen|formandskabet)$)"
)

# Stage: a recommendation that another body decides.
_INDSTILLING = re.compile(
    r"(?i:\b(?:indstill(?:ede|er|es)|blev\s+indstillet|anbefal(?:er|ede|es|et))\b|"
    r"\btil\s+(?:endelig\s+)?(?:beslutning|godkendelse|vedtagelse)\s+(?:i|hos)\b|"
    r"\b(?:oversend|videresend)\w*\s+til\s+(?:[\w,\-]+\s+){0,5}?(?:byrådet|kommunalbestyrelsen|regionsrådet|"
    r"borgerrepræsentationen|\w*udvalget)\b)"
)

# Follow-up: a sentence about a later meeting.
_LATER = re.compile(
    r"(?i:\b(?:næste|kommende|senere)\s+(?:\w+-)?møde|\bpå\s+et\s+senere\s+tidspunkt\b|\bgenoptages\b|"
    r"\bvender\s+tilbage\b|\b(?:forelægges|behandles|drøftes)\s+(?:igen|på\s+ny)\b)"
)
_MEETING_WORD = re.compile(r"(?i:\b(?:\w+-)?møde(?:t|rne|r)?\b)")

_FORMAL_TITLE = re.compile(
    r"(?i:^\s*(?:godkendelse|underskrift\w*|underskrivning)\s+af\s+(?:\w+\s+)?"
    r"(?:dagsorden|referat|beslutningsprotokol|protokol)|^\s*(?:dagsorden|referat|protokol)\w*\s*$)"
)
_FORMAL_DECISION = re.compile(
    r"(?i:^\s*(?:dagsordenen|referatet|protokollen|beslutningsprotokollen)\b[^.]*?\bgodkend)"
)


@dataclass
class DecisionFacts:
    """What a decision says, in the vocabulary of bot.model.OUTCOMES and STAGES."""

    outcome: str
    stage: str | None
    formal: bool
    dissent: list[Dissent] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)
    # The sentences that carry the outcome, verbatim (the heart of the decision).
    operative: list[str] = field(default_factory=list)


@dataclass
class _Found:
    rank: int
    outcome: str
    sentence: int
    position: int


def _person_named(text: str) -> bool:
    """True when text names a person (not only an organisation or a place)."""
    for m in _NAME_RE.finditer(text):
        words = {w.casefold().rstrip(".") for w in re.split(r"[ -]", m[0])}
        if not words & _ORG_WORDS:
            return True
    return False


def _is_negated(text: str, start: int, end: int) -> bool:
    return bool(
        re.search(r"(?i:\bikke\b)", text[start:end])
        or _NEGATED_BEFORE.search(text[max(0, start - 30):start])
        or _NEGATED_AFTER.match(text[end:])
    )


def _operative_phrases(part: str, index: int) -> list[_Found]:
    """Every outcome phrase in the decided part of one sentence."""
    found: list[_Found] = []
    for rank, outcome, pattern in _PATTERNS:
        for m in pattern.finditer(part):
            before = part[max(0, m.start() - 30):m.start()]
            if _PLUPERFECT.search(before):
                continue
            if pattern is _PASSIVE_APPOINTMENT and not _person_named(part[:m.start()]):
                continue
            if "name" in pattern.groupindex and not _person_named(m["name"]):
                continue
            if outcome == "godkendt" and rank == 1 and m[0].lower().endswith("te") and _ADJECTIVE.search(before):
                continue
            if outcome in ("godkendt", "tiltrådt") and rank == 1 and _is_negated(part, m.start(), m.end()):
                outcome_here = "ikke godkendt"
            else:
                outcome_here = outcome
            found.append(_Found(rank, outcome_here, index, m.start()))
    return found


def find_dissent(sentence: str, body: str | None = None) -> tuple[Dissent, int] | None:
    """A dissent recorded in one sentence and where its clause starts, or None."""
    who_after = _WHO_AFTER.match(sentence)
    if who_after:
        return Dissent(who=who_after["who"].strip(" ,"), text=sentence), 0
    matches = [m for m in (p.search(sentence) for p in _DISSENT) if m]
    if not matches:
        return None
    m = min(matches, key=lambda x: x.start())
    prefix = sentence[:m.start()]
    openers = list(_CLAUSE_OPENER.finditer(prefix))
    clause_start = openers[-1].end() if openers else 0
    subject = _LEADING_WORDS.sub("", prefix[clause_start:].strip(" ,")).strip(" ,")
    while clause_start < len(sentence) and sentence[clause_start] in " ,":
        clause_start += 1
    who = subject
    if not who or who.casefold() in _PRONOUNS:
        who = _who_elsewhere(sentence, prefix[:clause_start], subject)
    # A party, group or person is named with a capital ("Enhedslisten", "et mindretal (Ø)");
    # "regionen er imod" or "kommunerne bakker ikke op" report others' views, not dissent.
    if not who or _is_body(who, body) or not any(c.isupper() for c in who):
        return None
    return Dissent(who=who, text=sentence), clause_start


def _who_elsewhere(sentence: str, before_clause: str, subject: str) -> str:
    """The party behind a pronoun or a passive: "fra X", "(Ø)", or a relative's antecedent."""
    source = _FROM_WHO.search(sentence)
    if source:
        return source["who"].strip()
    if subject.casefold() in ("der", "som"):
        tail = re.search(r"((?:[A-ZÆØÅ][\w.\-]*|\([^)]*\)|og|,)(?:\s+|$))+$", before_clause.rstrip(" ,") + " ")
        if tail:
            return tail[0].strip(" ,")
    party = _PARTY_IN_PARENS.search(sentence)
    return party[1] if party else subject


def _is_body(who: str, body: str | None) -> bool:
    """True when the 'dissenter' is the deciding body itself (then it is its decision)."""
    if body and who.casefold().startswith(body.casefold()):
        return True
    return bool(_GENERIC_BODY.match(who))


def _after_meeting(sentence: str, meeting_date: str | None) -> bool:
    """True when a date or month named in the sentence lies after the meeting date."""
    since = meeting_date or "0001-01-01"  # without a meeting date, any date counts
    return any(ref.after(since) for ref in date_refs(sentence, since))


def is_follow_up(sentence: str, meeting_date: str | None = None) -> bool:
    """True when a sentence refers to a later meeting ("Sagen behandles på KKR-mødet i februar 2023")."""
    if _LATER.search(sentence):
        return True
    return bool(_MEETING_WORD.search(sentence)) and _after_meeting(sentence, meeting_date)


def is_formal(title: str, decision: str) -> bool:
    """True for approval of the agenda or of the previous referat."""
    return bool(_FORMAL_TITLE.search(title) or _FORMAL_DECISION.search(decision))


def classify_decision(
    decision: str, title: str = "", body: str | None = None, meeting_date: str | None = None
) -> DecisionFacts:
    """All decision facts of one item, from its verbatim decision (and title, for `formal`)."""
    parts = split_decisions(decision)
    if len(parts) > 1:  # several bodies decided in turn: the last one has the final word
        facts = classify_decision(parts[-1][1], title, body, meeting_date)
        facts.formal = is_formal(title, decision)
        return facts
    formal = is_formal(title, decision)
    sentences = split_sentences(decision)
    if not sentences:
        return DecisionFacts(outcome="ingen beslutning", stage=None, formal=formal)
    dissent: list[Dissent] = []
    follow_up: list[str] = []
    found: list[_Found] = []
    decided_parts: list[str] = []
    for index, sentence in enumerate(sentences):
        part = sentence
        hit = find_dissent(sentence, body)
        if hit:
            dissent.append(hit[0])
            part = sentence[:hit[1]]
        reported = _REPORTED.search(part)
        if reported:
            part = part[:reported.start()]
        decided_parts.append(part)
        found.extend(_operative_phrases(part, index))
        if is_follow_up(sentence, meeting_date):
            follow_up.append(sentence)
            found.append(_Found(FOLLOW_UP_RANK, "udsat", index, 0))
    if not found:
        outcome, operative = "andet", []
    else:
        best = min(found, key=lambda f: (f.rank, f.sentence, f.position))
        outcome = best.outcome
        same = sorted({f.sentence for f in found if f.outcome == outcome and f.rank == best.rank})
        operative = [sentences[i] for i in same]
    indstilling = any(_INDSTILLING.search(p) for p in decided_parts)
    return DecisionFacts(
        outcome=outcome,
        stage="indstilling" if indstilling else "endelig",
        formal=formal,
        dissent=dissent,
        follow_up=follow_up,
        operative=operative,
    )


def add_decision_facts(meeting: Meeting) -> None:
    """Set outcome, stage, formal, dissent and follow_up on every item of a meeting."""
    for item in meeting.items:
        facts = classify_decision(item.decision, item.title, meeting.body, meeting.date)
        item.outcome = facts.outcome
        item.stage = facts.stage
        item.formal = facts.formal
        item.dissent = facts.dissent
        item.follow_up = facts.follow_up
        for dissent in item.dissent:
            # The sentence is verbatim from the decision's last part: its last occurrence.
            at = item.decision.rfind(dissent.text)
            dissent.page = decision_page_at(item.decision, item.decision_page, item.decision_page_breaks, max(at, 0))
        _add_vote_dissent(item)


def _add_vote_dissent(item: Item) -> None:
    """Votes against and abstentions (`Imod stemte: Ø`, read at ingest) as dissent, named by their
    parties; a sentence of the decision that records the same vote gives way to it (the vote knows
    who: `(F) med bemærkning om, ”at SF stemmer imod …”` under `Imod stemte:` is F's)."""
    for vote in item.votes:
        if vote.position not in ("imod", "undlod") or not vote.parties:
            continue
        same = [d for d in item.dissent if d.text in vote.text or vote.text in d.text]
        page = next((d.page for d in same if d.page is not None), None)
        item.dissent = [d for d in item.dissent if d not in same]
        item.dissent.append(Dissent(who=", ".join(vote.parties), text=vote.text, page=page))
