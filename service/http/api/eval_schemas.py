"""Response models of the eval routes (``/api/evals``): runs, their questions, comparisons.

The same conventions as ``schemas``: exactly the keys ``briefing eval ... --json`` prints.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from service.http.api.schemas import Number, Out

Metrics = dict[str, Number]


class EvalRunSummary(Out):
    """A stored run as listed: suite, backend, model, time, question count, summary metrics."""

    id: str
    suite: str
    backend: str
    model: str
    created_at: str
    questions: int
    metrics: Metrics = Field(description="Summary metric name -> value (see Evaluation)")


class EvalRunHeader(Out):
    """A run without its per-question results."""

    id: str
    suite: str
    backend: str
    model: str
    created_at: str
    seconds: Number
    questions: int
    fingerprint: dict[str, Any] = Field(description="What produced the run: code, models, data")
    metrics: Metrics


class QuestionResult(Out):
    """One question of a run: its metrics (null where one does not apply) and its answer."""

    item_id: str
    question: str
    answerable: bool
    tags: list[str]
    metrics: dict[str, Number | None]
    answer: dict[str, Any] = Field(description="The answer as POST /api/ask gave it")
    ranked_docs: list[str]
    latency_ms: Number
    retrieval_ms: Number


class EvalRun(EvalRunHeader):
    """A run with every question's metrics and answer (``briefing eval show --json``)."""

    results: list[QuestionResult]


class MetricDelta(Out):
    """One summary metric in both runs."""

    name: str
    a: Number | None
    b: Number | None
    delta: Number | None
    worse: bool = Field(description="Changed in the bad direction (beyond rounding)")


class Drop(Out):
    """A metric's value in run a and in run b."""

    a: Number
    b: Number


class WorseQuestion(Out):
    """A question that scored lower in run b."""

    id: str
    question: str
    drops: dict[str, Drop]


class Comparison(Out):
    """Run b against run a: metric deltas, questions that got worse or are missing."""

    run_a: str
    run_b: str
    same_fingerprint: bool
    metrics: list[MetricDelta]
    worse_questions: list[WorseQuestion]
    missing_questions: list[str]
    a: EvalRunHeader
    b: EvalRunHeader
