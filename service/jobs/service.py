"""Submitting, reading and cancelling jobs on behalf of a user (the edges' one door)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.accounts.users import User
from service.corpus.registry import Registry
from service.corpus.uploads import discard_uncommitted, uploads_of
from service.errors import InvalidRequestError, JobFinishedError, JobNotFoundError
from service.jobs.queue import JobQueue
from service.jobs.quotas import Quotas
from service.jobs.record import STATES, Job
from service.jobs.store import JobStore


class JobService:
    """Jobs as a user sees them: their own, or everyone's for an admin."""

    def __init__(self, store: JobStore, queue: JobQueue, quotas: Quotas) -> None:
        self.store, self.queue, self.quotas = store, queue, quotas

    def submit(
        self,
        kind: str,
        user: User,
        params: dict[str, Any],
        total: int = 0,
        notes: Sequence[str] = (),
    ) -> Job:
        """Record a queued job for ``user`` and put its id on the queue; 429
        (``QuotaExceededError``) when it would take ``user`` past a quota."""
        self.quotas.admit(user.username, kind)
        job = self.store.create(kind, user.username, user.role, params, total, notes)
        self.queue.enqueue(job.id)
        return job

    def get(self, job_id: str, user: User) -> Job:
        """The job, if ``user`` owns it or is an admin; else ``JobNotFoundError`` (404)."""
        job = self.store.get(job_id)
        if job is None or not (job.owner == user.username or user.can("users")):
            raise JobNotFoundError(job_id[:64])
        return job

    def list(self, user: User, state: str | None = None) -> list[Job]:
        """The user's jobs (an admin's: everyone's), newest first, optionally in one state."""
        if state is not None and state not in STATES:
            raise InvalidRequestError(f"state: one of {', '.join(STATES)}, not '{state[:40]}'")
        owner = None if user.can("users") else user.username
        return self.store.list(owner, state)

    def cancel(self, job_id: str, user: User) -> Job:
        """Cancel a queued job now, a running one at its next step; 409 if it has ended."""
        job = self.get(job_id, user)
        if not job.active:
            raise JobFinishedError(f"job {job.id}: already {job.state}; nothing to cancel")
        cancelled = self.store.cancel(job.id)
        if cancelled is not None and cancelled.state == "cancelled" and job.kind == "ingest":
            # It never ran: its saved uploads would hold their names with no document.
            discard_uncommitted(
                Registry(self.store.sessions), uploads_of(job.params["uploads"], job.owner)
            )
        return cancelled or job
