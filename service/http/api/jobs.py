"""JSON routes for jobs: read one (owner or admin), list, cancel, follow as server-sent
events. Routes that submit a job answer ``accepted(job)``: 202, the job, and its
``Location``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from service.http.api import schemas
from service.http.auth import Reader
from service.http.deps import JobsDep
from service.jobs.record import Job

router = APIRouter(prefix="/api/jobs")
POLL_S = 0.5  # how often the event stream reads the job's row


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
    responses=schemas.event_stream("`progress` (the Job) on each change, then `end` (the Job)"),
)
async def job_events(*, job_id: str, jobs: JobsDep, user: Reader) -> StreamingResponse:
    """Server-sent events: ``progress`` (the job JSON) whenever it changes, then ``end``
    with the finished job, and the stream closes."""
    first = await run_in_threadpool(jobs.get, job_id, user)  # 404 before the stream starts

    async def events() -> AsyncIterator[str]:
        job, last = first, None
        while True:
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
