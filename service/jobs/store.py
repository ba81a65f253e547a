"""Job records in the service database: the truth about every long job.

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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import JSON, Boolean, Float, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base

State = Literal["queued", "running", "done", "failed", "cancelled"]
STATES: tuple[State, ...] = ("queued", "running", "done", "failed", "cancelled")
ENDED: tuple[State, ...] = ("done", "failed", "cancelled")
MAX_ATTEMPTS = 2  # a job whose worker died is retried once


class JobRow(Base):
    """One job: what to do (kind, params), for whom, and its progress and outcome."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    params: Mapped[Any] = mapped_column(JSON)
    steps: Mapped[Any] = mapped_column(JSON)
    notes: Mapped[Any] = mapped_column(JSON)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[Any] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    worker: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[float] = mapped_column(Float)
    started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    finished_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Running: the worker's last beat. Queued: when its id was last put on the queue
    # (``requeue`` puts it there again if no worker took it for long: a message lost).
    heartbeat_at: Mapped[float | None] = mapped_column(Float, nullable=True)


@dataclass(frozen=True)
class Job:
    """A job as read from its row (what pages, the API and workers see)."""

    id: str
    kind: str
    owner: str
    role: str
    state: State
    params: dict[str, Any]
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0
    result: Any = None
    error: str = ""
    attempts: int = 0
    cancel_requested: bool = False
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    heartbeat_at: float | None = None

    @property
    def active(self) -> bool:
        """Queued or running: not ended yet."""
        return self.state not in ENDED

    @property
    def percent(self) -> int:
        """Share done, 0-100."""
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    def as_json(self) -> dict[str, Any]:
        """The API's view of the job (params stay private: they may name server paths)."""
        names = ("created_at", "started_at", "finished_at", "heartbeat_at")
        stamps = {name: _iso(getattr(self, name)) for name in names}
        return {"id": self.id, "kind": self.kind, "owner": self.owner, "state": self.state,
                "steps": self.steps, "done": self.done, "total": self.total,
                "percent": self.percent, "result": self.result, "error": self.error,
                "notes": self.notes, "attempts": self.attempts,
                "cancel_requested": self.cancel_requested, **stamps}  # fmt: skip


def _iso(stamp: float | None) -> str | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC).isoformat()


def _job(row: JobRow) -> Job:
    return Job(row.id, row.kind, row.owner, row.role, row.state, dict(row.params or {}),  # type: ignore[arg-type]
               list(row.steps or []), list(row.notes or []), row.done, row.total, row.result,
               row.error, row.attempts, row.cancel_requested, row.created_at, row.started_at,
               row.finished_at, row.heartbeat_at)  # fmt: skip


class JobStore:
    """Create, read and move job records; every transition is atomic."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], float] = time.time
    ) -> None:
        self._sessions, self._clock = sessions, clock

    def create(
        self, kind: str, owner: str, role: str, params: dict[str, Any],
        total: int = 0, notes: Sequence[str] = (),
    ) -> Job:  # fmt: skip
        """A new queued job."""
        row = JobRow(id=uuid.uuid4().hex, kind=kind, owner=owner, role=role, state="queued",
                     params=params, steps=[], notes=list(notes), done=0, total=total,
                     error="", attempts=0, cancel_requested=False, worker="",
                     created_at=self._clock(), heartbeat_at=self._clock())  # fmt: skip
        with self._sessions.begin() as session:
            session.add(row)
        return _job(row)

    def get(self, job_id: str) -> Job | None:
        """The job with this id, if any."""
        if len(job_id) > 32:  # ids are 32 hex digits; a longer one names no job
            return None
        with self._sessions() as session:
            row = session.get(JobRow, job_id)
            return None if row is None else _job(row)

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
            return [_job(row) for row in session.scalars(query)]

    def claim(self, job_id: str, worker: str) -> Job | None:
        """Queued -> running for ``worker`` (one more attempt); ``None`` if the job is not
        queued any more (cancelled, or another worker has it)."""
        now = self._clock()
        changed = self._update(
            (JobRow.id == job_id, JobRow.state == "queued"),
            state="running", attempts=JobRow.attempts + 1, worker=worker,
            started_at=now, heartbeat_at=now,
        )  # fmt: skip
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
        values: dict[str, Any] = {"state": state, "result": result, "error": error[:4000],
                                  "finished_at": self._clock()}  # fmt: skip
        if state == "done":
            values["done"] = JobRow.total
        return self._update(self._claimed(job), **values)

    def cancel(self, job_id: str) -> Job | None:
        """Queued -> cancelled at once; running -> asked to stop at its next step.
        Returns the job as it now stands (``None`` if unknown)."""
        now = self._clock()
        self._update((JobRow.id == job_id, JobRow.state == "queued"),
                     state="cancelled", cancel_requested=True, finished_at=now,
                     error="cancelled before it started")  # fmt: skip
        self._update((JobRow.id == job_id, JobRow.state == "running"), cancel_requested=True)
        return self.get(job_id)

    def reap(self, stale_s: float) -> builtins.list[str]:
        """Running jobs whose heartbeat is older than ``stale_s`` lost their worker: the
        first time they go back to queued (returned, to enqueue again); after the last
        attempt, or when cancelled meanwhile, they end with the reason."""
        cutoff = self._clock() - stale_s
        with self._sessions() as session:
            stale = list(session.scalars(select(JobRow).where(
                JobRow.state == "running", JobRow.heartbeat_at < cutoff)))  # fmt: skip
        retried = []
        for row in stale:
            reason = (f"the worker stopped (no heartbeat for {stale_s:g} s) on attempt "
                      f"{row.attempts} of {MAX_ATTEMPTS}")  # fmt: skip
            still = (JobRow.id == row.id, JobRow.state == "running",
                     JobRow.attempts == row.attempts, JobRow.heartbeat_at < cutoff)  # fmt: skip
            if row.cancel_requested:
                self._update(still, state="cancelled", error=reason, finished_at=self._clock())
            elif row.attempts >= MAX_ATTEMPTS:
                self._update(still, state="failed", error=f"{reason}; not retried again",
                             finished_at=self._clock())  # fmt: skip
            elif self._update(still, state="queued", worker="", error=f"{reason}; retried",
                              heartbeat_at=self._clock()):  # fmt: skip
                retried.append(row.id)
        return retried

    def requeue(self, waited_s: float) -> builtins.list[str]:
        """Queued jobs not taken for ``waited_s`` since their id was last queued: their
        message may be lost (a crash between recording and queueing, a queue server
        restarted without persistence), so they are returned to queue again. A duplicate
        message is harmless: only one ``claim`` succeeds."""
        cutoff = self._clock() - waited_s
        with self._sessions() as session:
            waiting = list(session.execute(select(JobRow.id, JobRow.heartbeat_at).where(
                JobRow.state == "queued", JobRow.heartbeat_at < cutoff)))  # fmt: skip
        return [job_id for job_id, queued_at in waiting if self._update(
            (JobRow.id == job_id, JobRow.state == "queued", JobRow.heartbeat_at == queued_at),
            heartbeat_at=self._clock())]  # fmt: skip

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
