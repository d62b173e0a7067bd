"""New meetings against members' subscriptions: which items to notify whom about. Pure (no Discord, no database).

An item is worth a notification when it answers the subscription's topic confidently: the search's
own answer tier, what /beslutning would show as the answer, not a mere keyword hit.
`confident_hits` is the one place that decides it (a later search with tiers changes only it).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.dates import danish_date
from bot.fetch.listing import base_name
from bot.model import Item, Meeting
from bot.search import Hit, Searcher
from bot.state.news import meeting_key
from bot.state.subscriptions import Subscription

MAX_ITEMS = 5  # per subscription and meeting: a meeting that answers a topic ten times is one topic
DECISION_CHARS = 3000  # of the decision kept in a notice (a DM shows less)


def is_news(meeting: Meeting) -> bool:
    """Whether a meeting is worth announcing: it has decided something (an agenda published before the
    meeting has no decisions yet; it is announced when its minutes arrive)."""
    return any(item.decision.strip() for item in meeting.items)


def item_key(meeting: Meeting, item: Item) -> str:
    """An item's key for the notifications: the meeting's key and the item's number (or #position)."""
    number = item.number or f"#{next(n for n, i in enumerate(meeting.items, 1) if i is item)}"
    return f"{meeting_key(meeting.identity)}|{number}"


def item_link(meeting: Meeting, item: Item) -> str | None:
    """The item's own page on a publication site, else the referat's page where its decision stands."""
    return meeting.item_url(item, item.decision_page or item.page)


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _kommune(name: str | None) -> str:
    folded = _fold(name)
    return folded.removesuffix(" kommune").strip()


def covers(subscription: Subscription, meeting: Meeting) -> bool:
    """Whether the subscription's kommune and udvalg (when it names them) are the meeting's."""
    if subscription.kommune and _kommune(subscription.kommune) != _kommune(meeting.municipality):
        return False
    if subscription.udvalg:
        names = {meeting.body, meeting.body_source or meeting.body}
        names |= {base_name(n) for n in names}
        if _fold(subscription.udvalg) not in {_fold(n) for n in names}:
            return False
    return True


def confident_hits(searcher: Searcher, topic: str, meeting: Meeting) -> list[Hit]:
    """The meeting's items that answer `topic` confidently: the search's answer tier (hits at or above
    its calibrated answer threshold), searched in this meeting only, best first."""
    answer = searcher.ask(topic, limit=MAX_ITEMS, meeting=meeting.date, body=meeting.body)
    # The search narrows by date and body; a body meeting twice a day is told apart here.
    return [hit for hit in answer.hits if hit.meeting.identity == meeting.identity]


@dataclass(frozen=True)
class Notice:
    """What one subscriber is told about one item (stored as JSON, so a retry sends the same)."""

    subscription_id: int
    topic: str
    item: str  # item_key
    title: str  # "3.4 DK2020-klimapartnerskabet efter 2023"
    decision: str  # verbatim, possibly cut; empty when the item has none
    link: str | None
    meeting: str  # "Greve Byråd · 8. september 2025"
    channel_id: int | None = None  # None: by DM to the subscription's owner

    def to_json(self) -> str:
        """The notice as stored."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Notice:
        """A stored notice."""
        return cls(**json.loads(text))


def notice_of(subscription: Subscription, meeting: Meeting, item: Item) -> Notice:
    """The notice of one item for one subscription."""
    name = f"{meeting.body} · {danish_date(meeting.date)}"
    return Notice(subscription.id, subscription.topic, item_key(meeting, item), item.label,
                  item.decision.strip()[:DECISION_CHARS], item_link(meeting, item), name, subscription.channel_id)


def notices_for(searcher: Searcher, subscriptions: list[Subscription],
                meeting: Meeting) -> list[tuple[Subscription, Notice]]:
    """Each subscription's notices for a new meeting: the items answering its topic confidently, in the
    meetings it covers. One subscriber with two topics matching one item gets it once."""
    found: list[tuple[Subscription, Notice]] = []
    seen: set[tuple[str, str]] = set()
    for subscription in subscriptions:
        if not covers(subscription, meeting):
            continue
        for hit in confident_hits(searcher, subscription.topic, meeting):
            notice = notice_of(subscription, meeting, hit.item)
            if (subscription.subscriber, notice.item) not in seen:
                seen.add((subscription.subscriber, notice.item))
                found.append((subscription, notice))
    return found
