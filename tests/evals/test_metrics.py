"""Retrieval metrics on hand-made rankings with known values."""

from __future__ import annotations

import math

import pytest

from service.evals.metrics import (
    hit_at_k,
    mean,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    unique_in_order,
)


def test_perfect_ranking() -> None:
    ranked, gold = ["a", "b", "c"], {"a", "b"}
    assert hit_at_k(ranked, gold, 1) == 1.0
    assert recall_at_k(ranked, gold, 2) == 1.0
    assert reciprocal_rank(ranked, gold) == 1.0
    assert ndcg_at_k(ranked, gold, 5) == pytest.approx(1.0)


def test_empty_ranking() -> None:
    assert hit_at_k([], {"a"}, 5) == 0.0
    assert recall_at_k([], {"a"}, 5) == 0.0
    assert reciprocal_rank([], {"a"}) == 0.0
    assert ndcg_at_k([], {"a"}, 5) == 0.0
    assert recall_at_k(["a"], set(), 5) == 1.0  # nothing required, nothing missed


def test_partial_ranking() -> None:
    ranked, gold = ["x", "a", "y", "b"], {"a", "b", "c"}
    assert hit_at_k(ranked, gold, 1) == 0.0
    assert hit_at_k(ranked, gold, 2) == 1.0
    assert recall_at_k(ranked, gold, 4) == pytest.approx(2 / 3)
    assert reciprocal_rank(ranked, gold) == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, gold, 4) == pytest.approx(dcg / ideal)


def test_helpers() -> None:
    assert unique_in_order(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]
    assert mean([]) == 0.0 and mean([1.0, 2.0]) == 1.5
    assert percentile([], 50) == 0.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([10.0, 20.0], 95) == pytest.approx(19.5)
