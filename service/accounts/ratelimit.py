"""Sliding-window rate limits per key (a user, or a user and address), kept in the database.

The events live in the service database, not in process memory, so every app server
sharing the database counts against one budget (in memory, N servers allowed N times
the limit). A key's events older than the window are deleted as the key is counted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Float, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base
from service.errors import RateLimitedError


class RateEventRow(Base):
    """One counted event of one limiter and key, at a wall-clock time (epoch seconds)."""

    __tablename__ = "rate_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(320), index=True)
    at: Mapped[float] = mapped_column(Float)


class RateLimiter:
    """At most ``limit`` events per ``window_s`` for each key; ``limit=0`` means none.

    ``name`` separates limiters sharing the table (sign-in failures, LLM calls).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        name: str,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._sessions, self.name = sessions, name
        self.limit, self.window_s, self._clock = limit, window_s, clock

    def hit(self, key: str, what: str) -> None:
        """Count one event for ``key``; ``RateLimitedError`` (nothing counted) if over."""
        if self.limit == 0:
            return
        now = self._clock()
        with self._sessions.begin() as session:
            self._refuse_if_full(session, key, what, now)
            session.add(RateEventRow(key=self._key(key), at=now))

    def reset(self, key: str) -> None:
        """Forget ``key``'s events (a successful sign-in clears its failures)."""
        with self._sessions.begin() as session:
            session.execute(delete(RateEventRow).where(RateEventRow.key == self._key(key)))

    def check(self, key: str, what: str) -> None:
        """Raise ``RateLimitedError`` if ``key`` is at its limit, without counting."""
        if self.limit == 0:
            return
        with self._sessions.begin() as session:
            self._refuse_if_full(session, key, what, self._clock())

    def _key(self, key: str) -> str:
        return f"{self.name}|{key}"[:320]

    def _refuse_if_full(self, session: Session, key: str, what: str, now: float) -> None:
        """Drop ``key``'s events that left the window; raise if the rest fill it."""
        stored = self._key(key)
        cutoff = now - self.window_s
        session.execute(
            delete(RateEventRow).where(RateEventRow.key == stored, RateEventRow.at <= cutoff)
        )
        count, oldest = session.execute(
            select(func.count(), func.min(RateEventRow.at)).where(RateEventRow.key == stored)
        ).one()
        if count >= self.limit:
            raise RateLimitedError(what, max(1, math.ceil(oldest + self.window_s - now)))
