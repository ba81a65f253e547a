"""Compare two runs: per-metric deltas and the questions that got worse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.evals.results import LOWER_IS_BETTER, EvalRun
from service.evals.runs import RunStore

# A per-question score has to drop by more than this to count as "worse": answer F1
# and similarity move by small amounts whenever a sentence is rephrased.
WORSE_BY = 0.05


@dataclass(frozen=True)
class MetricDelta:
    """One summary metric in both runs."""

    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """after - before (None when either is missing)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def worse(self) -> bool:
        """Whether the change is in the bad direction (beyond rounding)."""
        if self.delta is None or abs(self.delta) < 1e-9:
            return False
        return self.delta > 0 if self.name in LOWER_IS_BETTER else self.delta < 0


@dataclass(frozen=True)
class QuestionChange:
    """A question whose scores dropped, with each dropped metric's before and after."""

    item_id: str
    question: str
    drops: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Comparison:
    """Run B against run A."""

    run_a: str
    run_b: str
    same_fingerprint: bool
    deltas: list[MetricDelta]
    worse: list[QuestionChange] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON for ``eval compare --json``."""
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "same_fingerprint": self.same_fingerprint,
            "metrics": [
                {"name": d.name, "a": d.before, "b": d.after, "delta": d.delta, "worse": d.worse}
                for d in self.deltas
            ],
            "worse_questions": [
                {
                    "id": q.item_id,
                    "question": q.question,
                    "drops": {m: {"a": a, "b": b} for m, (a, b) in q.drops.items()},
                }
                for q in self.worse
            ],
            "missing_questions": self.missing,
        }


def compare_runs(a: EvalRun, b: EvalRun) -> Comparison:
    """Deltas of every summary metric and the questions of ``a`` that scored lower in ``b``."""
    names = list(dict.fromkeys([*a.metrics, *b.metrics]))
    deltas = [MetricDelta(n, a.metrics.get(n), b.metrics.get(n)) for n in names]
    after = {r.item_id: r for r in b.results}
    worse, missing = [], []
    for before in a.results:
        match = after.get(before.item_id)
        if match is None:
            missing.append(before.item_id)
            continue
        drops = {
            name: (old, new)
            for name, old in before.metrics.items()
            if old is not None
            and (new := match.metrics.get(name)) is not None
            and old - new > WORSE_BY
        }
        if drops:
            worse.append(QuestionChange(before.item_id, before.question, drops))
    same = a.fingerprint.get("digest") == b.fingerprint.get("digest")
    return Comparison(a.id, b.id, same, deltas, worse, missing)


def compare_stored(store: RunStore, a: str, b: str) -> tuple[EvalRun, EvalRun, Comparison]:
    """Stored run ``b`` against stored run ``a`` (ids or id prefixes), as the Evals compare
    page and ``GET /api/evals/compare`` show it; ``RunNotFoundError`` naming the run."""
    run_a, run_b = store.get(a), store.get(b)
    return run_a, run_b, compare_runs(run_a, run_b)
