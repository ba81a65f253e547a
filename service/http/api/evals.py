"""JSON routes for eval runs: list, read, compare (the Evals pages' data, as JSON).

A run is named by its id (12 hex digits) or, as on the command line, any unambiguous
prefix of it; an unknown or ambiguous one is a 404 naming it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from service.evals.compare import compare_stored
from service.evals.runs import RunStore
from service.http.auth import Reader
from service.http.deps import IndexDep

router = APIRouter(prefix="/api/evals")
# Run ids are 12 hex digits (the column holds 32); a longer reference is refused unread.
MAX_RUN_REF = 64
RunRef = Annotated[str, Path(min_length=1, max_length=MAX_RUN_REF, description="Run id or prefix")]


@router.get("/runs")
def list_runs(
    *,
    index: IndexDep,
    _user: Reader,
    suite: Annotated[str | None, Query(min_length=1, max_length=256)] = None,
) -> list[dict[str, Any]]:
    """Stored runs, newest first: suite, backend, model, time, question count and summary
    metrics (the same JSON as ``briefing eval list --json``); ``suite`` keeps one suite's."""
    return [run.as_json() for run in RunStore(index.sessions).list(suite)]


@router.get("/compare")
def compare(
    *,
    index: IndexDep,
    _user: Reader,
    a: Annotated[str, Query(min_length=1, max_length=MAX_RUN_REF, description="Earlier run")],
    b: Annotated[str, Query(min_length=1, max_length=MAX_RUN_REF, description="Later run")],
) -> dict[str, Any]:
    """Run ``b`` against run ``a``: per-metric deltas, the questions that got worse and
    those missing from ``b`` (the Evals compare page's table; ``briefing eval compare
    --json`` plus both runs' summaries)."""
    run_a, run_b, comparison = compare_stored(RunStore(index.sessions), a, b)
    return {**comparison.as_json(), "a": run_a.as_json(details=False),
            "b": run_b.as_json(details=False)}  # fmt: skip


@router.get("/runs/{run_id}")
def get_run(*, run_id: RunRef, index: IndexDep, _user: Reader) -> dict[str, Any]:
    """A run's fingerprint, summary metrics and every question's metrics and answer (the
    same JSON as ``briefing eval show --json``)."""
    return RunStore(index.sessions).get(run_id).as_json()
