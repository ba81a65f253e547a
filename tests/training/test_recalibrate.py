"""Carrying a threshold to new weights keeps the share of items it lets through."""

from __future__ import annotations

import numpy as np

from training.recalibrate import matched


def test_a_carried_threshold_passes_the_same_share() -> None:
    rng = np.random.default_rng(26)
    old = rng.uniform(0.0, 1.0, 1000)
    new = old**3  # the same order on a lower scale
    carried, share = matched(old, new, 0.5)
    assert share == (old >= 0.5).mean()
    assert abs((new >= carried).mean() - share) <= 0.002
    assert abs(carried - 0.125) < 0.01


def test_a_threshold_nothing_reached_stays_out_of_reach() -> None:
    old, new = np.array([0.1, 0.2]), np.array([0.3, 0.4])
    carried, share = matched(old, new, 0.9)
    assert share == 0.0 and not (new >= carried).any()
