"""What a button or select menu does, written into its custom_id, so it works after a restart.

Every custom_id is `kkr:<action>:<fields…>`, at most 100 characters (Discord's limit). A
meeting is `<yyyymmdd>:<tag>` (tag: 6 hex digits of the body's SHA-1, so ids stay short
whatever the body is called), an item `<meeting>:<number>` (or `#<position>` for an item
without a short plain number). Members and answers are their numeric ids.

    kkr:hel:<item>                       show the whole decision (pages, to the presser only)
    kkr:sag:<item>                       show the case's path across meetings (to the presser only)
    kkr:fejl:<answer>:<item>             open the "Rapportér fejl" form
    kkr:fejlm:<answer>:<item>            that form (a modal's custom_id)
    kkr:andre:<answer>                   the "Andre resultater" menu; its values are items
    kkr:side:<view>:<owner>:<page>:<ref> page `page` of a paged view (hel, sag: an item; hl: a meeting);
                                         owner 0: anyone may page, else only that member
    kkr:hlmd:<meeting>                   the highlights as a Markdown file
    kkr:rapb                             the admin's "Markér som behandlet" menu; its values are report ids
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting

PREFIX = "kkr"
MAX_LENGTH = 100
DECISION, CASE, HIGHLIGHTS = "hel", "sag", "hl"  # the paged views
_PLAIN_NUMBER = re.compile(r"[0-9A-Za-z.\-]{1,12}")
_DATE = re.compile(r"\d{8}")
_TAG = re.compile(r"[0-9a-f]{6}")


def body_tag(body: str) -> str:
    """Six hex digits standing for a body's name."""
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:6]


@dataclass(frozen=True)
class MeetingRef:
    """A meeting, as a custom_id names it."""

    date: str  # YYYY-MM-DD
    tag: str

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingRef:
        """The reference to a meeting."""
        return cls(meeting.date, body_tag(meeting.body))

    @property
    def text(self) -> str:
        """'20221125:1a2b3c'."""
        return f"{self.date.replace('-', '')}:{self.tag}"

    @classmethod
    def parse(cls, text: str) -> MeetingRef | None:
        """The reference in `text`, or None when it is not one."""
        date, _, tag = text.partition(":")
        if not _DATE.fullmatch(date) or not _TAG.fullmatch(tag):
            return None
        return cls(f"{date[:4]}-{date[4:6]}-{date[6:]}", tag)

    def find(self, kb: KnowledgeBase) -> Meeting | None:
        """The meeting in the knowledge base, or None when it is gone."""
        return next((m for m in kb.meetings if m.date == self.date and body_tag(m.body) == self.tag), None)


@dataclass(frozen=True)
class ItemRef:
    """An agenda item, as a custom_id names it."""

    meeting: MeetingRef
    item: str  # the item's number, or '#<position>'

    @classmethod
    def of(cls, meeting: Meeting, item: Item) -> ItemRef:
        """The reference to an item of a meeting."""
        number = item.number or ""
        key = number if _PLAIN_NUMBER.fullmatch(number) else f"#{meeting.items.index(item)}"
        return cls(MeetingRef.of(meeting), key)

    @property
    def text(self) -> str:
        """'20221125:1a2b3c:3.4'."""
        return f"{self.meeting.text}:{self.item}"

    @classmethod
    def parse(cls, text: str) -> ItemRef | None:
        """The reference in `text`, or None when it is not one."""
        head, _, item = text.rpartition(":")
        meeting = MeetingRef.parse(head)
        if meeting is None or not (_PLAIN_NUMBER.fullmatch(item) or re.fullmatch(r"#\d{1,5}", item)):
            return None
        return cls(meeting, item)

    def find(self, kb: KnowledgeBase) -> tuple[Meeting, Item] | None:
        """The meeting and item in the knowledge base, or None when they are gone."""
        meeting = self.meeting.find(kb)
        if meeting is None:
            return None
        if self.item.startswith("#"):
            position = int(self.item[1:])
            return (meeting, meeting.items[position]) if position < len(meeting.items) else None
        item = next((i for i in meeting.items if i.number == self.item), None)
        return (meeting, item) if item is not None else None


@dataclass(frozen=True)
class ShowDecision:
    """'Vis hele beslutningen'."""

    ref: ItemRef


@dataclass(frozen=True)
class ShowCase:
    """'Sagens forløb'."""

    ref: ItemRef


@dataclass(frozen=True)
class OpenReport:
    """'Rapportér fejl': opens the form."""

    answer: int  # 0 when the answer was not recorded
    ref: ItemRef


@dataclass(frozen=True)
class SubmitReport:
    """The 'Rapportér fejl' form, submitted."""

    answer: int
    ref: ItemRef


@dataclass(frozen=True)
class OtherResults:
    """'Andre resultater': the menu of an answer's other items."""

    answer: int


@dataclass(frozen=True)
class Page:
    """Forrige/Næste: page `page` (from 1) of a paged view, for `owner` only (0: anyone)."""

    view: str  # DECISION, CASE or HIGHLIGHTS
    owner: int
    page: int
    ref: ItemRef | MeetingRef


@dataclass(frozen=True)
class HighlightsFile:
    """'Markdown-fil': a meeting's highlights as a file."""

    ref: MeetingRef


@dataclass(frozen=True)
class MarkHandled:
    """The admin's 'Markér som behandlet' menu (the values are report ids)."""


Action = ShowDecision | ShowCase | OpenReport | SubmitReport | OtherResults | Page | HighlightsFile | MarkHandled


def _fields(action: Action) -> list[str]:
    match action:
        case ShowDecision(ref) | ShowCase(ref):
            return [ref.text]
        case OpenReport(answer, ref) | SubmitReport(answer, ref):
            return [str(answer), ref.text]
        case OtherResults(answer):
            return [str(answer)]
        case Page(view, owner, page, ref):
            return [view, str(owner), str(page), ref.text]
        case HighlightsFile(ref):
            return [ref.text]
    return []


_NAMES: dict[type, str] = {ShowDecision: "hel", ShowCase: "sag", OpenReport: "fejl", SubmitReport: "fejlm",
                           OtherResults: "andre", Page: "side", HighlightsFile: "hlmd", MarkHandled: "rapb"}


def encode(action: Action) -> str:
    """The custom_id of an action (never over Discord's 100 characters)."""
    text = ":".join([PREFIX, _NAMES[type(action)], *_fields(action)])
    if len(text) > MAX_LENGTH:
        raise ValueError(f"custom_id over {MAX_LENGTH} characters: {text!r}")
    return text


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 20 else None


def _page(rest: str) -> Page | None:
    view, _, rest = rest.partition(":")
    owner_text, _, rest = rest.partition(":")
    page_text, _, ref_text = rest.partition(":")
    owner, page = _number(owner_text), _number(page_text)
    ref: ItemRef | MeetingRef | None = (MeetingRef.parse(ref_text) if view == HIGHLIGHTS
                                        else ItemRef.parse(ref_text) if view in (DECISION, CASE) else None)
    if owner is None or page is None or ref is None:
        return None
    return Page(view, owner, page, ref)


def _with_answer(rest: str) -> tuple[int, ItemRef] | None:
    answer_text, _, ref_text = rest.partition(":")
    answer, ref = _number(answer_text), ItemRef.parse(ref_text)
    return (answer, ref) if answer is not None and ref is not None else None


def decode(custom_id: str) -> Action | None:
    """The action a custom_id stands for; None for one that is not kkrbot's (or is damaged)."""
    prefix, _, rest = custom_id.partition(":")
    name, _, rest = rest.partition(":")
    if prefix != PREFIX:
        return None
    if name in ("hel", "sag"):
        ref = ItemRef.parse(rest)
        return None if ref is None else ShowDecision(ref) if name == "hel" else ShowCase(ref)
    if name in ("fejl", "fejlm"):
        parsed = _with_answer(rest)
        return None if parsed is None else OpenReport(*parsed) if name == "fejl" else SubmitReport(*parsed)
    if name == "andre":
        answer = _number(rest)
        return None if answer is None else OtherResults(answer)
    if name == "side":
        return _page(rest)
    if name == "hlmd":
        meeting = MeetingRef.parse(rest)
        return None if meeting is None else HighlightsFile(meeting)
    return MarkHandled() if name == "rapb" and not rest else None
