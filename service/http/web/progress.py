"""A job's pages: started, polled while queued or running, and where it leads when done.

The kinds of job started from pages (ingest, drafting, regeneration, eval runs) share
these answers; each page module only describes its job's pages with a ``JobPages``.
They read the job's record in the database, so any app server can show any job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.accounts.users import User
from service.errors import JobNotFoundError
from service.http.deps import JobsDep
from service.http.web.errors import error_page
from service.http.web.session import WebUser
from service.http.web.templating import go_to, is_fragment_request, render
from service.jobs.record import Job
from service.jobs.service import JobService


@dataclass(frozen=True)
class JobPages:
    """One kind of job's pages: progress lives at ``{prefix}/jobs/{id}``.

    ``page`` is the job's self-refreshing page without JavaScript; once done, a job with
    a ``done_url`` sends the browser there; ``ended_event`` is fired (``HX-Trigger``)
    when the job has ended, so other parts of the page refresh."""

    kind: str
    prefix: str
    page: str
    done_url: Callable[[Job], str] | None = None
    ended_event: str | None = None

    @property
    def partial(self) -> str:
        """The progress partial htmx polls: ``partials/<kind>_job.html``."""
        return f"partials/{self.kind}_job.html"

    def started(self, request: Request, job: Job) -> Response:
        """The answer to the form that started ``job``: its progress partial (202) for
        htmx, or a redirect to the job's self-refreshing page without JavaScript."""
        if not is_fragment_request(request):
            return RedirectResponse(f"{self.prefix}/jobs/{job.id}", status_code=303)
        return render(request, self.partial, {"job": job}, status_code=202)

    def progress(self, request: Request, jobs: JobService, job_id: str, user: User) -> Response:
        """The job's progress: its partial for htmx polling, its page without JS."""
        try:
            job = jobs.get(job_id, user)
        except JobNotFoundError:
            job = None
        if job is None or job.kind != self.kind:
            # Unknown, or started by another user: the same answer, so ids leak nothing.
            return error_page(request, 404, f"{self.kind} job {job_id[:64]}: not found")
        if self.done_url is not None and job.state == "done":
            return go_to(request, self.done_url(job))
        ended = self.ended_event is not None and not job.active
        headers = {"HX-Trigger": self.ended_event} if ended and self.ended_event else None
        template = self.partial if is_fragment_request(request) else self.page
        return render(request, template, {"job": job}, headers=headers)

    def add_route(self, router: APIRouter, description: str) -> None:
        """Serve the progress at ``{prefix}/jobs/{job_id}`` on ``router`` (add it before
        any ``{prefix}/{id}`` route, which would otherwise take "jobs" for an id)."""

        def job_progress(
            *, request: Request, user: WebUser, job_id: str, jobs: JobsDep
        ) -> Response:
            return self.progress(request, jobs, job_id, user)

        job_progress.__doc__ = description
        router.add_api_route(
            f"{self.prefix}/jobs/{{job_id}}",
            job_progress,
            methods=["GET"],
            name=f"{self.kind}_progress",
        )
