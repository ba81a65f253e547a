"""Long jobs started from a page (ingest, drafting) run in a thread; pages poll their progress.

Jobs live in memory: they are progress displays, not records. What they produce
(documents, drafts) is committed by the core as usual.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from service.errors import BriefingError

State = Literal["running", "done", "failed"]
MAX_JOBS = 200  # finished jobs beyond this are forgotten, oldest first


@dataclass
class Job:
    """One job's progress: steps seen so far, counts, outcome."""

    id: str
    kind: str
    owner: str
    state: State = "running"
    steps: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0
    error: str = ""
    result: Any = None
    notes: list[str] = field(default_factory=list)  # e.g. files refused before the job ran

    def step(self, name: str) -> None:
        """Record that ``name`` started (repeats of the current step are ignored)."""
        if not self.steps or self.steps[-1] != name:
            self.steps.append(name)

    def count(self, done: int, total: int) -> None:
        """Record ``done`` of ``total`` units."""
        self.done, self.total = done, total

    @property
    def percent(self) -> int:
        """Share done, 0-100."""
        return round(100 * self.done / self.total) if self.total else 0


class Jobs:
    """Start jobs in threads and look them up by id; jobs of one kind run one at a time."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._locks: dict[str, threading.Lock] = {}

    def start(
        self,
        kind: str,
        work: Callable[[Job], Any],
        owner: str,
        notes: list[str] | None = None,
        total: int = 0,
    ) -> Job:
        """Run ``work(job)`` for ``owner`` in a thread; its return value becomes ``job.result``.

        ``total`` is the units expected, when known before the work starts."""
        job = Job(uuid.uuid4().hex, kind, owner, total=total, notes=list(notes or []))
        self._forget_old()
        self._jobs[job.id] = job
        lock = self._locks.setdefault(kind, threading.Lock())
        threading.Thread(target=self._run, args=(job, work, lock), daemon=True).start()
        return job

    def get(self, job_id: str, kind: str, owner: str) -> Job | None:
        """The job with this id and kind, if it is known and ``owner`` started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and (job.kind, job.owner) == (kind, owner) else None

    @staticmethod
    def _run(job: Job, work: Callable[[Job], Any], lock: threading.Lock) -> None:
        with lock:
            try:
                job.result = work(job)
                job.state = "done"
            except BriefingError as exc:
                job.error, job.state = str(exc), "failed"
            except Exception as exc:  # shown on the page instead of dying silently in a thread
                job.error, job.state = f"unexpected error: {exc}", "failed"

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state != "running"]
        for job in finished[: max(0, len(self._jobs) - MAX_JOBS)]:
            del self._jobs[job.id]
