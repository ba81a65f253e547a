"""The four kinds of job: what each submits (params) and what a worker does with them.

The web forms and the JSON API validate their input, then call the same ``submit_*``
function; a worker runs the same handler whichever edge submitted the job. Params are
plain JSON, so any worker process can run any job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.accounts.users import User
from service.config import Settings
from service.corpus.index import Index
from service.corpus.registry import Registry
from service.corpus.uploads import Upload, discard_uncommitted, ingest_uploads, uploads_of
from service.errors import (
    InvalidRequestError,
    JobCancelledError,
    QuotaExceededError,
    StaleVersionError,
)
from service.evals.choice import RunChoice
from service.evals.runner import run_suite, select_items
from service.evals.runs import RunStore
from service.jobs.quotas import Quotas
from service.jobs.record import Job
from service.jobs.service import JobService
from service.jobs.store import JobStore
from service.papers.blocks import prose_paths
from service.papers.paper import DraftRequest
from service.papers.service import DraftService

FIXED_SECTIONS = ("background", "core assessment", "recommendation", "bluf")


@dataclass(frozen=True)
class Services:
    """What handlers work with: one per worker process (the app's own when embedded)."""

    index: Index
    drafts: DraftService
    settings: Settings
    quotas: Quotas


class Reporter:
    """A running job's progress, written to its row; raises ``JobCancelledError`` at the
    next step once someone cancelled the job (or its attempt lost its claim)."""

    def __init__(self, store: JobStore, job: Job) -> None:
        self._store, self._job, self._steps = store, job, 0

    def step(self, name: str) -> None:
        """Section ``name`` started (drafting): a step, and one more of ``total`` done."""
        self._steps += 1
        counts = (self._steps - 1, max(self._job.total, self._steps))
        self._check(self._store.progress(self._job, step=name, counts=counts))

    def count(self, done: int, total: int) -> None:
        """``done`` of ``total`` units (chunks embedded, questions answered)."""
        self._check(self._store.progress(self._job, counts=(done, total)))

    def _check(self, cancelled: bool) -> None:
        if cancelled:
            raise JobCancelledError(f"{self._job.kind} job {self._job.id}: cancelled")


Handler = Callable[[Services, Job, User, Reporter], Any]


def submit_draft(jobs: JobService, request: DraftRequest, user: User, drafts: DraftService) -> Job:
    """Queue the drafting of a paper (``total``: the sections it is expected to have)."""
    framed = drafts.writer.in_frame(request)  # the draft's own agendas, else the desk's
    weights = framed.weights(request)  # unknown agenda ids: a 422 now, not later
    total = len(FIXED_SECTIONS) + sum(1 for a in framed.catalogue.peripheral if weights[a.id] > 0)
    return jobs.submit(
        "draft", user, {"request": request.model_dump(mode="json")}, total=total + request.options
    )


def submit_regeneration(
    jobs: JobService,
    drafts: DraftService,
    user: User,
    draft_id: str,
    path: str,
    expected: int,
    accept_shorter: bool = False,
) -> Job:
    """Queue writing one block afresh; 404/403/409 now when they are already certain.
    ``accept_shorter``: save the new block even with fewer claims than the current one."""
    drafts.access.check(user, draft_id, "edit")
    current = drafts.read(user, draft_id)
    if path not in prose_paths(current.paper):
        raise InvalidRequestError(f"section '{path[:80]}': not a generated section of this draft")
    if current.version != expected:
        raise StaleVersionError(draft_id, expected, current.version)
    params = {
        "draft_id": draft_id,
        "path": path,
        "expected_version": expected,
        "accept_shorter": accept_shorter,
    }
    return jobs.submit("regenerate", user, params, total=1)


def submit_ingest(jobs: JobService, user: User, uploads: list[Upload], notes: list[str]) -> Job:
    """Queue the ingest of saved uploads (``notes``: files refused before the job); when a
    quota refuses it (429), the saved files are removed again."""
    saved = [
        {
            "original": u.original,
            "path": str(u.path),
            "source": u.label.source,
            "title": u.label.title,
            "status": u.label.status,
        }
        for u in uploads
    ]
    try:
        return jobs.submit("ingest", user, {"uploads": saved}, notes=notes)
    except QuotaExceededError:  # refused: the saved files must not hold their names
        discard_uncommitted(Registry(jobs.store.sessions), uploads)
        raise


def submit_eval(jobs: JobService, user: User, choice: RunChoice) -> Job:
    """Queue an eval run of the chosen suite's questions (``only`` those, the first ``limit``)."""
    items = select_items(choice.suite, choice.only)
    count = min(choice.limit, len(items)) if choice.limit else len(items)
    params = {
        "suite": str(choice.suite),
        "backend": choice.backend,
        "only": choice.only,
        "limit": choice.limit,
    }
    return jobs.submit("eval", user, params, total=count)


def _draft(services: Services, job: Job, user: User, reporter: Reporter) -> dict[str, Any]:
    request = DraftRequest.model_validate(job.params["request"])
    record = services.drafts.generate(request, user, reporter.step)
    return {"draft_id": record.draft_id, "version": record.version}


def _regenerate(services: Services, job: Job, user: User, reporter: Reporter) -> dict[str, Any]:
    p = job.params
    record = services.drafts.regenerate_section(
        p["draft_id"],
        p["path"],
        p["expected_version"],
        user,
        reporter.step,
        accept_shorter=bool(p.get("accept_shorter", False)),
    )
    return {"draft_id": record.draft_id, "version": record.version, "path": p["path"]}


def _ingest(services: Services, job: Job, user: User, reporter: Reporter) -> dict[str, Any]:
    uploads = uploads_of(job.params["uploads"], user.username)

    def budget(chunks: int) -> None:  # before embedding: within the chunks per hour?
        services.quotas.reserve_chunks(job.id, user.username, chunks)

    report = ingest_uploads(services.index, uploads, reporter.count, budget)
    return {
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": [{"path": e.path, "reason": e.reason} for e in report.failed],
        "chunks_written": report.chunks_written,
    }


def _eval(services: Services, job: Job, _user: User, reporter: Reporter) -> dict[str, Any]:
    p = job.params
    suite = Path(p["suite"])
    items = select_items(suite, p["only"])
    items = items[: p["limit"]] if p["limit"] else items
    settings = services.settings.model_copy(update={"llm": p["backend"]})
    run = run_suite(services.index, settings, suite, items, reporter.count)
    RunStore(services.index.sessions).save(run)
    return {"run_id": run.id}


HANDLERS: dict[str, Handler] = {
    "draft": _draft,
    "regenerate": _regenerate,
    "ingest": _ingest,
    "eval": _eval,
}
