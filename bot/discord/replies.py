"""Discord replies built from the knowledge base: pure functions, no I/O.

Every function here returns a `Reply` (content, embed, attachment) that fits
Discord's limits whatever the input, with text from the referat escaped so
markdown and mentions in a PDF are shown, never executed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.answer_text import NOT_SURE, is_announcement, matched_words, missing_text
from bot.dates import danish_date
from bot.decision_text import NO_DECISION
from bot.discord.controls import Control
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting, is_pdf_url, page_at, site_of
from bot.search import Answer, Hit
from bot.search.appointments import AppointmentHit, hit_fields
from bot.search.cases import path_text
from bot.search.display import body_name
from bot.search.markup import strip_markup
from bot.search.passage import Passage
from bot.search.upcoming import Announced

# Discord's documented limits (characters).
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
TOTAL = 6000
CHOICES = 25
CHOICE_NAME = 100

COLOR = 0x1F5F8B
ELLIPSIS = "…"

_MENTION_LIKE = re.compile(r"<(?=[@#/]|a?:\w|t:-?\d)")
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before whitespace
# and an upper-case letter, digit or quote; a paragraph break always ends one.
_SENTENCE_END = re.compile(r"[.!?][\"'”»)\]]*(?=\s+[A-ZÆØÅ0-9\"'“«(–-])|\n")
_WORD_END = re.compile(r"\S(?=\s)")


@dataclass
class Reply:
    """One message to send: content, embed and/or a text attachment, and the buttons and menus under it."""

    content: str | None = None
    embed: discord.Embed | None = None
    attachment: tuple[str, str] | None = None  # (file name, text)
    ephemeral: bool = False
    controls: list[Control] = field(default_factory=list)


def escape(text: str) -> str:
    """Text from a referat made safe to show: markdown escaped, mentions defused."""
    # Line by line: discord.py's escape_markdown, given a blank line before a list line
    # ("…\n\n- KKR …"), escapes the blank line instead and leaves the "-" a bullet.
    text = escape_mentions("\n".join(escape_markdown(line) for line in text.split("\n")))
    return _MENTION_LIKE.sub("<\u200b", text)


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def fit(text: str, limit: int, suffix: str = ELLIPSIS) -> str:
    """Escaped text within `limit` chars, cut at a sentence (else word) boundary plus `suffix`.

    The suffix is only added when something was cut. The result never exceeds the
    limit, whatever the text, so nothing fails because a text is too long.
    """
    text = text.strip()
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    tail = suffix if suffix == ELLIPSIS else f"\n\n{suffix}"
    budget = limit - len(tail)
    if budget <= 0:
        return suffix[:limit]
    for pattern in (_SENTENCE_END, _WORD_END):
        # Escaping never shortens text, so only raw prefixes within budget can fit.
        for end in reversed([p for p in _cut_points(text, pattern) if p <= budget]):
            head = escape(text[:end].rstrip())
            if head and len(head) <= budget:
                return head + tail
    # One unbroken run of characters: the longest raw prefix whose escape fits.
    low, high = 0, min(len(text), budget)
    while low < high:
        mid = (low + high + 1) // 2
        if len(escape(text[:mid])) <= budget:
            low = mid
        else:
            high = mid - 1
    return escape(text[:low]) + tail


def shorten(text: str, limit: int) -> str:
    """Escaped one-line text within `limit`, cut at a word with '…' when too long."""
    return fit(" ".join(text.split()), limit)


def one_line(text: str, limit: int) -> str:
    """Raw (unescaped) one-line text within about `limit`, cut at a word with '…': for
    quoting inside a message that is escaped as a whole (escaping twice shows backslashes)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return (text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]) + ELLIPSIS


def _link_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def link(text: str, url: str | None) -> str:
    """`[text](url)` with both parts made safe; just the text when there is no URL."""
    shown = escape(_link_text(text))
    if not url:
        return shown
    return f"[{shown}]({url.replace(' ', '%20').replace(')', '%29')})"


def meeting_name(meeting: Meeting) -> str:
    """'KKR Hovedstaden · 25. november 2022', 'Økonomiudvalget, Greve Kommune · 27. august 2025'."""
    return f"{body_name(meeting)} · {danish_date(meeting.date)}"


def decision_page(item: Item) -> int:
    """The page where the item's decision stands (or where the item starts)."""
    return item.decision_page or item.page


def text_page(item: Item) -> int:
    """The page where the item's section text (`Item.section_text`) starts."""
    return next((page_at(s, 0) for s in item.sections if s.text), item.page)


def read_more(item: Item) -> str:
    """The ending of a cut decision, pointing at its page in the referat."""
    return f"{ELLIPSIS} læs hele beslutningen i referatet (s. {decision_page(item)})"


def page_link(url: str | None, page: int, label: str = "Referat") -> str:
    """'[Referat, s. 17](….pdf#page=17)' where the link opens the page (a PDF); a referat on a
    web page is linked as it is, its page said beside the link: '[Referatet på kl.dk](…), s. 17'."""
    if url and not is_pdf_url(url):
        site = site_of(url)
        return f"{link(f'Referatet på {site}' if site else 'Referatet', url)}, s. {page}"
    return link(f"{label}, s. {page}", url)


def source_link(meeting: Meeting, item: Item) -> str:
    """Where the item's decision stands: '[Referat, s. 17](source_url#page=17)' (see page_link); an
    item with its own page on the publishing site links there, and a source without pages says none."""
    if item.url:
        return link("Punktet", item.url)
    page = decision_page(item)
    url = meeting.page_url(page)
    if not meeting.paged:
        return link("Referatet", url)
    return page_link(url, page)


def _embed_size(title: str, fields: list[tuple[str, str]], footer: str = "") -> int:
    return len(title) + len(footer) + sum(len(n) + len(v) for n, v in fields)


def build_embed(title: str, url: str | None, description: str,
                 fields: list[tuple[str, str, bool]], footer: str = "") -> discord.Embed:
    """An embed in kkrbot's colour from parts already within Discord's limits (at most 25 fields kept)."""
    embed = discord.Embed(title=title, url=url, description=description or None, color=COLOR)
    for name, value, inline in fields[:FIELDS]:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    return embed


def lines_within(lines: Iterable[str], limit: int, more: str = "{n} flere") -> str:
    """Whole lines joined by newlines within limit; the rest summarised as '… og N flere'."""
    lines = list(lines)
    kept: list[str] = []
    for i, line in enumerate(lines):
        rest = len(lines) - i - 1
        note = [f"{ELLIPSIS} og {more.format(n=rest)}"] if rest else []
        if len("\n".join(kept + [line] + note)) > limit:
            break
        kept.append(line)
    left = len(lines) - len(kept)
    if left:
        last = f"{ELLIPSIS} og {more.format(n=left)}"
        if len("\n".join([*kept, last])) <= limit:
            kept.append(last)
    return "\n".join(kept)


def _item_line(hit: Hit, same_meeting: bool) -> str:
    label = hit.item.label if same_meeting else f"{hit.item.label} ({danish_date(hit.meeting.date)})"
    return "• " + link(" ".join(label.split())[:200], hit.url)


def decision_body(item: Item, limit: int, passage: Passage | None = None) -> str:
    """The verbatim decision within limit. An item without one shows, clearly labelled,
    what the referat reports: the passage that matched the question, else its text."""
    if item.decision.strip():
        return fit(item.decision, limit, read_more(item))
    if passage is not None:
        note = f"*{NO_DECISION} Fra punktets tekst ({passage.heading}, s. {passage.page}):*"
        excerpt, page = passage.text, passage.page
    else:
        note = f"*{NO_DECISION} Referatet skriver:*"
        excerpt, page = item.section_text(), text_page(item)
    if not excerpt or limit < len(note) + 20:
        return f"*{NO_DECISION}*"[:limit]
    return note + "\n\n" + fit(excerpt, limit - len(note) - 2, f"{ELLIPSIS} læs mere i referatet (s. {page})")


def decision_reply(hit: Hit, also: list[Hit] | None = None) -> Reply:
    """The answer to a question: the item's decision as an embed, with the paragraph that
    matched when the decision doesn't show it, 'Se også', and the words it was found on."""
    meeting, item = hit.meeting, hit.item
    title = shorten(item.label, TITLE)
    passage = hit.passage
    source = source_link(meeting, item)
    if passage is not None and passage.page != decision_page(item):  # the quote's own page too
        passage_url = meeting.page_url(passage.page)
        source += " · " + link(f"uddrag, s. {passage.page}", passage_url if passage_url != hit.url else None)
    fields = [
        ("Møde", shorten(meeting_name(meeting), FIELD_VALUE), True),
        ("Kilde", source, True),
    ]
    if hit.tier == "nærmeste":  # not certainly what was asked: say so first, with what it lacks
        note = NOT_SURE + (f" ({missing_text(hit.missing)})" if hit.missing else "")
        fields.insert(0, ("Nærmeste svar", fit(escape(note), FIELD_VALUE), False))
    if hit.path:
        fields.append(("Sagens forløb", fit(path_text(hit.path, FIELD_VALUE), FIELD_VALUE), False))
    if passage is not None and item.decision.strip():
        fields.append((shorten(f"Fra punktets tekst ({passage.heading}, s. {passage.page})", FIELD_NAME),
                       fit(passage.text, FIELD_VALUE), False))
    if also:
        lines = [_item_line(h, h.meeting.key == meeting.key) for h in also]
        fields.append(("Se også", lines_within(lines, FIELD_VALUE), False))
    footer = one_line(f"Fundet på: {matched_words(hit)}", FOOTER) if hit.matched else ""
    used = _embed_size(title, [(n, v) for n, v, _ in fields], footer)
    if used > TOTAL - 500:  # absurdly long names: the decision matters more than the extras
        fields, footer = fields[:2], ""
        used = _embed_size(title, [(n, v) for n, v, _ in fields])
    description = decision_body(item, min(DESCRIPTION, TOTAL - used), passage)
    return Reply(embed=build_embed(title, hit.url, description, fields, footer))


def not_found_reply(answer: Answer) -> Reply:
    """The short ephemeral reply when nothing relevant was found, with 'mente du …?'."""
    question = one_line(strip_markup(answer.question), 300)  # escaped with the whole text below
    where = f"referatet fra {answer.scope}" if answer.scope else "referaterne"
    text = f"Jeg fandt ikke noget i {where}, der svarer på »{question}«."
    if answer.scope_missing:
        text = f"Jeg har ikke referatet fra {answer.scope}. Brug /møder for at se de møder, jeg kender."
    elif not answer.words and not answer.suggestions:
        about = answer.scope or "referaterne"
        text = (f"Skriv hvad du vil vide om {about}, fx »Hvad blev besluttet om DK2020?«. "
                "Et mødes hovedpunkter får du med /highlights.")
    elif answer.suggestions:
        names = [one_line(h.item.label, 200) for h in answer.suggestions[:3]]
        text += f"\nMente du {' eller '.join(names)}?"
    else:
        text += "\nPrøv med andre ord, fx navnet på sagen, et udvalg eller en kommune."
    return Reply(content=fit(text, CONTENT), ephemeral=True)


def text_reply(text: str, ephemeral: bool = True) -> Reply:
    """A plain message of our own words (not escaped), within the content limit."""
    if len(text) > CONTENT:
        text = text[: CONTENT - 1] + ELLIPSIS
    return Reply(content=text, ephemeral=ephemeral)


def reload_reply(kb: KnowledgeBase, error: str | None) -> Reply:
    """The admin's answer to /genindlæs: what is loaded now, or which file is broken."""
    items = sum(len(m.items) for m in kb.meetings)
    meetings = len(kb.meetings)
    now = f"{meetings} {'møde' if meetings == 1 else 'møder'}, {items} {'punkt' if items == 1 else 'punkter'}"
    if error is None:
        return text_reply(f"Vidensbasen er genindlæst: {now}.")
    head = f"Genindlæsningen mislykkedes, så jeg bruger stadig den gamle vidensbase ({now}).\nFejl:\n"
    return Reply(content=head + fit(error, CONTENT - len(head)), ephemeral=True)


EMPTY = "Vidensbasen er tom: der er ingen referater indlæst endnu."


def meetings_reply(meetings: list[Meeting]) -> Reply:
    """The meetings in the knowledge base, newest first."""
    if not meetings:
        return text_reply(EMPTY)
    ordered = sorted(meetings, key=lambda m: (m.date, m.body), reverse=True)
    lines = []
    for m in ordered:
        decisions = sum(1 for i in m.items if i.decision.strip())
        lines.append(f"• {link(meeting_name(m), m.source_url)}: {len(m.items)} punkter, {decisions} beslutninger")
    description = lines_within(lines, DESCRIPTION, "{n} møder mere")
    title = f"Møder i vidensbasen ({len(ordered)})"
    return Reply(embed=build_embed(title, None, description, []), ephemeral=True)


def appointments_reply(query: str, hits: list[AppointmentHit], empty: bool = False) -> Reply:
    """Appointments matching a search: person (party), municipality, body, role, meeting, link."""
    if not hits and empty:
        return text_reply(EMPTY)
    if not hits:
        text = f"Jeg fandt ingen udpegninger, der passer på »{one_line(query, 300)}«."
        return Reply(content=fit(text, CONTENT), ephemeral=True)
    title = shorten(f"Udpegninger: {query}", TITLE)
    fields: list[tuple[str, str, bool]] = []
    used = len(title) + 60  # room for the footer
    for hit in hits[:FIELDS]:
        pairs = dict(hit_fields(hit))
        name = shorten(pairs.pop("Person"), FIELD_NAME)
        pairs.pop("Kilde", None)
        source = page_link(hit.url, hit.page)  # the page the appointment stands on
        lines = [f"**{label}:** {escape(value)}" for label, value in pairs.items()]
        value = lines_within(lines, FIELD_VALUE - len(source) - 1) + "\n" + source
        if used + len(name) + len(value) > TOTAL:
            break
        fields.append((name, value, False))
        used += len(name) + len(value)
    left = len(hits) - len(fields)
    footer = f"{left} udpegninger mere – søg mere præcist" if left else ""
    return Reply(embed=build_embed(title, None, "", fields, footer))


def discord_markdown(markdown: str) -> str:
    """Markdown from bot.highlights made fit for an embed: headings as bold lines, mentions defused."""
    lines = [f"**{line[3:]}**" if line.startswith("## ") else line for line in markdown.splitlines()]
    text = escape_mentions("\n".join(lines).strip())
    return _MENTION_LIKE.sub("<\u200b", text)


def meeting_choices(meetings: list[Meeting], typed: str) -> list[tuple[str, str]]:
    """Autocomplete choices (name, value) for `møde`: matching meetings, newest first, ≤ 25."""
    needle = typed.casefold().strip()
    choices = []
    for m in sorted(meetings, key=lambda m: (m.date, m.body), reverse=True):
        name = meeting_name(m)
        if needle and needle not in name.casefold() and needle not in m.date:
            continue
        value = f"{m.date} {m.body}"
        choices.append((clip(name, CHOICE_NAME), clip(value, CHOICE_NAME)))
        if len(choices) == CHOICES:
            break
    return choices


def clip(text: str, limit: int) -> str:
    """Text within limit, ending in '…' when cut (for our own short labels, not referat text)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def next_meeting_reply(announced: Announced, also: list[Hit]) -> Reply:
    """The next meeting as the newest referat announces it: date and time, expected topics,
    source; 'Se også' for other items that matched."""
    meeting, nxt = announced.meeting, announced.next
    if nxt is None:
        return text_reply(f"Referatet fra {meeting_name(meeting)} (det nyeste) nævner ikke, hvornår næste møde er.")
    when = " ".join(x for x in (danish_date(nxt.date) if nxt.date else None, nxt.time) if x)
    title = shorten(f"Næste møde: {when}", TITLE)
    fields = [
        ("Ifølge referatet fra", shorten(meeting_name(meeting), FIELD_VALUE), True),
        ("Kilde", page_link(announced.url, nxt.page or 1), True),
    ]
    if also:
        lines = [_item_line(h, h.meeting.key == meeting.key) for h in also]
        fields.append(("Se også", lines_within(lines, FIELD_VALUE), False))
    used = _embed_size(title, [(n, v) for n, v, _ in fields])
    description = fit(nxt.sentence, min(DESCRIPTION, TOTAL - used) // 2)
    if nxt.topics:
        head = "\n\n**Forventede punkter på dagsordenen**\n"
        room = min(DESCRIPTION, TOTAL - used) - len(description) - len(head)
        description += head + lines_within((f"• {shorten(t, 300)}" for t in nxt.topics), room, "{n} punkter mere")
    return Reply(embed=build_embed(title, announced.url, description, fields))


def question_reply(answer: Answer, extra: int) -> Reply:
    """The answer without controls: the next meeting when asked about, the best item's decision
    with 'Se også', or the not-found reply."""
    if answer.next_meeting is not None:
        others = [h for h in answer.hits if not is_announcement(h, answer.next_meeting)]
        return next_meeting_reply(answer.next_meeting, others[:extra])
    if not answer.hits:
        return not_found_reply(answer)
    return decision_reply(answer.hits[0], answer.hits[1: 1 + extra])
