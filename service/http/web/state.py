"""Dependencies of the web routes beyond the API's (``service.http.deps``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.http.web.jobs import Jobs


def get_jobs(request: Request) -> Jobs:
    """The app's background jobs (uploads, drafts)."""
    jobs: Jobs = request.app.state.web_jobs
    return jobs


JobsDep = Annotated[Jobs, Depends(get_jobs)]
