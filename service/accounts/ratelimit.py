"""Sliding-window rate limits, in memory, per key (a user, or a user and address)."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from service.errors import RateLimitedError


class RateLimiter:
    """At most ``limit`` events per ``window_s`` for each key; ``limit=0`` means none."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, what: str) -> None:
        """Count one event for ``key``; ``RateLimitedError`` (nothing counted) if over."""
        if self.limit == 0:
            return
        now = self._clock()
        with self._lock:
            self._refuse_if_full(key, what, now).append(now)

    def reset(self, key: str) -> None:
        """Forget ``key``'s events (a successful sign-in clears its failures)."""
        with self._lock:
            self._events.pop(key, None)

    def check(self, key: str, what: str) -> None:
        """Raise ``RateLimitedError`` if ``key`` is at its limit, without counting."""
        if self.limit == 0:
            return
        with self._lock:
            self._refuse_if_full(key, what, self._clock())

    def _refuse_if_full(self, key: str, what: str, now: float) -> deque[float]:
        """``key``'s events still in the window (older ones dropped); raises if full.
        Called with the lock held."""
        events = self._events[key]
        while events and events[0] <= now - self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            raise RateLimitedError(what, max(1, math.ceil(events[0] + self.window_s - now)))
        return events
