"""Appointments (udpegninger) extracted from an item's verbatim text at ingest.

Pure functions: `extract_appointments(item, meeting)` reads the item's decision, its
sections and its title and returns the people appointed, nominated or elected, as
printed in the minutes. Precision comes first: a clause only yields appointments when
an appointing word (udpegede, indstillede, valgte, genudpegede, valg af, …) is directly
followed (or, in the passive, preceded) by a list of person names in the usual forms
`Navn (Parti), X Kommune [som formand]`. Anything that does not parse as such a list
yields nothing; nothing is guessed.

- Decisions whose subject is the meeting's own body (or KKR, or no subject) are
  "besluttet"; appointments made by others (Regionsrådet, an udvalg) or only reported
  ("X orienterede om … valg af Y som formand") are "omtalt".
- Sections (Baggrund, Sagsfremstilling, …) only ever give "omtalt" appointments, and
  only in the past tense; the Indstilling is a proposal and is used only when the
  decision approves it as it stands ("KKR Hovedstaden godkendte indstillingen").
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from bot.decision_text import decision_page_at
from bot.model import Appointment, Item, Meeting, page_at

log = logging.getLogger(__name__)

DECIDED = "besluttet"
REPORTED = "omtalt"

# --- vocabulary ---------------------------------------------------------------

# Role words as printed (singular and plural) -> the role stored.
ROLES = {
    "formand": "formand", "formænd": "formand", "forperson": "formand",
    "næstformand": "næstformand", "næstformænd": "næstformand", "næstforperson": "næstformand",
    "medlem": "medlem", "medlemmer": "medlem", "menigt medlem": "medlem",
    "suppleant": "suppleant", "suppleanter": "suppleant", "personlig suppleant": "suppleant",
    "personlige suppleanter": "suppleant",
    "stedfortræder": "stedfortræder", "stedfortrædere": "stedfortræder",
    "observatør": "observatør", "observatører": "observatør",
    "bestyrelsesformand": "bestyrelsesformand", "bestyrelsesmedlem": "bestyrelsesmedlem",
    "bestyrelsesmedlemmer": "bestyrelsesmedlem",
}
_PLURAL_ROLES = {
    "formænd", "næstformænd", "medlemmer", "suppleanter", "personlige suppleanter",
    "stedfortrædere", "observatører", "bestyrelsesmedlemmer",
}
_ROLE = "(?:" + "|".join(sorted((re.escape(r).replace(r"\ ", r"\s+") for r in ROLES), key=len, reverse=True)) + ")"

# Party as printed in parentheses: a list letter or two, or a party's name.
_PARTY_NAMES = (
    "Socialdemokratiet", "Socialdemokraterne", "Radikale Venstre", "Det Radikale Venstre",
    "Det Konservative Folkeparti", "Konservative", "SF", "Socialistisk Folkeparti",
    "Venstre", "Enhedslisten", "Dansk Folkeparti", "Liberal Alliance", "Alternativet",
    "Nye Borgerlige", "Moderaterne", "Danmarksdemokraterne", "Kristendemokraterne",
)
_NOT_PARTIES = {"KL", "KKR", "SSU", "RAR", "DEB", "VUB", "EU", "DK"}
_PARTY = r"\(\s*(?P<party>[A-ZÆØÅ]{1,3}|" + "|".join(p.replace(" ", r"\s+") for p in _PARTY_NAMES) + r")\s*\)"

_NAME_WORD = r"(?:[A-ZÆØÅ][a-zæøåäöüéèáíóA-ZÆØÅ']*[a-zæøåäöüéèáíó'](?:-[A-ZÆØÅ][a-zæøåäöüéèáíó']+)*|[A-ZÆØÅ]\.)"
# A word that starts a municipality ("Hvidovre Kommune") is not part of the name before it.
_NOT_BEFORE_KOMMUNE = r"(?!\s+(?:[Kk]ommune|Regionskommune)\b)"
_NAME = (
    rf"{_NAME_WORD}{_NOT_BEFORE_KOMMUNE}"
    rf"(?:\s+(?:(?:von|van|de|du|la|le)\s+)?{_NAME_WORD}{_NOT_BEFORE_KOMMUNE}){{1,5}}"
)
# Titles printed before a name: "borgmester", "regionsrådsformand", "sundheds- og omsorgsborgmester".
_TITLE = (
    r"(?i:(?:[a-zæøå]+-\s+og\s+)?[a-zæøå]*(?:borgmester|formand|medlem|rådmand|direktør|chef)\s+)"
)
_MUNICIPALITY = (
    r"\s*,?\s*(?:fra\s+)?(?P<muni>(?:[A-ZÆØÅ][a-zæøåA-ZÆØÅ]*(?:-[A-ZÆØÅ][a-zæøå]+)*\s+(?:[Kk]ommune|Regionskommune))"
    r"|Region\s+(?:Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland))\b"
)

# Capitalised words that are never part of a person's name.
_NOT_NAME_WORDS = {
    "kommune", "kommunen", "kommunes", "region", "regionen", "regionens", "regions", "regionsrådet",
    "kkr", "kl", "hovedstaden", "hovedstadens", "danmark", "danmarks", "som", "det", "den", "de",
    "der", "og", "til", "for", "i", "med", "af", "alle", "to", "tre", "fire", "fem", "følgende",
    "formand", "næstformand", "medlem", "medlemmer", "suppleant", "suppleanter", "bestyrelsen",
    "udvalget", "styregruppen", "rådet", "indstillingen", "beslutning", "sagen", "punktet",
    "erhvervshus", "copenhagen", "movia", "gate",
}
_ORG_ENDINGS = ("udvalg", "udvalget", "bestyrelse", "bestyrelsen", "forum", "styregruppe", "styregruppen",
                "gruppen", "selskab", "selskabet", "fonden", "rådet", "kommune", "regionen", "sekretariat")

# Appointing words. Past forms are facts; present/infinitive forms are proposals or
# descriptions ("der udpeges af KKR") and count only in a decision or an approved Indstilling.
_PAST = (
    r"(?:gen)?(?:udpegede|udpegedes|udpeget|valgte|valgtes|valgt|indstillede|indstilledes|indstillet"
    r"|nominerede|nomineret|konstituerede\s+sig\s+med)"
)
_PRESENT = (
    r"(?:gen)?(?:udpeger|udpeges|udpege|vælger|vælges|vælge|indstiller|indstilles|indstille"
    r"|nominerer|nomineres|nominere)"
)
_NOUN = r"(?:gen)?(?:valg|udpegning|udpegelse|nominering)\s+af"
_TRIGGER_PAST = re.compile(rf"(?<![\w-])(?P<verb>{_PAST}|{_NOUN})(?![\w-])", re.IGNORECASE)
_TRIGGER_ANY = re.compile(rf"(?<![\w-])(?P<verb>{_PAST}|{_PRESENT}|{_NOUN})(?![\w-])", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"(?:\bblev|\ber\s+blevet|\bbliver|\ber)\s*$", re.IGNORECASE)

# Stored verb for noun forms and for an approved Indstilling's present tense.
_VERB_FORMS = {
    "valg": "valgt", "genvalg": "genvalgt", "udpegning": "udpeget", "genudpegning": "genudpeget",
    "udpegelse": "udpeget", "nominering": "nomineret",
    "udpeger": "udpegede", "genudpeger": "genudpegede", "vælger": "valgte", "genvælger": "genvalgte",
    "indstiller": "indstillede", "nominerer": "nominerede", "udpeges": "udpeget", "genudpeges": "genudpeget",
    "vælges": "valgt", "genvælges": "genvalgt", "indstilles": "indstillet", "nomineres": "nomineret",
}
# "besluttede at udpege X": the decision did it.
_INFINITIVES = {"udpege": "udpegede", "genudpege": "genudpegede", "vælge": "valgte", "genvælge": "genvalgte",
                "indstille": "indstillede", "nominere": "nominerede"}

# A sentence with these words before the appointing word is not a fact (yet): a
# proposal, a future or conditional appointment, a postponement.
_NOT_A_FACT = re.compile(
    r"\b(?:skal|vil|kan|kunne|bør|skulle|ville|forventes|foreslår|foreslås|foreslog|ønsker|bedes|"
    r"afventer|udsatte|udsættes|udsat|næste|kommende|indstilles|anmodes|opfordres)\b",
    re.IGNORECASE,
)
# The decision only reports what others did.
_REPORTING = re.compile(
    r"\b(?:orienter\w*|efterretning|nævnte|oplyste|fortalte|informerede|refererede)\b", re.IGNORECASE
)
_APPROVES = re.compile(
    r"\b(?:godkendte|godkendt|godkendes|tiltrådte|tiltrådt|tiltrædes|fulgte)\b[^.]*\bindstilling(?:en)?\b"
    r"|\bindstillingen\s+(?:blev\s+)?(?:godkendt|tiltrådt|godkendes|tiltrædes)\b"
    r"|^\s*(?:godkendt|tiltrådt)\.?\s*$",
    re.IGNORECASE,
)
_AMENDED = re.compile(r"\b(?:ændring|ændret|i stedet|dog|bortset|undtagen|justering|tilføjelse)\b", re.IGNORECASE)

# Generic back-references to a body named elsewhere ("til udvalget").
_GENERIC_BODY = re.compile(
    r"^(?:(?:et|en|det|den|de|nyt|ny|nye|dette|denne)\s+)*"
    r"(?:udvalget|udvalg|opgaveudvalget|opgaveudvalg|bestyrelsen|bestyrelse|styregruppen|styregruppe|"
    r"rådet|gruppen|arbejdsgruppen|forummet|forum|organet|selskabet|repræsentantskabet)$",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_REGION_TYPO = re.compile(r"\bRegions\s+(?=(?:Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland)s?\b)")

# Where a body's name ends (outside quotes).
_BODY_END = re.compile(
    r"\.(?:\s|$)|;|:|\s+som\s|,\s|\s+[–-]\s"
    r"|\s+(?:for|i)\s+(?:perioden|en\s+periode|valgperioden|resten|\d)"
    r"|\s+(?:fra|pr\.|med\s+virkning|frem\s+til|indtil|efter|med)\s"
    r"|\s+og\s+(?:gen)?(?:udpeg|valg|vælg|indstill)"
    r"|\s+(?:gen)?(?:udpegede|valgte|indstillede|udpeges|vælges)\b",
    re.IGNORECASE,
)
_APPOINTING_NOUN = re.compile(r"\b(?:gen)?(?:udpegning|udpegninger|valg|nominering|udpegelse)\b", re.IGNORECASE)
_TITLE_BODY = re.compile(
    r"\b(?:gen)?(?:udpegning(?:er)?|valg|indstilling|nominering|udpegelse)\b.*?\s(?:til|i|for)\s+(?P<body>.+)$",
    re.IGNORECASE,
)
_TITLE_BODY_FIRST = re.compile(
    r"^(?P<body>.+?)\s*[-–:]\s*(?:gen)?(?:udpegning(?:er)?|valg|nominering)\b", re.IGNORECASE
)
_TITLE_ROLE = re.compile(
    rf"\b(?:udpegning|valg|nominering|genudpegning|genvalg)\s+af\s+(?:(?:en|et|ny|nyt|nye|to|tre|\d+)\s+)?"
    rf"(?P<role>{_ROLE})\s+(?:til|i|for)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = {"bl.a", "f.eks", "jf", "mv", "pga", "ca", "kr", "nr", "hhv", "inkl", "evt", "ift", "mio",
                  "mia", "dvs", "pkt", "mio.kr", "bl", "fx", "vedr", "ang", "st", "tlf"}


# --- small text helpers ----------------------------------------------------------

def participle(verb: str) -> str:
    """A stored verb as a participle: 'indstillede' -> 'indstillet', 'valgte' -> 'valgt'."""
    if verb.endswith("ede"):
        return verb[:-2] + "t"
    if verb.endswith("te"):
        return verb[:-1]
    return verb


def normalise_body(text: str) -> str:
    """A body's name as stored: plain quotes, one space, no trailing punctuation."""
    text = _REGION_TYPO.sub("Region ", text.translate(_QUOTES))
    text = re.sub(r"\s+", " ", text).strip(" ,.;:–-")
    text = re.sub(r'\s*,\s*(?=")', " ", text)  # 'opgaveudvalg, "Rejsen…"' -> 'opgaveudvalg "Rejsen…"'
    return text


def _clean_body(text: str | None) -> tuple[str | None, bool]:
    """(body, generic): a cleaned body name, and whether it only refers back ("udvalget")."""
    if not text:
        return None, False
    body = normalise_body(text)
    body = re.sub(r"^(?:et|en|det|den|de)\s+(?:(?:ny|nyt|nye)\s+)?", "", body)
    if not body or _GENERIC_BODY.match(body):
        return None, True
    if body.count('"') % 2:
        body = body.rstrip('"').strip() if body.endswith('"') else body + '"'
    return body, False


def body_from_title(title: str, group: str | None = None) -> str | None:
    """The body an appointment item's title names ('Udpegning af … til X' -> X), else None.

    Under an *Udpegninger* heading a title without an appointing word is the body's name
    itself ('4.2 Bestyrelsen for Movia').
    """
    flat = re.sub(r"\s+", " ", title).strip()
    m = _TITLE_BODY.search(flat) or _TITLE_BODY_FIRST.match(flat)
    if m:
        raw = m["body"]
    elif group and _APPOINTING_NOUN.search(group) and not _APPOINTING_NOUN.search(flat):
        raw = flat
    else:
        return None
    body, _ = _clean_body(raw)
    if body and not re.search(r'[A-ZÆØÅ"]', body):  # "diverse fora": no name to go by
        return None
    return body


def _role_from_title(title: str) -> str | None:
    m = _TITLE_ROLE.search(re.sub(r"\s+", " ", title))
    return ROLES.get(_norm_role(m["role"])) if m else None


def _norm_role(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold())


def sentences(text: str) -> list[str]:
    """Split a text into sentences; initials ('Allan S. Andersen') and abbreviations do not end one."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        start = 0
        for m in re.finditer(r"[.!?](?=\s+[A-ZÆØÅ\"”–•-])|[.!?]?\s*\n(?=\s*[–•-]\s)", para):
            if m.group().startswith((".", "!", "?")) and "\n" not in m.group():
                before = re.search(r"([\w.]+)\.$", para[: m.end()])
                word = before.group(1) if before else ""
                if len(word) == 1 and word.isupper():  # an initial
                    continue
                if word.casefold() in _ABBREVIATIONS:
                    continue
            elif "\n" in m.group() and not m.group().startswith((".", "!", "?")):
                continue  # a bullet list continues the sentence that introduced it
            out.append(para[start:m.end()].strip())
            start = m.end()
        rest = para[start:].strip()
        if rest:
            out.append(rest)
    return [s for s in out if s]


# --- the clause scanner ----------------------------------------------------------

@dataclass
class _Entry:
    person: str
    party: str | None = None
    municipality: str | None = None
    role: str | None = None
    body: str | None = None
    body_generic: bool = False
    titled: bool = False  # printed with a title ("borgmester …")

    @property
    def evidence(self) -> bool:
        """Printed like a person: with party, municipality, title or role."""
        return bool(self.party or self.municipality or self.titled or self.role)


@dataclass
class _Clause:
    entries: list[_Entry] = field(default_factory=list)
    role: str | None = None  # a role for the whole list ("… som suppleanter")
    body: str | None = None
    body_generic: bool = False
    end: int = 0


def _valid_person(name: str) -> bool:
    words = name.split()
    full = [w for w in words if not re.fullmatch(r"[A-ZÆØÅ]\.", w)]
    if len(full) < 2:
        return False
    for w in words:
        low = w.casefold().strip(".")
        if low in _NOT_NAME_WORDS or (len(w) > 1 and w.isupper()):
            return False
        if any(low.endswith(e) for e in _ORG_ENDINGS):
            return False
    return True


def _read_body(text: str, pos: int) -> tuple[str, int]:
    """Read a body's name from pos to where it ends; quoted spans are read whole."""
    i, n = pos, len(text)
    quote_open = None
    while i < n:
        ch = text[i]
        if quote_open:
            if ch in '"”»“':
                quote_open = None
            i += 1
            continue
        if ch in '"”“„«':
            quote_open = ch
            i += 1
            continue
        if ch == "," and re.match(r",\s*[\"”“„«]", text[i:]):  # 'opgaveudvalg, ”Rejsen …”'
            i += 1
            continue
        m = _BODY_END.match(text, i)
        if m:
            break
        i += 1
    return text[pos:i], i


_FRONT_BODY = re.compile(rf"\s*(?:Som\s+{_ROLE}\s+(?:af|i|for)|Til)\s+(?=\S)", re.IGNORECASE)
_BULLET_RE = re.compile(r"\s*(?:[–•-]\s+)?(?:fra\s+)?")
_TITLE_RE = re.compile(_TITLE)
_NAME_RE = re.compile(_NAME)
_PARTY_RE = re.compile(r"\s*" + _PARTY)
_MUNICIPALITY_RE = re.compile(_MUNICIPALITY)
_ENTRY_PREP = re.compile(r"\s+(?:for|i|af|til)\s+", re.IGNORECASE)
_SEP = re.compile(
    r"\s*(?:,\s*(?:og\s+|samt\s+)?|\s+og\s+|\s+samt\s+|;\s*|\s*[–•]\s*|\s+-\s+|\s*\n\s*[–•-]?\s*)"
)
_ROLE_LABEL = re.compile(rf"\s*(?P<label>{_ROLE})\s*:\s*", re.IGNORECASE)
_PREP_BODY = re.compile(r"\s*,?\s*(?:til|i|for|som\s+medlem(?:mer)?\s+af)\s+(?=\S)", re.IGNORECASE)
_AS_ROLE = re.compile(rf"\s*,?\s*som\s+(?P<role>{_ROLE})\b", re.IGNORECASE)
_PAREN_ROLE = re.compile(rf"\s*\(\s*(?P<role>{_ROLE})\s*\)", re.IGNORECASE)


def _parse_entry(text: str, pos: int) -> tuple[_Entry, int] | None:
    """One `[titel] Navn [(Parti)] [(rolle)] [, X Kommune] [som rolle [for Organ]]` at pos."""
    bullet = _BULLET_RE.match(text, pos)
    assert bullet is not None  # every part of the pattern is optional
    p = bullet.end()
    title = _TITLE_RE.match(text, p)
    if title and _NAME_RE.match(text, title.end()):
        p = title.end()
    name = _NAME_RE.match(text, p)
    if not name or not _valid_person(name.group()):
        return None
    entry = _Entry(person=re.sub(r"\s+", " ", name.group()), titled=bool(title and p == title.end()))
    p = name.end()
    party = _PARTY_RE.match(text, p)
    if party and party["party"] not in _NOT_PARTIES:
        entry.party = re.sub(r"\s+", " ", party["party"])
        p = party.end()
    role = _PAREN_ROLE.match(text, p)
    if role:
        entry.role, p = ROLES[_norm_role(role["role"])], role.end()
    muni = _MUNICIPALITY_RE.match(text, p)
    if muni:
        entry.municipality, p = re.sub(r"\s+", " ", muni["muni"]), muni.end()
        role = _PAREN_ROLE.match(text, p)
        if role:
            entry.role, p = ROLES[_norm_role(role["role"])], role.end()
    role = _AS_ROLE.match(text, p)
    if role and _norm_role(role["role"]) not in _PLURAL_ROLES:
        entry.role, p = ROLES[_norm_role(role["role"])], role.end()
        prep = _ENTRY_PREP.match(text, p)
        if prep:
            other = _parse_entry(text, prep.end())
            if other and entry.role == "suppleant":  # "som suppleant for Navn": skip the person
                p = other[1]
            elif not other:
                raw, end = _read_body(text, prep.end())
                body, generic = _clean_body(raw)
                if body or generic:
                    entry.body, entry.body_generic, p = body, generic, end
    return entry, p


def _parse_clause(text: str, pos: int) -> _Clause:
    """A list of entries from pos, then an optional list role and body."""
    clause = _parse_entries(text, pos)
    if clause.entries:
        clause.end = _parse_clause_tail(text, clause)
    return clause


def _parse_entries(text: str, pos: int) -> _Clause:
    """The entries of a list from pos ("A (V), B og C som medlemmer, D som suppleant")."""
    clause = _Clause(end=pos)
    label_role: str | None = None
    p = pos
    pending = 0  # entries before this index already have a role from a list role
    while True:
        label = _ROLE_LABEL.match(text, p)
        if label:
            label_role, p = ROLES[_norm_role(label["label"])], label.end()
        parsed = _parse_entry(text, p)
        if not parsed:
            break
        entry, p = parsed
        if label_role and not entry.role:
            entry.role = label_role
        clause.entries.append(entry)
        clause.end = p
        plural = _AS_ROLE.match(text, p)
        if plural and _norm_role(plural["role"]) in _PLURAL_ROLES:
            # "A og B som medlemmer og C som suppleant": the plural role covers A and B.
            for e in clause.entries[pending:]:
                e.role = e.role or ROLES[_norm_role(plural["role"])]
            pending, p = len(clause.entries), plural.end()
            clause.end = p
        sep = _SEP.match(text, p)
        if sep and sep.end() > p:
            p = sep.end()
        elif not _ROLE_LABEL.match(text, p):
            break
    return clause


def _parse_clause_tail(text: str, clause: _Clause) -> int:
    """The list's own role and body after its entries; returns where the clause ends."""
    p = clause.end
    for _ in range(2):  # "… som suppleanter til X" or "… til X som suppleanter"
        role = _AS_ROLE.match(text, p)
        if role and not clause.role:
            clause.role, p = ROLES[_norm_role(role["role"])], role.end()
            continue
        prep = _PREP_BODY.match(text, p)
        if prep and not clause.body and not clause.body_generic:
            raw, end = _read_body(text, prep.end())
            body, generic = _clean_body(raw)
            if body or generic:
                clause.body, clause.body_generic, p = body, generic, end
                continue
        break
    return p


def _lead_in(text: str, pos: int, meeting_body: str) -> tuple[int, str | None, str | None, bool]:
    """Skip what may stand between the verb and the names; returns (pos, role, body, generic)."""
    role = body = None
    generic = False
    subject = re.compile(rf"\s+(?:{re.escape(meeting_body)}|KKR(?:\s+[A-ZÆØÅ][a-zæøå]+)?)\b").match(text, pos)
    if subject:
        pos = subject.end()
    m = re.compile(rf"\s+(?:følgende\s+)?som\s+(?P<role>{_ROLE})\b\s*:?", re.IGNORECASE).match(text, pos)
    if m:
        role, pos = ROLES[_norm_role(m["role"])], m.end()
    if _parse_entry(text, pos):
        return pos, role, body, generic
    # "… har udpeget tre regionsrådsmedlemmer til udvalget:" followed by a list.
    colon = text.find(":", pos)
    if colon != -1 and "." not in text[pos:colon].rstrip(".") and not _TRIGGER_ANY.search(text, pos, colon):
        lead = text[pos:colon]
        prep = re.search(r"\b(?:til|i|for)\s+(?=\S)", lead, re.IGNORECASE)
        if prep:
            body, generic = _clean_body(lead[prep.end():])
        r = re.search(rf"\bsom\s+(?P<role>{_ROLE})\b", lead, re.IGNORECASE)
        if r:
            role = ROLES[_norm_role(r["role"])]
        return colon + 1, role, body, generic
    return pos, role, body, generic


def _body_before(sentence: str, end: int, meeting_body: str) -> str | None:
    """The body named just before the appointing word: '… møde i Sundhedssamarbejdsudvalget (SSU) med valg af'."""
    best = None
    for m in re.finditer(r"\b(?:i|for|til)\s+(?=[A-ZÆØÅ])", sentence[:end]):
        raw, _ = _read_body(sentence[:end], m.end())
        raw = re.split(r"\s+(?:med|og|hvor|der|blev|har)\s", raw)[0]
        body, _ = _clean_body(raw)
        if body and body != meeting_body and not _valid_person(body):
            best = body
    return best


@dataclass
class _Context:
    meeting_body: str
    title_body: str | None  # set only for appointment items (title or group says so)
    title_role: str | None


_NOUN_VERBS = {"valg", "genvalg", "udpegning", "genudpegning", "udpegelse", "nominering"}


def _verb(printed: str, proposal: bool) -> str:
    """The verb as printed; nouns ('valg af') as participles, an approved proposal in the past."""
    word = re.sub(r"\s+af$", "", re.sub(r"\s+", " ", printed.casefold()))
    if word.startswith("konstituerede"):
        return "konstituerede"
    if word in _NOUN_VERBS or (proposal and word in _VERB_FORMS):
        return _VERB_FORMS[word]
    return _INFINITIVES.get(word, word)


def _acts_here(text: str, meeting_body: str) -> bool:
    return bool(re.search(rf"{re.escape(meeting_body)}|\bKKR\b(?!-)", text, re.IGNORECASE))


def _status(flat: str, m: re.Match[str], lead: str, source: str, meeting_body: str, passive: bool) -> str:
    """'besluttet' when this meeting's body made the appointment, else 'omtalt'."""
    if source == "proposal":
        return DECIDED
    before = flat[: m.start()]
    if source == "section" or _REPORTING.search(before):
        return REPORTED
    if passive:  # "… blev valgt [af X]"
        agent = re.match(r"[^.]*?\baf\s+(?P<agent>[A-ZÆØÅ][\w-]*(?:\s+[A-ZÆØÅ][\w-]*)?)", flat[m.end():])
        return DECIDED if not agent or _acts_here(agent["agent"], meeting_body) else REPORTED
    # The subject of the nearest clause: "…, at Regionsrådet har udpeget" is not KKR's act.
    local = re.split(r",\s*(?:at|men|mens|idet)\s+|\bat\s+|\s+og\s+", before)[-1]
    local = re.sub(rf"^\s*(?:Som\s+{_ROLE}|Til\s+[^,]+)\s*", "", local, flags=re.IGNORECASE)
    if _acts_here(local + " " + lead, meeting_body):
        return DECIDED
    if re.sub(r"\b(?:har|havde|blev|er)\b", "", local).strip():
        return REPORTED
    return DECIDED if _acts_here(before, meeting_body) or not before.strip() else REPORTED


def _resolve_body(clause: _Clause, lead_body: str | None, lead_generic: bool, flat: str,
                  m: re.Match[str], source: str, ctx: _Context) -> str | None:
    """The body a clause appoints to: stated, referred back to, named before, or the item's."""
    if clause.body or lead_body:
        return clause.body or lead_body
    if clause.entries[-1].body:  # "A som formand og B som næstformand for X": X for both
        return clause.entries[-1].body
    if clause.body_generic or lead_generic:  # "til udvalget": the item's body
        return ctx.title_body
    if m["verb"].casefold().startswith("konstitu"):  # "Bestyrelsen for X konstituerede sig med …"
        subject, _ = _clean_body(flat[: m.start()])
        if subject:
            return subject
    front = _FRONT_BODY.match(flat)
    if front and front.end() <= m.start():  # "Som medlem af bestyrelsen for X udpegede KKR …"
        body, _ = _clean_body(_read_body(flat, front.end())[0])
        if body:
            return body
    if re.search(r"\saf$", m["verb"]):  # "første møde i X med valg af …"
        named = _body_before(flat, m.start(), ctx.meeting_body)
        if named:
            return named
    return ctx.title_body if source != "section" else None


def _scan(text: str, source: str, ctx: _Context, page_of: Callable[[int], int | None]) -> list[Appointment]:
    """Every appointment in a text; source is 'decision', 'section' or 'proposal'.

    `page_of(offset)` gives the page of a character of the text: each appointment gets the
    page its sentence starts on.
    """
    trigger = _TRIGGER_PAST if source == "section" else _TRIGGER_ANY
    found: list[Appointment] = []
    cursor = 0
    for sentence in sentences(text):
        at = text.find(sentence, cursor)  # sentences are verbatim pieces of the text, in order
        cursor = at + len(sentence) if at >= 0 else cursor
        page = page_of(max(at, 0))
        flat = re.sub(r"[ \t]+", " ", sentence)
        for m in trigger.finditer(flat):
            before = flat[: m.start()]
            if source != "proposal" and _NOT_A_FACT.search(before):
                continue
            clause, lead, passive = _passive_clause(flat, m)
            lead_role = lead_body = None
            lead_generic = False
            if not clause.entries:
                start, lead_role, lead_body, lead_generic = _lead_in(flat, m.end(), ctx.meeting_body)
                lead = flat[m.end():start]
                clause = _parse_clause(flat, start)
            if not clause.entries:
                continue
            front = re.match(rf"\s*Som\s+(?P<role>{_ROLE})\b", before, re.IGNORECASE)
            group_role = clause.role or lead_role or (ROLES[_norm_role(front["role"])] if front else None)
            if not (group_role or ctx.title_body or any(e.evidence for e in clause.entries)):
                continue  # bare capitalised words outside an appointment item: maybe not people
            group_body = _resolve_body(clause, lead_body, lead_generic, flat, m, source, ctx)
            status = _status(flat, m, lead, source, ctx.meeting_body, passive)
            verb = _verb(m["verb"], source == "proposal")
            for e in clause.entries:
                found.append(Appointment(
                    person=e.person, party=e.party, municipality=e.municipality,
                    body=e.body or (ctx.title_body if e.body_generic else group_body),
                    role=e.role or group_role or (ctx.title_role if source != "section" else None),
                    verb=verb, status=status, page=page,
                ))
    return found


def _passive_clause(flat: str, m: re.Match[str]) -> tuple[_Clause, str, bool]:
    """Names before 'blev valgt'/'er udpeget' as (clause, lead, True); an empty clause otherwise."""
    before = flat[: m.start()]
    aux = _PASSIVE_AUX.search(before)
    if not aux:
        return _Clause(), "", False
    front = re.match(rf"\s*(?:Som\s+{_ROLE}\s*,?\s*)?", before, re.IGNORECASE)
    subject = before[: aux.start()].rstrip()
    clause = _parse_clause(subject, front.end() if front else 0)
    if not clause.entries or subject[clause.end:].strip():
        return _Clause(), "", False
    tail = _parse_tail(flat, m.end())
    clause.role = clause.role or tail.role
    if not clause.body and not clause.body_generic:
        clause.body, clause.body_generic = tail.body, tail.body_generic
    return clause, "", True


def _parse_tail(text: str, pos: int) -> _Clause:
    """Role and body after a passive verb: '… blev valgt som formand for X'."""
    tail = _Clause(end=pos)
    p = pos
    role = _AS_ROLE.match(text, p)
    if role:
        tail.role, p = ROLES[_norm_role(role["role"])], role.end()
    prep = re.compile(r"\s*,?\s*(?:til|i|for)\s+(?=\S)", re.IGNORECASE).match(text, p)
    if prep:
        raw, _ = _read_body(text, prep.end())
        tail.body, tail.body_generic = _clean_body(raw)
    return tail


def extract_appointments(item: Item, meeting: Meeting) -> list[Appointment]:
    """Appointments made or reported in an item: decision first, then reported ones."""
    ctx = _Context(
        meeting_body=meeting.body or "KKR",
        title_body=body_from_title(item.title, item.group) if _is_appointment_item(item) else None,
        title_role=_role_from_title(item.title),
    )
    def decision_page(offset: int) -> int | None:
        return decision_page_at(item.decision, item.decision_page, item.decision_page_breaks, offset)

    found = _scan(item.decision, "decision", ctx, decision_page) if item.decision else []
    if not found and item.decision and _APPROVES.search(item.decision) and not _AMENDED.search(item.decision):
        for section in item.sections:
            if section.heading.casefold().startswith("indstilling"):
                found += _scan(section.text, "proposal", ctx, partial(page_at, section))
    for section in item.sections:
        heading = section.heading.casefold()
        if heading.startswith(("indstilling", "bilag", "beslutning")):
            continue
        found += _scan(section.text, "section", ctx, partial(page_at, section))
    found = _dedupe(found)
    if found:
        log.debug("item %s: %d appointment(s)", item.number, len(found))
    return found


def _is_appointment_item(item: Item) -> bool:
    """The title or its group heading is about appointments ('4. Udpegninger', 'Valg af …')."""
    return bool(_APPOINTING_NOUN.search(f"{item.title} {item.group or ''}"))


def _dedupe(found: list[Appointment]) -> list[Appointment]:
    """One appointment per person, body and role; a decided one wins over a reported one."""
    out: list[Appointment] = []
    index: dict[tuple[str, str, str], int] = {}
    for a in found:
        key = (a.person.casefold(), (a.body or "").casefold(), a.role or "")
        if key in index:
            if a.status == DECIDED and out[index[key]].status != DECIDED:
                out[index[key]] = a
            continue
        index[key] = len(out)
        out.append(a)
    return out
