"""Workers: claim a job by id, run its handler with a heartbeat, record how it ended.

``Workers`` is what ``briefing serve`` embeds (by default) and what ``briefing worker``
runs: Huey consumer threads that execute job ids, plus a reaper that sends jobs whose
worker died (stale heartbeat) back to the queue once, then fails them with the reason.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from huey.consumer import Consumer

from service.accounts.users import User
from service.config import Settings
from service.errors import BriefingError, JobCancelledError
from service.jobs.kinds import HANDLERS, Reporter, Services
from service.jobs.queue import JobQueue, every
from service.jobs.record import Job
from service.jobs.store import JobStore

log = logging.getLogger(__name__)
# A queued job no worker took for this many stale periods (5 min by default) is queued
# again: long enough that a busy queue is not flooded with duplicates, short enough that
# a lost message does not leave the job queued forever.
REQUEUE_AFTER_STALE = 5


class JobRunner:
    """Runs one job id at a time per calling thread; safe to call from several threads."""

    def __init__(self, services: Services, store: JobStore, settings: Settings) -> None:
        self.services, self.store, self.settings = services, store, settings
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def execute(self, job_id: str) -> None:
        """Claim ``job_id`` and run it to an outcome; a no-op if it is not queued (cancelled,
        finished, or claimed by another worker): no job runs twice to completion."""
        job = self.store.claim(job_id, self.name)
        if job is None:
            return
        handler = HANDLERS.get(job.kind)
        if handler is None:
            self.store.finish(job, "failed", error=f"unknown job kind '{job.kind}'")
            return
        user = User(job.owner, job.role)  # type: ignore[arg-type]
        with self._heartbeat(job):
            try:
                result = handler(self.services, job, user, Reporter(self.store, job))
            except JobCancelledError as exc:
                self.store.finish(job, "cancelled", error=str(exc))
            except BriefingError as exc:
                self.store.finish(job, "failed", error=str(exc))
            except Exception as exc:  # recorded on the job instead of dying in a thread
                log.exception("job %s failed", job.id)
                self.store.finish(job, "failed", error=f"unexpected error: {exc}")
            else:
                self.store.finish(job, "done", result=result)

    @contextmanager
    def _heartbeat(self, job: Job) -> Iterator[None]:
        stop = threading.Event()
        thread = every(self.settings.job_heartbeat_s, lambda: self.store.beat(job), stop)
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)


class Workers:
    """Consumer threads plus the reaper, started and stopped together."""

    def __init__(self, services: Services, queue: JobQueue, embedded: bool) -> None:
        self.store = JobStore(services.index.sessions)
        self.queue = queue
        self.runner = JobRunner(services, self.store, queue.settings)
        self.consumer: Consumer = queue.consumer(self.runner.execute, embedded)
        self._stop = threading.Event()

    def reap(self) -> list[str]:
        """Send jobs whose worker died back to the queue (once); the ids sent back."""
        settings = self.queue.settings
        retried = self.store.reap(settings.job_stale_s)
        for job_id in retried:
            log.warning("job %s: its worker stopped; retrying it", job_id)
            self.queue.enqueue(job_id)
        for job_id in self.store.requeue(settings.job_stale_s * REQUEUE_AFTER_STALE):
            log.warning("job %s: still queued, not taken; queueing it again", job_id)
            self.queue.enqueue(job_id)
        return retried

    def start(self) -> None:
        """Start the consumer threads and the reaper (in the background)."""
        self.reap()
        self.consumer.start()
        every(max(0.5, self.queue.settings.job_stale_s / 3), self.reap, self._stop)

    def stop(self) -> None:
        """Stop taking jobs (a job in flight is abandoned and, later, retried)."""
        self._stop.set()
        self.consumer.stop(graceful=False)

    def run(self) -> None:
        """Run in the foreground until SIGINT/SIGTERM (``briefing worker``)."""
        every(max(0.5, self.queue.settings.job_stale_s / 3), self.reap, self._stop)
        try:
            self.consumer.run()
        finally:
            self._stop.set()
