"""JSON routes for jobs: read one (owner or admin), list, cancel, follow as server-sent
events. Routes that submit a job answer ``accepted(job)``: 202, the job, and its
``Location``."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from service.errors import NotAuthenticatedError
from service.http.api import schemas
from service.http.auth import Reader, identify
from service.http.deps import JobsDep
from service.jobs.record import Job

router = APIRouter(prefix="/api/jobs")
POLL_S = 0.5  # how often the event stream reads the job's row
RECHECK_S = 2.0  # how often an open stream checks its credential again


def accepted(job: Job) -> JSONResponse:
    """202 with the job's JSON and ``Location: /api/jobs/{id}`` (the job runs on a worker)."""
    return JSONResponse(job.as_json(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.get("", response_model=list[schemas.Job])
def list_jobs(
    *,
    jobs: JobsDep,
    user: Reader,
    state: Annotated[
        str | None, Query(max_length=16, description="queued, running, done, failed or cancelled")
    ] = None,
) -> list[dict[str, Any]]:
    """The caller's jobs (an admin's: everyone's), newest first; ``state`` filters."""
    return [job.as_json() for job in jobs.list(user, state)]


@router.get("/{job_id}", response_model=schemas.Job)
def get_job(*, job_id: str, jobs: JobsDep, user: Reader) -> dict[str, Any]:
    """A job's state, progress and outcome; 404 unless the caller owns it or is an admin."""
    return jobs.get(job_id, user).as_json()


@router.delete("/{job_id}", response_model=schemas.Job)
def cancel_job(*, job_id: str, jobs: JobsDep, user: Reader) -> dict[str, Any]:
    """Cancel: a queued job at once, a running one at its next step; 409 once it ended."""
    return jobs.cancel(job_id, user).as_json()


@router.get(
    "/{job_id}/events",
    response_class=StreamingResponse,
    responses=schemas.event_stream(
        "`progress` (the Job) on each change, then `end` (the Job), or `revoked` when the "
        "credential is gone"
    ),
)
async def job_events(
    *, request: Request, job_id: str, jobs: JobsDep, user: Reader
) -> StreamingResponse:
    """Server-sent events: ``progress`` (the job JSON) whenever it changes, then ``end``
    with the finished job, and the stream closes. The credential is checked again every
    ``RECHECK_S``: once the token is revoked or expired, the session ended or the account
    disabled, a ``revoked`` event closes the stream."""
    first = await run_in_threadpool(jobs.get, job_id, user)  # 404 before the stream starts

    async def events() -> AsyncIterator[str]:
        job, last, checked = first, None, time.monotonic()
        while True:
            if time.monotonic() - checked >= RECHECK_S:
                checked = time.monotonic()
                try:
                    await run_in_threadpool(identify, request)
                except NotAuthenticatedError as exc:
                    yield f"event: revoked\ndata: {json.dumps({'detail': str(exc)})}\n\n"
                    return
            data = json.dumps(job.as_json())
            if not job.active:
                yield f"event: end\ndata: {data}\n\n"
                return
            if data != last:
                yield f"event: progress\ndata: {data}\n\n"
                last = data
            await asyncio.sleep(POLL_S)
            job = await run_in_threadpool(jobs.get, job_id, user)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
