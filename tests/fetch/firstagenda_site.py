"""A stand-in for a FirstAgenda Publication site on 127.0.0.1: the real Greve JSON files, served through
the site's public API, with the faults a real site has.

- `GET /api/agenda/udvalgsliste`: the committees grouped as the site groups them, each with its
  meetings (`Id`, `Dato` and the other fields a list entry carries), plus a group and fields kkrbot
  does not know (the client must not mind).
- `GET /api/agenda/dagsorden/{id}`: the meeting's file, byte for byte, with an ETag (a matching
  `If-None-Match` gets 304), unless `etags` is off.
- With `login=True`, as some sites do, a first request without the anonymous cookie is sent through
  `/Home/AnonymousAuthentication?callback=…`, which sets it and redirects back.
- Faults, queued per path and used up one request at a time: `500`, `503` (with Retry-After: 0),
  `404`, `slow` (answers after `slow_seconds`), `truncated` (the connection drops half-way through
  the body its Content-Length announced), `cut-json` (a complete reply of half a document).
- `change(id, body)`: the site publishes a corrected meeting (and, unless told not to, changes its
  list entry, as the site's `ReleasedDate` does).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.fetch.listing import AGENDA_PATH, LISTING_PATH

COOKIE = "FirstAgendaAnonymous"
CURRENT = "Aktuelle politiske udvalg"


@dataclass
class Seen:
    """One request the site answered."""

    path: str
    headers: dict[str, str]
    status: int = 0
    at: float = field(default_factory=time.monotonic)  # when it came in


@dataclass
class FirstAgendaSite:
    """The site: meetings by agenda id, the faults to play, and every request it got."""

    documents: dict[str, bytes] = field(default_factory=dict)
    login: bool = False
    etags: bool = True  # send an ETag with each document (and answer If-None-Match)
    slow_seconds: float = 2.0
    requests: list[Seen] = field(default_factory=list)
    faults: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    released: dict[str, str] = field(default_factory=dict)  # agenda id -> the list entry's ReleasedDate
    port: int = 0
    agenda_served: int = 0  # dagsorden documents served whole (200)
    most_in_flight: int = 0  # the most requests it was answering at once
    _in_flight: int = 0
    _runner: web.AppRunner | None = None
    _served: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def from_files(cls, paths: list[Path], **kwargs: Any) -> FirstAgendaSite:
        """A site serving these FirstAgenda JSON files (the agenda id is the document's own `Id`)."""
        documents = {}
        for path in paths:
            data = path.read_bytes()
            documents[json.loads(data)["Id"]] = data
        return cls(documents, **kwargs)

    # --- what tests use ---------------------------------------------------------

    @property
    def url(self) -> str:
        """The site's address, as `kkrbot hent` is given it."""
        return f"http://127.0.0.1:{self.port}"

    def fail(self, path: str, *faults: str) -> None:
        """Queue faults for the next requests of `path` (a path, or an agenda id for its dagsorden)."""
        if not path.startswith("/"):
            path = AGENDA_PATH.format(agenda_id=path)
        self.faults[path].extend(faults)

    def change(self, agenda_id: str, body: bytes, listing: bool = True) -> None:
        """Publish a new version of a meeting; with `listing`, its list entry changes too."""
        self.documents[agenda_id] = body
        if listing:
            self.released[agenda_id] = f"2026-12-0{1 + len(self.released) % 9}T10:00:00"

    def add(self, body: bytes) -> str:
        """Publish a new meeting; returns its agenda id."""
        agenda_id = json.loads(body)["Id"]
        self.documents[agenda_id] = body
        return agenda_id

    def agenda_requests(self, agenda_id: str | None = None) -> list[Seen]:
        """The dagsorden requests (of one meeting, or all), in order."""
        prefix = AGENDA_PATH.format(agenda_id=agenda_id or "")
        return [r for r in self.requests if r.path.startswith(prefix)]

    async def served(self, count: int) -> None:
        """Wait until `count` dagsorden documents have been served whole."""
        while self.agenda_served < count:
            self._served.clear()
            await self._served.wait()

    # --- the listing ------------------------------------------------------------

    def listing(self) -> dict[str, Any]:
        """The udvalgsliste as the site serves it, built from the documents."""
        committees: dict[str, dict[str, Any]] = {}
        for agenda_id, data in self.documents.items():
            doc = json.loads(data)
            udvalg = doc["Udvalg"]
            committee = committees.setdefault(udvalg["Id"], {
                "Id": udvalg["Id"], "Navn": udvalg["Navn"], "Historisk": udvalg.get("Historisk", False),
                "Sortering": len(committees), "Moeder": []})
            committee["Moeder"].append({
                "Id": agenda_id, "Dato": doc["Moede"]["Dato"], "Navn": doc["Moede"].get("Navn", "Dagsorden"),
                "Afsluttet": doc["Moede"].get("Afsluttet", True), "Sted": doc["Moede"].get("Sted"),
                "ReleasedDate": self.released.get(agenda_id), "IsSupplementaryAgenda": False,
                "MeetingBeginUtc": doc["Moede"].get("MeetingBeginUtc"), "Link": None})
        for committee in committees.values():
            committee["Moeder"].sort(key=lambda m: m["Dato"], reverse=True)
        return {
            "Udvalg": {
                CURRENT: list(committees.values()),
                "Tidligere udvalg": [{"Id": "00000000-0000-0000-0000-000000000001", "Navn": "Lukket udvalg",
                                      "Historisk": True, "Moeder": []}],
                "Andre fora": {"Id": "x", "Navn": "Et forum uden møder"},  # one committee, not a list
            },
            "Kommune": {"Navn": "Stand-in Kommune", "Logo": None},
            "Version": "9.9",
        }

    # --- serving -------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(middlewares=[self._count])
        app.router.add_get("/Home/AnonymousAuthentication", self._login)
        app.router.add_get(LISTING_PATH, self._listing)
        app.router.add_get(AGENDA_PATH.format(agenda_id="{agenda_id}"), self._agenda)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _count(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self._in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self._in_flight)
        try:
            return await handler(request)
        finally:
            self._in_flight -= 1

    def _seen(self, request: web.Request) -> Seen:
        seen = Seen(request.path_qs, dict(request.headers))
        self.requests.append(seen)
        return seen

    async def _login(self, request: web.Request) -> web.StreamResponse:
        self._seen(request).status = 302
        response = web.HTTPFound(request.query.get("callback", "/"))
        response.set_cookie(COOKIE, "anonym", path="/")
        raise response

    def _needs_login(self, request: web.Request) -> None:
        if self.login and COOKIE not in request.cookies:
            raise web.HTTPFound(f"/Home/AnonymousAuthentication?callback={request.path}")

    async def _fault(self, request: web.Request, seen: Seen, body: bytes) -> web.StreamResponse | None:
        queue = self.faults.get(request.path)
        if not queue:
            return None
        fault = queue.popleft()
        if fault in ("500", "503", "404"):
            seen.status = int(fault)
            headers = {"Retry-After": "0"} if fault == "503" else {}
            return web.Response(status=int(fault), text="fejl", headers=headers)
        if fault == "slow":
            await asyncio.sleep(self.slow_seconds)
            return None
        if fault == "cut-json":
            seen.status = 200
            return web.Response(body=body[: len(body) // 2], content_type="application/json")
        if fault == "truncated":
            seen.status = 200
            response = web.StreamResponse(headers={"Content-Type": "application/json; charset=utf-8"})
            response.content_length = len(body)
            await response.prepare(request)
            await response.write(body[: len(body) // 2])
            assert request.transport is not None
            request.transport.close()  # the connection drops before the body is whole
            return response
        raise ValueError(f"unknown fault {fault!r}")

    async def _listing(self, request: web.Request) -> web.StreamResponse:
        seen = self._seen(request)
        self._needs_login(request)
        body = json.dumps(self.listing(), ensure_ascii=False).encode("utf-8")
        faulty = await self._fault(request, seen, body)
        if faulty is not None:
            return faulty
        seen.status = 200
        return web.Response(body=body, content_type="application/json")

    async def _agenda(self, request: web.Request) -> web.StreamResponse:
        seen = self._seen(request)
        self._needs_login(request)
        body = self.documents.get(request.match_info["agenda_id"])
        if body is None:
            seen.status = 404
            return web.Response(status=404, text="Ikke fundet")
        faulty = await self._fault(request, seen, body)
        if faulty is not None:
            return faulty
        etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
        if self.etags and request.headers.get("If-None-Match") == etag:
            seen.status = 304
            return web.Response(status=304, headers={"ETag": etag})
        seen.status = 200
        self.agenda_served += 1
        self._served.set()
        return web.Response(body=body, content_type="application/json", headers={"ETag": etag} if self.etags else {})


class SiteThread:
    """The site in a thread with its own event loop, for code that runs asyncio.run itself (the CLI)."""

    def __init__(self, server: FirstAgendaSite) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> FirstAgendaSite:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)
        return self.server

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()
