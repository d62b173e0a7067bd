"""One run of `kkrbot hent` against a site: list, plan, fetch each meeting, ingest it, record it.

Each meeting's outcome is stored as soon as it is known (bot/state/fetched.py), so a run that
stops resumes at the next one. A document identical to the one last ingested, or one that
gives exactly the knowledge file already there, writes nothing. A meeting written (new or
changed) becomes an arrival: the bot reloads to serve it and announces it, except in a site's first
run (a backfill of years of minutes is served, not announced) or when `announce` is off.

With `Request.embed`, each meeting ingested (written, or found unchanged) then gets its passage
vectors brought up to date in the same step (only changed passages are embedded). The arrival is
recorded first, so a run killed while embedding still has the meeting announced; the next run
finds the knowledge file unchanged and makes the vectors it lacks. A failure to make them is
reported in the Outcome; the meeting stays, searched with keywords until `kkrbot vectors`.
"""
from __future__ import annotations

import asyncio
import datetime
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.fetch.client import FetchError, PoliteClient, Politeness
from bot.fetch.listing import AGENDA_PATH, LISTING_PATH, ListingError, decode_listing, parse_listing
from bot.fetch.plan import Planned, plan_fetch, unknown_committees
from bot.ingest.firstagenda import decode_publication
from bot.ingest.lines import IngestError
from bot.knowledge.sources import ingest_bytes
from bot.knowledge.store import KnowledgeError, dump_meeting, meeting_path, write_meeting
from bot.knowledge.vectors import Embed, Update, VectorError, refresh_vectors
from bot.model import Meeting
from bot.state.db import Database, now_utc, utc_stamp
from bot.state.fetched import Fetched, finish_run, known_meetings, record_fetch, start_run
from bot.state.news import add_arrival, meeting_key

log = logging.getLogger(__name__)

WRITTEN_NEW, WRITTEN_CHANGED, UNCHANGED, FAILED = "ny", "ændret", "uændret", "fejl"
# How the blocking steps (parsing, writing, the database) are run: in a worker thread (the bot, whose
# event loop must keep answering), or inline (`inline`: a command with nothing else to do).
Offload = Callable[..., Awaitable[Any]]


async def inline(func: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking step in the event loop's own thread."""
    return func(*args)


async def _whole(step: Awaitable[Any]) -> Any:
    """Await a blocking step; when the run is cancelled meanwhile, let the step finish first (a worker
    thread can't be stopped half-way), so the state says exactly what was done when the run stops."""
    task = asyncio.ensure_future(step)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait({task})
        raise


class UnknownCommittee(Exception):
    """`--udvalg` names a committee the site does not list (the message is Danish and lists those it does)."""


@dataclass(frozen=True)
class Request:
    """What to fetch from a site, and how."""

    site: str  # https://dagsordener.greve.dk
    knowledge: Path
    kommune: str | None = None
    udvalg: list[str] = field(default_factory=list)
    siden: str | None = None
    everything: bool = False  # --alle: check every meeting, not only new, changed and recent ones
    announce: bool = True  # the bot announces what is written (never in a site's first run)
    recheck_days: int = 14
    politeness: Politeness = field(default_factory=Politeness)
    embed: Embed | None = None  # makes the passage vectors of what is ingested; None: no vectors


@dataclass(frozen=True)
class Outcome:
    """What became of one planned meeting."""

    planned: Planned
    status: str  # ny, ændret, uændret, fejl
    path: Path | None = None
    items: int = 0
    decisions: int = 0
    error: str | None = None
    vectors: Update | None = None  # what became of the meeting's passage vectors (None: none made)
    vector_error: str | None = None  # why they could not be made (Danish); the meeting is written all the same


@dataclass
class Report:
    """A whole run."""

    site: str
    first_run: bool = False
    listed: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # list entries skipped
    requests: int = 0
    seconds: float = 0.0

    def count(self, status: str) -> int:
        """How many meetings ended with `status`."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def written(self) -> list[Outcome]:
        """The meetings written: new or changed."""
        return [o for o in self.outcomes if o.status in (WRITTEN_NEW, WRITTEN_CHANGED)]

    def summary(self) -> str:
        """'373 møder på listen, 373 hentet: 373 nye, 0 ændrede, 0 uændrede, 0 fejl; 380 forespørgsler, 12,3 s'."""
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        return (f"{self.listed} møder på listen, {len(self.outcomes)} hentet: {self.count(WRITTEN_NEW)} nye, "
                f"{self.count(WRITTEN_CHANGED)} ændrede, {self.count(UNCHANGED)} uændrede, "
                f"{self.count(FAILED)} fejl; {self.requests} forespørgsler, {seconds} s")


def publication_problem(body: bytes) -> str | None:
    """Why a fetched dagsorden is not a whole FirstAgenda meeting (Danish), or None when it is one."""
    try:
        decode_publication(body)
    except IngestError as exc:
        return str(exc)
    return None


def listing_problem(body: bytes) -> str | None:
    """Why a fetched udvalgsliste is not one (Danish), or None when it is."""
    try:
        decode_listing(body)
    except ListingError as exc:
        return str(exc)
    return None


class _Writer:
    """Ingests fetched documents into the knowledge base (in a worker thread: parsing takes a while)."""

    def __init__(self, request: Request, db: Database, announce: bool) -> None:
        self.request = request
        self.db = db
        self.announce = announce
        self.targets: dict[Path, str] = {}  # knowledge file -> the agenda id written to it in this run

    def write(self, planned: Planned, body: bytes, etag: str | None) -> Outcome:
        agenda_id = planned.listed.agenda_id
        sha = hashlib.sha256(body).hexdigest()
        known = planned.known
        if known is not None and known.done and known.content_sha == sha and known.path and Path(known.path).exists():
            self._record(planned, sha, etag, known.path, None)
            return Outcome(planned, UNCHANGED, Path(known.path))
        meeting = ingest_bytes(body, f"{agenda_id}.json", url=self.request.site, municipality=self.request.kommune)
        target = meeting_path(self.request.knowledge, meeting)
        if self.targets.get(target, agenda_id) != agenda_id:
            raise IngestError(f"samme møde ({meeting.body} {meeting.date}) som møde-id {self.targets[target]}; "
                              "intet skrevet")
        self.targets[target] = agenda_id
        text = dump_meeting(meeting)
        existed = target.exists()
        if existed and target.read_text(encoding="utf-8") == text:
            status = UNCHANGED
        else:
            write_meeting(self.request.knowledge, meeting)
            status = WRITTEN_CHANGED if existed else WRITTEN_NEW
            add_arrival(self.db, meeting_key(meeting.identity), str(target), self.request.site, self.announce)
        vectors, vector_error = self._vectors(meeting, target)
        self._record(planned, sha, etag, str(target), None)
        decisions = sum(1 for i in meeting.items if i.decision)
        return Outcome(planned, status, target, len(meeting.items), decisions, vectors=vectors,
                       vector_error=vector_error)

    def _vectors(self, meeting: Meeting, target: Path) -> tuple[Update | None, str | None]:
        if self.request.embed is None:
            return None, None
        try:
            return refresh_vectors(meeting, target, self.request.embed), None
        except VectorError as exc:
            log.warning("the vectors of %s could not be written: %s", target, exc)
            return None, str(exc)

    def fail(self, planned: Planned, error: str) -> Outcome:
        known = planned.known
        # The document last ingested stays recorded, so an unchanged one is still known as such.
        self._record(planned, known.content_sha if known else None, known.etag if known else None,
                     known.path if known else None, error)
        return Outcome(planned, FAILED, error=error)

    def unchanged(self, planned: Planned) -> Outcome:
        known = planned.known
        assert known is not None
        self._record(planned, known.content_sha, known.etag, known.path, None)
        return Outcome(planned, UNCHANGED, Path(known.path) if known.path else None)

    def _record(self, planned: Planned, sha: str | None, etag: str | None, path: str | None,
                error: str | None) -> None:
        listed = planned.listed
        record_fetch(self.db, self.request.site, Fetched(
            listed.agenda_id, listed.committee, listed.date, listed.fingerprint, sha, etag, path,
            utc_stamp(now_utc()), error))


async def fetch_site(request: Request, db: Database, today: datetime.date | None = None,
                     progress: Callable[[Outcome], None] | None = None, offload: Offload = asyncio.to_thread) -> Report:
    """Fetch what is new or changed on the site into the knowledge base. FetchError when the list cannot
    be had, UnknownCommittee for an `udvalg` the site does not list; a meeting that fails is reported
    in its Outcome and tried again next run. `offload` runs the blocking steps (default: a worker thread)."""
    started = time.perf_counter()
    report = Report(request.site)
    report.first_run = await offload(start_run, db, request.site)
    writer = _Writer(request, db, announce=request.announce and not report.first_run)
    async with PoliteClient(request.site, request.politeness) as client:
        try:
            reply = await client.get(LISTING_PATH, check=listing_problem)
            listed, report.problems = parse_listing(decode_listing(reply.body))
            report.listed = len(listed)
            unknown = unknown_committees(listed, request.udvalg)
            if unknown:
                names = sorted({m.committee for m in listed})
                raise UnknownCommittee(f"sitet har intet udvalg ved navn {', '.join(repr(u) for u in unknown)}; "
                                       f"det har: {', '.join(names)}")
            known = await offload(known_meetings, db, request.site)
            plan = plan_fetch(listed, known, today or datetime.date.today(), request.recheck_days,
                              request.udvalg, request.siden, request.everything)
            for planned in plan:
                outcome = await _fetch_one(client, writer, planned, offload)
                report.outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
        finally:
            report.requests = client.requests
            report.seconds = time.perf_counter() - started
    await offload(finish_run, db, request.site)
    return report


async def _fetch_one(client: PoliteClient, writer: _Writer, planned: Planned, offload: Offload) -> Outcome:
    known = planned.known
    etag = known.etag if known is not None and known.done else None
    try:
        reply = await client.get(AGENDA_PATH.format(agenda_id=planned.listed.agenda_id), etag=etag,
                                 check=publication_problem)
        if reply.unchanged:
            return await _whole(offload(writer.unchanged, planned))
        return await _whole(offload(writer.write, planned, reply.body, reply.etag))
    except (FetchError, IngestError, KnowledgeError) as exc:
        error = str(exc)
    except OSError as exc:  # a read-only or full knowledge directory
        error = f"kunne ikke skrive vidensbasen: {exc.strerror or exc}"
    log.warning("%s: %s", planned.listed.agenda_id, error)
    return await _whole(offload(writer.fail, planned, error))
