"""Per-user cooldown against spam: at most `rate` uses within `per` seconds."""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class UserCooldown:
    """A sliding window of recent uses per user; pure apart from the injectable clock."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self.clock = clock
        self._uses: dict[int, deque[float]] = {}

    def retry_after(self, user_id: int) -> float:
        """0.0 and the use is counted when allowed; else the seconds until the user may ask again."""
        if self.per <= 0:
            return 0.0
        now = self.clock()
        uses = self._uses.setdefault(user_id, deque())
        while uses and now - uses[0] >= self.per:
            uses.popleft()
        if len(uses) >= self.rate:
            return self.per - (now - uses[0])
        uses.append(now)
        self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        # Keep memory bounded: drop users whose every use has expired.
        if len(self._uses) > 1000:
            for user in [u for u, q in self._uses.items() if not q or now - q[-1] >= self.per]:
                del self._uses[user]


def cooldown_message(seconds: float) -> str:
    """The polite Danish message for a user who asks too often."""
    wait = max(1, round(seconds))
    unit = "sekund" if wait == 1 else "sekunder"
    return f"Du har stillet mange spørgsmål på kort tid. Prøv igen om {wait} {unit} – tak for tålmodigheden."
