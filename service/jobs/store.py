"""The job store: every change to a job's record in the service database.

The queue only carries job ids; the row says what the job is, who owns it, where it
stands and how it ended. Every change of state is one conditional ``UPDATE``, so two
workers cannot both claim a job and a worker that lost its claim (its attempt was
retried elsewhere) cannot record an outcome.
"""

from __future__ import annotations

import builtins
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from service.jobs.record import Job, JobRow, State, job_from_row

MAX_ATTEMPTS = 2  # a job whose worker died is retried once


class JobStore:
    """Create, read and move job records; every transition is atomic."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], float] = time.time
    ) -> None:
        self._sessions, self._clock = sessions, clock
        self.sessions = sessions  # the database the jobs share with the corpus

    def create(
        self,
        kind: str,
        owner: str,
        role: str,
        params: dict[str, Any],
        total: int = 0,
        notes: Sequence[str] = (),
    ) -> Job:
        """A new queued job."""
        row = JobRow(
            id=uuid.uuid4().hex,
            kind=kind,
            owner=owner,
            role=role,
            state="queued",
            params=params,
            steps=[],
            notes=list(notes),
            done=0,
            total=total,
            error="",
            attempts=0,
            cancel_requested=False,
            worker="",
            created_at=self._clock(),
            heartbeat_at=self._clock(),
        )
        with self._sessions.begin() as session:
            session.add(row)
        return job_from_row(row)

    def get(self, job_id: str) -> Job | None:
        """The job with this id, if any."""
        if len(job_id) > 32:  # ids are 32 hex digits; a longer one names no job
            return None
        with self._sessions() as session:
            row = session.get(JobRow, job_id)
            return None if row is None else job_from_row(row)

    def list(
        self, owner: str | None = None, state: str | None = None, limit: int = 100
    ) -> list[Job]:
        """Jobs newest first, of one owner (``None``: everyone's) and/or in one state."""
        query = select(JobRow).order_by(JobRow.created_at.desc()).limit(limit)
        if owner is not None:
            query = query.where(JobRow.owner == owner)
        if state is not None:
            query = query.where(JobRow.state == state)
        with self._sessions() as session:
            return [job_from_row(row) for row in session.scalars(query)]

    def claim(self, job_id: str, worker: str) -> Job | None:
        """Queued -> running for ``worker`` (one more attempt); ``None`` if the job is not
        queued any more (cancelled, or another worker has it)."""
        now = self._clock()
        changed = self._update(
            (JobRow.id == job_id, JobRow.state == "queued"),
            state="running",
            attempts=JobRow.attempts + 1,
            worker=worker,
            started_at=now,
            heartbeat_at=now,
        )
        return self.get(job_id) if changed else None

    def progress(
        self, job: Job, step: str | None = None, counts: tuple[int, int] | None = None
    ) -> bool:
        """Record a step and/or counts of ``job``'s attempt and beat its heart; whether
        someone asked to cancel it. ``False`` too when the attempt lost its claim."""
        with self._sessions.begin() as session:
            row = session.get(JobRow, job.id, with_for_update=True)
            if row is None or not self._owns(row, job):
                return True
            steps = list(row.steps or [])
            if step is not None and (not steps or steps[-1] != step):
                row.steps = [*steps, step]
            if counts is not None:
                row.done, row.total = counts
            row.heartbeat_at = self._clock()
            return bool(row.cancel_requested)

    def beat(self, job: Job) -> None:
        """Say that ``job``'s attempt is alive."""
        self._update(self._claimed(job), heartbeat_at=self._clock())

    def finish(self, job: Job, state: State, result: Any = None, error: str = "") -> bool:
        """End ``job``'s attempt as done, failed or cancelled; ``False`` (nothing written)
        when the attempt had lost its claim, so no job ends twice."""
        values: dict[str, Any] = {
            "state": state,
            "result": result,
            "error": error[:4000],
            "finished_at": self._clock(),
        }
        if state == "done":
            values["done"] = JobRow.total
        return self._update(self._claimed(job), **values)

    def cancel(self, job_id: str) -> Job | None:
        """Queued -> cancelled at once; running -> asked to stop at its next step.
        Returns the job as it now stands (``None`` if unknown)."""
        now = self._clock()
        self._update(
            (JobRow.id == job_id, JobRow.state == "queued"),
            state="cancelled",
            cancel_requested=True,
            finished_at=now,
            error="cancelled before it started",
        )
        self._update((JobRow.id == job_id, JobRow.state == "running"), cancel_requested=True)
        return self.get(job_id)

    def reap(self, stale_s: float) -> builtins.list[str]:
        """Running jobs whose heartbeat is older than ``stale_s`` lost their worker: the
        first time they go back to queued (returned, to enqueue again); after the last
        attempt, or when cancelled meanwhile, they end with the reason."""
        cutoff = self._clock() - stale_s
        with self._sessions() as session:
            stale = list(
                session.scalars(
                    select(JobRow).where(JobRow.state == "running", JobRow.heartbeat_at < cutoff)
                )
            )
        retried = []
        for row in stale:
            reason = (
                f"the worker stopped (no heartbeat for {stale_s:g} s) on attempt "
                f"{row.attempts} of {MAX_ATTEMPTS}"
            )
            still = (
                JobRow.id == row.id,
                JobRow.state == "running",
                JobRow.attempts == row.attempts,
                JobRow.heartbeat_at < cutoff,
            )
            if row.cancel_requested:
                self._update(still, state="cancelled", error=reason, finished_at=self._clock())
            elif row.attempts >= MAX_ATTEMPTS:
                self._update(
                    still,
                    state="failed",
                    error=f"{reason}; not retried again",
                    finished_at=self._clock(),
                )
            elif self._update(
                still,
                state="queued",
                worker="",
                error=f"{reason}; retried",
                heartbeat_at=self._clock(),
            ):
                retried.append(row.id)
        return retried

    def requeue(self, waited_s: float) -> builtins.list[str]:
        """Queued jobs not taken for ``waited_s`` since their id was last queued: their
        message may be lost (a crash between recording and queueing, a queue server
        restarted without persistence), so they are returned to queue again. A duplicate
        message is harmless: only one ``claim`` succeeds."""
        cutoff = self._clock() - waited_s
        with self._sessions() as session:
            waiting = list(
                session.execute(
                    select(JobRow.id, JobRow.heartbeat_at).where(
                        JobRow.state == "queued", JobRow.heartbeat_at < cutoff
                    )
                )
            )
        return [
            job_id
            for job_id, queued_at in waiting
            if self._update(
                (JobRow.id == job_id, JobRow.state == "queued", JobRow.heartbeat_at == queued_at),
                heartbeat_at=self._clock(),
            )
        ]

    @staticmethod
    def _claimed(job: Job) -> tuple[Any, ...]:
        return (JobRow.id == job.id, JobRow.state == "running", JobRow.attempts == job.attempts)

    @staticmethod
    def _owns(row: JobRow, job: Job) -> bool:
        return row.state == "running" and row.attempts == job.attempts

    def _update(self, where: tuple[Any, ...], **values: Any) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(update(JobRow).where(*where).values(**values))
            return bool(getattr(result, "rowcount", 0))
