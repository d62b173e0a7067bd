"""The per-user cooldown, with a hand-driven clock."""
from __future__ import annotations

from bot.discord.cooldown import UserCooldown, cooldown_message


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_per_window_and_per_user() -> None:
    clock = Clock()
    cooldown = UserCooldown(rate=2, per=30, clock=clock)
    assert cooldown.retry_after(1) == 0.0
    clock.now += 10
    assert cooldown.retry_after(1) == 0.0
    assert cooldown.retry_after(1) == 20.0  # the first use expires 30 s after it was made
    assert cooldown.retry_after(2) == 0.0  # another user is not affected
    clock.now += 20
    assert cooldown.retry_after(1) == 0.0
    assert cooldown.retry_after(1) == 10.0


def test_refused_attempts_do_not_extend_the_wait() -> None:
    clock = Clock()
    cooldown = UserCooldown(rate=1, per=5, clock=clock)
    cooldown.retry_after(7)
    for _ in range(10):
        clock.now += 0.25
        cooldown.retry_after(7)
    clock.now += 2.5
    assert cooldown.retry_after(7) == 0.0


def test_zero_window_disables() -> None:
    cooldown = UserCooldown(rate=1, per=0)
    assert all(cooldown.retry_after(1) == 0.0 for _ in range(5))


def test_memory_stays_bounded() -> None:
    clock = Clock()
    cooldown = UserCooldown(rate=1, per=1, clock=clock)
    for user in range(5000):
        clock.now += 0.01
        cooldown.retry_after(user)
    assert len(cooldown._uses) <= 1200


def test_message_is_polite_danish() -> None:
    assert cooldown_message(0.2) == ("Du har stillet mange spørgsmål på kort tid. "
                                     "Prøv igen om 1 sekund – tak for tålmodigheden.")
    assert "om 12 sekunder" in cooldown_message(12.4)
