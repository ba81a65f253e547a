"""Regenerating one block from the editor: a job, like the API's regenerate.

With htmx the block is replaced by a progress partial that polls the job and turns back
into the fresh block when it is done; without JavaScript the browser goes to the job's
self-refreshing page and then back to the block in the editor.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from service.errors import JobNotFoundError, ShorterRegenerationError, StaleVersionError
from service.http.deps import DraftsDep, JobsDep
from service.http.web.editor import back_to, block_context, block_of, version_trigger
from service.http.web.errors import error_page
from service.http.web.session import WebUser, require, spend_llm_call
from service.http.web.templating import is_fragment_request, render
from service.jobs.kinds import submit_regeneration

router = APIRouter()
Version = Annotated[int, Form(ge=1, le=2**31 - 1)]


@router.post("/drafts/{draft_id}/sections/{path}/regenerate")
def block_regenerate(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    jobs: JobsDep,
    draft_id: str,
    path: str,
    expected_version: Version,
    accept_shorter: Annotated[bool, Form()] = False,
) -> Response:
    """Queue writing one block afresh (a "regeneration:<path>" version once the job is done);
    with ``accept_shorter`` even when the new block has fewer claims than the current one."""
    block_of(drafts.read(user, draft_id), path)
    spend_llm_call(request, require(user, "draft"))
    try:
        job = submit_regeneration(
            jobs, drafts, user, draft_id, path, expected_version, accept_shorter
        )
    except StaleVersionError as exc:
        return error_page(request, 409, f"{exc}; reload the draft to see the latest version")
    url = f"/drafts/{draft_id}/sections/{path}/regenerate/jobs/{job.id}"
    if not is_fragment_request(request):
        return RedirectResponse(url, status_code=303)
    context = {"job": job, "url": url, "slug": block_of(drafts.read(user, draft_id), path).slug}
    return render(request, "partials/regenerate_job.html", context, status_code=202)


@router.get("/drafts/{draft_id}/sections/{path}/regenerate/jobs/{job_id}")
def regeneration_progress(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    jobs: JobsDep,
    draft_id: str,
    path: str,
    job_id: str,
) -> Response:
    """The regeneration's progress; once done, the fresh block (or the editor without JS)."""
    try:
        job = jobs.get(job_id, user)
    except JobNotFoundError:
        job = None
    if job is None or job.kind != "regenerate" or job.params.get("draft_id") != draft_id:
        return error_page(request, 404, f"regeneration job {job_id[:64]}: not found")
    record = drafts.read(user, draft_id)
    block = block_of(record, path)
    if job.state == "done":
        if not is_fragment_request(request):
            return back_to(draft_id, block)
        context = block_context(record, block)
        return render(request, "partials/block.html", context, headers=version_trigger(record))
    shorter = not job.active and ShorterRegenerationError.ASK in job.error
    if shorter and is_fragment_request(request):
        # Fewer claims than the block has now: nothing saved; ask before replacing it.
        context = block_context(record, block) | {"shorter": job.error.split(". ")[0]}
        return render(request, "partials/regenerate_shorter.html", context)
    if not job.active:
        status = 409 if "is current" in job.error else 422
        return error_page(
            request, status, f"{job.error}; reload the draft to see the latest version"
        )
    url = f"/drafts/{draft_id}/sections/{path}/regenerate/jobs/{job.id}"
    template = (
        "partials/regenerate_job.html" if is_fragment_request(request) else "regenerate_job.html"
    )
    return render(
        request, template, {"job": job, "url": url, "slug": block.slug, "draft_id": draft_id}
    )
