"""Whole `hent` runs against the stand-in site: what is written, what is announced, faults, resuming, changes."""
from __future__ import annotations

import asyncio
import datetime
import json
from pathlib import Path

import pytest

from bot.fetch.client import FetchError, Politeness
from bot.fetch.plan import CHANGED, NEW, RECENT, UNFINISHED
from bot.fetch.site import FAILED, UNCHANGED, WRITTEN_CHANGED, WRITTEN_NEW, Request, UnknownCommittee, fetch_site
from bot.knowledge.sources import ingest_bytes
from bot.knowledge.store import dump_meeting, knowledge_files, load_knowledge
from bot.knowledge.vectors import vector_paths, verify
from bot.state.db import Database
from bot.state.fetched import known_meetings
from bot.state.news import open_arrivals
from tests.trigram_embed import TrigramEmbed

TODAY = datetime.date(2026, 12, 2)
QUICK = Politeness(pause=0, timeout=0.5, retries=3, backoff=0, contact="it@greve.dk")
SWIM = "c3d666d4-220b-43f3-9615-e68f9e9f4046"
BUDGET = "b39ccd1c-3af4-4b64-b71b-10f84ce98d02"


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "kkrbot.sqlite3")
    yield database
    database.close()


def request(site, tmp_path: Path, **more) -> Request:
    return Request(site.url, tmp_path / "knowledge", kommune="Greve Kommune", politeness=QUICK, **more)


def announced(db: Database) -> list:
    """The arrivals the bot will announce (the others it only serves)."""
    return [a for a in open_arrivals(db) if a.announce]


def mtimes(knowledge: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in knowledge_files(knowledge)}


async def test_a_first_run_writes_every_meeting_as_ingest_would_and_announces_none(site, db, tmp_path):
    report = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert report.first_run and report.listed == 8
    assert [o.status for o in report.outcomes] == [WRITTEN_NEW] * 8
    assert {o.planned.reason for o in report.outcomes} == {NEW}
    assert report.requests == 9 and report.count(FAILED) == 0
    kb, errors = load_knowledge(tmp_path / "knowledge")
    assert errors == [] and len(kb.meetings) == 8
    # Each file is what the reader makes of the site's document (with the site's links).
    outcome = next(o for o in report.outcomes if o.planned.listed.agenda_id == SWIM)
    expected = ingest_bytes(site.documents[SWIM], f"{SWIM}.json", url=site.url, municipality="Greve Kommune")
    assert outcome.path is not None and outcome.path.read_text(encoding="utf-8") == dump_meeting(expected)
    assert outcome.path.relative_to(tmp_path / "knowledge").as_posix() == "greve/greve-byraad/2022-12-12T1700.yaml"
    # A backfill: the bot reloads to serve the meetings, but announces none.
    assert len(open_arrivals(db)) == 8 and announced(db) == []
    assert report.summary().startswith("8 møder på listen, 8 hentet: 8 nye, 0 ændrede, 0 uændrede, 0 fejl; "
                                       "9 forespørgsler, ")

    again = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert not again.first_run and again.outcomes == [] and again.requests == 1  # only the list


async def test_every_fault_is_survived_and_nothing_is_lost(site, db, tmp_path):
    site.fail("/api/agenda/udvalgsliste", "500", "truncated")
    ids = sorted(site.documents)
    for agenda_id, fault in zip(ids, ["500", "503", "slow", "truncated", "cut-json"], strict=False):
        site.fail(agenda_id, fault)
    report = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert [o.status for o in report.outcomes] == [WRITTEN_NEW] * 8
    assert report.requests == 3 + 8 + 5  # the list twice more, one retry per faulty meeting
    assert len(knowledge_files(tmp_path / "knowledge")) == 8


async def test_a_meeting_that_keeps_failing_is_reported_recorded_and_fetched_next_time(site, db, tmp_path):
    site.fail(BUDGET, "500", "500", "500", "500")
    first = await fetch_site(request(site, tmp_path), db, today=TODAY)
    (failed,) = [o for o in first.outcomes if o.status == FAILED]
    assert failed.planned.listed.agenda_id == BUDGET
    assert failed.error is not None and failed.error.endswith("serveren svarede 500 Internal Server Error (4 forsøg)")
    assert first.count(WRITTEN_NEW) == 7
    assert known_meetings(db, site.url)[BUDGET].error == failed.error

    second = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert [(o.planned.listed.agenda_id, o.planned.reason, o.status) for o in second.outcomes] == [
        (BUDGET, UNFINISHED, WRITTEN_NEW)]
    (arrival,) = announced(db)  # the first run got through its list: this one is news
    assert arrival.meeting == "Greve Kommune|Greve Byråd|2023-10-02|19:00" and arrival.source == site.url


async def test_an_interrupted_run_resumes_where_it_stopped(site, db, tmp_path):
    run = asyncio.create_task(fetch_site(request(site, tmp_path), db, today=TODAY))
    await site.served(3)
    await asyncio.sleep(0.05)  # the third is being written
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    done = {a for a, k in known_meetings(db, site.url).items() if k.done}
    assert 3 <= len(done) < 8
    served = site.agenda_served
    resumed = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert {o.planned.listed.agenda_id for o in resumed.outcomes} == set(site.documents) - done
    assert site.agenda_served - served == 8 - len(done)  # nothing fetched twice
    assert resumed.first_run and announced(db) == []  # still the backfill: no run had got through its list
    assert len(knowledge_files(tmp_path / "knowledge")) == 8


async def test_a_changed_meeting_is_fetched_again_and_only_its_file_rewritten(site, db, tmp_path):
    await fetch_site(request(site, tmp_path), db, today=TODAY)
    before = mtimes(tmp_path / "knowledge")
    doc = json.loads(site.documents[SWIM])
    html = doc["Dagsordenpunkter"][0]["Felter"][0]["Html"]
    doc["Dagsordenpunkter"][0]["Felter"][0]["Html"] = html.replace("Med stemmerne 17 for og 2 imod",
                                                                   "Med stemmerne 18 for og 1 imod")
    site.change(SWIM, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    report = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert [(o.planned.listed.agenda_id, o.planned.reason, o.status) for o in report.outcomes] == [
        (SWIM, CHANGED, WRITTEN_CHANGED)]
    after = mtimes(tmp_path / "knowledge")
    changed = [p for p in after if after[p] != before[p]]
    assert [p.name for p in changed] == ["2022-12-12T1700.yaml"]
    assert "Med stemmerne 18 for og 1 imod" in changed[0].read_text(encoding="utf-8")
    (arrival,) = announced(db)
    assert arrival.meeting == "Greve Kommune|Greve Byråd|2022-12-12|17:00"


async def test_a_recent_meeting_is_checked_each_run_and_an_unchanged_one_never_rewritten(site, db, tmp_path):
    near = datetime.date(2022, 12, 20)  # eight days after the swimming-baths meeting
    await fetch_site(request(site, tmp_path), db, today=near)
    before = mtimes(tmp_path / "knowledge")
    report = await fetch_site(request(site, tmp_path), db, today=near)
    recent = [o for o in report.outcomes if o.planned.reason == RECENT]
    assert {o.planned.listed.agenda_id for o in recent} >= {SWIM}
    assert all(o.status == UNCHANGED for o in report.outcomes)
    assert site.agenda_requests(SWIM)[-1].status == 304  # asked with its ETag
    # --alle checks every meeting; from a site that sends no ETags, the document is compared instead.
    site.etags = False
    everything = await fetch_site(request(site, tmp_path, everything=True), db, today=TODAY)
    assert len(everything.outcomes) == 8 and {o.status for o in everything.outcomes} == {UNCHANGED}
    assert {r.status for r in site.agenda_requests()[-8:]} == {200}
    assert mtimes(tmp_path / "knowledge") == before and len(open_arrivals(db)) == 8  # the backfill's only
    # A corrected document without a changed list entry, caught because the meeting is recent.
    doc = json.loads(site.documents[SWIM])
    doc["Moede"]["Sted"] = "Byrådssalen, Rådhuset"
    site.change(SWIM, json.dumps(doc, ensure_ascii=False).encode("utf-8"), listing=False)
    corrected = await fetch_site(request(site, tmp_path), db, today=near)
    assert [o.status for o in corrected.outcomes if o.planned.listed.agenda_id == SWIM] == [WRITTEN_CHANGED]


async def test_committees_and_a_start_date_narrow_what_is_fetched(site, db, tmp_path):
    report = await fetch_site(request(site, tmp_path, udvalg=["byråd"], siden="2023-01-01"), db, today=TODAY)
    assert sorted(o.planned.listed.date for o in report.outcomes) == ["2023-03-06", "2023-10-02", "2025-09-08",
                                                                      "2025-09-08"]
    with pytest.raises(UnknownCommittee, match="sitet har intet udvalg ved navn 'Skoleudvalget'; det har: "
                                               "Beskæftigelses- og Erhvervsudvalget, Byråd 2022-2025"):
        await fetch_site(request(site, tmp_path, udvalg=["Skoleudvalget"]), db, today=TODAY)


async def test_a_list_that_cannot_be_had_fails_the_run_with_its_reason(site, db, tmp_path):
    site.fail("/api/agenda/udvalgsliste", "500", "500", "500", "500")
    with pytest.raises(FetchError, match=r"udvalgsliste: serveren svarede 500 Internal Server Error \(4 forsøg\)"):
        await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert not (tmp_path / "knowledge").exists()


async def test_a_hand_corrected_file_is_not_overwritten(site, db, tmp_path):
    await fetch_site(request(site, tmp_path), db, today=TODAY)
    target = tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml"
    corrected = target.read_text(encoding="utf-8").replace("Greve Svømmehal", "Greve Svømmehal (rettet)")
    target.write_text(corrected, encoding="utf-8")
    doc = json.loads(site.documents[SWIM])
    doc["Moede"]["Sted"] = "Rådhuset"
    site.change(SWIM, json.dumps(doc).encode())
    report = await fetch_site(request(site, tmp_path), db, today=TODAY)
    (outcome,) = report.outcomes
    assert outcome.status == FAILED and "rettet i hånden" in (outcome.error or "")
    assert target.read_text(encoding="utf-8") == corrected


async def test_with_an_embedding_every_meeting_written_gets_its_vectors_and_a_change_re_embeds_only_it(
        site, db, tmp_path):
    embed = TrigramEmbed(384)
    report = await fetch_site(request(site, tmp_path, embed=embed), db, today=TODAY)
    kb, _ = load_knowledge(tmp_path / "knowledge")
    assert all(o.vectors is not None and o.vectors.written and o.vector_error is None for o in report.outcomes)
    for meeting in kb.meetings:
        assert verify(meeting, kb.paths[meeting.identity], embed=embed, sample=2) == []
    doc = json.loads(site.documents[SWIM])
    html = doc["Dagsordenpunkter"][0]["Felter"][0]["Html"]
    doc["Dagsordenpunkter"][0]["Felter"][0]["Html"] = html.replace("Med stemmerne 17 for og 2 imod",
                                                                   "Med stemmerne 18 for og 1 imod")
    site.change(SWIM, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    embed.texts.clear()
    (outcome,) = (await fetch_site(request(site, tmp_path, embed=embed), db, today=TODAY)).outcomes
    assert outcome.status == WRITTEN_CHANGED and outcome.vectors is not None
    assert outcome.vectors.embedded == len(embed.texts) >= 1
    assert all("18 for og 1 imod" in text for text in embed.texts)
    assert outcome.path is not None and verify(ingest_bytes(site.documents[SWIM], f"{SWIM}.json", url=site.url,
                                                            municipality="Greve Kommune"), outcome.path) == []


async def test_without_an_embedding_no_vectors_are_written(site, db, tmp_path):
    report = await fetch_site(request(site, tmp_path), db, today=TODAY)
    assert all(o.vectors is None for o in report.outcomes)
    assert list((tmp_path / "knowledge").rglob("*.vectors.*")) == []


async def test_vectors_that_cannot_be_written_are_reported_and_the_meeting_kept(site, db, tmp_path):
    target = tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml"
    vector_paths(target)[0].mkdir(parents=True)
    report = await fetch_site(request(site, tmp_path, embed=TrigramEmbed(384)), db, today=TODAY)
    (bad,) = [o for o in report.outcomes if o.vector_error]
    assert bad.path == target and bad.status == WRITTEN_NEW and target.exists()
    assert report.count(FAILED) == 0 and len(known_meetings(db, site.url)) == 8
