"""A polite HTTP client for a publication site: one request at a time, a pause between requests, a
User-Agent that names kkrbot and a contact, and retries with backoff on 5xx, 429, timeouts and cut-off
replies.

aiohttp, not httpx: discord.py already depends on it (no new dependency), it is async like the bot
that runs `hent` on a schedule, and the tests' stand-in site is an aiohttp server too. The session
keeps cookies (some FirstAgenda sites send a first visitor through an anonymous-login redirect that
sets one) and follows redirects.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from types import TracebackType

import aiohttp

log = logging.getLogger(__name__)

MAX_BACKOFF = 60.0  # seconds; a Retry-After beyond this is capped too
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that failed for good (after its retries); the message is Danish and names the address."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Politeness:
    """How the client treats a site."""

    pause: float = 1.0  # seconds between the end of one request and the start of the next
    timeout: float = 30.0  # seconds per request, the whole reply included
    retries: int = 3  # tries after the first, on a 5xx/429/timeout/cut-off reply
    backoff: float = 2.0  # the first retry waits this long, each next one twice as long
    contact: str | None = None  # named in the User-Agent


@dataclass(frozen=True)
class Reply:
    """A successful reply: 200 with its body, or 304 (unchanged since the ETag sent)."""

    status: int
    body: bytes
    etag: str | None

    @property
    def unchanged(self) -> bool:
        """The server said the document is as it was (304 Not Modified)."""
        return self.status == 304


def user_agent(contact: str | None) -> str:
    """'kkrbot/0.1.0 (referat-bot; +it@kommune.dk)': names the program and whom to contact."""
    try:
        version = metadata.version("kkrbot")
    except metadata.PackageNotFoundError:
        version = "0"
    who = f"+{contact}" if contact else "no contact configured"
    return f"kkrbot/{version} (Discord-bot om kommunale referater; {who})"


def backoff_delay(attempt: int, base: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, …): the server's Retry-After (seconds) when
    it gives one, else base·2^(attempt-1); never more than MAX_BACKOFF."""
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after.strip()), MAX_BACKOFF)
    return min(base * 2 ** (attempt - 1), MAX_BACKOFF)


class _Retry(Exception):
    """One attempt failed in a way worth trying again."""

    def __init__(self, reason: str, retry_after: str | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.status = status


class PoliteClient:
    """Requests to one site, strictly one at a time with a pause between them (`async with`)."""

    def __init__(self, site: str, politeness: Politeness) -> None:
        self.site = site.rstrip("/")
        self.politeness = politeness
        self.requests = 0  # every request sent (retries and redirects' first hop included)
        self._session: aiohttp.ClientSession | None = None
        self._lock = asyncio.Lock()
        self._last: float | None = None  # when the previous request ended (monotonic)

    async def __aenter__(self) -> PoliteClient:
        self._session = aiohttp.ClientSession(
            headers={"User-Agent": user_agent(self.politeness.contact), "Accept": "application/json"},
            timeout=aiohttp.ClientTimeout(total=self.politeness.timeout),
            # unsafe: also keep cookies from a site addressed by IP (a local mirror, the tests' stand-in).
            cookie_jar=aiohttp.CookieJar(unsafe=True),
        )
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, path: str, etag: str | None = None,
                  check: Callable[[bytes], str | None] | None = None) -> Reply:
        """GET `path` on the site, retrying what may pass; `check(body)` names a body that is not what
        was asked for (cut off, not JSON), which is retried too. FetchError when it fails for good."""
        url = self.site + path
        tries = 1 + self.politeness.retries
        async with self._lock:
            for attempt in range(1, tries + 1):
                try:
                    return await self._once(url, etag, check)
                except _Retry as problem:
                    if attempt == tries:
                        raise FetchError(f"{url}: {problem} ({tries} forsøg)", problem.status) from None
                    wait = backoff_delay(attempt, self.politeness.backoff, problem.retry_after)
                    log.info("%s: %s; trying again in %.1f s", url, problem, wait)
                    await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _polite_pause(self) -> None:
        if self._last is not None:
            wait = self._last + self.politeness.pause - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)

    async def _once(self, url: str, etag: str | None, check: Callable[[bytes], str | None] | None) -> Reply:
        assert self._session is not None, "use the client in `async with`"
        await self._polite_pause()
        self.requests += 1
        headers = {"If-None-Match": etag} if etag else {}
        try:
            async with self._session.get(url, headers=headers) as response:
                if response.status == 304:
                    return Reply(304, b"", etag)
                if response.status in RETRY_STATUSES:
                    raise _Retry(f"serveren svarede {response.status} {response.reason or ''}".rstrip(),
                                 response.headers.get("Retry-After"), response.status)
                if response.status != 200:
                    raise FetchError(f"{url}: serveren svarede {response.status} {response.reason or ''}".rstrip(),
                                     response.status)
                body = await response.read()
                new_etag = response.headers.get("ETag")
        except TimeoutError:
            raise _Retry(f"intet svar inden for {self.politeness.timeout:g} s") from None
        except aiohttp.ClientPayloadError:
            raise _Retry("svaret blev afbrudt undervejs") from None
        except aiohttp.ClientConnectionError as exc:
            raise _Retry(f"forbindelsen mislykkedes ({exc or type(exc).__name__})") from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
        finally:
            self._last = time.monotonic()
        problem = check(body) if check is not None else None
        if problem is not None:
            raise _Retry(problem)
        return Reply(200, body, new_etag)
