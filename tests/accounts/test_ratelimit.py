"""Sliding-window rate limits in the database, driven by a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from service.accounts.ratelimit import RateLimiter
from service.db import make_engine, make_session_factory
from service.errors import RateLimitedError


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_event_over_the_limit_is_refused_with_retry_after(
    sessions: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    limiter = RateLimiter(sessions, "t", 3, 60.0, clock)
    for _ in range(3):
        limiter.hit("ana", "sign-in")
        clock.now += 10
    with pytest.raises(RateLimitedError, match="sign-in: too many requests; retry in 30 s") as exc:
        limiter.hit("ana", "sign-in")
    assert exc.value.retry_after == 30


def test_the_window_slides_and_keys_are_separate(sessions: sessionmaker[Session]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(sessions, "t", 2, 60.0, clock)
    limiter.hit("ana", "ask")
    limiter.hit("ana", "ask")
    limiter.hit("ben", "ask")  # another key has its own budget
    with pytest.raises(RateLimitedError):
        limiter.check("ana", "ask")
    clock.now += 60.0  # the first events leave the window
    limiter.check("ana", "ask")
    limiter.hit("ana", "ask")


def test_check_counts_nothing_and_reset_forgets(sessions: sessionmaker[Session]) -> None:
    limiter = RateLimiter(sessions, "t", 1, 60.0, FakeClock())
    for _ in range(5):
        limiter.check("ana", "sign-in")
    limiter.hit("ana", "sign-in")
    with pytest.raises(RateLimitedError):
        limiter.hit("ana", "sign-in")
    limiter.reset("ana")
    limiter.hit("ana", "sign-in")


def test_limit_zero_means_no_limit(sessions: sessionmaker[Session]) -> None:
    limiter = RateLimiter(sessions, "t", 0, 60.0, FakeClock())
    for _ in range(100):
        limiter.hit("ana", "ask")


def test_limits_hold_across_processes_sharing_the_database(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    # A second engine on the same database file is what a second app server has.
    other = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'accounts.db'}"))
    clock = FakeClock()
    first, second = (
        RateLimiter(sessions, "t", 3, 60.0, clock),
        RateLimiter(other, "t", 3, 60.0, clock),
    )
    first.hit("ana", "sign-in")
    second.hit("ana", "sign-in")
    first.hit("ana", "sign-in")
    with pytest.raises(RateLimitedError):
        second.hit("ana", "sign-in")
    RateLimiter(other, "other-limit", 3, 60.0, clock).hit("ana", "ask")  # names are separate
