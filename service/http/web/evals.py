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

from service.config import Settings
from service.corpus.index import Index
from service.errors import BriefingError, RunNotFoundError
from service.evals.compare import WORSE_BY, compare_stored
from service.evals.report import SourceLink, report_body
from service.evals.results import EvalRun
from service.evals.runner import run_suite, select_items
from service.evals.runs import RunStore
from service.evals.suite import EvalItem
from service.http.deps import IndexDep, SettingsDep
from service.http.web.errors import error_page
from service.http.web.jobs import Job
from service.http.web.progress import JobPages
from service.http.web.session import WebUser, require, spend_llm_call
from service.http.web.state import JobsDep
from service.http.web.templating import WEB_DIR, render

router = APIRouter()
EVAL_JOB = JobPages("eval", "/evals", "eval_job.html", done_url=lambda job: f"/evals/{job.result}")
EVAL_JOB.add_route(router, "Questions answered so far; once done, on to the run's report.")
EVALS_DIR = WEB_DIR.parent / "evals"  # app.state.evals_dir overrides it (tests)
BACKENDS = ("extractive", "local", "openai")
SUITE_SUFFIXES = (".yaml", ".jsonl")
# The gates' settings live beside the suites.
NOT_SUITES = frozenset({"thresholds.yaml", "thresholds-leave-one-out.yaml"})
HEADLINE = ("hit@5", "answer_f1", "groundedness", "citation_precision", "latency_p50_ms")


def suites_dir(request: Request) -> Path:
    """The folder whose suite files the run form offers."""
    folder: Path = getattr(request.app.state, "evals_dir", EVALS_DIR)
    return folder


def suite_files(folder: Path) -> dict[str, Path]:
    """Suite file name -> path, for every suite directly inside ``folder``."""
    if not folder.is_dir():
        return {}
    return {
        path.name: path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in SUITE_SUFFIXES and path.name not in NOT_SUITES
    }


@router.get("/evals")
def evals_page(
    *, request: Request, user: WebUser, index: IndexDep, settings: SettingsDep
) -> Response:
    """Stored runs with their headline metrics, the compare form and the run form."""
    context = {"runs": RunStore(index.sessions).list(), "headline": HEADLINE,
               "suites": list(suite_files(suites_dir(request))), "backends": BACKENDS,
               "default_backend": settings.llm, "can_run": user.can("eval")}  # fmt: skip
    return render(request, "evals.html", context)


@router.post("/evals")
async def start_run(
    *, request: Request, user: WebUser, index: IndexDep, settings: SettingsDep, jobs: JobsDep
) -> Response:
    """Check the form and run the suite in the background (202 with progress)."""
    require(user, "eval")
    fields = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        suite, backend, items = _chosen(fields, suite_files(suites_dir(request)))
    except BriefingError as exc:
        return error_page(request, 422, str(exc))
    if backend != "extractive":
        spend_llm_call(request, user)
    run_settings = settings.model_copy(update={"llm": backend})
    job = jobs.start("eval", lambda job: _run(index, run_settings, suite, items, job),
                     user.username, total=len(items))  # fmt: skip
    return EVAL_JOB.started(request, job)


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
    report = Markup(report_body(run_b, comparison, _source_link(index)))  # escaped by it
    context = {"comparison": comparison, "run_a": run_a, "run_b": run_b, "report": report,
               "worse_by": WORSE_BY}  # fmt: skip
    return render(request, "evals_compare.html", context)


@router.get("/evals/{run_id}")
def run_page(*, request: Request, _user: WebUser, index: IndexDep, run_id: str) -> Response:
    """A run's report: facts, metrics table, charts, every question linked to its answer."""
    try:
        run = RunStore(index.sessions).get(run_id)
    except RunNotFoundError as exc:
        return error_page(request, 404, str(exc))
    report = Markup(report_body(run, source_link=_source_link(index)))  # escaped by report_body
    return render(request, "evals_run.html", {"run": run, "report": report})


def _chosen(fields: dict[str, str], suites: dict[str, Path]) -> tuple[Path, str, list[EvalItem]]:
    """The form's suite file, backend and questions; ``BriefingError`` naming the field."""
    name = fields.get("suite", "")
    if name not in suites:
        offered = ", ".join(suites) or "none"
        raise BriefingError(f"suite: choose one of the suites in evals/ ({offered}), not '{name}'")
    backend = fields.get("backend", "")
    if backend not in BACKENDS:
        raise BriefingError(f"backend: choose one of {', '.join(BACKENDS)}, not '{backend}'")
    only = [part.strip() for part in fields.get("only", "").split(",") if part.strip()]
    try:
        items = select_items(suites[name], only)
    except BriefingError as exc:  # name the file as the form does, not by its server path
        raise BriefingError(str(exc).replace(str(suites[name]), name)) from exc
    limit = fields.get("limit", "")
    if limit:
        # isdigit() alone accepts "²", which int() then refuses.
        if not (limit.isascii() and limit.isdigit()) or int(limit) < 1:
            shown = ascii(limit)[1:-1][:40]
            raise BriefingError(f"limit: a whole number of questions, at least 1, not '{shown}'")
        if len(limit) > 9 or int(limit) > len(items):  # no silent run of the whole suite
            raise BriefingError(
                f"limit: at most {len(items)} (the questions chosen), not {limit[:40]}"
            )
        items = items[: int(limit)]
    return suites[name], backend, items


def _run(index: Index, settings: Settings, suite: Path, items: list[EvalItem], job: Job) -> str:
    """Run and store the suite (as ``briefing eval run`` does); the run's id."""
    run: EvalRun = run_suite(index, settings, suite, items, job.count)
    RunStore(index.sessions).save(run)
    return run.id


def _source_link(index: Index) -> SourceLink:
    """Links from a cited span to the corpus page of its document (when still ingested)."""
    doc_ids = {d.source: d.doc_id for d in index.registry.list_documents()}

    def link(source: str, start: int, end: int) -> str:
        doc_id = doc_ids.get(source)
        if doc_id is None:
            return ""
        return f"/corpus/documents/{quote(doc_id)}?start={start}&end={end}#quote"

    return link
