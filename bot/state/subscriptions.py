"""Subscriptions (/abonnér) and the notifications sent for them.

A subscription belongs to the member who made it: only they list, export or delete it (an
admin may also delete a channel's). A notification is keyed by subscriber and item
(UNIQUE), and claimed before it is sent, so neither a restart nor two subscriptions of the
same member matching one item send it twice. A refused DM is tried once more (`retry`), then
given up (`failed`).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.state.db import Database, now_utc, utc_stamp

MAX_PER_MEMBER = 25  # what one member may keep (and what fits an autocomplete list)
SENDING, SENT, RETRY, FAILED = "sending", "sent", "retry", "failed"
_COLUMNS = "id, user_id, channel_id, topic, kommune, udvalg, created_at"


class SubscriptionError(Exception):
    """A subscription that cannot be added (the message is Danish, for the member)."""


@dataclass(frozen=True)
class Subscription:
    """One topic a member (or, for a channel, an admin) follows."""

    id: int
    user_id: int
    channel_id: int | None  # None: notified by DM
    topic: str
    kommune: str | None = None
    udvalg: str | None = None
    created_at: str = ""

    @property
    def subscriber(self) -> str:
        """Who is notified: 'user:<id>' or 'channel:<id>' (the notifications' key)."""
        return f"channel:{self.channel_id}" if self.channel_id else f"user:{self.user_id}"


@dataclass(frozen=True)
class Notification:
    """One notification as stored: who, which item, the notice to send, and how far it got."""

    id: int
    subscriber: str
    item: str
    subscription_id: int | None
    user_id: int
    payload: str
    status: str
    attempts: int
    created_at: str
    retry_at: str | None
    sent_at: str | None
    error: str | None


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def add_subscription(db: Database, user_id: int, topic: str, kommune: str | None = None, udvalg: str | None = None,
                     channel_id: int | None = None, when: datetime | None = None) -> Subscription:
    """Store a subscription; SubscriptionError when the member has it already or has too many."""
    topic = " ".join(topic.split())
    kommune = " ".join(kommune.split()) if kommune and kommune.strip() else None
    udvalg = " ".join(udvalg.split()) if udvalg and udvalg.strip() else None
    with db.transaction() as conn:
        mine = [_subscription(r) for r in conn.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE user_id = ?", (user_id,)).fetchall()]
        same = next((s for s in mine if (_fold(s.topic), _fold(s.kommune), _fold(s.udvalg), s.channel_id)
                     == (_fold(topic), _fold(kommune), _fold(udvalg), channel_id)), None)
        if same is not None:
            raise SubscriptionError(f"Du abonnerer allerede på »{same.topic}« (nr. {same.id}).")
        if len(mine) >= MAX_PER_MEMBER:
            raise SubscriptionError(f"Du har allerede {MAX_PER_MEMBER} abonnementer, det højeste antal. "
                                    "Afmeld et med /afmeld først.")
        stamp = utc_stamp(when or now_utc())
        cursor = conn.execute(
            "INSERT INTO subscriptions (user_id, channel_id, topic, kommune, udvalg, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (user_id, channel_id, topic, kommune, udvalg, stamp))
        return Subscription(int(cursor.lastrowid or 0), user_id, channel_id, topic, kommune, udvalg, stamp)


def _subscription(row: sqlite3.Row | tuple) -> Subscription:
    return Subscription(*row)


def subscriptions_of(db: Database, user_id: int, channels: bool = False) -> list[Subscription]:
    """A member's own subscriptions, oldest first; with `channels`, every channel's too (for admins)."""
    where = "user_id = ? OR channel_id IS NOT NULL" if channels else "user_id = ?"
    with db.transaction() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE {where} ORDER BY id", (user_id,)).fetchall()
    return [_subscription(r) for r in rows]


def all_subscriptions(db: Database) -> list[Subscription]:
    """Every subscription, oldest first (for matching new meetings)."""
    with db.transaction() as conn:
        return [_subscription(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM subscriptions ORDER BY id")]


def delete_subscription(db: Database, subscription_id: int, user_id: int, admin: bool = False) -> Subscription | None:
    """Delete one of the member's subscriptions (an admin: also a channel's); None when they have no such one."""
    with db.transaction() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE id = ?", (subscription_id,)).fetchone()
        if row is None:
            return None
        found = _subscription(row)
        if found.user_id != user_id and not (admin and found.channel_id):
            return None  # someone else's: as if it did not exist
        conn.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))
        conn.execute("UPDATE notifications SET subscription_id = NULL WHERE subscription_id = ?", (subscription_id,))
        return found


def delete_all(db: Database, user_id: int) -> tuple[int, int]:
    """Delete every subscription the member made and the record of what was sent for them;
    returns (subscriptions, notifications) deleted."""
    with db.transaction() as conn:
        subscriptions = conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)).rowcount
        notifications = conn.execute("DELETE FROM notifications WHERE user_id = ?", (user_id,)).rowcount
    return subscriptions, notifications


_NOTIFICATION = ("id, subscriber, item, subscription_id, user_id, payload, status, attempts, created_at, retry_at, "
                 "sent_at, error")


def claim_notification(db: Database, subscription: Subscription, item: str, payload: str,
                       when: datetime | None = None) -> int | None:
    """Claim the notification of `item` for the subscription's subscriber; its id, or None when that
    subscriber was notified of (or is being notified of) the item already."""
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO notifications (subscriber, item, subscription_id, user_id, payload, status, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (subscription.subscriber, item, subscription.id, subscription.user_id, payload, SENDING,
             utc_stamp(when or now_utc())))
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


def mark_sent(db: Database, notification_id: int, when: datetime | None = None) -> None:
    """The notification was delivered."""
    with db.transaction() as conn:
        conn.execute("UPDATE notifications SET status = ?, sent_at = ?, attempts = attempts + 1, retry_at = NULL, "
                     "error = NULL WHERE id = ?", (SENT, utc_stamp(when or now_utc()), notification_id))


def mark_refused(db: Database, notification_id: int, error: str, retry_after: timedelta,
                 when: datetime | None = None) -> str:
    """Discord refused the notification: the first time it is tried again after `retry_after`, the
    second time it is given up. Returns the new status (retry or failed)."""
    now = when or now_utc()
    with db.transaction() as conn:
        row = conn.execute("SELECT attempts FROM notifications WHERE id = ?", (notification_id,)).fetchone()
        attempts = (int(row[0]) if row else 0) + 1
        status = RETRY if attempts < 2 else FAILED
        conn.execute("UPDATE notifications SET status = ?, attempts = ?, retry_at = ?, error = ? WHERE id = ?",
                     (status, attempts, utc_stamp(now + retry_after) if status == RETRY else None, error,
                      notification_id))
    return status


def due_retries(db: Database, when: datetime | None = None) -> list[Notification]:
    """Refused notifications whose second try is due."""
    with db.transaction() as conn:
        rows = conn.execute(f"SELECT {_NOTIFICATION} FROM notifications WHERE status = ? AND retry_at <= ? "
                            "ORDER BY id", (RETRY, utc_stamp(when or now_utc()))).fetchall()
    return [Notification(*r) for r in rows]


def notifications_of(db: Database, user_id: int) -> list[Notification]:
    """Every notification for the member's subscriptions, oldest first (for their export)."""
    with db.transaction() as conn:
        rows = conn.execute(f"SELECT {_NOTIFICATION} FROM notifications WHERE user_id = ? ORDER BY id",
                            (user_id,)).fetchall()
    return [Notification(*r) for r in rows]
