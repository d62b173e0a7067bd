"""What the bot posts by itself and what members see of their subscriptions: pure replies within Discord's limits."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.discord.news_replies import fetch_failure_reply, inbox_failure_reply, notice_reply, reload_failure_reply
from bot.discord.replies import CONTENT, DESCRIPTION, TOTAL
from bot.discord.subscription_replies import (
    deleted_all_reply,
    describe,
    export_reply,
    subscription_choices,
    subscriptions_reply,
    unsubscribed_reply,
)
from bot.news.matching import Notice
from bot.state.subscriptions import Notification, Subscription

NOTICE = Notice(3, "svømmehal", "Greve Kommune|Greve Byråd|2022-12-12|17:00|17",
                "17 Videreførsel af energitiltag i Greve Svømmehal",
                "Med stemmerne 17 for og 2 imod godkendte byrådet Økonomiudvalgets indstilling.",
                "https://dagsordener.greve.dk/Vis/Pdf/bilag/1491b4f0", "Greve Byråd · 12. december 2022")


def embed_size(embed) -> int:
    data = embed.to_dict()
    return (len(data.get("title", "")) + len(data.get("description", "")) + len(data.get("footer", {}).get("text", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in data.get("fields", [])))


def test_a_notification_shows_the_title_decision_meeting_and_link():
    reply = notice_reply(NOTICE)
    assert reply.content == "Nyt punkt om dit emne »svømmehal«" and not reply.ephemeral
    embed = reply.embed
    assert embed is not None and embed.title == NOTICE.title and embed.url == NOTICE.link
    assert embed.description == NOTICE.decision
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Møde", "Greve Byråd · 12. december 2022"), ("Kilde", f"[Læs punktet]({NOTICE.link})")]
    assert embed.footer.text == "Abonnement nr. 3 · stop det med /afmeld"


def test_a_notification_without_link_or_decision_says_so_and_a_long_one_fits():
    bare = Notice(1, "x", "k", "5 Orientering", "", None, "KKR · 1. januar 2026", channel_id=5)
    reply = notice_reply(bare)
    assert reply.content == "Nyt punkt om »x«"
    assert reply.embed is not None and reply.embed.description == "*Punktet har ingen beslutning i referatet.*"
    assert reply.embed.fields[1].value == "Intet link (lagt i indbakken uden adresse)"
    huge = Notice(1, "@everyone " * 50, "k", "T" * 500, "Godkendt. " * 400, "https://x.dk/a", "M" * 2000)
    reply = notice_reply(huge)
    assert reply.content is not None and len(reply.content) <= CONTENT
    assert "@everyone" not in reply.content  # a member's topic is shown, never executed
    assert reply.embed is not None and embed_size(reply.embed) <= TOTAL
    assert reply.embed.description.endswith("… læs hele beslutningen via linket")


def test_the_admins_notes_name_the_file_and_the_reason_within_the_limit():
    note = inbox_failure_reply("afkortet.json", "JSON-filen er afkortet (linje 49, tegn 19); hent den igen",
                               "inbox/fejl/afkortet.json")
    assert note.content == ("⚠️ **Til administratorerne:** `afkortet.json` i indbakken kunne ikke indlæses. Den er "
                            "flyttet til `inbox/fejl/afkortet.json` sammen med en .txt med årsagen.\nÅrsag: "
                            "JSON-filen er afkortet (linje 49, tegn 19); hent den igen")
    assert "kunne heller ikke flyttes" in (inbox_failure_reply("a.pdf", "x", None).content or "")
    for reply in (inbox_failure_reply("a" * 500, "x" * 5000, "b" * 500), reload_failure_reply("x" * 5000),
                  fetch_failure_reply("https://dagsordener.greve.dk", "y" * 5000)):
        assert reply.content is not None and len(reply.content) <= CONTENT


SUBS = [Subscription(1, 7, None, "svømmehal", "Greve Kommune", None, "2026-12-02T12:00:00+00:00"),
        Subscription(2, 7, 555, "budget *2025*", None, "Byråd", "2026-12-03T12:00:00+00:00"),
        Subscription(3, 8, 555, "klima", None, None, "2026-12-03T12:00:00+00:00")]


def test_a_members_subscriptions_are_listed_privately_with_markdown_escaped():
    reply = subscriptions_reply(SUBS, 7)
    assert reply.ephemeral and reply.embed is not None and reply.embed.title == "Dine abonnementer"
    assert reply.embed.description == (
        "**Nr. 1** »svømmehal« · Greve Kommune · siden 2. december 2026\n"
        "**Nr. 2** »budget \\*2025\\*« · Byråd · i <#555> · siden 3. december 2026\n"
        "**Nr. 3** »klima« · i <#555> · siden 3. december 2026 · oprettet af <@8>")
    assert subscriptions_reply([], 7).content.startswith("Du har ingen abonnementer.")
    many = [Subscription(n, 7, None, "emne " * 40, None, None, "2026-12-02") for n in range(1, 200)]
    assert len(subscriptions_reply(many, 7).embed.description) <= DESCRIPTION


def test_unsubscribing_deleting_all_and_choices():
    assert unsubscribed_reply(SUBS[0], "1").content == ("Afmeldt: »svømmehal« · Greve Kommune (nr. 1). "
                                                        "Du får ikke flere beskeder om det.")
    assert unsubscribed_reply(None, "1").content == "Du har intet abonnement nr. 1. Se dine med /abonnementer vis."
    assert deleted_all_reply(0, 0).content == "Du havde ingen abonnementer; der er intet slettet."
    assert deleted_all_reply(2, 1).content.startswith("Slettet: 2 abonnementer og oplysningerne om 1 sendt besked.")
    assert subscription_choices(SUBS, "") == [("1: svømmehal (Greve Kommune)", "1"),
                                              ("2: budget *2025* (Byråd · kanal)", "2"), ("3: klima (kanal)", "3")]
    assert subscription_choices(SUBS, "BUD") == [("2: budget *2025* (Byråd · kanal)", "2")]
    assert describe(SUBS[2]) == "»klima« · i <#555>"


def test_the_export_is_the_members_own_data_as_json():
    sent = Notification(9, "user:7", "Greve Kommune|Greve Byråd|2022-12-12|17:00|17", 1, 7, "{}", "sent", 1,
                        "2026-12-04T08:00:00+00:00", None, "2026-12-04T08:00:01+00:00", None)
    reply = export_reply(7, SUBS[:2], [sent], when=datetime(2026, 12, 5, tzinfo=UTC))
    assert reply.ephemeral and reply.attachment is not None and reply.attachment[0] == "abonnementer.json"
    data = json.loads(reply.attachment[1])
    assert data == {
        "bruger": "7", "eksporteret": "2026-12-05T00:00:00+00:00",
        "abonnementer": [
            {"nr": 1, "emne": "svømmehal", "kommune": "Greve Kommune", "udvalg": None, "kanal": None,
             "oprettet": "2026-12-02T12:00:00+00:00"},
            {"nr": 2, "emne": "budget *2025*", "kommune": None, "udvalg": "Byråd", "kanal": "555",
             "oprettet": "2026-12-03T12:00:00+00:00"}],
        "beskeder": [{"abonnement": 1, "punkt": "Greve Kommune|Greve Byråd|2022-12-12|17:00|17", "status": "sent",
                      "oprettet": "2026-12-04T08:00:00+00:00", "sendt": "2026-12-04T08:00:01+00:00"}],
    }
    assert reply.content == "Dine abonnementer (2) og de beskeder, de har givet (1), som JSON."
