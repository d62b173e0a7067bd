"""Per-member limit on questions: a token bucket, so exploring is free and only floods are slowed.

A member starts with `burst` questions; each minute `per_minute` more become available, up to
`burst`. With the defaults (10, 3) a member asks 10 questions in a minute and 40 in ten minutes
without a refusal, while a script firing 100 a minute gets 13 through and then 3 a minute.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from bot.config import Cooldown

# Past this many members tracked, those whose bucket has refilled are forgotten (memory stays bounded).
TRACKED = 1000


class QuestionBucket:
    """A token bucket per member; pure apart from the injectable clock."""

    def __init__(self, burst: int, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # member -> (tokens, when counted)

    @classmethod
    def of(cls, config: Cooldown | None) -> QuestionBucket | None:
        """The bucket a config asks for; None when questions are not limited."""
        return None if config is None else cls(config.burst, config.per_minute)

    def tokens(self, user_id: int) -> float:
        """The questions the member may ask right now (fractions refill)."""
        tokens, since = self._buckets.get(user_id, (float(self.burst), self.clock()))
        return min(float(self.burst), tokens + (self.clock() - since) * self.rate)

    def retry_after(self, user_id: int) -> float:
        """0.0 and the question is counted when allowed; else the seconds until one is allowed."""
        now = self.clock()
        tokens = self.tokens(user_id)
        if tokens >= 1.0:
            self._buckets[user_id] = (tokens - 1.0, now)
            self._forget_full(now)
            return 0.0
        # A refused question costs nothing, so asking again doesn't push the wait further out.
        self._buckets[user_id] = (tokens, now)
        return (1.0 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) <= TRACKED:
            return
        for user in [u for u, (tokens, since) in self._buckets.items()
                     if tokens + (now - since) * self.rate >= self.burst]:
            del self._buckets[user]


def wait_text(seconds: float) -> str:
    """'1 sekund', '20 sekunder', '2 minutter': a wait in Danish, rounded up."""
    wait = max(1, int(-(-seconds // 1)))
    if wait < 90:
        return f"{wait} {'sekund' if wait == 1 else 'sekunder'}"
    minutes = -(-wait // 60)
    return f"{minutes} minutter"


def cooldown_message(seconds: float) -> str:
    """The polite Danish message for a member who asks too often, saying when they may ask again."""
    return (f"Du har stillet mange spørgsmål på kort tid. Du kan spørge igen om {wait_text(seconds)} "
            "– tak for tålmodigheden. /hjælp og /møder kan du altid bruge.")
