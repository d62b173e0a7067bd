"""kkrbot's real discord.py client against the local Discord stand-in.

Each test starts the bot, which logs in, syncs its commands, identifies on the
gateway and receives READY and GUILD_CREATE; the test then injects interactions
and messages and checks the HTTP requests the bot makes back.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import discord
from discord import app_commands

from bot.discord.replies import DESCRIPTION, TOTAL
from bot.discord.respond import FRIENDLY_ERROR
from bot.knowledge.sources import ingest_file
from bot.knowledge.store import load_knowledge, write_meeting
from tests.conftest import KL_URL, REFERAT_TXT

DK2020 = {"spørgsmål": "DK2020-klimapartnerskabet"}
NONSENSE = {"spørgsmål": "xyzzy kvantecomputer pingvin"}
NO_MENTIONS = {"parse": []}


def embed_size(embed: dict) -> int:
    return (len(embed.get("title", "")) + len(embed.get("description", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
            + len(embed.get("footer", {}).get("text", "")))


def change_item(knowledge: Path, number: str, **changes) -> str:
    """Rewrite one item of the copied knowledge base (as a new ingest would); returns its label."""
    kb, _ = load_knowledge(knowledge)
    meeting = kb.meetings[0]
    item = next(i for i in meeting.items if i.number == number)
    for key, value in changes.items():
        setattr(item, key, value(item) if callable(value) else value)
    write_meeting(knowledge, meeting)
    return item.label


# --- connecting --------------------------------------------------------------

async def test_connects_syncs_to_the_guild_with_default_intents(start_bot):
    run = await start_bot()
    fake = run.fake
    from_bot = [r for r in fake.requests if r.authorization]
    assert [r.path for r in from_bot[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert from_bot[0].authorization == "Bot test-token-not-secret"
    syncs = [r for r in fake.requests if r.method == "PUT"]
    assert [r.path for r in syncs] == [f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands"]
    names = {c["name"] for c in syncs[0].json}
    assert names == {"beslutning", "udpegning", "highlights", "sag", "møder", "hjælp", "genindlæs", "rapporter"}
    for command in syncs[0].json:
        assert len(command["description"]) <= 100
    beslutning = next(c for c in syncs[0].json if c["name"] == "beslutning")
    assert [o["name"] for o in beslutning["options"]] == ["spørgsmål", "møde"]
    assert fake.identify["token"] == "test-token-not-secret"
    assert fake.identify["intents"] == discord.Intents.default().value
    assert not discord.Intents._from_value(fake.identify["intents"]).message_content


async def test_a_guild_that_refuses_the_sync_is_logged_and_skipped(start_bot, fake, caplog):
    with caplog.at_level(logging.ERROR, logger="bot"):
        run = await start_bot({"guilds": ["123456789012345678", fake.guild_id]})
    assert [r.path.split("/")[4] for r in fake.requests if r.method == "PUT"] == ["123456789012345678", fake.guild_id]
    assert "could not sync commands to guild 123456789012345678" in caplog.text
    assert (await run.ask("beslutning", **DK2020)).embed["title"].startswith("3.4 ")


async def test_no_guilds_means_no_sync_at_start(start_bot):
    run = await start_bot({"guilds": []})
    assert not [r for r in run.fake.requests if r.method == "PUT"]
    assert (await run.ask("beslutning", **DK2020)).embed["title"].startswith("3.4 ")


# --- /beslutning ---------------------------------------------------------------

async def test_beslutning_answers_with_the_decision_embed(start_bot):
    run = await start_bot()
    answer = await run.ask("beslutning", **DK2020)
    embed = answer.embed
    assert embed["title"] == "3.4 DK2020-klimapartnerskabet efter 2023"
    kb, _ = load_knowledge(run.knowledge)
    item = next(i for i in kb.meetings[0].items if i.number == "3.4")
    assert embed["description"] == discord.utils.escape_markdown(item.decision)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Møde"] == "KKR Hovedstaden · 25. november 2022"
    # KL's listing page: linked as it is (#page=N does nothing there), the page said beside it.
    assert fields["Kilde"] == f"[Referatet på kl.dk]({KL_URL}), s. {item.decision_page}"
    assert embed["url"] == KL_URL
    assert not answer.ephemeral
    assert answer.allowed_mentions == NO_MENTIONS


async def test_beslutning_shows_which_words_matched(start_bot):
    run = await start_bot()
    embed = (await run.ask("beslutning", spørgsmål="klimaparnterskab")).embed
    assert embed["title"] == "3.4 DK2020-klimapartnerskabet efter 2023"
    assert embed["footer"]["text"] == "Fundet på: klimaparnterskab (≈ klimapartnerskabet)"


async def test_beslutning_for_an_item_without_decision_shows_what_was_reported(start_bot):
    run = await start_bot()
    embed = (await run.ask("beslutning", spørgsmål="Hvad orienterede Movia om?")).embed
    assert embed["title"] == "2.1 Siden sidst"
    assert embed["description"].startswith(
        "*Punktet har ingen beslutning i referatet. Fra punktets tekst (Baggrund, s. 7):*\n\n")  # its own page
    assert "Kirsten Jensen orienterede om, at bestyrelsen i Movia havde tiltrådt budgettet" in embed["description"]
    kilde = f"[Referatet på kl.dk]({KL_URL}), s. 6 · uddrag, s. 7"  # item, then the quote
    assert {"name": "Kilde", "value": kilde, "inline": True} in embed["fields"]
    # Asked by its title: the whole report, labelled.
    embed = (await run.ask("beslutning", spørgsmål="siden sidst")).embed
    description = embed["description"]
    assert description.startswith("*Punktet har ingen beslutning i referatet. Referatet skriver:*")
    assert "Sisse Marie Welling orienterede" in description and "Glostrup Park Hotel" in description
    assert "\n\\\n" not in description  # no stray backslash line before a list (escape_markdown quirk)


async def test_beslutning_searches_the_meeting_a_question_names(start_bot, knowledge_copy):
    write_meeting(knowledge_copy, ingest_file(REFERAT_TXT, url=KL_URL, date="2023-02-24"))
    run = await start_bot()

    def meeting(embed: dict) -> str:
        return next(f["value"] for f in embed["fields"] if f["name"] == "Møde")

    embed = (await run.ask("beslutning", spørgsmål="DK2020 på mødet den 25. november 2022")).embed
    assert embed["title"].startswith("3.4 ") and meeting(embed) == "KKR Hovedstaden · 25. november 2022"
    embed = (await run.ask("beslutning", spørgsmål="DK2020 på seneste møde")).embed
    assert meeting(embed) == "KKR Hovedstaden · 24. februar 2023"
    answer = await run.ask("beslutning", spørgsmål="DK2020 på mødet den 3. marts 2021")
    assert answer.ephemeral and answer.content.startswith("Jeg har ikke referatet fra mødet 3. marts 2021.")


async def test_the_bot_indexes_through_the_cache_at_start_and_reload(start_bot, knowledge_copy, fake):
    from bot.search import cache

    run = await start_bot()
    cache_dir = cache.default_cache_dir()
    assert cache.load(cache_dir, knowledge_copy, cache.cache_key(knowledge_copy)) is not None
    write_meeting(knowledge_copy, ingest_file(REFERAT_TXT, url=KL_URL, date="2023-02-24"))
    assert cache.load(cache_dir, knowledge_copy, cache.cache_key(knowledge_copy)) is None  # stale now
    answer = await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))
    assert answer.content == "Vidensbasen er genindlæst: 2 møder, 32 punkter."
    assert cache.load(cache_dir, knowledge_copy, cache.cache_key(knowledge_copy)) is not None


async def test_beslutning_without_an_answer_is_short_and_ephemeral(start_bot):
    run = await start_bot()
    answer = await run.ask("beslutning", **NONSENSE)
    assert answer.ephemeral
    assert "embeds" not in answer.data or not answer.data["embeds"]
    assert answer.content.startswith("Jeg fandt ikke noget")
    assert "xyzzy kvantecomputer pingvin" in answer.content
    assert len(answer.content) <= 2000


async def test_beslutning_in_one_meeting_and_unknown_meeting(start_bot):
    run = await start_bot()
    answer = await run.ask("beslutning", møde="25. november 2022", **DK2020)
    assert answer.embed["title"].startswith("3.4 ")
    answer = await run.ask("beslutning", møde="1. januar 1999", **DK2020)
    assert answer.ephemeral and "kender ikke mødet" in answer.content


async def test_a_decision_over_4096_characters_is_cut_at_a_sentence(start_bot, knowledge_copy):
    # The real decision of 3.6, followed by the item's own real sections: far over 4096.
    change_item(knowledge_copy, "3.6", decision=lambda i: i.decision + "\n\n" + i.section_text())
    kb, _ = load_knowledge(knowledge_copy)
    item = next(i for i in kb.meetings[0].items if i.number == "3.6")
    assert len(item.decision) > DESCRIPTION + 1000
    run = await start_bot()
    embed = (await run.ask("beslutning", spørgsmål="infrastrukturprojekter")).embed
    assert embed["title"].startswith("3.6 ")
    description = embed["description"]
    ending = f"… læs hele beslutningen i referatet (s. {item.decision_page})"
    assert description.endswith(ending)
    assert len(description) <= DESCRIPTION and embed_size(embed) <= TOTAL
    head = description[: -len(ending)].rstrip()
    assert head.endswith((".", "!", "?"))  # a whole sentence
    assert discord.utils.escape_markdown(item.decision).startswith(head)


async def test_referat_text_with_mentions_and_markdown_is_shown_not_executed(start_bot, knowledge_copy):
    hostile = " @everyone <@123456789012345678> <@123> **vigtigt** [klik her](https://example.invalid)"
    change_item(knowledge_copy, "3.3", decision=lambda i: i.decision + hostile)
    run = await start_bot()
    answer = await run.ask("beslutning", spørgsmål="VIP-klimaprojekter")
    assert answer.allowed_mentions == NO_MENTIONS
    description = answer.embed["description"]
    assert "@everyone" not in description and "@\u200beveryone" in description
    assert "<@123456789012345678>" not in description and "<@123>" not in description
    assert "\\*\\*vigtigt\\*\\*" in description
    assert "[klik her](" not in description.replace("\\[klik her](", "")
    # A question that echoes @everyone back is escaped too.
    answer = await run.ask("beslutning", spørgsmål="@everyone kvantecomputer pingvin")
    assert "@everyone" not in answer.content and answer.allowed_mentions == NO_MENTIONS


async def test_slow_search_is_deferred_then_edited(start_bot):
    run = await start_bot()
    search = run.bot.searcher.ask

    def slow(*args, **kwargs):
        time.sleep(2.5)  # longer than the bot waits before deferring
        return search(*args, **kwargs)

    run.bot.searcher.ask = slow
    payload = await run.slash("beslutning", **DK2020)
    answer = await run.answer(payload)
    assert answer.deferred
    assert answer.request.method == "PATCH" and answer.request.path.endswith("/messages/@original")
    assert answer.embed["title"].startswith("3.4 ")
    assert answer.allowed_mentions == NO_MENTIONS
    # Nothing found after a defer: the public "thinking" message goes, the answer is private.
    payload = await run.slash("beslutning", **NONSENSE)
    answer = await run.answer(payload)
    assert answer.deferred and answer.request.method == "POST" and answer.ephemeral
    assert answer.content.startswith("Jeg fandt ikke noget")
    original = f"/webhooks/{run.fake.app_id}/{payload['token']}/messages/@original"
    assert [r.method for r in run.fake.requests if r.path == original] == ["DELETE"]


async def test_an_exception_in_a_command_gives_a_friendly_message_and_the_bot_stays_up(start_bot, caplog):
    run = await start_bot()
    search = run.bot.searcher.ask

    def broken(*args, **kwargs):
        raise RuntimeError("indekset er i stykker")

    run.bot.searcher.ask = broken
    with caplog.at_level(logging.ERROR):
        answer = await run.ask("beslutning", **DK2020)
        reply = await run.say(f"<@{run.fake.app_id}> DK2020-klimapartnerskabet")
    assert answer.content == FRIENDLY_ERROR and answer.ephemeral
    assert reply.json["content"] == FRIENDLY_ERROR
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 2 and all("indekset er i stykker" in str(r.exc_info[1]) for r in logged)
    run.bot.searcher.ask = search
    assert (await run.ask("beslutning", **DK2020)).embed["title"].startswith("3.4 ")
    assert not run.task.done()


async def test_cooldown_is_per_user_and_polite(start_bot):
    run = await start_bot({"cooldown": {"burst": 1, "per_minute": 0.1}})
    user = run.new_user()
    first = await run.answer(await run.slash("beslutning", user=user, **DK2020))
    assert first.embed["title"].startswith("3.4 ")
    second = await run.answer(await run.slash("beslutning", user=user, **DK2020))
    assert second.ephemeral and second.content.startswith("Du har stillet mange spørgsmål")
    assert "Du kan spørge igen om 10 minutter" in second.content  # one question per 10 minutes
    other = await run.answer(await run.slash("beslutning", **DK2020))
    assert other.embed["title"].startswith("3.4 ")


# Every slash command with options a member might give it (a new command joins this table).
EVERY_COMMAND = {
    "hjælp": {}, "møder": {}, "beslutning": DK2020, "udpegning": {"søg": "Hvidovre"}, "highlights": {},
    "sag": {"søg": "DK2020"}, "genindlæs": {}, "rapporter": {},
}


async def test_a_member_who_uses_every_command_twice_within_a_minute_is_never_refused(start_bot):
    run = await start_bot()  # the default cooldown
    synced = {c["name"] for r in run.fake.requests if r.method == "PUT" for c in r.json}
    assert synced == set(EVERY_COMMAND)
    user = run.new_user()
    texts = []
    for _ in range(2):
        for name, options in EVERY_COMMAND.items():
            texts.append((await run.answer(await run.slash(name, user=user, **options))).content)
            await run.autocomplete("beslutning", "møde", "nov")
        texts.append((await run.say(f"<@{run.fake.app_id}> DK2020-klimapartnerskabet", user=user)).json["content"])
    assert not [t for t in texts if t and "mange spørgsmål" in t]
    # A member who keeps firing questions is slowed, with the time they may ask again; /hjælp and /møder still answer.
    answers = [await run.answer(await run.slash("beslutning", user=user, **DK2020)) for _ in range(10)]
    refused = [a for a in answers if a.content.startswith("Du har stillet mange spørgsmål")]
    assert refused and all(a.ephemeral and "Du kan spørge igen om" in a.content for a in refused)
    assert (await run.answer(await run.slash("hjælp", user=user))).embed["title"] == "Sådan bruger du kkrbot"
    assert (await run.answer(await run.slash("møder", user=user))).embed["title"].startswith("Møder i vidensbasen")


# --- mentions --------------------------------------------------------------------

async def test_a_mention_is_answered_as_a_reply(start_bot):
    run = await start_bot()
    reply = await run.say(f"<@{run.fake.app_id}> DK2020-klimapartnerskabet")
    assert reply.json["embeds"][0]["title"].startswith("3.4 ")
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    reply = await run.say(f"<@{run.fake.app_id}> xyzzy kvantecomputer pingvin")
    assert reply.json["content"].startswith("Jeg fandt ikke noget")
    reply = await run.say(f"<@!{run.fake.app_id}>")
    assert reply.json["embeds"][0]["title"] == "Sådan bruger du kkrbot"
    reply = await run.say(f"<@{run.fake.app_id}> hjælp?")
    assert reply.json["embeds"][0]["title"] == "Sådan bruger du kkrbot"
    # Without a mention, outside the question channels, the bot keeps quiet.
    chatter = run.fake.message("DK2020-klimapartnerskabet", run.new_user(), mentions_bot=False)
    await run.fake.dispatch("MESSAGE_CREATE", chatter)
    await run.say(f"<@{run.fake.app_id}> DK2020-klimapartnerskabet")
    replied_to = [str(r.json["message_reference"]["message_id"]) for r in run.fake.requests
                  if r.path.startswith("/channels/")]
    assert len(replied_to) == 5 and chatter["id"] not in replied_to


async def test_a_direct_message_is_answered_without_mention(start_bot, fake):
    run = await start_bot()
    user = run.new_user()
    reply = await run.say("DK2020-klimapartnerskabet", mention=False, user=user, dm=True)
    assert reply.json["embeds"][0]["title"].startswith("3.4 ")
    (sent,) = fake.dms(user)
    assert sent.id == reply.message and sent.embeds[0]["title"].startswith("3.4 ")


async def test_plain_question_channel_answers_without_mention(start_bot, fake):
    run = await start_bot({"question_channels": [fake.channel_id]})
    assert discord.Intents._from_value(fake.identify["intents"]).message_content
    reply = await run.say("DK2020-klimapartnerskabet", mention=False)
    assert reply.json["embeds"][0]["title"].startswith("3.4 ")


# --- autocomplete, /møder, /hjælp, /udpegning (/highlights and the buttons: test_actions.py) -----

async def test_autocomplete_lists_meetings(start_bot):
    run = await start_bot()
    choices = await run.autocomplete("highlights", "møde", "nov")
    assert choices == [{"name": "KKR Hovedstaden · 25. november 2022", "value": "2022-11-25 KKR Hovedstaden"}]
    assert await run.autocomplete("beslutning", "møde", "2022-11", spørgsmål="x") == choices
    assert await run.autocomplete("highlights", "møde", "marts 1999") == []


async def test_an_unknown_meeting_is_named_for_every_command_that_takes_one(start_bot):
    run = await start_bot()
    for name, options in (("beslutning", DK2020), ("highlights", {})):
        answer = await run.ask(name, møde="1. januar 1999", **options)
        assert answer.ephemeral and answer.content == ("Jeg kender ikke mødet »1. januar 1999«. "
                                                       "Brug /møder for at se de møder, jeg kender.")


async def test_moeder_lists_the_meetings(start_bot):
    run = await start_bot()
    embed = (await run.ask("møder")).embed
    assert embed["title"] == "Møder i vidensbasen (1)"
    assert "KKR Hovedstaden · 25. november 2022" in embed["description"]
    assert "16 punkter" in embed["description"]


async def test_hjaelp_explains_the_commands(start_bot):
    run = await start_bot()
    answer = await run.ask("hjælp")
    description = answer.embed["description"]
    for command in ("/beslutning", "/udpegning", "/highlights", "/møder", "@kkrbot"):
        assert command in description
    assert "**/beslutning** `spørgsmål` `[møde]` – Hvad blev besluttet? Find beslutningen i referaterne." in description
    assert answer.ephemeral


async def test_hjaelp_is_generated_from_the_command_tree(start_bot):
    run = await start_bot()

    @app_commands.command(name="nyhed", description="En kommando, hjælpen aldrig har hørt om.")
    @app_commands.rename(topic="emne")
    async def nyhed(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.send_message(topic)

    run.bot.tree.add_command(nyhed)
    description = (await run.ask("hjælp")).embed["description"]
    assert "**/nyhed** `emne` – En kommando, hjælpen aldrig har hørt om." in description
    reply = await run.say(f"<@{run.fake.app_id}> hjælp")  # the mention's help is the same
    assert "**/nyhed** `emne`" in reply.json["embeds"][0]["description"]


async def test_udpegning_lists_the_appointments(start_bot):
    run = await start_bot()
    embed = (await run.ask("udpegning", søg="Trebien")).embed  # a typo still finds him
    (field,) = embed["fields"]
    assert field["name"] == "Søren Friis Trebbien (C), Hvidovre Kommune"
    assert "**Organ:** Region Hovedstadens opgaveudvalg" in field["value"]
    assert field["value"].endswith(f"[Referatet på kl.dk]({KL_URL}), s. 29")
    assert [f["name"] for f in (await run.ask("udpegning", søg="Glostrup")).embed["fields"]] == [
        "Kasper Damsgaard (A), Glostrup Kommune"]
    answer = await run.ask("udpegning", søg="xyzzy kvantecomputer")
    assert answer.ephemeral and answer.content.startswith("Jeg fandt ingen udpegninger")
    choices = await run.autocomplete("udpegning", "søg", "søren")
    assert choices == [{"name": "Søren Friis Trebbien", "value": "Søren Friis Trebbien"}]


# --- /genindlæs --------------------------------------------------------------------

async def test_genindlaes_serves_a_newly_ingested_referat(start_bot, knowledge_copy, fake):
    run = await start_bot()
    admin = {"roles": [fake.admin_role_id]}
    refused = await run.ask("genindlæs")
    assert refused.ephemeral and refused.content.startswith("Kun administratorer")
    # A new referat arrives while the bot runs (the real text, as a later meeting).
    write_meeting(knowledge_copy, ingest_file(REFERAT_TXT, url=KL_URL, date="2023-02-24"))
    assert (await run.ask("møder")).embed["title"] == "Møder i vidensbasen (1)"
    answer = await run.answer(await run.slash("genindlæs", **admin))
    assert answer.content == "Vidensbasen er genindlæst: 2 møder, 32 punkter."
    assert (await run.ask("møder")).embed["title"] == "Møder i vidensbasen (2)"
    embed = (await run.ask("beslutning", møde="24. februar 2023", **DK2020)).embed
    assert embed["title"].startswith("3.4 ")
    assert {"name": "Møde", "value": "KKR Hovedstaden · 24. februar 2023", "inline": True} in embed["fields"]


async def test_genindlaes_with_a_broken_file_keeps_the_old_base(start_bot, knowledge_copy, fake):
    run = await start_bot({"admin_role": int(fake.admin_role_id)})
    broken = knowledge_copy / "kkr-hovedstaden" / "2023-02-24.yaml"
    broken.write_text("meeting: {body: KKR Hovedstaden, date: '2023-02-24'}\nitems: [\n", encoding="utf-8")
    answer = await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))
    assert answer.content.startswith("Genindlæsningen mislykkedes, så jeg bruger stadig den gamle vidensbase")
    assert "2023-02-24.yaml" in answer.content
    assert (await run.ask("møder")).embed["title"] == "Møder i vidensbasen (1)"
    assert (await run.ask("beslutning", **DK2020)).embed["title"].startswith("3.4 ")


async def test_genindlaes_without_a_configured_role_needs_administrator(start_bot):
    run = await start_bot({"admin_role": None})
    assert (await run.ask("genindlæs")).content.startswith("Kun administratorer")
    answer = await run.answer(await run.slash("genindlæs", permissions=str(1 << 3)))
    assert answer.content.startswith("Vidensbasen er genindlæst")


async def test_genindlaes_refuses_a_file_the_schema_rejects_and_names_file_and_field(start_bot, knowledge_copy, fake):
    """Issue 10: an impossible date passed the old check; /genindlæs said yes and every command then failed."""
    run = await start_bot()
    path = knowledge_copy / "kkr-hovedstaden" / "2022-11-25.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: '2022-11-25'", "date: '2022-13-45'"),
                    encoding="utf-8")
    answer = await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))
    assert answer.content.startswith("Genindlæsningen mislykkedes, så jeg bruger stadig den gamle vidensbase")
    assert "2022-11-25.yaml: meeting: date: ugyldig dato '2022-13-45'" in answer.content
    for name, options in [("beslutning", DK2020), ("highlights", {}), ("udpegning", {"søg": "Hvidovre"}),
                          ("møder", {})]:
        said = await run.ask(name, **options)
        assert "Beklager" not in json.dumps(said.data, ensure_ascii=False)
    assert (await run.ask("beslutning", **DK2020)).embed["title"].startswith("3.4 ")


async def test_an_empty_knowledge_base_says_it_has_no_referater_yet(start_bot, tmp_path, fake):
    empty = tmp_path / "tom"
    empty.mkdir()
    run = await start_bot(knowledge=empty)
    for name, options in [("beslutning", DK2020), ("udpegning", {"søg": "Hvidovre"}), ("highlights", {}),
                          ("møder", {})]:
        answer = await run.ask(name, **options)
        assert answer.content == "Vidensbasen er tom: der er ingen referater indlæst endnu.", name
    reply = await run.say(f"<@{fake.app_id}> Hvad blev besluttet om DK2020?")
    assert reply.json["content"] == "Vidensbasen er tom: der er ingen referater indlæst endnu."


# --- questions never crash, markup is not words, the next meeting (issue 10) ---------

async def test_questions_that_crashed_are_answered(start_bot):
    run = await start_bot()
    for question in ("Hvad sagde K L om klima?", "e u", "D\u200bK\u200b2\u200b0\u200b2\u200b0"):
        answer = await run.ask("beslutning", spørgsmål=question)
        assert answer.data.get("content") != FRIENDLY_ERROR
        assert answer.data.get("embeds") or answer.data["content"].startswith("Jeg fandt ikke noget")
    answer = await run.ask("beslutning", spørgsmål="D\u200bK\u200b2\u200b0\u200b2\u200b0")
    assert answer.embed["title"].startswith("3.4 ")


async def test_mentions_and_emoji_in_a_question_are_not_words(start_bot):
    run = await start_bot()
    reply = await run.say(f"<@{run.fake.app_id}> <@1300000000000000002> hvad blev besluttet om DK2020?")
    assert reply.json["embeds"][0]["title"].startswith("3.4 ")
    reply = await run.say(f"<@{run.fake.app_id}> <@&42> <:klima:123456> @everyone")
    assert reply.json["embeds"][0]["title"] == "Sådan bruger du kkrbot"  # nothing asked
    for question in ("@everyone DK2020", "<@123> DK2020", "<a:fest:654321> DK2020 @here"):
        answer = await run.ask("beslutning", spørgsmål=question)
        assert answer.embed["title"].startswith("3.4 ")


async def test_the_question_echoed_back_is_escaped(start_bot):
    run = await start_bot()
    answer = await run.ask("beslutning", spørgsmål="**skøjtehal** <@123> @everyone `x`")
    assert answer.ephemeral and answer.allowed_mentions == NO_MENTIONS
    assert "»\\*\\*skøjtehal\\*\\* \\`x\\`«" in answer.content
    assert "<@123>" not in answer.content and "@everyone" not in answer.content


async def test_a_question_about_the_next_meeting_gets_its_date_and_topics(start_bot):
    run = await start_bot()
    embed = (await run.ask("beslutning", spørgsmål="Hvornår er næste møde?")).embed
    assert embed["title"] == "Næste møde: 8. februar 2023 fra kl. 10 til kl. 12"
    assert embed["url"] == KL_URL  # KL's listing page: no page to open
    assert embed["description"].startswith("Næste møde i KKR Hovedstaden planlægges afholdt den 8. februar 2023")
    assert embed["description"].endswith("**Forventede punkter på dagsordenen**\n• Strategisk oplæg til "
                                         "fælleskommunale prioriteringer på sundhedsområdet\n• Input til kommende "
                                         "erhvervsfremmestrategi 2024-2027\n• Input til evaluering af "
                                         "erhvervsfremmereformen\n• Fælles prioriterede infrastrukturprojekter\n"
                                         "• DK2020-samarbejdet fremadrettet")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Ifølge referatet fra"] == "KKR Hovedstaden · 25. november 2022"
    assert fields["Kilde"] == f"[Referatet på kl.dk]({KL_URL}), s. 31" and "efterretning" not in embed["description"]
    reply = await run.say(f"<@{run.fake.app_id}> hvornår mødes KKR Hovedstaden igen?")
    assert reply.json["embeds"][0]["title"].startswith("Næste møde: 8. februar 2023")
