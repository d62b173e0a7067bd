"""What kkrbot's buttons, menus and report form do when pressed; and answers with those controls.

Every press arrives here by its custom_id (bot.discord.components.Control), so a button on an
answer from before a restart works as on a new one. The replies come from the pure modules
(answers, case_replies, highlight_pages, report_replies); this module looks things up, keeps
state (bot.state) and answers within Discord's 3 seconds (bot.discord.respond).
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import discord

from bot.cases import timeline_for
from bot.discord import replies
from bot.discord.answers import answer_reply, shown_of, whole_reply
from bot.discord.case_replies import page_of, timeline_reply
from bot.discord.components import report_modal, submitted_text
from bot.discord.custom_ids import (
    CASE,
    DECISION,
    HIGHLIGHTS,
    Action,
    HighlightsFile,
    ItemRef,
    MarkHandled,
    MeetingRef,
    OpenReport,
    OtherResults,
    Page,
    ShowCase,
    ShowDecision,
    SubmitReport,
    decode,
    encode,
)
from bot.discord.highlight_pages import highlights_file_reply, highlights_reply
from bot.discord.replies import Reply, text_reply
from bot.discord.report_replies import REPORTS_SHOWN, reports_reply, thanks_reply
from bot.discord.respond import respond, send_error, send_reply, update
from bot.highlights import build_highlights
from bot.model import Item, Meeting
from bot.search import Hit
from bot.state.answers import Shown, get_answer, record_answer
from bot.state.reports import add_report, count_open, list_reports, mark_handled

if TYPE_CHECKING:
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)

GONE = ("Det punkt findes ikke længere i vidensbasen (referatet er måske indlæst igen). "
        "Stil gerne spørgsmålet igen.")
NOT_YOURS = "Kun den, der åbnede visningen, kan bladre i den. Tryk selv på knappen under svaret."
ADMINS_ONLY = "Kun administratorer kan behandle rapporter."
UNKNOWN = "Den knap kender jeg ikke (den er fra en ældre udgave af kkrbot). Stil gerne spørgsmålet igen."
NOT_STORED = ("Beklager, din rapport kunne ikke gemmes lige nu. Den er skrevet i loggen, så den er ikke tabt; "
              "prøv gerne igen om lidt.")


def is_admin(member: discord.abc.User, permissions: discord.Permissions, role: int | str | None) -> bool:
    """True when the member has the configured admin role (by id or name), or, with none
    configured, the Administrator permission."""
    roles = getattr(member, "roles", [])
    if role is None:
        return permissions.administrator
    if isinstance(role, int):
        return any(r.id == role for r in roles)
    return any(r.name.casefold() == role.casefold() for r in roles)


class Actions:
    """The bot's answers with controls, and what each control does."""

    def __init__(self, bot: KkrBot) -> None:
        self.bot = bot

    # --- answers (in a worker thread) ----------------------------------------------

    def question(self, question: str, meeting: Meeting | None = None) -> Reply:
        """Search, keep the answer, and reply with it and its controls (or the not-found reply)."""
        extra = self.bot.config.extra_results
        if not self.bot.searcher.kb.meetings:  # nothing to find anything in: say so, not "try other words"
            return replies.text_reply(replies.EMPTY)
        answer = self.bot.searcher.ask(question, limit=1 + extra, meeting=meeting.date if meeting else None,
                                       body=meeting.body if meeting else None)
        if answer.next_meeting is not None or not answer.hits:
            return replies.question_reply(answer, extra)
        return answer_reply(answer.hits, 0, self._record(question, answer.hits[0]), self._has_path(answer.hits[0]))

    def _record(self, question: str, hit: Hit) -> int:
        try:
            return record_answer(self.bot.db, question, shown_of(hit))
        except sqlite3.Error:  # a full disk must not stop the answer; its report then lacks the question
            log.exception("could not record the answer to %r", question)
            return 0

    def _has_path(self, hit: Hit) -> bool:
        return len(timeline_for(self.bot.cases, self.bot.searcher, hit.meeting, hit.item).stages) > 1

    def _chosen(self, answer_id: int, refs: list[ItemRef], chosen: ItemRef) -> Reply:
        """The answer again, showing `chosen` of the menu's items (their words found from the question kept)."""
        kb = self.bot.kb
        found = [(ref, ref.find(kb)) for ref in refs]
        pairs = [(ref, pair) for ref, pair in found if pair is not None]  # the chosen one is there: checked first
        asked = get_answer(self.bot.db, answer_id) if answer_id else None
        searched: dict[ItemRef, Hit] = {}
        if asked is not None:
            for hit in self.bot.searcher.ask(asked.question, limit=len(refs) + 5).hits:
                searched[ItemRef.of(hit.meeting, hit.item)] = hit
        hits = [searched.get(ref) or Hit(m, i, 0.0) for ref, (m, i) in pairs]
        shown = [ref for ref, _ in pairs].index(chosen)
        return answer_reply(hits, shown, answer_id, self._has_path(hits[shown]))

    # --- presses ----------------------------------------------------------------------

    async def on_control(self, interaction: discord.Interaction, custom_id: str, values: list[str],
                         offered: list[str]) -> None:
        """A button pressed or a menu chosen in, on any of the bot's messages."""
        action = decode(custom_id)
        try:
            await self._dispatch(interaction, action, values, offered)
        except Exception:
            log.exception("the control %r failed", custom_id)
            await send_error(interaction)

    async def _dispatch(self, interaction: discord.Interaction, action: Action | None, values: list[str],
                        offered: list[str]) -> None:
        user = interaction.user.id
        match action:
            case ShowDecision(ref):
                await self._private(interaction, ref, lambda m, i: whole_reply(m, i, user, 1))
            case ShowCase(ref):
                await self._private(interaction, ref, lambda m, i: self._timeline(m, i, user))
            case Page():
                await self._page(interaction, action)
            case OpenReport(answer, ref):
                await interaction.response.send_modal(report_modal(encode(SubmitReport(answer, ref))))
            case OtherResults(answer):
                await self._other(interaction, answer, values, offered)
            case HighlightsFile(ref):
                await self._highlights_file(interaction, ref)
            case MarkHandled():
                await self._mark_handled(interaction, values)
            case _:
                await send_reply(interaction, text_reply(UNKNOWN))

    def _timeline(self, meeting: Meeting, item: Item, owner: int, page: int | None = None) -> Reply:
        """The case's path at `page`, or (None) at the page of the item the answer was about."""
        timeline = timeline_for(self.bot.cases, self.bot.searcher, meeting, item)
        return timeline_reply(timeline, page or page_of(timeline, item), owner, ephemeral=True)

    async def _private(self, interaction: discord.Interaction, ref: ItemRef,
                       build: Callable[[Meeting, Item], Reply]) -> None:
        """A new message only the presser sees, about the item `ref` names."""
        def work() -> Reply:
            found = ref.find(self.bot.kb)
            return build(*found) if found else text_reply(GONE)

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    async def _page(self, interaction: discord.Interaction, page: Page) -> None:
        """Forrige/Næste: the same message, at another page."""
        if page.owner and page.owner != interaction.user.id:
            await send_reply(interaction, text_reply(NOT_YOURS))
            return
        kb = self.bot.kb
        if isinstance(page.ref, MeetingRef):
            meeting = page.ref.find(kb) if page.view == HIGHLIGHTS else None
            if meeting is None:
                await send_reply(interaction, text_reply(GONE))
                return
            ref = page.ref
            await update(interaction, lambda: asyncio.to_thread(
                lambda: highlights_reply(build_highlights(meeting), page.page, ref)))
            return
        found = page.ref.find(kb)
        if found is None or page.view not in (DECISION, CASE):
            await send_reply(interaction, text_reply(GONE if found is None else UNKNOWN))
            return
        build = whole_reply if page.view == DECISION else self._timeline
        await update(interaction, lambda: asyncio.to_thread(build, *found, page.owner, page.page))

    async def _other(self, interaction: discord.Interaction, answer: int, values: list[str],
                     offered: list[str]) -> None:
        """'Andre resultater': the chosen item in place of the one shown, for everyone."""
        refs = [ref for ref in (ItemRef.parse(v) for v in offered) if ref is not None]
        chosen = ItemRef.parse(values[0]) if values else None
        if chosen is None or chosen not in refs or chosen.find(self.bot.kb) is None:
            await send_reply(interaction, text_reply(GONE))
            return
        await update(interaction, lambda: asyncio.to_thread(self._chosen, answer, refs, chosen))

    async def _highlights_file(self, interaction: discord.Interaction, ref: MeetingRef) -> None:
        def work() -> Reply:
            meeting = ref.find(self.bot.kb)
            return highlights_file_reply(build_highlights(meeting)) if meeting else text_reply(GONE)

        await respond(interaction, lambda: asyncio.to_thread(work), ephemeral=True)

    # --- reports ------------------------------------------------------------------------

    async def on_modal(self, interaction: discord.Interaction) -> None:
        """A submitted form: 'Rapportér fejl' is stored with the question and the answer shown."""
        data = cast("dict[str, object]", interaction.data or {})
        action = decode(str(data.get("custom_id", "")))
        if not isinstance(action, SubmitReport):
            return  # another modal: its own on_submit answers it
        text = submitted_text(interaction)
        try:
            number = await asyncio.to_thread(self._store_report, interaction.user.id, text, action)
        except Exception:
            # The member's words must not be lost: they go to the log with what they were about.
            log.exception("storing a report failed; member %s about %s wrote: %r", interaction.user.id,
                          encode(action), text)
            await send_reply(interaction, text_reply(NOT_STORED))
            return
        await send_reply(interaction, thanks_reply(number))

    def _store_report(self, user: int, text: str, action: SubmitReport) -> int:
        asked = get_answer(self.bot.db, action.answer) if action.answer else None
        ref = action.ref
        found = ref.find(self.bot.kb)
        # What the button named (the item may be gone from the knowledge base since).
        shown = Shown(found[0].body, found[0].date, found[1].number, found[1].title) if found else Shown(
            date=ref.meeting.date, item=ref.item)
        if asked is not None and (asked.shown.date, asked.shown.item) == (shown.date, shown.item):
            shown = asked.shown  # the answer as it was shown, with the search's tier
        return add_report(self.bot.db, user, text, asked.question if asked else None, shown)

    def reports(self) -> Reply:
        """The open reports for /rapporter."""
        return reports_reply(list_reports(self.bot.db, limit=REPORTS_SHOWN), count_open(self.bot.db))

    async def _mark_handled(self, interaction: discord.Interaction, values: list[str]) -> None:
        if not is_admin(interaction.user, interaction.permissions, self.bot.config.admin_role):
            await send_reply(interaction, text_reply(ADMINS_ONLY))
            return
        ids = [int(v) for v in values if v.isdigit()]
        by = f"{interaction.user.name} ({interaction.user.id})"

        def work() -> Reply:
            done = mark_handled(self.bot.db, ids, by)
            reply = self.reports()
            if done:
                numbers = ", ".join(f"nr. {n}" for n in done)
                reply.content = f"Markeret som behandlet: {numbers}." if reply.embed else reply.content
            return reply

        await update(interaction, lambda: asyncio.to_thread(work))
