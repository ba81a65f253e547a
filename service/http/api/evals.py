"""JSON routes for eval runs (the POST route: a suite run queued as a job, checked like
the Evals page's run form)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from service.evals.choice import EVALS_DIR, choose_run, suite_files
from service.http.api.jobs import accepted
from service.http.auth import Analyst
from service.http.deps import JobsDep
from service.jobs.kinds import submit_eval

router = APIRouter(prefix="/api/evals")


class RunRequest(BaseModel):
    """A suite file of ``evals/`` (by name), the backend, and optionally which questions."""

    suite: str = Field(min_length=1, max_length=200)
    backend: str = Field(default="extractive", max_length=40)
    only: list[str] = Field(default_factory=list, max_length=500)
    limit: int | None = Field(default=None, ge=1, le=1_000_000)


@router.post("/runs", status_code=202, response_class=JSONResponse)
def start_run(*, request: Request, body: RunRequest, jobs: JobsDep, user: Analyst) -> JSONResponse:
    """Queue a run of the suite (a job: 202, ``Location: /api/jobs/{id}``); once done the
    job's ``result`` names the stored run (``run_id``). An unknown suite, backend or
    question id, or a limit over the questions chosen, is a 422 naming the field."""
    folder: Path = getattr(request.app.state, "evals_dir", EVALS_DIR)
    limit = str(body.limit) if body.limit is not None else ""
    choice = choose_run(suite_files(folder), body.suite, body.backend, body.only, limit)
    if choice.backend != "extractive":
        state = getattr(request.app.state, "auth", None)
        if state is not None:  # a model-backed run counts once against the LLM budget
            state.llm_calls.hit(user.username, "LLM-backed requests")
    return accepted(submit_eval(jobs, user, choice))
