"""What the bot posts by itself: a subscriber's notification, and the admins' notes in the news channel. Pure."""
from __future__ import annotations

from bot.discord.replies import CONTENT, FIELD_VALUE, TITLE, Reply, build_embed, fit, link, one_line, shorten
from bot.news.matching import Notice

NOTICE_DECISION = 1500  # of the decision in a notification (the whole is a click away)


def notice_reply(notice: Notice, subscription_exists: bool = True) -> Reply:
    """A notification: the item's title (linked), its decision and meeting, and the topic that matched."""
    decision = (fit(notice.decision, NOTICE_DECISION, "… læs hele beslutningen via linket") if notice.decision
                else "*Punktet har ingen beslutning i referatet.*")
    source = link("Læs punktet", notice.link) if notice.link else "Intet link (lagt i indbakken uden adresse)"
    fields = [("Møde", fit(notice.meeting, FIELD_VALUE), True), ("Kilde", source, True)]
    if subscription_exists:
        footer = f"Abonnement nr. {notice.subscription_id} · stop det med /afmeld"
    else:
        footer = "Abonnementet er afmeldt siden"
    embed = build_embed(shorten(notice.title, TITLE), notice.link, decision, fields, footer)
    where = "Nyt punkt om" if notice.channel_id else "Nyt punkt om dit emne"
    content = f"{where} »{one_line(notice.topic, 200)}«"
    return Reply(content=fit(content, CONTENT), embed=embed)


def inbox_failure_reply(name: str, reason: str, moved_to: str | None) -> Reply:
    """For the admins in the news channel: a dropped file that could not be read, and where it went."""
    where = (f"Den er flyttet til `{moved_to}` sammen med en .txt med årsagen." if moved_to
             else "Den kunne heller ikke flyttes; se loggen.")
    head = f"⚠️ **Til administratorerne:** `{one_line(name, 200)}` i indbakken kunne ikke indlæses. {where}\nÅrsag: "
    return Reply(content=head + fit(reason, CONTENT - len(head)))


def reload_failure_reply(error: str) -> Reply:
    """For the admins: new meetings arrived, but the knowledge base could not be reloaded."""
    head = ("⚠️ **Til administratorerne:** nye møder er kommet, men vidensbasen kunne ikke genindlæses, så jeg "
            "bruger stadig den gamle. Ret filen, og brug /genindlæs.\nFejl: ")
    return Reply(content=head + fit(error, CONTENT - len(head)))


def fetch_failure_reply(site: str, error: str) -> Reply:
    """For the admins: the scheduled fetch of a site failed."""
    head = f"⚠️ **Til administratorerne:** den planlagte hentning fra {one_line(site, 200)} mislykkedes.\nFejl: "
    return Reply(content=head + fit(error, CONTENT - len(head)))
