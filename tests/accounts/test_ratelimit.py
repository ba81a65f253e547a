"""Sliding-window rate limits, driven by a fake clock."""

from __future__ import annotations

import pytest

from service.accounts.ratelimit import RateLimiter
from service.errors import RateLimitedError


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_event_over_the_limit_is_refused_with_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, 60.0, clock)
    for _ in range(3):
        limiter.hit("ana", "sign-in")
        clock.now += 10
    with pytest.raises(RateLimitedError, match="sign-in: too many requests; retry in 30 s") as exc:
        limiter.hit("ana", "sign-in")
    assert exc.value.retry_after == 30


def test_the_window_slides_and_keys_are_separate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 60.0, clock)
    limiter.hit("ana", "ask")
    limiter.hit("ana", "ask")
    limiter.hit("ben", "ask")  # another key has its own budget
    with pytest.raises(RateLimitedError):
        limiter.check("ana", "ask")
    clock.now += 60.0  # the first events leave the window
    limiter.check("ana", "ask")
    limiter.hit("ana", "ask")


def test_check_counts_nothing_and_reset_forgets() -> None:
    limiter = RateLimiter(1, 60.0, FakeClock())
    for _ in range(5):
        limiter.check("ana", "sign-in")
    limiter.hit("ana", "sign-in")
    with pytest.raises(RateLimitedError):
        limiter.hit("ana", "sign-in")
    limiter.reset("ana")
    limiter.hit("ana", "sign-in")


def test_limit_zero_means_no_limit() -> None:
    limiter = RateLimiter(0, 60.0, FakeClock())
    for _ in range(100):
        limiter.hit("ana", "ask")
