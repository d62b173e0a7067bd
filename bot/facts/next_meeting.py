"""The next meeting announced in a referat: date, time and expected topics.

Read from the item titled like *Punkter til næste møde* (or *Næste møde*): the first
sentence naming the next meeting and a date after this meeting gives date and time,
and the dash list after a line such as "Der forventes foreløbigt følgende punkter på
dagsordenen:" gives the topics, verbatim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.facts.when import date_refs
from bot.model import Item, Meeting, page_at
from bot.sentences import is_bullet, sentence_spans

_TITLE = re.compile(r"(?i:\bnæste\s+møde\b)")
_ANNOUNCES = re.compile(r"(?i:\bnæste\s+(?:\w+-)?møde\b|\bmødet\s+(?:afholdes|holdes)\b)")
_TIME = re.compile(
    r"(?i:(?:\bfra\s+)?\bkl\.?\s*\d{1,2}(?:[.:]\d{2})?"
    r"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?\d{1,2}(?:[.:]\d{2})?)?)"
)
_TOPICS_INTRO = re.compile(r"(?i:\b(?:punkter|emner|sager|dagsorden\w*)\b.*:\s*$)")
_BULLET_MARK = re.compile(r"^(?:[–\-•▪●◦*·]|\d{1,2}[.)]|[a-z][.)])\s+")


@dataclass
class NextMeeting:
    """The next meeting as announced: ISO date, time as written, verbatim sentence, topics."""

    date: str | None
    time: str | None
    sentence: str
    topics: list[str] = field(default_factory=list)
    number: str | None = None
    title: str = ""
    page: int | None = None  # where the sentence stands


def is_next_meeting_item(item: Item) -> bool:
    """True for the item that announces the next meeting (*Punkter til næste møde*)."""
    return bool(_TITLE.search(item.title))


def _item_text(item: Item) -> str:
    return "\n\n".join(t for t in (item.section_text(), item.decision) if t)


def _page_in_item_text(item: Item, offset: int) -> int:
    """The page of the character at `offset` of `_item_text(item)`."""
    start = 0
    for section in item.sections:
        if not section.text:
            continue
        if offset < start + len(section.text):
            return page_at(section, max(offset - start, 0))
        start += len(section.text) + 2
    return item.decision_page or item.page


def parse_topics(text: str) -> list[str]:
    """The list lines after an intro like 'følgende punkter på dagsordenen:', verbatim."""
    lines = [line.strip() for line in text.split("\n")]
    for start, line in enumerate(lines):
        if not _TOPICS_INTRO.search(line):
            continue
        topics: list[str] = []
        for following in lines[start + 1:]:
            if not following:
                if topics:
                    break
                continue
            if not is_bullet(following):
                break
            topics.append(_BULLET_MARK.sub("", following).rstrip(" .;,"))
        if topics:
            return topics
    return []


def parse_next_meeting(item: Item, meeting_date: str | None = None) -> NextMeeting | None:
    """Date, time and topics of the next meeting from one item's text, or None."""
    text = _item_text(item)
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if not _ANNOUNCES.search(sentence):
            continue
        flat = " ".join(sentence.split())
        dates = [
            ref.iso for ref in date_refs(flat, meeting_date)
            if ref.iso and (not meeting_date or ref.after(meeting_date))
        ]
        if not dates:
            continue
        time = _TIME.search(flat)
        return NextMeeting(
            date=dates[0],
            time=time[0] if time else None,
            sentence=flat,
            topics=parse_topics(text),
            number=item.number,
            title=item.title,
            page=_page_in_item_text(item, start),
        )
    return None


def find_next_meeting(meeting: Meeting) -> NextMeeting | None:
    """The next meeting announced in a referat: its *næste møde* item first, then any item."""
    candidates = sorted(meeting.items, key=lambda item: not is_next_meeting_item(item))
    for item in candidates:
        found = parse_next_meeting(item, meeting.date)
        if found:
            return found
    return None
