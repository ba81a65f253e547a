"""``briefing worker``: run jobs from the shared queue (for several app servers)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from service.cli.support import load_settings, open_index_with


def worker(
    workers: Annotated[
        int | None, typer.Option("--workers", help="Jobs at once (default BRIEFING_WORKERS).")
    ] = None,
) -> None:
    """Run queued jobs (drafting, regeneration, ingest, eval runs) until stopped; with
    BRIEFING_QUEUE_URL=redis://... beside app servers started with --no-worker."""
    from service.jobs.kinds import Services
    from service.jobs.queue import JobQueue
    from service.jobs.quotas import quotas_for
    from service.jobs.worker import Workers
    from service.papers.service import DraftService

    settings = load_settings()
    if workers is not None:
        settings = settings.model_copy(update={"workers": max(1, min(workers, 16))})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    index = open_index_with(settings)
    warm_up = getattr(index.embedder, "warm_up", None)
    if warm_up is not None:
        warm_up()
    services = Services(
        index, DraftService.open(index, settings), settings, quotas_for(index.sessions, settings)
    )
    Workers(services, JobQueue(settings), embedded=False).run()
