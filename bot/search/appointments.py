"""Looking up appointments (udpegninger) in the knowledge base: by person, body, municipality or party.

Pure functions over a KnowledgeBase; the CLI (`kkrbot udpegninger`) and the Discord
command call `find_appointments` and show the `AppointmentHit`s it returns.

Matching: every significant word of the query must match a word of the same
appointment's person, body, municipality or role (fuzzily for words of four letters or
more, so 'Trebien', 'Damsgård' and 'Gardhoj' find the right person), or the query
is a party letter/name. No match gives an empty list, never a nearest guess.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.dates import danish_date
from bot.facts.appointments import participle
from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment, Item, Meeting
from bot.search.normalize import term_key

# A query word matches a field word at this fuzz.ratio or above (0..100). Calibrated on
# the real names: 'trebien'~'trebbien' 93, 'damsgard'~'damsgaard' 94 (before folding),
# while different names stay below: 'frederiksen'~'frederik' 84, 'jensen'~'jesper' 50.
WORD_CUTOFF = 85
# Words shorter than this must match exactly (short words are too easily near each other).
MIN_FUZZY_LEN = 4

PARTIES = {
    "socialdemokratiet": "A", "socialdemokraterne": "A", "radikale": "B", "radikale venstre": "B",
    "konservative": "C", "det konservative folkeparti": "C", "nye borgerlige": "D",
    "sf": "F", "socialistisk folkeparti": "F", "liberal alliance": "I", "kristendemokraterne": "K",
    "moderaterne": "M", "dansk folkeparti": "O", "venstre": "V", "danmarksdemokraterne": "Æ",
    "enhedslisten": "Ø", "alternativet": "Å",
}
# Words of a question that say nothing about whom or what is sought.
_STOPWORDS = {
    "hvem", "hvad", "hvilke", "hvilken", "er", "blev", "var", "har", "til", "i", "af", "for", "og",
    "som", "med", "den", "det", "de", "en", "et", "udpeget", "udpegede", "udpegning", "udpegninger",
    "valgt", "valgte", "indstillet", "indstillede", "kommune", "kommunen", "repræsenterer",
    "repraesenterer", "sidder", "partiet", "parti", "fra", "om", "på", "paa",
}


@dataclass
class AppointmentHit:
    """One appointment that matches a query, with where it was found."""

    appointment: Appointment
    meeting: Meeting
    item: Item
    score: float  # 0..1; 1.0 for an empty query or an exact match

    @property
    def page(self) -> int:
        """The page the appointment's sentence stands on (else the decision's, else the item's)."""
        return self.appointment.page or self.item.decision_page or self.item.page

    @property
    def url(self) -> str | None:
        """Link to the page the appointment stands on."""
        return self.meeting.page_url(self.page)

    def to_dict(self) -> dict[str, object]:
        """A flat JSON-ready mapping (the CLI's --json and any other caller)."""
        a = self.appointment
        return {
            "person": a.person, "party": a.party, "municipality": a.municipality, "body": a.body,
            "role": a.role, "verb": a.verb, "status": a.status,
            "meeting_body": self.meeting.body, "meeting_date": self.meeting.date,
            "item_number": self.item.number, "item_title": self.item.title, "page": self.page, "url": self.url,
        }


def fold(text: str) -> str:
    """Casefolded, with æøå and doubled vowels folded so 'Damsgård', 'Damsgaard', 'Damsgard' agree."""
    text = text.casefold().replace("å", "a").replace("aa", "a").replace("æ", "ae").replace("ø", "o")
    text = text.replace("oe", "o")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _words(text: str | None) -> list[str]:
    return fold(text).split() if text else []


def _party_of(query: str) -> str | None:
    """The party letter a query names: 'C', '(C)', 'Konservative'; None otherwise."""
    q = query.strip().strip("()").strip()
    if re.fullmatch(r"[A-ZÆØÅa-zæøå]", q):
        return q.upper()
    return PARTIES.get(q.casefold())


def _party_letter(party: str | None) -> str | None:
    if not party:
        return None
    return party.upper() if len(party) <= 3 else PARTIES.get(party.casefold(), party)


def _word_score(word: str, field_words: list[str], prefixes: bool) -> float:
    """How well one query word matches the best word of a field (0..1)."""
    if not field_words:
        return 0.0
    if word in field_words:
        return 1.0
    if len(word) < MIN_FUZZY_LEN:
        return 0.0
    if prefixes:
        # Inflections and compounds of bodies and places: 'opgaveudvalget' ~ 'opgaveudvalg',
        # 'københavn' ~ 'københavns', 'busser' ~ 'bus' (same stem). Never for names:
        # 'Frederiksen' is not 'Frederik'.
        stem = term_key(word)
        for w in field_words:
            if len(w) >= MIN_FUZZY_LEN and (w.startswith(word) or word.startswith(w)):
                return 0.95
            if stem and term_key(w) == stem:
                return 0.95
    best = process.extractOne(
        word, field_words, scorer=fuzz.ratio, processor=None, score_cutoff=WORD_CUTOFF
    )
    return best[1] / 100 if best else 0.0


def match_score(appointment: Appointment, query: str) -> float:
    """How well an appointment matches a query (0 = not at all); every query word must match."""
    party = _party_of(query)
    if party is not None:
        return 1.0 if _party_letter(appointment.party) == party else 0.0
    words = [w for w in fold(query).split() if w not in _STOPWORDS]
    if not words:
        return 0.0
    person = _words(appointment.person)
    places = [_words(appointment.body), _words(appointment.municipality), _words(appointment.role)]
    scores = [max([_word_score(w, person, False)] + [_word_score(w, f, True) for f in places]) for w in words]
    if min(scores) == 0.0:
        return 0.0
    return sum(scores) / len(scores)


def find_appointments(kb: KnowledgeBase, query: str | None = None) -> list[AppointmentHit]:
    """Appointments matching a person, body, municipality or party; all when query is empty.

    Newest meeting first; within a meeting the best matches first, then appointments the
    meeting made before those it only reports, then in the order of the minutes. An empty list
    means nothing matched (the caller says so).
    """
    query = (query or "").strip()
    hits: list[tuple[int, AppointmentHit]] = []
    order = 0
    for meeting, item in kb.items():  # newest meeting first
        for appointment in item.appointments:
            score = match_score(appointment, query) if query else 1.0
            if score > 0:
                hits.append((order, AppointmentHit(appointment, meeting, item, score)))
            order += 1
    rank = {id(m): i for i, m in enumerate(kb.meetings)}
    hits.sort(key=lambda h: (rank[id(h[1].meeting)], -h[1].score, h[1].appointment.status != "besluttet", h[0]))
    return [hit for _, hit in hits]


def known_names(kb: KnowledgeBase) -> list[str]:
    """Every person, body and municipality named in an appointment, sorted (for autocomplete)."""
    names = {a.person for _, i in kb.items() for a in i.appointments}
    names |= {a.body for _, i in kb.items() for a in i.appointments if a.body}
    names |= {a.municipality for _, i in kb.items() for a in i.appointments if a.municipality}
    return sorted(names, key=str.casefold)


def complete_names(kb: KnowledgeBase, text: str, limit: int = 25) -> list[str]:
    """Known person and body names for what has been typed so far; all (up to limit) when empty."""
    names = known_names(kb)
    if not text.strip():
        return names[:limit]
    wanted = fold(text)
    starts = [n for n in names if any(w.startswith(wanted) for w in [fold(n)] + _words(n))]
    rest = [
        n for n, _, _ in process.extract(
            wanted, [fold(n) for n in names], scorer=fuzz.partial_ratio, processor=None,
            score_cutoff=WORD_CUTOFF, limit=limit,
        )
    ]
    by_fold = {fold(n): n for n in names}
    out = starts + [by_fold[r] for r in rest if by_fold[r] not in starts]
    return out[:limit]


STATUS_TEXT = {
    "besluttet": "besluttet på mødet",
    "omtalt": "omtalt i referatet, ikke besluttet på mødet",
}


def hit_fields(hit: AppointmentHit) -> list[tuple[str, str]]:
    """(Danish label, value) pairs describing one hit: the lines of the CLI, the fields of an embed."""
    a = hit.appointment
    who = f"{a.person} ({a.party})" if a.party else a.person
    if a.municipality:
        who += f", {a.municipality}"
    item = hit.item.label if hit.item.number else hit.item.title
    status = STATUS_TEXT.get(a.status, a.status)
    if a.verb and a.status == "besluttet":
        status = f"{participle(a.verb)} af {hit.meeting.body} ({status})"
    elif a.verb:
        status = f"{participle(a.verb)} ({status})"
    fields = [
        ("Person", who),
        ("Organ", a.body or "ikke angivet"),
        ("Rolle", a.role or "ikke angivet"),
        ("Status", status),
        ("Møde", f"{hit.meeting.body} {danish_date(hit.meeting.date)}"),
        ("Punkt", re.sub(r"\s+", " ", item)),
    ]
    if hit.url:
        fields.append(("Kilde", hit.url))
    return fields
