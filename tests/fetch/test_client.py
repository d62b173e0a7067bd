"""The polite client against the stand-in site on 127.0.0.1: retries, backoff, timeouts, cut-off replies,
one request at a time with a pause, a User-Agent with a contact, the anonymous-login cookie."""
from __future__ import annotations

import asyncio
import time

import pytest

from bot.fetch.client import MAX_BACKOFF, FetchError, PoliteClient, Politeness, backoff_delay, user_agent
from bot.fetch.listing import AGENDA_PATH, LISTING_PATH
from bot.fetch.site import publication_problem

SWIM = "c3d666d4-220b-43f3-9615-e68f9e9f4046"
QUICK = Politeness(pause=0, timeout=0.5, retries=3, backoff=0, contact="it@greve.dk")


def test_backoff_doubles_from_its_base_honours_retry_after_and_is_capped():
    assert [backoff_delay(n, 2.0) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff_delay(10, 2.0) == MAX_BACKOFF
    assert backoff_delay(1, 2.0, retry_after="7") == 7.0
    assert backoff_delay(1, 2.0, retry_after="3600") == MAX_BACKOFF
    assert backoff_delay(2, 2.0, retry_after="Wed, 21 Oct 2026 07:28:00 GMT") == 4.0  # a date: our own backoff


def test_the_user_agent_names_kkrbot_and_the_contact():
    assert user_agent("it@greve.dk").startswith("kkrbot/")
    assert user_agent("it@greve.dk").endswith("; +it@greve.dk)")
    assert "no contact configured" in user_agent(None)


@pytest.mark.parametrize("fault", ["500", "503", "slow", "truncated", "cut-json"])
async def test_each_passing_fault_is_retried_and_the_whole_document_returned(site, fault):
    site.fail(SWIM, fault)
    async with PoliteClient(site.url, QUICK) as client:
        reply = await client.get(AGENDA_PATH.format(agenda_id=SWIM), check=publication_problem)
    assert reply.status == 200 and reply.body == site.documents[SWIM]
    assert client.requests == 2 and len(site.agenda_requests(SWIM)) == 2


async def test_a_fault_that_lasts_is_given_up_after_the_retries_with_a_danish_reason(site):
    site.fail(SWIM, "500", "500", "500", "500")
    async with PoliteClient(site.url, QUICK) as client:
        with pytest.raises(FetchError, match=r"dagsorden/c3d666d4.*: serveren svarede 500 Internal Server Error "
                                             r"\(4 forsøg\)") as failed:
            await client.get(AGENDA_PATH.format(agenda_id=SWIM))
    assert failed.value.status == 500 and len(site.agenda_requests(SWIM)) == 4
    site.fail(SWIM, "slow", "slow")
    async with PoliteClient(site.url, Politeness(pause=0, timeout=0.3, retries=1, backoff=0)) as client:
        with pytest.raises(FetchError, match=r"intet svar inden for 0.3 s \(2 forsøg\)"):
            await client.get(AGENDA_PATH.format(agenda_id=SWIM))


async def test_a_missing_document_is_not_retried(site):
    async with PoliteClient(site.url, QUICK) as client:
        with pytest.raises(FetchError, match="serveren svarede 404 Not Found") as missing:
            await client.get(AGENDA_PATH.format(agenda_id="findes-ikke"))
    assert missing.value.status == 404 and client.requests == 1


async def test_a_retry_waits_its_backoff(site):
    site.fail(SWIM, "500", "500")
    started = time.perf_counter()
    async with PoliteClient(site.url, Politeness(pause=0, timeout=2, retries=2, backoff=0.2)) as client:
        await client.get(AGENDA_PATH.format(agenda_id=SWIM))
    assert time.perf_counter() - started >= 0.2 + 0.4  # 0.2 s, then twice that


async def test_requests_go_one_at_a_time_with_the_pause_between_them(site):
    ids = list(site.documents)[:4]
    async with PoliteClient(site.url, Politeness(pause=0.15, timeout=5, retries=0)) as client:
        replies = await asyncio.gather(*(client.get(AGENDA_PATH.format(agenda_id=i)) for i in ids))
    assert [r.body for r in replies] == [site.documents[i] for i in ids]
    assert site.most_in_flight == 1  # asked all at once, the client still sends them one after the other
    starts = [r.at for r in site.requests]
    assert len(starts) == 4 and all(b - a >= 0.15 for a, b in zip(starts, starts[1:], strict=False))


async def test_the_user_agent_and_accept_headers_are_sent(site):
    async with PoliteClient(site.url, QUICK) as client:
        await client.get(LISTING_PATH)
    (seen,) = site.requests
    assert seen.headers["User-Agent"] == user_agent("it@greve.dk")
    assert seen.headers["Accept"] == "application/json"


async def test_a_site_that_sends_a_first_visitor_through_an_anonymous_login_is_followed_with_its_cookie(site):
    site.login = True
    async with PoliteClient(site.url, QUICK) as client:
        listing = await client.get(LISTING_PATH)
        document = await client.get(AGENDA_PATH.format(agenda_id=SWIM))
    assert b'"Udvalg"' in listing.body and document.body == site.documents[SWIM]
    assert [(r.path.split("?")[0], r.status) for r in site.requests] == [
        (LISTING_PATH, 0), ("/Home/AnonymousAuthentication", 302), (LISTING_PATH, 200),
        (AGENDA_PATH.format(agenda_id=SWIM), 200)]  # the cookie is kept: one login


async def test_an_unchanged_document_answers_304_to_its_etag(site):
    async with PoliteClient(site.url, QUICK) as client:
        first = await client.get(AGENDA_PATH.format(agenda_id=SWIM))
        again = await client.get(AGENDA_PATH.format(agenda_id=SWIM), etag=first.etag)
    assert first.etag and again.unchanged and again.body == b""
