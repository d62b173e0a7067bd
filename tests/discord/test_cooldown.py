"""The question bucket's arithmetic, with a hand-driven clock."""
from __future__ import annotations

from bot.config import Cooldown
from bot.discord.cooldown import QuestionBucket, cooldown_message, wait_text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def default_bucket(clock: Clock) -> QuestionBucket:
    bucket = QuestionBucket.of(Cooldown())
    assert bucket is not None
    bucket.clock = clock
    return bucket


def asked(bucket: QuestionBucket, clock: Clock, user: int, times: list[float]) -> list[float]:
    """The waits (0.0 = answered) for questions at the given seconds from now."""
    start = clock.now
    waits = []
    for t in times:
        clock.now = start + t
        waits.append(bucket.retry_after(user))
    return waits


def test_ten_questions_at_once_then_one_every_twenty_seconds() -> None:
    clock = Clock()
    bucket = default_bucket(clock)
    assert asked(bucket, clock, 1, [0.0] * 10) == [0.0] * 10
    assert bucket.retry_after(1) == 20.0  # 3 a minute: the next one in 20 s
    clock.now += 5
    assert bucket.retry_after(1) == 15.0  # a refused question does not push the wait out
    clock.now += 15
    assert bucket.retry_after(1) == 0.0
    assert bucket.retry_after(2) == 0.0  # another member is not affected


def test_a_member_asks_ten_in_a_minute_and_thirty_in_ten_minutes() -> None:
    clock = Clock()
    bucket = default_bucket(clock)
    # Ten in the first minute, then ten more at once in minute 5 and in minute 9: never refused.
    times = [6.0 * n for n in range(10)] + [300.0 + n for n in range(10)] + [540.0 + n for n in range(10)]
    assert asked(bucket, clock, 1, times) == [0.0] * 30
    # Evenly through ten minutes, after an opening burst of ten: never refused either.
    times = [0.0] * 10 + [20.0 + 28.0 * n for n in range(20)]
    assert asked(default_bucket(clock), clock, 2, times) == [0.0] * 30


def test_a_script_firing_a_hundred_a_minute_is_slowed() -> None:
    clock = Clock()
    bucket = default_bucket(clock)
    waits = asked(bucket, clock, 1, [0.6 * n for n in range(100)])
    answered = waits.count(0.0)
    assert answered == 12  # the 10 at once, then one per 20 s
    assert all(0 < w <= 20.0 for w in waits if w)


def test_no_cooldown_means_no_bucket() -> None:
    assert QuestionBucket.of(None) is None


def test_memory_stays_bounded() -> None:
    clock = Clock()
    bucket = QuestionBucket(burst=1, per_minute=60, clock=clock)
    for user in range(5000):
        clock.now += 0.01
        bucket.retry_after(user)
    assert len(bucket._buckets) <= 1200


def test_the_refusal_says_when_to_ask_again_in_danish() -> None:
    assert cooldown_message(0.2) == ("Du har stillet mange spørgsmål på kort tid. Du kan spørge igen om 1 sekund "
                                     "– tak for tålmodigheden. /hjælp og /møder kan du altid bruge.")
    assert "om 13 sekunder" in cooldown_message(12.4)  # rounded up: asking at 12 s would be refused
    assert wait_text(20.0) == "20 sekunder" and wait_text(200) == "4 minutter"
