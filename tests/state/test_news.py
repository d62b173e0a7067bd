"""Arrivals (meetings waiting to be announced), posted meetings, and what `hent` knows of a site."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.state.db import Database
from bot.state.fetched import Fetched, finish_run, known_meetings, last_run, record_fetch, start_run
from bot.state.news import (
    add_arrival,
    claim_post,
    mark_arrivals_handled,
    meeting_key,
    open_arrivals,
    posted,
    record_post,
)

SITE = "https://dagsordener.greve.dk"


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "kkrbot.sqlite3")
    yield database
    database.close()


def test_arrivals_wait_until_handled_and_survive_a_restart(db, tmp_path):
    key = meeting_key(("Greve Kommune", "Greve Byråd", "2022-12-12", "17:00"))
    assert key == "Greve Kommune|Greve Byråd|2022-12-12|17:00"
    first = add_arrival(db, key, "knowledge/greve/greve-byraad/2022-12-12T1700.yaml", "indbakke")
    second = add_arrival(db, "|KKR Hovedstaden|2022-11-25|", "knowledge/kkr-hovedstaden/2022-11-25.yaml", SITE,
                         announce=False)
    db.close()
    again = Database.open(tmp_path / "kkrbot.sqlite3")
    assert [(a.id, a.meeting, a.source, a.announce) for a in open_arrivals(again)] == [
        (first, key, "indbakke", True), (second, "|KKR Hovedstaden|2022-11-25|", SITE, False)]
    mark_arrivals_handled(again, [first])
    assert [a.id for a in open_arrivals(again)] == [second]
    again.close()


def test_a_meetings_highlights_are_claimed_once(db):
    assert claim_post(db, "m1", 42)
    assert not claim_post(db, "m1", 42)
    record_post(db, "m1", 777)
    assert claim_post(db, "m2", 42)  # claimed, then its post failed: not tried again
    assert posted(db) == {"m1": 777, "m2": None}


def test_each_meetings_last_fetch_is_kept_per_site(db):
    record = Fetched("a1", "Byråd 2022-2025", "2022-12-12", "list-sha", "doc-sha", '"etag"', "k.yaml",
                     "2026-12-02T12:00:00+00:00", None)
    record_fetch(db, SITE, record)
    record_fetch(db, "https://dagsordener.koege.dk", Fetched("a1", None, None, "x", None, None, None, "t", "fejl"))
    assert known_meetings(db, SITE) == {"a1": record} and record.done
    assert not known_meetings(db, "https://dagsordener.koege.dk")["a1"].done
    failed = Fetched("a1", "Byråd 2022-2025", "2022-12-12", "list-sha", "doc-sha", '"etag"', "k.yaml", "t", "500")
    record_fetch(db, SITE, failed)  # the meeting's later attempt replaces the earlier one
    assert known_meetings(db, SITE)["a1"] == failed and not failed.done


def test_a_run_is_a_backfill_until_one_gets_through_its_list(db):
    early = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert last_run(db, SITE) is None
    assert start_run(db, SITE, when=early)  # the first
    assert start_run(db, SITE)  # the first stopped half-way: still a backfill
    finish_run(db, SITE)
    assert not start_run(db, SITE, when=early)
    assert last_run(db, SITE) == "2026-12-01T08:00:00+00:00"
    assert start_run(db, "https://dagsordener.koege.dk")  # each site on its own
