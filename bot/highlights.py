"""Highlights of one meeting for newsletter editors: built from the knowledge base, nothing invented.

`build_highlights(meeting)` picks what matters and quotes it verbatim; the renderers turn
the result into Markdown (mail, web page, Discord), plain text (Word) or a JSON-ready
dict. Pure: no file or Discord I/O here.

What is included (see docs/highlights.md):
- one bullet per substantive item, in agenda order: formal items (agenda, previous
  referat) and the *Punkter til næste møde* item (it has its own section) are left out,
  and so are items with neither a decision nor anything reported. An item without a
  decision where the minutes report who told what (*Siden sidst*) gets a bullet naming
  who reported, since the referat records no decision there;
- the heart of each decision: the sentences that carry its outcome (bot.facts.outcome),
  or its first sentence, cut cleanly at about 300 characters;
- appointments (Item.appointments when ingest found them, else the decisions of items
  whose outcome is `udpeget`), dissent entered in the minutes, and the next meeting.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.dates import danish_date
from bot.facts.appointments import participle
from bot.facts.next_meeting import NextMeeting, find_next_meeting, is_next_meeting_item
from bot.facts.outcome import classify_decision
from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment, Item, Meeting, is_pdf_url, site_of
from bot.sentences import split_sentences

CUT_AT = 300

OUTCOME_LABELS = {
    "godkendt": "Godkendt",
    "tiltrådt": "Tiltrådt",
    "taget til efterretning": "Taget til efterretning",
    "drøftet": "Drøftet",
    "udsat": "Udsat",
    "oversendt": "Oversendt",
    "ikke godkendt": "Ikke godkendt",
    "udpeget": "Udpeget",
    "ingen beslutning": "Ingen beslutning",
    "andet": "Anden beslutning",
}
REPORTED_LABEL = "Orientering (ingen beslutning)"

# "Sisse Marie Welling orienterede om …", "KKR-formandskabet orienterede om følgende:"
_REPORTER = re.compile(
    r"^(?P<who>[A-ZÆØÅ][\w.’'\-]*(?:\s+[A-ZÆØÅ][\w.’'\-]*){0,4})\s+"
    r"(?:orienterede|nævnte|bemærkede|oplyste|fortalte|præsenterede|redegjorde)\b"
)


@dataclass
class Bullet:
    """One substantive item: title, outcome in plain Danish, the heart of the decision, link."""

    number: str | None
    title: str
    outcome: str
    stage: str | None
    label: str
    text: str
    page: int
    url: str | None
    follow_up: str | None = None
    reported: bool = False  # no decision; `text` names who reported


@dataclass
class AppointmentLine:
    """Appointments made under one item: `lead` (the body, or the item when it appointed to
    several), `text` (who, and in which role), `how` ('indstillet af KKR Hovedstaden')."""

    number: str | None
    title: str
    text: str
    page: int
    url: str | None
    people: list[str] = field(default_factory=list)
    lead: str = ""
    how: str | None = None


@dataclass
class DissentLine:
    """One dissent entered in the minutes: who, and the verbatim sentence."""

    number: str | None
    title: str
    who: str
    text: str
    page: int
    url: str | None


@dataclass
class Highlights:
    """Everything an editor needs from one meeting, ready to render."""

    body: str
    date: str
    date_text: str
    heading: str
    source_url: str | None
    bullets: list[Bullet] = field(default_factory=list)
    appointments: list[AppointmentLine] = field(default_factory=list)
    dissent: list[DissentLine] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    next_meeting_url: str | None = None
    paged: bool = True  # the source has page numbers worth saying (not FirstAgenda JSON)


def clip(text: str, limit: int = CUT_AT) -> str:
    """text, or its first ~limit characters cut at a space (never mid-word) plus ' …'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:  # one enormous word: keep it whole
        cut = text.find(" ", limit)
        if cut < 0:
            return text
    return text[:cut].rstrip(" ,;:–-") + " …"


def heart(sentences: list[str], limit: int = CUT_AT) -> str:
    """As many whole sentences as fit in ~limit characters; the first one clipped if too long."""
    kept: list[str] = []
    for sentence in sentences:
        if kept and len(" ".join(kept + [sentence])) > limit:
            break
        kept.append(sentence)
    return clip(" ".join(kept), limit)


def outcome_label(outcome: str | None, stage: str | None) -> str:
    """The outcome in plain Danish, e.g. 'Godkendt', 'Indstillet til udpegning'."""
    if outcome == "udpeget" and stage == "indstilling":
        return "Indstillet til udpegning"
    label = OUTCOME_LABELS.get(outcome or "", "Anden beslutning")
    return f"{label} (indstilling)" if stage == "indstilling" else label


def reporters(text: str) -> list[str]:
    """Who reported, in order, from sentences like 'X orienterede om …' (no duplicates)."""
    names: list[str] = []
    for sentence in split_sentences(text):
        m = _REPORTER.match(sentence.lstrip("-–• "))
        if m and m["who"] not in names:
            names.append(m["who"])
    return names


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _decision_heart(meeting: Meeting, item: Item) -> str:
    facts = classify_decision(item.decision, item.title, meeting.body, meeting.date)
    sentences = facts.operative if facts.outcome == item.outcome and facts.operative else []
    return heart(sentences or split_sentences(item.decision))


def _bullet(meeting: Meeting, item: Item) -> Bullet | None:
    page = item.decision_page or item.page
    url = meeting.item_url(item, page)
    if item.decision.strip():
        text = _decision_heart(meeting, item)
        extra = [s for s in item.follow_up if s not in text]
        return Bullet(
            item.number, item.title, item.outcome or "andet", item.stage,
            outcome_label(item.outcome, item.stage), text, page, url,
            follow_up=heart(extra) if extra else None,
        )
    names = reporters(item.section_text())
    if not names:
        return None
    return Bullet(
        item.number, item.title, item.outcome or "ingen beslutning", item.stage,
        REPORTED_LABEL, f"Orientering fra {_join_names(names)}.", page, url, reported=True,
    )


def format_person(appointment: Appointment) -> str:
    """'Søren Friis Trebbien (C), Hvidovre Kommune' from the fields present."""
    person = appointment.person
    if appointment.party and f"({appointment.party})" not in person:
        person += f" ({appointment.party})"
    return ", ".join([person] + ([appointment.municipality] if appointment.municipality else []))


def _appointment_line(meeting: Meeting, item: Item) -> AppointmentLine | None:
    page = item.decision_page or item.page
    decided = [a for a in item.appointments if a.status == "besluttet"]
    page = min((a.page for a in decided if a.page), default=page)  # where the first one is named
    url = meeting.page_url(page)
    if decided:
        groups: dict[tuple[str | None, str | None], list[str]] = {}
        for a in decided:
            groups.setdefault((a.body, a.role), []).append(format_person(a))
        verbs = {participle(a.verb) for a in decided if a.verb}
        how = f"{verbs.pop()} af {meeting.body}" if len(verbs) == 1 else None
        people = [format_person(a) for a in decided]
        bodies = {body for body, _ in groups}
        named = [body for body in bodies if body is not None]
        if len(bodies) == 1 and named:
            # One body: it leads the line ("Opgaveudvalget …: A og B"), the item is the source.
            phrases = [_join_names(names) + (f" som {role}" if role else "") for (_, role), names in groups.items()]
            return AppointmentLine(item.number, item.title, "; ".join(phrases), page, url, people,
                                   lead=named[0], how=how)
        # Several bodies (or none named): one phrase per body and role, "X – formand: A og B".
        phrases = []
        for (body, role), names in groups.items():
            where = " – ".join(x for x in (body, role) if x)
            phrases.append((f"{where}: " if where else "") + _join_names(names))
        return AppointmentLine(item.number, item.title, "; ".join(phrases), page, url, people,
                               lead=_label(item.number, item.title), how=how)
    if item.outcome == "udpeget":
        return AppointmentLine(item.number, item.title, _decision_heart(meeting, item), page, url,
                               lead=_label(item.number, item.title))
    return None


def build_highlights(meeting: Meeting) -> Highlights:
    """The highlights of one meeting (see the module docstring for what is included)."""
    date_text = danish_date(meeting.date)
    next_meeting = find_next_meeting(meeting)
    result = Highlights(
        body=meeting.body,
        date=meeting.date,
        date_text=date_text,
        heading=f"{meeting.body}: hovedpunkter fra mødet den {date_text}",
        source_url=meeting.source_url,
        next_meeting=next_meeting,
        next_meeting_url=meeting.page_url(next_meeting.page) if next_meeting else None,
        paged=meeting.paged,
    )
    for item in meeting.items:
        if item.formal:
            continue
        announces_next = next_meeting is not None and is_next_meeting_item(item) and (
            (item.number, item.title) == (next_meeting.number, next_meeting.title)
        )
        if not announces_next:
            bullet = _bullet(meeting, item)
            if bullet:
                result.bullets.append(bullet)
        appointment = _appointment_line(meeting, item)
        if appointment:
            result.appointments.append(appointment)
        for d in item.dissent:
            page = d.page or item.decision_page or item.page  # the page the quoted sentence stands on
            result.dissent.append(DissentLine(item.number, item.title, d.who, d.text, page, meeting.page_url(page)))
    return result


def select_meeting(kb: KnowledgeBase, date: str | None = None, body: str | None = None) -> Meeting | None:
    """The meeting on date (YYYY-MM-DD) for body, or the newest one matching; None if none."""
    return kb.find_meeting(date=date, body=body)


def meeting_not_found(kb: KnowledgeBase, date: str | None = None, body: str | None = None) -> str:
    """A Danish message saying no meeting matched, listing the meetings there are."""
    wanted = " ".join(
        part for part in (f"den {danish_date(date)}" if date else "", f"for {body}" if body else "") if part
    )
    if not kb.meetings:
        return "Vidensbasen indeholder ingen møder endnu; indlæs et referat med 'kkrbot ingest'."
    available = [m for m in kb.meetings if not body or m.body.casefold() == body.casefold()] or kb.meetings
    listed = ", ".join(f"{m.date} ({m.body})" for m in available)
    return f"Der er intet møde {wanted} i vidensbasen. Tilgængelige møder: {listed}."


# --- renderers ----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _md(text: str) -> str:
    """Escape what Markdown would otherwise read as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _label(number: str | None, title: str) -> str:
    return f"{number} {title}" if number else title


# A page is linked only where the link opens it (a PDF, `#page=N`); a referat on a web page is
# linked once, at the top, and each point says its page. An item with a page of its own on the
# publishing site (FirstAgenda) links there; a source without pages says none.

def _md_link(h: Highlights, page: int, url: str | None) -> str:
    if url and url != h.source_url and not is_pdf_url(url):
        return f"([punktet]({url}))"
    if url and is_pdf_url(url):
        return f"([referat s. {page}]({url}))"
    return f"(referat s. {page})" if h.paged else ""


def _text_link(h: Highlights, page: int, url: str | None) -> str:
    if url and url != h.source_url and not is_pdf_url(url):
        return f"(punktet: {url})"
    if url and is_pdf_url(url):
        return f"(referat s. {page}: {url})"
    return f"(referat s. {page})" if h.paged else ""


def _referat(url: str) -> str:
    """'referatet', or 'referatet på kl.dk' when it is a page on a site rather than the PDF itself."""
    site = "" if is_pdf_url(url) else site_of(url)
    return f"referatet på {site}" if site else "referatet"


def _source(a: AppointmentLine, link: str) -> str:
    """'(punkt 4.1, referat s. 29 …)' when the item isn't the lead already, else the link alone."""
    if a.lead == _label(a.number, a.title) or not a.number:
        return link
    return f"(punkt {a.number}, {link[1:]}" if link else f"(punkt {a.number})"


def render_markdown(h: Highlights) -> str:
    """Markdown that pastes cleanly into a mail, a web page or Discord."""
    out = [f"# {_md(h.heading)}", ""]
    source = f"[{_referat(h.source_url)}]({h.source_url})" if h.source_url else "referatet"
    out += [f"Uddrag af {source}; beslutninger og protokolbemærkninger er citeret ordret.", ""]
    if h.bullets:
        out += ["## Hovedpunkter", ""]
        for b in h.bullets:
            out.append(
                f"- **{_md(_label(b.number, b.title))}** – *{_md(b.label)}.* {_md(b.text)} {_md_link(h, b.page, b.url)}"
            )
            if b.follow_up:
                out.append(f"  - Videre forløb: {_md(b.follow_up)}")
        out.append("")
    if h.appointments:
        out += ["## Udpegninger", ""]
        out += [
            f"- **{_md(a.lead)}**: {_md(a.text)}{' – ' + _md(a.how) if a.how else ''} "
            f"{_source(a, _md_link(h, a.page, a.url))}"
            for a in h.appointments
        ]
        out.append("")
    if h.dissent:
        out += ["## Mindretal og protokolbemærkninger", ""]
        out += [
            f"- **{_md(d.who)}** ({_md(_label(d.number, d.title))}): “{_md(d.text)}” {_md_link(h, d.page, d.url)}"
            for d in h.dissent
        ]
        out.append("")
    if h.next_meeting:
        n = h.next_meeting
        out += ["## Næste møde", "", f"{_md(n.sentence)} {_md_link(h, n.page or 1, h.next_meeting_url)}", ""]
        if n.topics:
            out += ["Forventede punkter på dagsordenen:", ""]
            out += [f"- {_md(t)}" for t in n.topics]
            out.append("")
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def render_text(h: Highlights) -> str:
    """Plain text for Word: no Markdown, links in parentheses."""
    out = [h.heading, ""]
    source = f"{_referat(h.source_url)} ({h.source_url})" if h.source_url else "referatet"
    out += [f"Uddrag af {source}; beslutninger og protokolbemærkninger er citeret ordret.", ""]
    if h.bullets:
        out += ["Hovedpunkter", ""]
        for b in h.bullets:
            out.append(f"• {_label(b.number, b.title)} – {b.label}. {b.text} {_text_link(h, b.page, b.url)}")
            if b.follow_up:
                out.append(f"    Videre forløb: {b.follow_up}")
        out.append("")
    if h.appointments:
        out += ["Udpegninger", ""]
        out += [f"• {a.lead}: {a.text}{' – ' + a.how if a.how else ''} {_source(a, _text_link(h, a.page, a.url))}"
                for a in h.appointments]
        out.append("")
    if h.dissent:
        out += ["Mindretal og protokolbemærkninger", ""]
        out += [
            f"• {d.who} ({_label(d.number, d.title)}): “{d.text}” {_text_link(h, d.page, d.url)}"
            for d in h.dissent
        ]
        out.append("")
    if h.next_meeting:
        n = h.next_meeting
        out += ["Næste møde", "", f"{n.sentence} {_text_link(h, n.page or 1, h.next_meeting_url)}", ""]
        if n.topics:
            out += ["Forventede punkter på dagsordenen:"] + [f"• {t}" for t in n.topics] + [""]
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def highlights_to_dict(h: Highlights) -> dict[str, Any]:
    """A JSON-ready dict of the highlights (same fields as the dataclasses)."""
    return asdict(h)


def render_json(h: Highlights) -> str:
    """The highlights as pretty-printed JSON (UTF-8, Danish letters kept)."""
    return json.dumps(highlights_to_dict(h), ensure_ascii=False, indent=2) + "\n"
