"""Buttons, the 'Andre resultater' menu, the report form, paged views and /sag, through the Discord
stand-in with the real client: as a member presses them, before and after a restart."""
from __future__ import annotations

import copy
import logging
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bot.discord.replies import DESCRIPTION, TOTAL, escape
from bot.highlights import build_highlights, render_markdown
from bot.knowledge.store import load_knowledge, meeting_path, write_meeting
from bot.state.db import Database
from bot.state.reports import list_reports
from tests.case_fixtures import DK2020, DK2020_CASE, later_stages
from tests.discord.fake_discord import BUTTON, EPHEMERAL, STRING_SELECT, Sent
from tests.discord.test_bot import change_item, embed_size

NO_MENTIONS = {"parse": []}


@pytest.fixture
def cases(knowledge_copy: Path) -> Path:
    """The bundled meeting and later stages of its DK2020 case (Økonomiudvalget, Byrådet)."""
    for meeting in later_stages():
        write_meeting(knowledge_copy, meeting)
    return knowledge_copy


def control(message: Sent, name: str) -> dict[str, Any]:
    """The button with this label, or the select menu whose placeholder starts with it."""
    for c in message.components:
        if c["type"] == BUTTON and c.get("label") == name:
            return c
        if c["type"] == STRING_SELECT and c.get("placeholder", "").startswith(name):
            return c
    raise LookupError(f"no {name!r} on the message; it has {[c.get('label') or c.get('placeholder') for c in message.components]}")


def labels(message: Sent) -> list[str]:
    return [c.get("label") or c["placeholder"] for c in message.components if c["type"] in (BUTTON, STRING_SELECT)]


async def press(run, message: Sent, name: str, user: str | None = None):
    """Press a button by its label; the bot's answer."""
    return await run.answer(await run.press(message, control(message, name)["custom_id"], user=user))


def field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


def db_of(run) -> Database:
    return run.bot.db


# --- an answer's controls ----------------------------------------------------------------

async def test_an_answer_has_its_buttons_and_menu_and_anyone_may_press_them(start_bot, cases):
    run = await start_bot()
    asker = run.new_user()
    answer = await run.answer(await run.slash("beslutning", user=asker, spørgsmål="DK2020", møde="25. november 2022"))
    message = answer.message
    assert not message.ephemeral and message.embeds[0]["title"] == "3.4 DK2020-klimapartnerskabet efter 2023"
    assert labels(message) == ["Sagens forløb", "Rapportér fejl", "Andre resultater (3)"]
    assert all(len(c["custom_id"]) <= 100 for c in message.components if "custom_id" in c)
    menu = control(message, "Andre resultater")
    assert len(menu["options"]) == 4 and [o.get("default", False) for o in menu["options"]] == [True] + [False] * 3
    assert answer.allowed_mentions == NO_MENTIONS
    # A public answer: another member presses its button and gets their own private view.
    other = run.new_user()
    path = await press(run, message, "Sagens forløb", user=other)
    assert path.ephemeral and path.message.data["interaction_metadata"]["user"]["id"] == other
    assert path.embed["title"] == f"Sagens forløb: {DK2020}"


async def test_a_mention_reply_has_the_same_buttons(start_bot, cases):
    run = await start_bot()
    reply = await run.say(f"<@{run.fake.app_id}> DK2020")
    message = run.fake.messages[reply.message]
    assert labels(message) == ["Sagens forløb", "Rapportér fejl", "Andre resultater (3)"]
    opened = await press(run, message, "Rapportér fejl")
    assert opened.modal["title"] == "Rapportér fejl"


async def test_sagens_forloeb_shows_every_meeting_oldest_first(start_bot, cases):
    run = await start_bot()
    # KKR's item has no case number of its own: its path is found by topic, across organisations.
    message = (await run.ask("beslutning", spørgsmål="DK2020", møde="25. november 2022")).message
    path = await press(run, message, "Sagens forløb")
    embed = path.embed
    assert [f["name"] for f in embed["fields"]] == [
        "1. KKR Hovedstaden · 25. november 2022", "2. Økonomiudvalget · 16. januar 2023", "3. Byrådet · 30. januar 2023"]
    kkr, committee, council = (f["value"] for f in embed["fields"])
    assert kkr.startswith("**Tiltrådt** · [3.4 DK2020-klimapartnerskabet efter 2023](https://www.kl.dk/")
    assert committee.endswith("»Anbefales over for Byrådet.«") and council.startswith("**Godkendt** · [7 ")
    assert path.ephemeral and not path.message.components  # three stages: one page
    assert path.embed["description"].endswith("(referaterne giver intet sagsnummer).")
    # The council's item has the municipality's case number: its path is that case's meetings.
    message = (await run.ask("beslutning", spørgsmål="DK2020", møde="30. januar 2023")).message
    assert message.embeds[0]["title"] == f"7 {DK2020}"
    path = await press(run, message, "Sagens forløb")
    assert [f["name"] for f in path.embed["fields"]] == [
        "1. Økonomiudvalget · 16. januar 2023", "2. Byrådet · 30. januar 2023"]
    assert path.embed["description"].startswith(f"{DK2020} (sagsnr. {DK2020_CASE}, 2 møder)")


async def test_an_answer_without_a_case_path_has_no_such_button(start_bot):
    run = await start_bot()  # the bundled meeting alone: no item was on another agenda
    message = (await run.ask("beslutning", spørgsmål="SOSU")).message
    assert "Sagens forløb" not in labels(message) and "Rapportér fejl" in labels(message)


async def test_andre_resultater_shows_the_chosen_item_in_place_of_the_first(start_bot, cases):
    run = await start_bot()
    message = (await run.ask("beslutning", spørgsmål="DK2020", møde="25. november 2022")).message
    menu = control(message, "Andre resultater")
    chosen = menu["options"][2]
    other = run.new_user()
    payload = await run.choose(message, menu["custom_id"], chosen["value"], user=other)
    update = await run.answer(payload)
    assert update.request.json["type"] == 7 and update.message is message and message.edits == 1
    embed = message.embeds[0]
    assert embed["title"] == chosen["label"] and "3.4 DK2020-klimapartnerskabet efter 2023" in field(embed, "Se også")
    assert embed["footer"]["text"].startswith("Fundet på: dk2020")  # the question's words, found again
    menu = control(message, "Andre resultater")
    assert [o.get("default", False) for o in menu["options"]] == [False, False, True, False]
    report_id = control(message, "Rapportér fejl")["custom_id"]
    assert report_id.endswith(":" + chosen["value"].rsplit(":", 1)[1])  # a report now names the item shown
    # Back to the first.
    await run.answer(await run.choose(message, menu["custom_id"], menu["options"][0]["value"]))
    assert message.embeds[0]["title"] == "3.4 DK2020-klimapartnerskabet efter 2023" and message.edits == 2


# --- the whole decision, paged and private ----------------------------------------------------

async def long_decision(start_bot, knowledge_copy):
    change_item(knowledge_copy, "3.6", decision=lambda i: i.decision + "\n\n" + i.section_text())
    run = await start_bot()
    answer = await run.ask("beslutning", spørgsmål="infrastrukturprojekter")
    assert answer.embed["title"].startswith("3.6 ")
    kb, _ = load_knowledge(knowledge_copy)
    item = next(i for i in kb.meetings[0].items if i.number == "3.6")
    return run, answer.message, item


async def test_vis_hele_beslutningen_pages_the_whole_decision_for_the_presser(start_bot, knowledge_copy):
    run, message, item = await long_decision(start_bot, knowledge_copy)
    assert labels(message)[0] == "Vis hele beslutningen"
    member = run.new_user()
    first = await press(run, message, "Vis hele beslutningen", user=member)
    pages_message = first.message
    assert pages_message.ephemeral and first.request.json["type"] == 4
    assert pages_message.data["interaction_metadata"]["user"]["id"] == member
    total = int(re.match(r"Side 1 af (\d+) · ", first.embed["footer"]["text"])[1])
    assert total >= 3
    texts = [first.embed["description"]]
    assert control(pages_message, "◀ Forrige")["disabled"] and not control(pages_message, "Næste ▶")["disabled"]
    for page in range(2, total + 1):
        turned = await press(run, pages_message, "Næste ▶")  # the member who opened it, by default
        assert turned.request.json["type"] == 7 and turned.message is pages_message
        embed = pages_message.embeds[0]
        assert embed["footer"]["text"].startswith(f"Side {page} af {total}")
        assert len(embed["description"]) <= DESCRIPTION and embed_size(embed) <= TOTAL
        texts.append(embed["description"])
    assert control(pages_message, "Næste ▶")["disabled"] and not control(pages_message, "◀ Forrige")["disabled"]
    assert re.sub(r"\s+", "", "".join(texts)) == re.sub(r"\s+", "", escape(item.decision))  # all of it, once
    back = await press(run, pages_message, "◀ Forrige")
    assert back.message.embeds[0]["footer"]["text"].startswith(f"Side {total - 1} af {total}")


async def test_an_ephemeral_view_answers_nobody_but_its_asker(start_bot, knowledge_copy):
    run, message, _ = await long_decision(start_bot, knowledge_copy)
    owner = run.new_user()
    pages_message = (await press(run, message, "Vis hele beslutningen", user=owner)).message
    forward = control(pages_message, "Næste ▶")["custom_id"]
    stranger = run.new_user()
    with pytest.raises(ValueError, match="ephemeral"):  # Discord shows it to no one else
        run.fake.component(pages_message.id, forward, stranger)
    # Even a press that reaches the bot from someone else (a forged or replayed interaction) pages nothing.
    payload = run.fake.component(pages_message.id, forward, owner)
    payload["member"]["user"] = run.fake.user(stranger)
    await run.fake.dispatch("INTERACTION_CREATE", payload)
    refused = await run.answer(payload)
    assert refused.ephemeral and refused.content.startswith("Kun den, der åbnede visningen, kan bladre i den.")
    assert pages_message.edits == 0 and pages_message.embeds[0]["footer"]["text"].startswith("Side 1 af")
    # The owner still can.
    await press(run, pages_message, "Næste ▶", user=owner)
    assert pages_message.embeds[0]["footer"]["text"].startswith("Side 2 af")


async def test_a_page_button_after_the_decision_got_shorter_shows_the_last_page(start_bot, knowledge_copy, fake):
    run, message, _ = await long_decision(start_bot, knowledge_copy)
    pages_message = (await press(run, message, "Vis hele beslutningen")).message
    change_item(knowledge_copy, "3.6", decision="KKR Hovedstaden tiltrådte indstillingen.")  # corrected by hand
    await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))
    await press(run, pages_message, "Næste ▶")  # page 2 of a decision that has one now
    assert pages_message.embeds[0]["description"] == "KKR Hovedstaden tiltrådte indstillingen."
    assert pages_message.embeds[0]["footer"]["text"].startswith("Side 1 af 1") and not pages_message.components


# --- reports ------------------------------------------------------------------------------

async def test_rapporter_fejl_stores_question_answer_and_member_and_admins_handle_it(start_bot, cases, fake):
    run = await start_bot()
    asker = run.new_user()
    message = (await run.answer(await run.slash("beslutning", user=asker, spørgsmål="DK2020",
                                                møde="25. november 2022"))).message
    reporter = run.new_user()
    press_payload = await run.press(message, control(message, "Rapportér fejl")["custom_id"], user=reporter)
    opened = await run.answer(press_payload)
    modal = opened.modal
    assert modal["title"] == "Rapportér fejl" and len(modal["custom_id"]) <= 100
    (label,) = modal["components"]
    assert label["type"] == 18 and label["label"] == "Hvad var forkert?"
    assert label["component"]["max_length"] == 1000 and label["component"]["style"] == 2
    with pytest.raises(ValueError, match="required"):
        fake.modal_submit(press_payload["id"], {})
    submit = await run.submit(press_payload, {"kkr:fejl:tekst": "Det handler om punkt 3.3, ikke 3.4"})
    thanks = await run.answer(submit)
    assert thanks.ephemeral and thanks.content == "Tak! Din rapport (nr. 1) er gemt, og en administrator kigger på den."
    (report,) = list_reports(db_of(run))
    assert report.user_id == int(reporter) and report.text == "Det handler om punkt 3.3, ikke 3.4"
    assert report.question == "DK2020"
    assert (report.shown.body, report.shown.date, report.shown.item) == ("KKR Hovedstaden", "2022-11-25", "3.4")
    assert report.shown.title == "DK2020-klimapartnerskabet efter 2023" and report.shown.tier == "svar"  # the search's tier, stored with the report

    refused = await run.ask("rapporter")
    assert refused.ephemeral and refused.content == "Kun administratorer kan se rapporterne."
    admin = run.new_user()
    listing = await run.answer(await run.slash("rapporter", user=admin, roles=[fake.admin_role_id]))
    assert listing.ephemeral and listing.embed["title"] == "Rapporter om fejl: 1 åbne"
    (entry,) = listing.embed["fields"]
    assert f"<@{reporter}>" in entry["value"] and "**Spørgsmål:** DK2020" in entry["value"]
    menu = control(listing.message, "Markér som behandlet")
    stranger = await run.answer(await run.choose(listing.message, menu["custom_id"], "1", user=admin))
    assert stranger.ephemeral and stranger.content == "Kun administratorer kan behandle rapporter."  # no role now
    assert list_reports(db_of(run))  # still open
    handled = await run.answer(await run.choose(listing.message, menu["custom_id"], "1", user=admin,
                                                roles=[fake.admin_role_id]))
    assert handled.request.json["type"] == 7
    assert listing.message.content == "Der er ingen åbne rapporter om fejl. Tak til alle, der har rapporteret!"
    assert not listing.message.embeds and not listing.message.components
    (report,) = list_reports(db_of(run), include_handled=True)
    assert not report.open and report.handled_by.endswith(f"({admin})")


# --- persistence -----------------------------------------------------------------------------

async def test_buttons_on_yesterdays_answers_work_after_a_restart(start_bot, cases, fake):
    run = await start_bot()
    asker = run.new_user()
    answer = (await run.answer(await run.slash("beslutning", user=asker, spørgsmål="DK2020",
                                               møde="25. november 2022"))).message
    highlights = (await run.ask("highlights", møde="2022-11-25")).message
    await run.stop()

    again = await start_bot()  # a new process: nothing but the messages' custom_ids and the database
    path = await press(again, answer, "Sagens forløb")
    assert path.ephemeral and len(path.embed["fields"]) == 3 and path.allowed_mentions == NO_MENTIONS
    menu = control(answer, "Andre resultater")
    await again.answer(await again.choose(answer, menu["custom_id"], menu["options"][1]["value"]))
    assert answer.embeds[0]["title"] == menu["options"][1]["label"]
    assert answer.embeds[0]["footer"]["text"].startswith("Fundet på: dk2020")  # the question, from the database
    press_payload = await again.press(answer, control(answer, "Rapportér fejl")["custom_id"])
    await again.answer(press_payload)
    await again.answer(await again.submit(press_payload, {"kkr:fejl:tekst": "Forkert"}))
    (report,) = list_reports(db_of(again))
    assert report.question == "DK2020" and report.shown.item == menu["options"][1]["value"].rsplit(":", 1)[1]
    turned = await press(again, highlights, "Næste ▶")
    assert turned.message is highlights and highlights.embeds[0]["footer"]["text"].startswith("Side 2 af 6")


async def test_a_form_opened_before_a_restart_is_still_stored(start_bot, cases):
    run = await start_bot()
    message = (await run.ask("beslutning", spørgsmål="DK2020")).message
    press_payload = await run.press(message, control(message, "Rapportér fejl")["custom_id"])
    await run.answer(press_payload)
    await run.stop()
    again = await start_bot()
    thanks = await again.answer(await again.submit(press_payload, {"kkr:fejl:tekst": "Sendt efter genstart"}))
    assert thanks.content.startswith("Tak! Din rapport (nr. 1) er gemt")
    assert [r.text for r in list_reports(db_of(again))] == ["Sendt efter genstart"]


async def test_a_button_whose_item_is_gone_says_so(start_bot, cases, fake):
    run = await start_bot()
    message = (await run.ask("beslutning", spørgsmål="DK2020")).message
    assert message.embeds[0]["title"] == f"7 {DK2020}"  # the council's item
    meeting_path(cases, later_stages()[1]).unlink()  # the council's meeting is gone
    assert (await run.answer(await run.slash("genindlæs", roles=[fake.admin_role_id]))).content.startswith(
        "Vidensbasen er genindlæst")
    gone = await press(run, message, "Sagens forløb")
    assert gone.ephemeral and gone.content.startswith("Det punkt findes ikke længere i vidensbasen")
    # A report on it still names what the answer showed.
    press_payload = await run.press(message, control(message, "Rapportér fejl")["custom_id"])
    await run.answer(press_payload)
    await run.answer(await run.submit(press_payload, {"kkr:fejl:tekst": "Punktet er væk"}))
    (report,) = list_reports(db_of(run))
    assert (report.shown.body, report.shown.date, report.shown.item, report.question) == (
        "Byrådet", "2023-01-30", "7", "DK2020")
    menu = control(message, "Andre resultater")
    stale = await run.answer(await run.choose(message, menu["custom_id"], menu["options"][0]["value"]))
    assert stale.ephemeral and stale.content.startswith("Det punkt findes ikke længere i vidensbasen")
    assert message.edits == 0
    # The others still show, and the menu leaves out what is gone.
    await run.answer(await run.choose(message, menu["custom_id"], menu["options"][1]["value"]))
    assert message.embeds[0]["title"] == menu["options"][1]["label"]
    assert len(control(message, "Andre resultater")["options"]) == len(menu["options"]) - 1


# --- /highlights ---------------------------------------------------------------------------

async def test_highlights_arrive_as_pages_with_the_markdown_file_a_button_away(start_bot):
    run = await start_bot()
    answer = await run.ask("highlights", møde="2022-11-25")
    message = answer.message
    assert not answer.ephemeral and not answer.request.files  # no attachment any more
    assert answer.embed["title"] == "KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022"
    assert answer.embed["footer"]["text"] == "Side 1 af 6 · Hovedpunkter"
    assert labels(message) == ["◀ Forrige", "Næste ▶", "Markdown-fil"] and control(message, "◀ Forrige")["disabled"]
    kb, _ = load_knowledge(run.knowledge)
    h = build_highlights(kb.meetings[0])
    seen = [answer.embed["description"]]
    someone = run.new_user()  # a public view: anyone pages it
    for page in range(2, 7):
        await press(run, message, "Næste ▶", user=someone)
        embed = message.embeds[0]
        assert embed["footer"]["text"].startswith(f"Side {page} af 6") and embed_size(embed) <= TOTAL
        seen.append(embed["description"])
    assert control(message, "Næste ▶")["disabled"]
    for bullet in h.bullets:
        assert sum(f"**{bullet.number} {bullet.title}**" in page for page in seen) == 1
    assert "**Næste møde**" in seen[-1]
    editor = run.new_user()
    file = await press(run, message, "Markdown-fil", user=editor)
    assert file.ephemeral and "highlights-2022-11-25.md" in file.content
    ((name, text),) = file.request.files.values()
    assert name == "highlights-2022-11-25.md" and text.decode("utf-8") == render_markdown(h)
    assert answer.allowed_mentions == NO_MENTIONS


async def test_short_highlights_are_one_page(start_bot, knowledge_copy):
    kb, _ = load_knowledge(knowledge_copy)
    meeting = kb.meetings[0]
    meeting.items = [i for i in meeting.items if i.number in ("3.3", "3.4", "3.7")]
    write_meeting(knowledge_copy, meeting)
    run = await start_bot()
    answer = await run.ask("highlights")  # no møde: the newest meeting
    assert answer.embed["title"] == "KKR Hovedstaden: hovedpunkter fra mødet den 25. november 2022"
    for item in meeting.items:
        assert f"**{item.label}**" in answer.embed["description"]
    assert labels(answer.message) == ["Markdown-fil"] and embed_size(answer.embed) <= TOTAL


# --- /sag -----------------------------------------------------------------------------------

async def test_sag_by_case_number(start_bot, cases):
    run = await start_bot()
    answer = await run.ask("sag", søg="22 012345")  # as some systems print it
    assert not answer.ephemeral and answer.embed["title"] == f"Sagens forløb: {DK2020}"
    assert answer.embed["description"].startswith(f"{DK2020} (sagsnr. {DK2020_CASE}, 2 møder)")
    assert [f["name"] for f in answer.embed["fields"]] == [
        "1. Økonomiudvalget · 16. januar 2023", "2. Byrådet · 30. januar 2023"]
    assert "](https://greve.dk/politik/dagsordener-og-referater/byrådet-2023-01-30/punkt-7)" in (
        answer.embed["fields"][1]["value"])
    assert answer.allowed_mentions == NO_MENTIONS


async def test_sag_by_topic_and_nothing_found(start_bot, cases):
    run = await start_bot()
    answer = await run.ask("sag", søg="klimapartnerskab")
    names = [f["name"] for f in answer.embed["fields"]]
    assert names[-2:] == ["2. Økonomiudvalget · 16. januar 2023", "3. Byrådet · 30. januar 2023"] or names == [
        "1. Økonomiudvalget · 16. januar 2023", "2. Byrådet · 30. januar 2023"]
    nothing = await run.ask("sag", søg="xyzzy kvantecomputer pingvin")
    assert nothing.ephemeral and nothing.content.startswith("Jeg fandt ingen sag, der passer på")
    # The KKR referat's own number, on every item, is no case, and the member is told why.
    wide = await run.ask("sag", søg="SAG-2022-03934")
    assert wide.ephemeral and wide.content.startswith(
        "»SAG-2022-03934« står på alle punkter i referatet fra KKR Hovedstaden 25. november 2022")


async def test_sag_autocompletes_case_titles(start_bot, cases):
    run = await start_bot()
    choices = await run.autocomplete("sag", "søg", "dk2020")
    assert choices[0] == {"name": f"{DK2020} · sagsnr. {DK2020_CASE} (2 møder)", "value": DK2020_CASE}
    everything = await run.autocomplete("sag", "søg", "")
    assert 0 < len(everything) <= 25 and all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in everything)


async def test_a_long_case_pages_publicly_on_sag(start_bot, knowledge_copy):
    committee, council = later_stages()[:2]  # item 2 and item 7: the DK2020 case
    for n in range(8):  # back and forth between committee and council, as a long case goes
        meeting = copy.deepcopy((committee, council)[n % 2])
        meeting.date = f"2023-{n + 3:02d}-27"
        write_meeting(knowledge_copy, meeting)
    run = await start_bot()
    answer = await run.ask("sag", søg=DK2020_CASE)
    assert answer.embed["footer"]["text"] == "Side 1 af 2" and len(answer.embed["fields"]) == 6
    turned = await press(run, answer.message, "Næste ▶", user=run.new_user())
    assert turned.message.embeds[0]["footer"]["text"] == "Side 2 af 2"
    assert [f["name"][:2] for f in turned.message.embeds[0]["fields"]] == ["7.", "8."]


# --- Discord's 3 seconds --------------------------------------------------------------------

async def test_a_slow_button_is_deferred_then_answered(start_bot, cases):
    run = await start_bot()
    message = (await run.ask("beslutning", spørgsmål="DK2020", møde="25. november 2022")).message  # path by topic
    search = run.bot.searcher.ask

    def slow(*args, **kwargs):
        time.sleep(2.5)  # longer than the bot waits before deferring
        return search(*args, **kwargs)

    run.bot.searcher.ask = slow
    payload = await run.press(message, control(message, "Sagens forløb")["custom_id"])
    path = await run.answer(payload)
    callback = await run.callback(payload)
    assert callback.json["type"] == 5 and callback.json["data"]["flags"] & EPHEMERAL  # "thinking…", privately
    assert path.deferred and path.ephemeral and path.embed["title"] == f"Sagens forløb: {DK2020}"
    menu = control(message, "Andre resultater")
    payload = await run.choose(message, menu["custom_id"], menu["options"][1]["value"])
    chosen = await run.answer(payload)
    assert (await run.callback(payload)).json["type"] == 6 and chosen.deferred  # DEFERRED_UPDATE_MESSAGE
    assert message.embeds[0]["title"] == menu["options"][1]["label"]


async def test_a_report_that_cannot_be_stored_is_logged_not_lost(start_bot, cases, monkeypatch, caplog):
    run = await start_bot()
    message = (await run.ask("beslutning", spørgsmål="DK2020")).message
    press_payload = await run.press(message, control(message, "Rapportér fejl")["custom_id"])
    await run.answer(press_payload)

    def full_disk(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("bot.discord.actions.add_report", full_disk)
    with caplog.at_level(logging.ERROR, logger="bot"):
        answer = await run.answer(await run.submit(press_payload, {"kkr:fejl:tekst": "Beslutningen er fra 2021"}))
    assert answer.ephemeral and answer.content.startswith("Beklager, din rapport kunne ikke gemmes lige nu.")
    assert "Beslutningen er fra 2021" in caplog.text and "database or disk is full" in caplog.text
