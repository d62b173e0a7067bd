"""Subscriptions and their notifications in SQLite: per person, once per subscriber and item, one retry."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.state.db import Database
from bot.state.subscriptions import (
    MAX_PER_MEMBER,
    SubscriptionError,
    add_subscription,
    all_subscriptions,
    claim_notification,
    delete_all,
    delete_subscription,
    due_retries,
    mark_refused,
    mark_sent,
    notifications_of,
    subscriptions_of,
)

WHEN = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "kkrbot.sqlite3")
    yield database
    database.close()


def test_subscriptions_are_kept_per_member_and_survive_reopening(db, tmp_path):
    mine = add_subscription(db, 1, "  budget  2025 ", kommune="Greve Kommune", when=WHEN)
    add_subscription(db, 2, "skoler")
    channel = add_subscription(db, 1, "klima", channel_id=555)
    assert (mine.topic, mine.kommune, mine.udvalg, mine.subscriber) == ("budget 2025", "Greve Kommune", None, "user:1")
    assert mine.created_at == "2026-12-02T12:00:00+00:00" and channel.subscriber == "channel:555"
    db.close()
    again = Database.open(tmp_path / "kkrbot.sqlite3")
    assert [s.topic for s in subscriptions_of(again, 1)] == ["budget 2025", "klima"]
    assert [s.topic for s in subscriptions_of(again, 2)] == ["skoler"]
    assert [s.topic for s in subscriptions_of(again, 2, channels=True)] == ["skoler", "klima"]
    assert len(all_subscriptions(again)) == 3
    again.close()


def test_a_duplicate_and_one_too_many_are_refused_in_danish(db):
    add_subscription(db, 1, "Budget", kommune="Greve Kommune")
    with pytest.raises(SubscriptionError, match="Du abonnerer allerede på »Budget« \\(nr. 1\\)."):
        add_subscription(db, 1, " budget", kommune="greve kommune")
    add_subscription(db, 1, "Budget", kommune="Køge Kommune")  # another kommune: another subscription
    for n in range(MAX_PER_MEMBER - 2):
        add_subscription(db, 1, f"emne {n}")
    with pytest.raises(SubscriptionError, match=f"Du har allerede {MAX_PER_MEMBER} abonnementer"):
        add_subscription(db, 1, "et til")
    add_subscription(db, 2, "et til")  # another member is not limited by the first one's


def test_only_the_owner_deletes_a_subscription_and_an_admin_also_a_channels(db):
    personal = add_subscription(db, 1, "budget")
    channel = add_subscription(db, 1, "klima", channel_id=555)
    assert delete_subscription(db, personal.id, user_id=2) is None
    assert delete_subscription(db, personal.id, user_id=2, admin=True) is None  # personal stays personal
    assert delete_subscription(db, channel.id, user_id=2) is None
    assert delete_subscription(db, channel.id, user_id=2, admin=True) == channel
    assert delete_subscription(db, personal.id, user_id=1) == personal
    assert delete_subscription(db, 999, user_id=1) is None
    assert subscriptions_of(db, 1, channels=True) == []


def test_a_notification_is_claimed_once_per_subscriber_and_item(db):
    one = add_subscription(db, 1, "budget")
    two = add_subscription(db, 1, "økonomi")
    other = add_subscription(db, 2, "budget")
    first = claim_notification(db, one, "Greve|Byråd|2023-10-02|19:00|12", "{}")
    assert first is not None
    assert claim_notification(db, two, "Greve|Byråd|2023-10-02|19:00|12", "{}") is None  # same member, same item
    assert claim_notification(db, one, "Greve|Byråd|2023-10-02|19:00|12", "{}") is None  # after a restart
    assert claim_notification(db, other, "Greve|Byråd|2023-10-02|19:00|12", "{}") is not None
    mark_sent(db, first, when=WHEN)
    (sent,) = notifications_of(db, 1)
    assert (sent.status, sent.attempts, sent.sent_at, sent.subscription_id) == ("sent", 1, "2026-12-02T12:00:00+00:00",
                                                                                one.id)


def test_a_refused_notification_is_retried_once_when_due_then_given_up(db):
    subscription = add_subscription(db, 1, "budget")
    claimed = claim_notification(db, subscription, "item", '{"x": 1}')
    assert claimed is not None
    assert mark_refused(db, claimed, "403 50007", timedelta(minutes=10), when=WHEN) == "retry"
    assert due_retries(db, when=WHEN + timedelta(minutes=9)) == []
    (due,) = due_retries(db, when=WHEN + timedelta(minutes=10))
    assert (due.id, due.payload, due.attempts, due.error) == (claimed, '{"x": 1}', 1, "403 50007")
    assert mark_refused(db, claimed, "403 50007", timedelta(minutes=10), when=WHEN) == "failed"
    assert due_retries(db, when=WHEN + timedelta(days=1)) == []
    (given_up,) = notifications_of(db, 1)
    assert (given_up.status, given_up.attempts) == ("failed", 2)


def test_delete_all_removes_a_members_subscriptions_and_their_notifications_only(db):
    mine = add_subscription(db, 1, "budget")
    add_subscription(db, 1, "klima", channel_id=555)
    theirs = add_subscription(db, 2, "budget")
    claim_notification(db, mine, "item", "{}")
    claim_notification(db, theirs, "item", "{}")
    assert delete_all(db, 1) == (2, 1)
    assert subscriptions_of(db, 1, channels=True) == [] and notifications_of(db, 1) == []
    assert subscriptions_of(db, 2) == [theirs]
    assert len(notifications_of(db, 2)) == 1
    assert delete_all(db, 1) == (0, 0)


def test_deleting_a_subscription_keeps_the_record_that_its_items_were_sent(db):
    subscription = add_subscription(db, 1, "budget")
    claim_notification(db, subscription, "item", "{}")
    delete_subscription(db, subscription.id, 1)
    (kept,) = notifications_of(db, 1)
    assert kept.subscription_id is None  # subscribing again does not send the item a second time
    again = add_subscription(db, 1, "budget")
    assert claim_notification(db, again, "item", "{}") is None
