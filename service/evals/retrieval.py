"""Retrieval evaluation: run every answerable question of a suite through search."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from service.corpus.documents import SearchHit
from service.evals.metrics import (
    hit_at_k,
    mean,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    unique_in_order,
)
from service.evals.suite import EvalItem

SearchFn = Callable[[str, int], list[SearchHit]]


@dataclass(frozen=True)
class RetrievalResult:
    """Per-question retrieval outcome."""

    item: EvalItem
    ranked_docs: list[str]
    seconds: float

    def metrics(self, k: int) -> dict[str, float]:
        """hit@k, gold recall@k, reciprocal rank and nDCG@k for this question."""
        relevant = self.item.relevant
        return {
            f"hit@{k}": hit_at_k(self.ranked_docs, relevant, k),
            f"recall@{k}": recall_at_k(self.ranked_docs, set(self.item.gold), k),
            "mrr": reciprocal_rank(self.ranked_docs, relevant),
            f"ndcg@{k}": ndcg_at_k(self.ranked_docs, relevant, k),
        }


def run_retrieval(items: list[EvalItem], search: SearchFn, k: int = 5) -> list[RetrievalResult]:
    """Search each answerable question; rank the documents of its top-``k`` chunks."""
    results = []
    for item in items:
        if not item.answerable:
            continue
        started = time.perf_counter()
        hits = search(item.question, k)
        elapsed = time.perf_counter() - started
        results.append(RetrievalResult(item, unique_in_order([h.source for h in hits]), elapsed))
    return results


def summarise(results: list[RetrievalResult], k: int = 5) -> dict[str, float]:
    """Mean of each metric over questions, plus latency p50/p95 in milliseconds."""
    per_question = [r.metrics(k) for r in results]
    summary = {name: mean([m[name] for m in per_question]) for name in per_question[0]}
    latencies = [r.seconds * 1000 for r in results]
    summary["latency_p50_ms"] = percentile(latencies, 50)
    summary["latency_p95_ms"] = percentile(latencies, 95)
    return summary
