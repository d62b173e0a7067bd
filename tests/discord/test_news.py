"""The bot keeping itself current, through the Discord stand-in with the real client: the inbox, the news
channel, subscriptions and their DMs, restarts, closed DMs, the fetch schedule."""
from __future__ import annotations

import asyncio
import datetime
import json
import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.discord.client import KkrBot
from bot.fetch.client import Politeness
from bot.fetch.site import Request, fetch_site
from bot.knowledge import embedder
from bot.knowledge.vectors import vector_paths, verify
from bot.state.db import Database, now_utc
from bot.state.fetched import finish_run, start_run
from bot.state.news import posted
from bot.state.subscriptions import notifications_of
from tests.discord.conftest import Running, string_options
from tests.fetch.firstagenda_site import FirstAgendaSite
from tests.trigram_embed import TrigramEmbed

GREVE = Path(__file__).resolve().parent.parent / "fixtures" / "greve"
SWIMMING = GREVE / "byraad-2022-2025_2022-12-12T1700_c3d666d4.json"  # one item: energy in the swimming baths
STRANDPARK = GREVE / "byraad-2022-2025_2023-03-06T1900_9bc22f7f.json"
BUDGET = GREVE / "byraad-2022-2025_2023-10-02T1900_b39ccd1c.json"
HEADING = "Greve Byråd: hovedpunkter fra mødet den 12. december 2022"


async def until(condition: Callable[[], Any], timeout: float = 20.0, what: str = "the condition") -> Any:
    """Wait until condition() is truthy (the bot works in the background); returns its value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := condition()):
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)
    return value


def news_config(tmp_path: Path, fake: Any, **more: Any) -> dict[str, Any]:
    """A config with an inbox polled often, the stand-in's news channel, and retries at once."""
    return {"inbox": str(tmp_path / "inbox"), "inbox_poll_seconds": 0.05, "news_channel": fake.news_channel_id,
            "kommune": "Greve Kommune", "dm_retry_minutes": 0, **more}


async def ready(run: Running) -> None:
    """Wait until the bot's newsroom has polled once (it starts when the bot is ready)."""
    await run.bot.newsroom.rounds_done(run.bot.newsroom.rounds + 1)


async def rounds(run: Running, count: int) -> None:
    """Let the newsroom poll `count` more times."""
    await run.bot.newsroom.rounds_done(run.bot.newsroom.rounds + count)


def drop(inbox: Path, source: Path, name: str | None = None) -> Path:
    """Drop a file into the inbox the usual way: written under a temporary name, then renamed."""
    target = inbox / (name or source.name)
    part = target.with_name(target.name + ".part")
    shutil.copyfile(source, part)
    part.rename(target)
    return target


async def subscribe(run: Running, user: str, topic: str, **more: str) -> Any:
    answer = await run.answer(await run.slash("abonnér", user=user, emne=topic, **more))
    assert answer.ephemeral, answer.content
    return answer


# --- the inbox and the news channel ------------------------------------------------------

async def test_a_referat_dropped_into_the_inbox_is_served_and_its_highlights_posted_once(start_bot, fake, tmp_path):
    config = news_config(tmp_path, fake)
    run = await start_bot(config)
    await ready(run)
    inbox = tmp_path / "inbox"
    assert inbox.is_dir()  # created at start
    before = (await run.ask("beslutning", spørgsmål="energitiltag i Greve Svømmehal")).content
    assert before.startswith("Jeg fandt ikke noget")

    # Written in pieces, one poll apart: never stable, so never read half-way.
    data = SWIMMING.read_bytes()
    target = inbox / SWIMMING.name
    for start in range(0, len(data), len(data) // 4):
        with target.open("ab") as handle:
            handle.write(data[start:start + len(data) // 4])
        await rounds(run, 1)
        assert target.exists() and not fake.posts(fake.news_channel_id)
    assert target.read_bytes() == data

    (post,) = await until(lambda: fake.posts(fake.news_channel_id), what="the highlights post")
    assert post.embeds[0]["title"] == HEADING
    assert "Videreførsel af energitiltag i Greve Svømmehal" in post.embeds[0]["description"]
    assert any(c.startswith("kkr:hlmd:") for c in post.custom_ids)  # the Markdown file a button away
    highlights = await run.ask("highlights", møde="2022-12-12")  # the same as /highlights shows
    assert highlights.embed["description"] == post.embeds[0]["description"]
    assert highlights.message.custom_ids == post.custom_ids
    turned = await run.answer(await run.press(post, post.custom_ids[1]))  # Næste ▶ on the post pages it
    assert turned.message is post and post.embeds[0]["footer"]["text"].startswith("Side 2 af")
    assert not target.exists() and (inbox / "indlæst" / SWIMMING.name).read_bytes() == data
    # Served without a restart or /genindlæs.
    answer = await run.ask("beslutning", spørgsmål="energitiltag i Greve Svømmehal")
    assert answer.embed["title"] == "17 Videreførsel af energitiltag i Greve Svømmehal"
    assert "godkendte byrådet" in answer.embed["description"]

    # The same file again writes nothing new, and a restart posts nothing again.
    drop(inbox, SWIMMING)
    await until(lambda: (inbox / "indlæst" / "byraad-2022-2025_2022-12-12T1700_c3d666d4 (2).json").exists())
    await run.stop()
    again = await start_bot(config)
    await rounds(again, 3)
    assert len(fake.posts(fake.news_channel_id)) == 1
    assert list(posted(again.bot.db)) == ["Greve Kommune|Greve Byråd|2022-12-12|17:00"]


async def test_a_broken_file_goes_to_fejl_with_its_reason_and_the_admins_are_told(start_bot, fake, tmp_path):
    run = await start_bot(news_config(tmp_path, fake))
    await ready(run)
    inbox = tmp_path / "inbox"
    cut = tmp_path / "afkortet.json"
    cut.write_bytes(BUDGET.read_bytes()[:5000])
    drop(inbox, cut)
    (inbox / "notat.docx").write_bytes(b"PK\x03\x04 not a referat")

    notes = await until(lambda: len(fake.posts(fake.news_channel_id)) >= 2 and fake.posts(fake.news_channel_id),
                        what="two notes for the admins")
    texts = sorted(n.content for n in notes)
    assert texts[0].startswith("⚠️ **Til administratorerne:** `afkortet.json` i indbakken kunne ikke indlæses. "
                               "Den er flyttet til `inbox/fejl/afkortet.json` sammen med en .txt med årsagen.")
    assert "JSON-filen er afkortet" in texts[0]
    assert "`notat.docx`" in texts[1] and "kun PDF-, JSON- og tekstfiler" in texts[1]
    failed = inbox / "fejl"
    assert sorted(p.name for p in failed.iterdir()) == ["afkortet.json", "afkortet.json.txt", "notat.docx",
                                                        "notat.docx.txt"]
    reason = (failed / "afkortet.json.txt").read_text(encoding="utf-8")
    assert reason.startswith("Filen afkortet.json kunne ikke indlæses (") and "JSON-filen er afkortet" in reason
    assert (failed / "afkortet.json").read_bytes() == cut.read_bytes()  # nothing lost
    await rounds(run, 3)
    assert len(fake.posts(fake.news_channel_id)) == 2  # told once
    assert [m.date for m in run.bot.kb.meetings] == ["2022-11-25"]  # the old knowledge base, untouched


async def test_a_failed_reload_keeps_the_old_knowledge_base_and_tells_the_admins_once(start_bot, fake, tmp_path,
                                                                                      knowledge_copy):
    run = await start_bot(news_config(tmp_path, fake))
    await ready(run)
    broken = knowledge_copy / "kkr-hovedstaden" / "2023-01-01.yaml"
    broken.write_text("meeting: [not, a, meeting\n", encoding="utf-8")
    drop(tmp_path / "inbox", SWIMMING)
    (note,) = await until(lambda: fake.posts(fake.news_channel_id), what="the note about the reload")
    assert note.content.startswith("⚠️ **Til administratorerne:** nye møder er kommet, men vidensbasen kunne ikke "
                                   "genindlæses, så jeg bruger stadig den gamle.")
    assert "2023-01-01.yaml" in note.content
    await rounds(run, 3)
    assert len(fake.posts(fake.news_channel_id)) == 1
    assert (await run.ask("beslutning", spørgsmål="DK2020-klimapartnerskabet")).embed["title"].startswith("3.4 ")

    broken.unlink()  # an admin fixes it and reloads: the waiting meeting is announced
    await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))
    posts = await until(lambda: len(fake.posts(fake.news_channel_id)) == 2 and fake.posts(fake.news_channel_id))
    assert posts[1].embeds[0]["title"] == HEADING


# --- subscriptions ---------------------------------------------------------------------------

async def test_a_subscriber_gets_exactly_one_dm_for_a_matching_item_and_nothing_is_resent_after_a_restart(
        start_bot, fake, tmp_path):
    config = news_config(tmp_path, fake)
    run = await start_bot(config)
    reader, other = run.new_user(), run.new_user()
    confirmed = await subscribe(run, reader, "energitiltag i svømmehallen")
    assert confirmed.content.startswith("Du abonnerer nu på »energitiltag i svømmehallen« (nr. 1).")
    assert "Ingen af de møder, jeg kender nu" in confirmed.content
    await subscribe(run, other, "skolestruktur")
    await ready(run)

    # The note beside the file names the publication site, so each item links to its own page there.
    (tmp_path / "inbox" / (SWIMMING.name + ".url")).write_text("https://dagsordener.greve.dk\n", encoding="utf-8")
    drop(tmp_path / "inbox", SWIMMING)
    (dm,) = await until(lambda: fake.dms(reader), what="the DM")
    assert dm.content == "Nyt punkt om dit emne »energitiltag i svømmehallen«"
    embed = dm.embeds[0]
    assert embed["title"] == "17 Videreførsel af energitiltag i Greve Svømmehal"
    link = "https://dagsordener.greve.dk/Vis/Pdf/bilag/1491b4f0-c943-408b-8efd-4a43ba4aa0a3"
    assert embed["url"] == link
    assert embed["description"].startswith("Med stemmerne 17 for og 2 imod godkendte byrådet")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields == {"Møde": "Greve Byråd · 12. december 2022", "Kilde": f"[Læs punktet]({link})"}
    assert (tmp_path / "inbox" / "indlæst" / (SWIMMING.name + ".url")).exists()  # moved with its file
    assert embed["footer"]["text"] == "Abonnement nr. 1 · stop det med /afmeld"
    await until(lambda: fake.posts(fake.news_channel_id))
    assert fake.dms(other) == []

    # Another meeting that answers neither topic: no DM. Then a restart: the subscriptions are there, nothing re-sent.
    drop(tmp_path / "inbox", BUDGET)
    await until(lambda: len(fake.posts(fake.news_channel_id)) == 2)
    await run.stop()
    again = await start_bot(config)
    await rounds(again, 3)
    listed = await again.answer(await again.slash("abonnementer vis", user=reader))
    assert listed.ephemeral and "**Nr. 1** »energitiltag i svømmehallen«" in listed.embed["description"]
    assert len(fake.dms(reader)) == 1 and fake.dms(other) == []
    drop(tmp_path / "inbox", SWIMMING, "igen.json")  # the same meeting once more: already told
    await until(lambda: (tmp_path / "inbox" / "indlæst" / "igen.json").exists())
    await rounds(again, 2)
    assert len(fake.dms(reader)) == 1
    (sent,) = notifications_of(again.bot.db, int(reader))
    assert (sent.status, sent.attempts, sent.item) == ("sent", 1, "Greve Kommune|Greve Byråd|2022-12-12|17:00|17")


async def test_a_refused_dm_is_logged_and_tried_once_more(start_bot, fake, tmp_path, caplog):
    run = await start_bot(news_config(tmp_path, fake, dm_retry_minutes=0.05))  # the retry 3 s later
    closed, reopened = run.new_user(), run.new_user()
    await subscribe(run, closed, "svømmehal")
    await subscribe(run, reopened, "energitiltag")
    fake.refuse_dms(closed)
    fake.refuse_dms(reopened)
    await ready(run)
    dm_posts = {user: f"/channels/{fake.dm_channel(user)}/messages" for user in (closed, reopened)}

    def attempts(user: str) -> int:
        return sum(1 for r in fake.requests if r.method == "POST" and r.path == dm_posts[user])

    with caplog.at_level(logging.WARNING, logger="bot.discord.news"):
        drop(tmp_path / "inbox", SWIMMING)
        await until(lambda: attempts(closed) >= 1 and attempts(reopened) >= 1, what="the first attempts")
        fake.refused_dms.discard(reopened)  # opens their DMs before the retry
        await until(lambda: attempts(closed) == 2 and fake.dms(reopened), what="the retries")
        await rounds(run, 4)
    assert attempts(closed) == 2 and attempts(reopened) == 2  # retried at most once
    assert fake.dms(closed) == [] and len(fake.dms(reopened)) == 1
    assert "refused (403 50007 Cannot send messages to this user): trying once more in 0.05 min" in caplog.text
    assert "refused again (403 50007 Cannot send messages to this user): given up" in caplog.text
    (given_up,) = notifications_of(run.bot.db, int(closed))
    assert (given_up.status, given_up.attempts) == ("failed", 2)
    (delivered,) = notifications_of(run.bot.db, int(reopened))
    assert (delivered.status, delivered.attempts) == ("sent", 2)


async def test_subscriptions_are_per_person(start_bot, fake, tmp_path):
    run = await start_bot(news_config(tmp_path, fake))
    owner, other = run.new_user(), run.new_user()
    await subscribe(run, owner, "svømmehal", kommune="Greve Kommune")
    await subscribe(run, owner, "budget")
    duplicate = await subscribe(run, owner, "Svømmehal ", kommune="greve kommune")
    assert duplicate.content == "Du abonnerer allerede på »svømmehal« (nr. 1)."

    assert (await run.answer(await run.slash("abonnementer vis", user=other))).content.startswith(
        "Du har ingen abonnementer.")
    refused = await run.answer(await run.slash("afmeld", user=other, abonnement="1"))
    assert refused.ephemeral and refused.content == "Du har intet abonnement nr. 1. Se dine med /abonnementer vis."
    payload = fake.interaction("AUTOCOMPLETE", "afmeld",
                               [{"name": "abonnement", "type": 3, "value": "", "focused": True}], other)
    await fake.dispatch("INTERACTION_CREATE", payload)
    assert (await run.answer(payload)).data["choices"] == []
    payload = fake.interaction("AUTOCOMPLETE", "afmeld",
                               [{"name": "abonnement", "type": 3, "value": "svøm", "focused": True}], owner)
    await fake.dispatch("INTERACTION_CREATE", payload)
    assert (await run.answer(payload)).data["choices"] == [{"name": "1: svømmehal (Greve Kommune)", "value": "1"}]

    exported = await run.answer(await run.slash("abonnementer eksport", user=owner))
    assert exported.ephemeral
    data = json.loads(exported.message.files["abonnementer.json"])
    assert data["bruger"] == owner and [s["emne"] for s in data["abonnementer"]] == ["svømmehal", "budget"]
    assert data["abonnementer"][0]["kommune"] == "Greve Kommune"
    other_export = await run.answer(await run.slash("abonnementer eksport", user=other))
    assert json.loads(other_export.message.files["abonnementer.json"])["abonnementer"] == []

    stopped = await run.answer(await run.slash("afmeld", user=owner, abonnement="1: svømmehal (Greve Kommune)"))
    assert stopped.content.startswith("Afmeldt: »svømmehal« · Greve Kommune (nr. 1).")
    deleted = await run.answer(await run.slash("abonnementer slet-alle", user=owner))
    assert deleted.content.startswith("Slettet: 1 abonnement og oplysningerne om 0 sendte beskeder.")
    assert (await run.answer(await run.slash("abonnementer vis", user=owner))).content.startswith(
        "Du har ingen abonnementer.")


def channel_option(fake: Any, name: str, channel_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A channel option and the resolved channel Discord sends with it."""
    option = {"name": name, "type": 7, "value": channel_id}
    resolved = {"id": channel_id, "type": 0, "name": "generelt", "guild_id": fake.guild_id, "position": 0,
                "permissions": "2147483647", "parent_id": None, "topic": None, "nsfw": False}
    return option, {"channels": {channel_id: resolved}}


async def test_an_admin_subscribes_a_channel_and_new_items_are_posted_there(start_bot, fake, tmp_path):
    run = await start_bot(news_config(tmp_path, fake))
    option, resolved = channel_option(fake, "kanal", fake.channel_id)
    member = run.new_user()
    payload = fake.interaction("COMMAND", "abonnér", [*string_options({"emne": "svømmehal"}), option], member)
    payload["data"]["resolved"] = resolved
    await fake.dispatch("INTERACTION_CREATE", payload)
    assert (await run.answer(payload)).content.startswith("Kun administratorer kan lade en kanal abonnere.")
    admin = run.new_user()
    payload = fake.interaction("COMMAND", "abonnér", [*string_options({"emne": "svømmehal"}), option], admin,
                               roles=[fake.admin_role_id])
    payload["data"]["resolved"] = resolved
    await fake.dispatch("INTERACTION_CREATE", payload)
    answer = await run.answer(payload)
    assert answer.content.startswith(f"Kanalen <#{fake.channel_id}> abonnerer nu på »svømmehal« · i <#")
    await ready(run)
    drop(tmp_path / "inbox", SWIMMING)
    (post,) = await until(lambda: fake.posts(fake.channel_id), what="the channel's post")
    assert post.content == "Nyt punkt om »svømmehal«"
    assert post.embeds[0]["title"] == "17 Videreførsel af energitiltag i Greve Svømmehal"
    assert fake.dms(admin) == []
    # Another admin may stop a channel's subscription; a member may not.
    assert (await run.answer(await run.slash("afmeld", user=member, abonnement="1"))).content.startswith(
        "Du har intet abonnement nr. 1")
    stopped = await run.answer(await run.slash("afmeld", user=run.new_user(), roles=[fake.admin_role_id],
                                               abonnement="1"))
    assert stopped.content.startswith("Afmeldt: »svømmehal«")


# --- the fetch schedule -------------------------------------------------------------------------

async def test_the_bot_fetches_on_its_schedule_and_announces_only_what_is_new(start_bot, fake, tmp_path,
                                                                              knowledge_copy):
    files = sorted(GREVE.glob("*.json"))
    site = FirstAgendaSite.from_files([f for f in files if f != SWIMMING])
    await site.start()
    try:
        db = Database.open(tmp_path / "kkrbot.sqlite3")  # the bot's database (start_bot's default)
        polite = Politeness(pause=0, timeout=5, retries=1, backoff=0)
        backfill = await fetch_site(Request(site.url, knowledge_copy, kommune="Greve Kommune", politeness=polite), db)
        assert backfill.first_run and len(backfill.written) == 7
        start_run(db, site.url, when=now_utc() - datetime.timedelta(hours=2))  # the last run: two hours ago
        finish_run(db, site.url)
        db.close()
        site.add(SWIMMING.read_bytes())  # a new meeting on the site
        config = news_config(tmp_path, fake, contact="it@greve.dk",
                             fetch={"every_hours": 1, "pause_seconds": 0, "sites": [{"url": site.url}]})
        run = await start_bot(config, knowledge_copy)
        reader = run.new_user()
        await subscribe(run, reader, "energitiltag i svømmehallen")
        (post,) = await until(lambda: fake.posts(fake.news_channel_id), what="the new meeting's post")
        assert post.embeds[0]["title"] == HEADING
        (dm,) = await until(lambda: fake.dms(reader), what="the DM")
        assert dm.embeds[0]["title"] == "17 Videreførsel af energitiltag i Greve Svømmehal"
        assert site.agenda_requests()[-1].headers["User-Agent"].endswith("+it@greve.dk)")
        await rounds(run, 5)
        assert len(fake.posts(fake.news_channel_id)) == 1  # the 7 of the backfill are served, not announced
        assert len(site.agenda_requests()) == 8  # and not fetched again: the schedule is an hour
    finally:
        await site.stop()


async def test_a_hent_run_by_hand_beside_the_bot_is_announced_by_the_bot(start_bot, fake, tmp_path, knowledge_copy):
    site = FirstAgendaSite.from_files([f for f in sorted(GREVE.glob("*.json")) if f != SWIMMING])
    await site.start()
    try:
        polite = Politeness(pause=0, timeout=5, retries=1, backoff=0)
        request = Request(site.url, knowledge_copy, kommune="Greve Kommune", politeness=polite)
        run = await start_bot(news_config(tmp_path, fake), knowledge_copy)
        await ready(run)
        beside = Database.open(tmp_path / "kkrbot.sqlite3")  # another connection, as `kkrbot hent` opens
        assert (await fetch_site(request, beside)).first_run  # the backfill: served, not posted
        await until(lambda: len(run.bot.kb.meetings) == 1 + 7, what="the backfill served")
        await rounds(run, 2)
        assert fake.posts(fake.news_channel_id) == []
        site.add(SWIMMING.read_bytes())
        later = await fetch_site(request, beside)
        beside.close()
        assert [o.planned.listed.date for o in later.written] == ["2022-12-12"]
        (post,) = await until(lambda: fake.posts(fake.news_channel_id), what="the post")
        assert post.embeds[0]["title"] == HEADING
        assert len(run.bot.kb.meetings) == 1 + 8  # the bundled one and the site's eight, served
    finally:
        await site.stop()


async def test_the_reload_after_a_drop_does_not_hold_up_the_commands(start_bot, fake, tmp_path, monkeypatch):
    run = await start_bot(news_config(tmp_path, fake))
    await ready(run)
    loading, loaded = threading.Event(), threading.Event()
    real_load = run.bot._load

    def slow_load():  # a large knowledge base: the reload takes a while (in its worker thread)
        loading.set()
        time.sleep(2)
        try:
            return real_load()
        finally:
            loaded.set()

    monkeypatch.setattr(run.bot, "_load", slow_load)
    drop(tmp_path / "inbox", SWIMMING)
    await until(loading.is_set, what="the reload to start")
    answer = await run.ask("møder")
    assert not loaded.is_set()  # answered while the reload was still going
    assert answer.embed["title"] == "Møder i vidensbasen (1)"  # the old knowledge base, until the reload is done
    await until(lambda: fake.posts(fake.news_channel_id), what="the post after the reload")


# --- passage vectors of what the bot writes ---------------------------------------------------

class HeldEmbed:
    """The tests' small embedding, held until `release` is set (or `seconds` pass), noting its thread."""

    def __init__(self, seconds: float = 30.0) -> None:
        self.inner = TrigramEmbed(384)
        self.seconds = seconds
        self.started, self.release = threading.Event(), threading.Event()
        self.threads: set[int] = set()

    def __call__(self, texts: list[str]) -> Any:
        self.threads.add(threading.get_ident())
        self.started.set()
        self.release.wait(self.seconds)
        return self.inner(texts)


def _has_vectors(knowledge: Path, relative: str) -> bool:
    return all(p.exists() for p in vector_paths(knowledge / relative))


SWIMMING_FILE = "greve/greve-byraad/2022-12-12T1700.yaml"


async def test_a_dropped_referat_is_embedded_in_a_worker_thread_and_served_with_its_vectors(
        start_bot, fake, tmp_path, monkeypatch, knowledge_copy):
    held = HeldEmbed()
    monkeypatch.setattr(embedder, "passage_embedder", lambda: (held, None))
    run = await start_bot(news_config(tmp_path, fake))
    await ready(run)
    seen: list[bool] = []  # at each reload that serves the new meeting: were its vectors there?
    real_load = run.bot._load

    def load():
        if (knowledge_copy / SWIMMING_FILE).exists():
            seen.append(_has_vectors(knowledge_copy, SWIMMING_FILE))
        return real_load()

    monkeypatch.setattr(run.bot, "_load", load)
    drop(tmp_path / "inbox", SWIMMING)
    await until(held.started.is_set, what="the embedding to start")
    answer = await run.ask("møder")  # answered while the passages are being embedded
    assert answer.embed["title"] == "Møder i vidensbasen (1)" and not held.release.is_set()
    assert threading.get_ident() not in held.threads  # not in the event loop's thread
    held.release.set()
    await until(lambda: fake.posts(fake.news_channel_id), what="the post")
    assert seen and all(seen)  # served with its vectors at once
    meeting = next(m for m in run.bot.kb.meetings if m.date == "2022-12-12")
    assert verify(meeting, knowledge_copy / SWIMMING_FILE, embed=held.inner, sample=3) == []


async def test_with_vectors_off_the_inbox_writes_none(start_bot, fake, tmp_path, knowledge_copy, small_embedder):
    run = await start_bot(news_config(tmp_path, fake, vectors=False))
    await ready(run)
    drop(tmp_path / "inbox", SWIMMING)
    await until(lambda: fake.posts(fake.news_channel_id), what="the post")
    assert small_embedder.calls == 0 and not vector_paths(knowledge_copy / SWIMMING_FILE)[1].exists()


async def test_a_scheduled_hent_is_served_with_its_vectors(start_bot, fake, tmp_path, knowledge_copy, monkeypatch):
    """The scheduled hent notes the arrival before embedding; the reload waits until the meeting's step is done."""
    files = sorted(GREVE.glob("*.json"))
    site = FirstAgendaSite.from_files([f for f in files if f != SWIMMING])
    await site.start()
    try:
        db = Database.open(tmp_path / "kkrbot.sqlite3")
        polite = Politeness(pause=0, timeout=5, retries=1, backoff=0)
        await fetch_site(Request(site.url, knowledge_copy, kommune="Greve Kommune", politeness=polite), db)
        start_run(db, site.url, when=now_utc() - datetime.timedelta(hours=2))
        finish_run(db, site.url)
        db.close()
        site.add(SWIMMING.read_bytes())
        held = HeldEmbed(seconds=1.0)  # a second per batch: several polls of the newsroom
        monkeypatch.setattr(embedder, "passage_embedder", lambda: (held, None))
        seen: list[bool] = []
        real_load = KkrBot._load

        def load(bot):
            if (knowledge_copy / SWIMMING_FILE).exists():
                seen.append(_has_vectors(knowledge_copy, SWIMMING_FILE))
            return real_load(bot)

        monkeypatch.setattr(KkrBot, "_load", load)
        config = news_config(tmp_path, fake, contact="it@greve.dk",
                             fetch={"every_hours": 1, "pause_seconds": 0, "sites": [{"url": site.url}]})
        await start_bot(config, knowledge_copy)
        await until(lambda: fake.posts(fake.news_channel_id), what="the new meeting's post")
        assert held.started.is_set() and seen and all(seen)
    finally:
        await site.stop()
