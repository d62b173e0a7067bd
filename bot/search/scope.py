"""Which meeting a question is about, when it says so itself.

"Hvad blev besluttet om DK2020 på mødet den 25. november 2022?", "… i november 2022",
"… på seneste møde", "Hvad besluttede KKR Sjælland om …": the words that name a meeting
(a date, a month, the newest meeting, a body) select the meetings to search and are
taken out of the question, so they don't drive ranking ("november" and "2022" stand in
many items). A date or month that matches no meeting in the knowledge base is left in
the question as content: "referatet fra mødet den 9. september" asks about an item that
mentions that (earlier) meeting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.dates import MONTH_NAMES, danish_date
from bot.model import Meeting
from bot.search.bodies import BodyNames, other_council, typed_name
from bot.search.municipalities import municipality_key
from bot.search.normalize import is_question_word, is_stop, words

_MONTH_RE = (
    r"(?P<month>jan(?:uar)?|feb(?:ruar)?|mar(?:ts)?|apr(?:il)?|maj|juni?|juli?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {name[:3]: n for n, name in MONTH_NAMES.items()}
_DATES = [
    # 2022-11-25
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    # 25/11-2022, 25-11-2022, 25.11.2022, 25/11 2022
    re.compile(r"\b(?P<d>\d{1,2})\s?[./-]\s?(?P<m>\d{1,2})(?:\s?[./-]\s?|\s)(?P<y>\d{4})\b"),
    # 25. november 2022, 25 nov. 2022, 25. november
    re.compile(r"\b(?P<d>\d{1,2})\.?\s*" + _MONTH_RE + r"(?:\s+(?P<y>\d{4}))?(?!\w)", re.IGNORECASE),
]
# november 2022, nov. 2022 (a whole month)
_MONTH_YEAR = re.compile(r"\b" + _MONTH_RE + r"\s+(?P<y>\d{4})\b", re.IGNORECASE)
# "i foråret 2025": the season's months (winter: December of the year before to February).
_SEASON_YEAR = re.compile(
    r"\b(?P<season>forår(?:et)?|foraar(?:et)?|sommer(?:en)?|efterår(?:et)?|efteraar(?:et)?|vinter(?:en)?)\s+(?P<y>\d{4})\b",
    re.IGNORECASE,
)
_DAY_BEFORE = re.compile(r"\b\d{1,2}\.?\s*$")  # the day of a date whose month follows
_SEASONS = {"for": (3, 4, 5), "som": (6, 7, 8), "eft": (9, 10, 11), "vin": (0, 1, 2)}
_SEASON_NAMES = {"for": "foråret", "som": "sommeren", "eft": "efteråret", "vin": "vinteren"}
_MEETING_WORD = r"(?:kkr-?|byråds|byraads|byrads)?(?:møde|moede|mode)(?:t|rne|r)?"
# The words before a date that belong to it: "på (KKR-)mødet den", "fra mødet d.", "i".
_LEAD = re.compile(
    r"(?:\b(?:på|paa|fra|ved|i|til|om)\s+)?(?:\b(?:det|den)\s+)?(?P<meeting>\b" + _MEETING_WORD + r"\s+)?"
    r"(?:\b(?:den|d\.|i)\s*)?$",
    re.IGNORECASE,
)
# "på mødet", "fra KKR-mødet": in chat, the meeting at hand (the newest), but only taken so
# when the question asks nothing else ("Hvad skete der på mødet?"); with a topic the words
# stay in the question, as they always did.
_THE_MEETING = re.compile(r"\b(?:på|paa|fra|ved|under)\s+(?:kkr-?)?(?:mødet|moedet|modet)\b", re.IGNORECASE)
_NEWEST = re.compile(
    r"(?:\b(?:på|paa|fra|ved|i)\s+)?(?:\bdet\s+)?\b(?:seneste|sidste|nyeste)\s+" + _MEETING_WORD + r"\b",
    re.IGNORECASE,
)


# The five KKRs: a question that names one the knowledge base has no minutes from must not
# be answered from another's ("KKR Sjælland" is not "Region Sjælland" in a KKR Hovedstaden table).
_KKR = re.compile(
    r"\bkkr[\s-]+(?P<name>hovedstaden|sj(?:æ|ae|a)lland|syddanmark|midtjylland|nordjylland)s?\b",
    re.IGNORECASE,
)
_KKR_NAMES = {"hovedstaden": "Hovedstaden", "sjælland": "Sjælland", "sjaelland": "Sjælland",
              "sjalland": "Sjælland", "syddanmark": "Syddanmark", "midtjylland": "Midtjylland",
              "nordjylland": "Nordjylland"}


@dataclass
class Scope:
    """The meetings a question names, and the question without those words."""

    question: str
    bodies: frozenset[str] | None = None  # only these bodies' meetings (None: any body)
    dates: set[str] | None = None    # only meetings on these dates (None: any date)
    description: str = ""  # Danish, e.g. "mødet 25. november 2022", "seneste møde (8. februar 2023)"
    # True when the question names a meeting ("på mødet den 3. marts 2021", "KKR Sjælland")
    # that the knowledge base doesn't have: nothing is searched, and the reply says so.
    missing: bool = False

    # What the question named, in Danish, for "intet om …" when nothing in it answers and the
    # answer comes from elsewhere: the body as typed ("skoleudvalget"), the month ("marts 2022").
    named: list[str] = field(default_factory=list)

    @property
    def body(self) -> str | None:
        """The one body the question names, or None (none, or several)."""
        return next(iter(self.bodies)) if self.bodies is not None and len(self.bodies) == 1 else None

    def includes(self, meeting: Meeting) -> bool:
        """Whether a meeting is one the question names."""
        return ((self.bodies is None or meeting.body in self.bodies)
                and (self.dates is None or meeting.date in self.dates))


@dataclass
class Calendar:
    """The meetings of a knowledge base, indexed once for find_scope."""

    bodies: list[str]                                # longest name first (tried in that order)
    by_day: dict[str, list[tuple[str, str]]]         # "11-25" -> (body, date) of the meetings that day
    by_month: dict[str, list[tuple[str, str]]]       # "2022-11" -> (body, date)
    newest: dict[str | None, str]                    # body (None: any) -> its newest meeting's date
    names: BodyNames = field(default_factory=lambda: BodyNames([]))  # how questions name the bodies
    municipalities: set[str] = field(default_factory=set)  # the base's, folded ('greve')


def calendar_of(meetings: list[Meeting]) -> Calendar:
    """Index meetings by body, day and month for find_scope."""
    bodies = sorted({m.body for m in meetings}, key=lambda b: (-len(b), b))
    municipalities = {key for m in meetings if (key := municipality_key(m.municipality))}
    cal = Calendar(bodies, {}, {}, {}, BodyNames(bodies), municipalities)
    for m in meetings:
        cal.by_day.setdefault(m.date[5:], []).append(m.key)
        cal.by_month.setdefault(m.date[:7], []).append(m.key)
        for who in (m.body, None):
            if m.date > cal.newest.get(who, ""):
                cal.newest[who] = m.date
    return cal


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _MONTHS[text.casefold()[:3]]


@lru_cache(maxsize=256)
def _body_pattern(body: str) -> re.Pattern[str]:
    """A body's name as typed: any case, æøå or their ASCII spellings, genitive s."""
    return re.compile(r"(?:\b(?:i|fra|hos)\s+)?\b" + typed_name(body) + r"s?\b", re.IGNORECASE)


def canonical_body(text: str, bodies: list[str]) -> str | None:
    """The body a user means by `text` ('kkr sjaelland' -> 'KKR Sjælland'), or None."""
    wanted = " ".join(text.split())
    for body in sorted(bodies, key=len, reverse=True):
        m = _body_pattern(body).fullmatch(wanted)
        if m:
            return body
    return None


NEWEST_WORDS = frozenset({"seneste", "sidste", "nyeste"})


def _cut(text: str, start: int, end: int) -> str:
    return " ".join((text[:start] + " " + text[end:]).split())


def _find_body(question: str, cal: Calendar) -> tuple[str, frozenset[str] | None, str]:
    """(question without the body's name, the bodies it names, the name as typed) for the
    first body the question names ("skoleudvalget", "KKR Hovedstaden", "byrådet")."""
    mention = cal.names.find(question)
    if mention is None:
        return question, None, ""
    if mention.bodies >= set(cal.bodies):  # "KKR" where every meeting is a KKR's: no restriction
        return _cut(question, mention.start, mention.end), None, ""
    return _cut(question, mention.start, mention.end), mention.bodies, mention.text


def _lead(question: str, end: int) -> re.Match[str]:
    """The words that lead up to a date at `end` ("på mødet den"); empty when none."""
    lead = _LEAD.search(question[:end])
    assert lead is not None  # every part of the pattern is optional
    return lead


def _find_date(question: str, cal: Calendar, bodies: frozenset[str] | None) -> tuple[str, set[str], str, bool]:
    """A date, month or season that names meetings (of the bodies, if given): (question
    without it, their dates, description, whether it names a meeting the knowledge base lacks)."""
    for regex in _DATES:
        for m in regex.finditer(question):
            try:
                day, month = int(m["d"]), _month(m["month"] if "month" in m.re.groupindex else m["m"])
            except (KeyError, ValueError):
                continue
            year = m["y"]
            found = {d for b, d in cal.by_day.get(f"{month:02d}-{day:02d}", ())
                     if (bodies is None or b in bodies) and (not year or d.startswith(year))}
            lead = _lead(question, m.start())
            if found:
                return _cut(question, lead.start(), m.end()), found, f"mødet {danish_date(max(found))}", False
            if year and lead["meeting"] and 1 <= month <= 12 and 1 <= day <= 31:
                # "på mødet den 3. marts 2021": clearly a meeting, and not one we have.
                missing = danish_date(f"{year}-{month:02d}-{day:02d}")
                return _cut(question, lead.start(), m.end()), set(), f"mødet {missing}", True
    for m in _MONTH_YEAR.finditer(question):
        if _DAY_BEFORE.search(question[:m.start()]):
            continue  # "den 14. december 2022": a day no meeting was held, not the whole month
        found = {d for b, d in cal.by_month.get(f"{m['y']}-{_month(m['month']):02d}", ())
                 if bodies is None or b in bodies}
        if found:
            start = _lead(question, m.start()).start()
            return _cut(question, start, m.end()), found, f"møder i {MONTH_NAMES[_month(m['month'])]} {m['y']}", False
    for m in _SEASON_YEAR.finditer(question):
        season = m["season"].casefold()[:3].replace("foa", "for").replace("efa", "eft")
        year = int(m["y"])
        months = [f"{year - 1}-12" if n == 0 else f"{year}-{n:02d}" for n in _SEASONS[season]]
        found = {d for month in months for b, d in cal.by_month.get(month, ()) if bodies is None or b in bodies}
        if found:
            start = _lead(question, m.start()).start()
            return _cut(question, start, m.end()), found, f"møder i {_SEASON_NAMES[season]} {year}", False
    return question, set(), "", False


def _asks_more(text: str) -> bool:
    """Whether a question has words besides stop words and question framing."""
    return any(not is_stop(w) and not is_question_word(w) for w in words(text))


def find_scope(question: str, meetings: Calendar | list[Meeting]) -> Scope | None:
    """The meetings the question itself names (date, month, newest, body), or None.

    Pass a `calendar_of(meetings)` when asking many questions of one knowledge base.
    """
    cal = meetings if isinstance(meetings, Calendar) else calendar_of(meetings)
    if not cal.newest:
        return None
    missing = _other_body(question, cal)
    if missing is not None:
        return missing
    text, bodies, typed = _find_body(question, cal)
    text, dates, description, missing_date = _find_date(text, cal, bodies)
    named = [typed] if typed else []
    body_name = _bodies_name(bodies)
    if missing_date:
        return Scope(question=text, description=f"{body_name}, {description}" if bodies else description,
                     missing=True)
    if dates:
        named.append(description.removeprefix("møder i ").removeprefix("mødet "))
    else:
        newest = _NEWEST.search(text)
        if newest is None:
            bare = _THE_MEETING.search(text)
            newest = bare if bare and not _asks_more(_cut(text, bare.start(), bare.end())) else None
        if newest:
            latest = max(cal.newest[b] for b in bodies) if bodies else cal.newest[None]
            dates = {latest}
            text = _cut(text, newest.start(), newest.end())
            description = f"seneste møde ({danish_date(latest)})"
        elif bodies is None:
            return None
    if bodies:
        description = f"{body_name}, {description}" if description else body_name
    return Scope(question=text, bodies=bodies, dates=dates or None, description=description, named=named)


def _bodies_name(bodies: frozenset[str] | None) -> str:
    """'Greve Byråd', or 'Greve Byråd eller Roskilde Byråd' for several."""
    return " eller ".join(sorted(bodies)) if bodies else ""


def _other_body(question: str, cal: Calendar) -> Scope | None:
    """A missing scope for a body the base has no minutes from: the council of another
    municipality ("Roskilde Byråd"), or one of the five KKRs."""
    council = other_council(question, cal.municipalities)
    if council is not None and (cal.municipalities or not cal.names.councils):
        start, end, name = council
        return Scope(question=_cut(question, start, end), description=name, missing=True)
    other = _KKR.search(question)
    name = f"KKR {_KKR_NAMES[other['name'].casefold()]}" if other else ""
    if other and name not in cal.bodies:
        return Scope(question=_cut(question, other.start(), other.end()), description=name, missing=True)
    return None
