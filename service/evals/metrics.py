"""Metric functions; each takes plain values so it can be tested on hand-made cases.

Retrieval metrics work on the ranked list of *documents* a query returned (the
documents of the top-k chunks, first occurrence kept).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def unique_in_order(items: Sequence[str]) -> list[str]:
    """Items with later duplicates removed."""
    seen: set[str] = set()
    unique = []
    for item in items:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def hit_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """1.0 if any relevant document is among the first ``k``, else 0.0."""
    return 1.0 if set(ranked[:k]) & relevant else 0.0


def recall_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Share of the gold documents found among the first ``k`` (1.0 when there is no gold)."""
    if not gold:
        return 1.0
    return len(set(ranked[:k]) & gold) / len(gold)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant document, 0.0 if none."""
    return next((1.0 / rank for rank, doc in enumerate(ranked, 1) if doc in relevant), 0.0)


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-relevance nDCG@k: DCG of the ranking over the DCG of an ideal ranking."""
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0.0 for no values."""
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
