"""JSON routes for eval runs: start one (a job), list, read, compare (the Evals pages'
data, as JSON).

A run is named by its id (12 hex digits) or, as on the command line, any unambiguous
prefix of it; an unknown or ambiguous one is a 404 naming it.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from service.evals.choice import EVALS_DIR, choose_run, suite_files
from service.evals.compare import compare_stored
from service.evals.runs import RunStore
from service.http.api.eval_schemas import Comparison, EvalRun, EvalRunSummary
from service.http.api.jobs import accepted
from service.http.api.schemas import Job
from service.http.auth import Analyst, Reader
from service.http.deps import IndexDep, JobsDep
from service.jobs.kinds import submit_eval
from service.text.labels import NulFree

router = APIRouter(prefix="/api/evals")
# Run ids are 12 hex digits (the column holds 32); a longer reference is refused unread.
MAX_RUN_REF = 64
RunRef = Annotated[str, Path(min_length=1, max_length=MAX_RUN_REF, description="Run id or prefix")]


@router.get("/runs", response_model=list[EvalRunSummary])
def list_runs(
    *,
    index: IndexDep,
    _user: Reader,
    suite: Annotated[str | None, Query(min_length=1, max_length=256)] = None,
) -> list[dict[str, Any]]:
    """Stored runs, newest first: suite, backend, model, time, question count and summary
    metrics (the same JSON as ``briefing eval list --json``); ``suite`` keeps one suite's."""
    return [run.as_json() for run in RunStore(index.sessions).list(suite)]


@router.get("/compare", response_model=Comparison)
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
    return {
        **comparison.as_json(),
        "a": run_a.as_json(details=False),
        "b": run_b.as_json(details=False),
    }


@router.get("/runs/{run_id}", response_model=EvalRun)
def get_run(*, run_id: RunRef, index: IndexDep, _user: Reader) -> dict[str, Any]:
    """A run's fingerprint, summary metrics and every question's metrics and answer (the
    same JSON as ``briefing eval show --json``)."""
    return RunStore(index.sessions).get(run_id).as_json()


class RunRequest(BaseModel):
    """A suite file of ``evals/`` (by name), the backend, and optionally which questions."""

    suite: NulFree = Field(min_length=1, max_length=200)
    backend: NulFree = Field(default="extractive", max_length=40)
    only: list[NulFree] = Field(default_factory=list, max_length=500)
    limit: int | None = Field(default=None, ge=1, le=1_000_000)


@router.post("/runs", status_code=202, response_class=JSONResponse, response_model=Job)
def start_run(*, request: Request, body: RunRequest, jobs: JobsDep, user: Analyst) -> JSONResponse:
    """Queue a run of the suite (a job: 202, ``Location: /api/jobs/{id}``); once done the
    job's ``result`` names the stored run (``run_id``). An unknown suite, backend or
    question id, or a limit over the questions chosen, is a 422 naming the field."""
    folder: FilePath = getattr(request.app.state, "evals_dir", EVALS_DIR)
    limit = str(body.limit) if body.limit is not None else ""
    settings = request.app.state.settings
    choice = choose_run(suite_files(folder), body.suite, body.backend, body.only, limit, settings)
    if choice.backend != "extractive":
        state = getattr(request.app.state, "auth", None)
        if state is not None:  # a model-backed run counts once against the LLM budget
            state.llm_calls.hit(user.username, "LLM-backed requests")
    return accepted(submit_eval(jobs, user, choice))
