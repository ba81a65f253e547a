"""A background job's pages: started, polled while running, and where it leads when done.

The three kinds of job (ingest, drafting, eval runs) share these two answers; each
route only names its templates and where a finished job goes.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from service.http.web.errors import error_page
from service.http.web.jobs import Job
from service.http.web.templating import go_to, is_fragment_request, render


def job_started(request: Request, job: Job, page_url: str, partial: str) -> Response:
    """The answer to a form that started a background job: its progress partial (202)
    for htmx, or a redirect to the job's self-refreshing page without JavaScript."""
    if not is_fragment_request(request):
        return RedirectResponse(page_url, status_code=303)
    return render(request, partial, {"job": job}, status_code=202)


def job_progress(
    request: Request,
    job: Job | None,
    *,
    missing: str,
    partial: str,
    page: str,
    done_url: Callable[[Job], str] | None = None,
    ended_event: str | None = None,
) -> Response:
    """A job's progress: its partial for htmx polling, its self-refreshing page without JS.

    ``missing`` is the 404 message for an unknown job (or one of another user); once
    done, a job with a ``done_url`` sends the browser there; ``ended_event`` is fired
    (``HX-Trigger``) when the job has ended, so other parts of the page refresh."""
    if job is None:
        return error_page(request, 404, missing)
    if done_url is not None and job.state == "done":
        return go_to(request, done_url(job))
    ended = ended_event is not None and job.state != "running"
    headers = {"HX-Trigger": ended_event} if ended and ended_event else None
    template = partial if is_fragment_request(request) else page
    return render(request, template, {"job": job}, headers=headers)
