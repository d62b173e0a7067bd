"""An answer and what a member can do with it, without typing again: read the whole decision,
pick another result, follow the case, report a wrong answer. Pure: Replies with controls.

Under an answer (public: anyone may press):
  row 0  [Vis hele beslutningen] (when the embed shows only part) [Sagens forløb] (when the case
         was on other meetings' agendas) [Rapportér fejl]
  row 1  «Andre resultater»: every result, the one shown marked; choosing one shows it instead.
"""
from __future__ import annotations

from bot.discord.controls import OPTION_TEXT, OPTIONS, Button, Control, Option, Select, label, pager
from bot.discord.custom_ids import DECISION, ItemRef, OpenReport, OtherResults, ShowCase, ShowDecision, encode
from bot.discord.paging import clamp, paginate
from bot.discord.replies import DESCRIPTION, TITLE, Reply, build_embed, decision_reply, escape, meeting_name, shorten
from bot.model import Item, Meeting
from bot.search import Hit
from bot.state.answers import Shown

PAGE_CHARS = 3500  # a page of the whole decision: under the embed's 4096, shorter on a phone


def whole_text(item: Item) -> str:
    """What 'Vis hele …' shows: the decision, or for an item without one the item's text."""
    return item.decision.strip() or item.section_text().strip()


def shows_whole(item: Item, reply: Reply) -> bool:
    """Whether the answer's embed already shows the whole decision (or text) of the item."""
    description = reply.embed.description if reply.embed is not None else None
    return escape(whole_text(item)) in (description or "")


def tier_of(hit: Hit) -> str | None:
    """The search's tier for a hit ('svar', 'nærmeste'), once the search gives one."""
    tier = getattr(hit, "tier", None)
    return tier if isinstance(tier, str) else None


def shown_of(hit: Hit) -> Shown:
    """What an answer showed, as the database keeps it."""
    return Shown(hit.meeting.body, hit.meeting.date, hit.item.number, hit.item.title, tier_of(hit))


def _option(hit: Hit, default: bool) -> Option:
    return Option(label(hit.item.label, OPTION_TEXT), ItemRef.of(hit.meeting, hit.item).text,
                  label(meeting_name(hit.meeting), OPTION_TEXT), default)


def answer_controls(hits: list[Hit], shown: int, answer_id: int, whole: bool, case_path: bool) -> list[Control]:
    """The buttons and the 'Andre resultater' menu under the answer showing hits[shown]."""
    hit = hits[shown]
    ref = ItemRef.of(hit.meeting, hit.item)
    controls: list[Control] = []
    if not whole:
        what = "beslutningen" if hit.item.decision.strip() else "punktet"
        controls.append(Button(f"Vis hele {what}", encode(ShowDecision(ref)), "primary"))
    if case_path:
        controls.append(Button("Sagens forløb", encode(ShowCase(ref))))
    controls.append(Button("Rapportér fejl", encode(OpenReport(answer_id, ref)), "danger"))
    if len(hits) > 1:
        options = tuple(_option(h, n == shown) for n, h in enumerate(hits[:OPTIONS]))
        controls.append(Select(encode(OtherResults(answer_id)), f"Andre resultater ({len(options) - 1})", options))
    return controls


def answer_reply(hits: list[Hit], shown: int, answer_id: int, case_path: bool) -> Reply:
    """The answer showing hits[shown], the other hits under 'Se også' and in the menu, with its buttons."""
    hit = hits[shown]
    reply = decision_reply(hit, hits[:shown] + hits[shown + 1:])
    reply.controls = answer_controls(hits, shown, answer_id, shows_whole(hit.item, reply), case_path)
    return reply


def whole_reply(meeting: Meeting, item: Item, owner: int, page: int) -> Reply:
    """Page `page` of the item's whole decision, private to `owner`, with Forrige/Næste."""
    pages = paginate(whole_text(item), min(PAGE_CHARS, DESCRIPTION))
    page = clamp(page, len(pages))
    title = shorten(item.label, TITLE)
    footer = f"Side {page} af {len(pages)} · {meeting_name(meeting)}"
    url = meeting.item_url(item, item.decision_page or item.page)
    embed = build_embed(title, url, pages[page - 1], [], footer[:200])
    return Reply(embed=embed, ephemeral=True,
                 controls=pager(DECISION, owner, page, len(pages), ItemRef.of(meeting, item)))
