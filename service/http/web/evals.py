"""Evals pages: stored runs, running a suite with live progress, a run's report, two compared.

A suite is chosen from the files in the repository's ``evals/`` folder (never a path
typed in), and runs through the same core as ``briefing eval run``: ``select_items``,
``run_suite`` and ``RunStore.save``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from service.answer.composers import BACKENDS
from service.corpus.index import Index
from service.errors import BriefingError, RunNotFoundError
from service.evals.choice import EVALS_DIR, choose_run, suite_files
from service.evals.compare import WORSE_BY, compare_stored
from service.evals.report import SourceLink, report_body
from service.evals.runs import RunStore
from service.evals.targets import standings, suite_thresholds
from service.http.deps import IndexDep, JobsDep, SettingsDep
from service.http.web.errors import error_page
from service.http.web.evalviews import METRICS, metric, trend_chart
from service.http.web.progress import JobPages
from service.http.web.roles import unavailable
from service.http.web.session import WebUser, require, spend_llm_call
from service.http.web.templating import render
from service.jobs.kinds import submit_eval

router = APIRouter()
EVAL_JOB = JobPages(
    "eval", "/evals", "eval_job.html", done_url=lambda job: f"/evals/{job.result['run_id']}"
)
EVAL_JOB.add_route(router, "Questions answered so far; once done, on to the run's report.")
HEADLINE = ("hit@5", "answer_f1", "groundedness", "citation_precision", "latency_p50_ms")


def suites_dir(request: Request) -> Path:
    """The folder whose suite files the run form offers."""
    folder: Path = getattr(request.app.state, "evals_dir", EVALS_DIR)
    return folder


@router.get("/evals")
def evals_page(
    *, request: Request, user: WebUser, index: IndexDep, settings: SettingsDep
) -> Response:
    """Stored runs with their headline metrics, the compare form and the run form."""
    runs = RunStore(index.sessions).list()
    context = {
        "runs": runs,
        "headline": HEADLINE,
        "suites": list(suite_files(suites_dir(request))),
        "backends": BACKENDS,
        "default_backend": settings.llm,
        "can_run": user.can("eval"),
        "run_note": unavailable(user, "eval"),
        "metrics": METRICS,
        "trend": trend_chart(runs),
    }
    return render(request, "evals.html", context)


@router.post("/evals")
async def start_run(*, request: Request, user: WebUser, jobs: JobsDep) -> Response:
    """Check the form and queue the run (a job: 202 with its progress)."""
    require(user, "eval")
    fields = {key: str(value).strip() for key, value in (await request.form()).items()}
    only = [part.strip() for part in fields.get("only", "").split(",") if part.strip()]
    try:
        choice = choose_run(
            suite_files(suites_dir(request)),
            fields.get("suite", ""),
            fields.get("backend", ""),
            only,
            fields.get("limit", ""),
            request.app.state.settings,
        )
    except BriefingError as exc:
        return error_page(request, 422, str(exc))
    if choice.backend != "extractive":
        spend_llm_call(request, user)
    return EVAL_JOB.started(request, submit_eval(jobs, user, choice))


@router.get("/evals/compare")
def compare_page(
    *,
    request: Request,
    _user: WebUser,
    index: IndexDep,
    a: Annotated[str, Query(min_length=1, description="The earlier run")],
    b: Annotated[str, Query(min_length=1, description="The run compared with it")],
) -> Response:
    """Run B against run A: per-metric deltas, questions that got worse, and B's report."""
    try:
        run_a, run_b, comparison = compare_stored(RunStore(index.sessions), a, b)
    except RunNotFoundError as exc:
        return error_page(request, 404, str(exc))
    report = Markup(report_body(run_b, comparison, source_link(index)))  # escaped by it
    context = {
        "comparison": comparison,
        "run_a": run_a,
        "run_b": run_b,
        "report": report,
        "worse_by": WORSE_BY,
    }
    return render(request, "evals_compare.html", context)


@router.get("/evals/{run_id}")
def run_page(*, request: Request, _user: WebUser, index: IndexDep, run_id: str) -> Response:
    """A run's report: facts, metrics table, charts, every question linked to its answer."""
    try:
        run = RunStore(index.sessions).get(run_id)
    except RunNotFoundError as exc:
        return error_page(request, 404, str(exc))
    report = Markup(report_body(run, source_link=source_link(index)))  # escaped by report_body
    # Reading order and targets: "answers that answer" before "sentences supported".
    folder: Path = getattr(request.app.state, "evals_dir", EVALS_DIR)
    found = standings(run.metrics, suite_thresholds(run.suite, folder))
    summary = [(s, metric(s.name)) for s in found]
    return render(request, "evals_run.html", {"run": run, "report": report, "summary": summary})


def source_link(index: Index) -> SourceLink:
    """Links from a cited span to the corpus page of its document (when still ingested)."""
    doc_ids = {d.source: d.doc_id for d in index.registry.list_documents()}

    def link(source: str, start: int, end: int) -> str:
        doc_id = doc_ids.get(source)
        if doc_id is None:
            return ""
        return f"/corpus/documents/{quote(doc_id)}?start={start}&end={end}#quote"

    return link
