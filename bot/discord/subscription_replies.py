"""What a member sees of their subscriptions: /abonnér, /afmeld, /abonnementer vis|eksport|slet-alle. Pure.

Every reply is private (ephemeral): a member's subscriptions are their own business.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.dates import danish_date
from bot.discord.replies import DESCRIPTION, Reply, build_embed, escape, lines_within, one_line, text_reply
from bot.search import Hit
from bot.state.subscriptions import Notification, Subscription

MAX_TOPIC = 200


def describe(subscription: Subscription) -> str:
    """'»klima« · Greve Kommune · Økonomiudvalget · i #nyheder' (topic escaped)."""
    parts = [f"»{escape(one_line(subscription.topic, MAX_TOPIC))}«"]
    parts += [escape(x) for x in (subscription.kommune, subscription.udvalg) if x]
    if subscription.channel_id:
        parts.append(f"i <#{subscription.channel_id}>")
    return " · ".join(parts)


def _since(stamp: str) -> str:
    return danish_date(stamp[:10]) if len(stamp) >= 10 else stamp


def subscribed_reply(subscription: Subscription, example: Hit | None) -> Reply:
    """The confirmation of /abonnér, with an item from the known meetings that would have been sent."""
    who = f"Kanalen <#{subscription.channel_id}> abonnerer" if subscription.channel_id else "Du abonnerer"
    how = ("nye punkter bliver slået op i kanalen" if subscription.channel_id
           else "du får en privat besked med punktets titel, beslutning og link")
    text = (f"{who} nu på {describe(subscription)} (nr. {subscription.id}). Når et nyt referat har et punkt, "
            f"der svarer sikkert på emnet, {how}.")
    if example is not None:
        label = escape(one_line(example.item.label, 150))
        text += (f"\nEt eksempel fra de møder, jeg kender: {label} ({escape(example.meeting.body)}, "
                 f"{danish_date(example.meeting.date)}).")
    else:
        text += ("\nIngen af de møder, jeg kender nu, har et punkt, der svarer sikkert på emnet. Prøv evt. emnet "
                 "med /beslutning for at se, hvad det finder.")
    text += "\nSe dine abonnementer med /abonnementer vis, og stop et med /afmeld."
    return text_reply(text)


def subscriptions_reply(subscriptions: list[Subscription], user_id: int) -> Reply:
    """The member's subscriptions (and, for an admin, the channels'), oldest first."""
    if not subscriptions:
        return text_reply("Du har ingen abonnementer. Opret et med /abonnér emne:<emne>, fx /abonnér emne:budget.")
    lines = [f"**Nr. {s.id}** {describe(s)} · siden {_since(s.created_at)}"
             + ("" if s.user_id == user_id else f" · oprettet af <@{s.user_id}>") for s in subscriptions]
    text = lines_within(lines, DESCRIPTION - 200, "{n} flere")
    embed = build_embed("Dine abonnementer", None, text, [],
                        "Stop et med /afmeld · hent dem som fil med /abonnementer eksport")
    return Reply(embed=embed, ephemeral=True)


def unsubscribed_reply(subscription: Subscription | None, number: str) -> Reply:
    """The answer to /afmeld: what was stopped, or that the member has no such subscription."""
    if subscription is None:
        return text_reply(f"Du har intet abonnement nr. {escape(one_line(number, 30))}. "
                          "Se dine med /abonnementer vis.")
    return text_reply(f"Afmeldt: {describe(subscription)} (nr. {subscription.id}). Du får ikke flere beskeder om det.")


def deleted_all_reply(subscriptions: int, notifications: int) -> Reply:
    """The answer to /abonnementer slet-alle."""
    if not subscriptions and not notifications:
        return text_reply("Du havde ingen abonnementer; der er intet slettet.")
    plural = notifications != 1
    return text_reply(f"Slettet: {subscriptions} abonnement{'er' if subscriptions != 1 else ''} og oplysningerne om "
                      f"{notifications} sendt{'e' if plural else ''} besked{'er' if plural else ''}. "
                      "Der er intet tilbage om dig i mine abonnementer.")


def export_data(user_id: int, subscriptions: list[Subscription], notifications: list[Notification],
                when: datetime | None = None) -> dict[str, object]:
    """Everything the bot keeps about a member's subscriptions, as a JSON-ready dict."""
    return {
        "bruger": str(user_id),
        "eksporteret": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "abonnementer": [{"nr": s.id, "emne": s.topic, "kommune": s.kommune, "udvalg": s.udvalg,
                          "kanal": str(s.channel_id) if s.channel_id else None, "oprettet": s.created_at}
                         for s in subscriptions],
        "beskeder": [{"abonnement": n.subscription_id, "punkt": n.item, "status": n.status,
                      "oprettet": n.created_at, "sendt": n.sent_at} for n in notifications],
    }


def export_reply(user_id: int, subscriptions: list[Subscription], notifications: list[Notification],
                 when: datetime | None = None) -> Reply:
    """The member's own data as a JSON file, privately."""
    data = export_data(user_id, subscriptions, notifications, when)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Reply(content=f"Dine abonnementer ({len(subscriptions)}) og de beskeder, de har givet "
                         f"({len(notifications)}), som JSON.", attachment=("abonnementer.json", text), ephemeral=True)


def subscription_choices(subscriptions: list[Subscription], typed: str) -> list[tuple[str, str]]:
    """/afmeld's autocomplete: (shown, value = number) of the subscriptions whose text has what is typed."""
    typed = typed.strip().casefold()
    pairs = []
    for s in subscriptions:
        extra = " · ".join(x for x in (s.kommune, s.udvalg, "kanal" if s.channel_id else None) if x)
        shown = f"{s.id}: {s.topic}" + (f" ({extra})" if extra else "")
        if not typed or typed in shown.casefold():
            pairs.append((shown, str(s.id)))
    return pairs
