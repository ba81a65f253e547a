"""A run's results in memory: per-question details and the summary over them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from service.evals.metrics import mean, percentile

# Per-question metric -> summary metric name (means over the questions where it applies).
SUMMARY_NAMES = {
    "hit@5": "hit@5",
    "recall@5": "recall@5",
    "mrr": "mrr",
    "ndcg@5": "ndcg@5",
    "answer_f1": "answer_f1",
    "answer_similarity": "answer_similarity",
    "answered": "answer_rate",
    "span_cited": "gold_span_cited",
    "abstention_correct": "abstention_accuracy",
    "groundedness": "groundedness",
    "citation_recall": "citation_recall",
    "citation_precision": "citation_precision",
    "fragment": "fragment_rate",
    "dateline": "dateline_rate",
    "dangling": "dangling_rate",
    "paragraph": "paragraph_rate",
}
# Metrics where a lower value is better (for comparisons).
LOWER_IS_BETTER = frozenset(
    {"latency_p50_ms", "latency_p95_ms", "retrieval_p50_ms", "seconds"}
    | {"fragment_rate", "dateline_rate", "dangling_rate", "paragraph_rate"}
)


@dataclass
class QuestionResult:
    """One question's outcome: its metrics (None where one does not apply) and its answer."""

    item_id: str
    question: str
    answerable: bool
    tags: list[str]
    metrics: dict[str, float | None]
    answer: dict[str, Any]
    ranked_docs: list[str]
    latency_ms: float
    retrieval_ms: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """Plain JSON for storage and ``--json`` output."""
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuestionResult:
        """The inverse of ``as_json``."""
        return cls(**data)


@dataclass
class EvalRun:
    """A suite run: what produced it, its summary metrics and every question's result."""

    id: str
    suite: str
    backend: str
    model: str
    created_at: dt.datetime
    fingerprint: dict[str, Any]
    metrics: dict[str, float] = field(default_factory=dict)
    results: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self, details: bool = True) -> dict[str, Any]:
        """Plain JSON; ``details=False`` leaves out the per-question results."""
        data: dict[str, Any] = {
            "id": self.id,
            "suite": self.suite,
            "backend": self.backend,
            "model": self.model,
            "created_at": self.created_at.isoformat(),
            "seconds": round(self.seconds, 2),
            "questions": len(self.results),
            "fingerprint": self.fingerprint,
            "metrics": self.metrics,
        }
        if details:
            data["results"] = [r.as_json() for r in self.results]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvalRun:
        """The inverse of ``as_json`` (with details)."""
        return cls(
            id=data["id"],
            suite=data["suite"],
            backend=data["backend"],
            model=data["model"],
            created_at=dt.datetime.fromisoformat(data["created_at"]),
            fingerprint=data["fingerprint"],
            metrics=data["metrics"],
            results=[QuestionResult.from_json(r) for r in data.get("results", [])],
            seconds=data.get("seconds", 0.0),
        )


def summarise(results: list[QuestionResult]) -> dict[str, float]:
    """Each metric's mean over the questions it applies to; latencies as p50/p95 in ms.

    A metric that applies to no question is left out rather than reported as 0.
    """
    summary: dict[str, float] = {}
    for name, summary_name in SUMMARY_NAMES.items():
        values = [v for r in results if (v := r.metrics.get(name)) is not None]
        if values:
            summary[summary_name] = round(mean(values), 4)
    latencies = [r.latency_ms for r in results]
    summary["latency_p50_ms"] = round(percentile(latencies, 50), 1)
    summary["latency_p95_ms"] = round(percentile(latencies, 95), 1)
    summary["retrieval_p50_ms"] = round(percentile([r.retrieval_ms for r in results], 50), 1)
    return summary
