"""A job's record: the table row and the plain ``Job`` the rest of the service reads.

The queue only carries job ids; the row says what the job is, who owns it, where it
stands and how it ended (``service.jobs.store`` changes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import JSON, Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base

State = Literal["queued", "running", "done", "failed", "cancelled"]
STATES: tuple[State, ...] = ("queued", "running", "done", "failed", "cancelled")
ENDED: tuple[State, ...] = ("done", "failed", "cancelled")


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
        return {
            "id": self.id,
            "kind": self.kind,
            "owner": self.owner,
            "state": self.state,
            "steps": self.steps,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "result": self.result,
            "error": self.error,
            "notes": self.notes,
            "attempts": self.attempts,
            "cancel_requested": self.cancel_requested,
            **stamps,
        }


def _iso(stamp: float | None) -> str | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC).isoformat()


def job_from_row(row: JobRow) -> Job:
    """The plain record of a row."""
    return Job(
        row.id,
        row.kind,
        row.owner,
        row.role,
        row.state,  # type: ignore[arg-type]  # the column holds only STATES
        dict(row.params or {}),
        list(row.steps or []),
        list(row.notes or []),
        row.done,
        row.total,
        row.result,
        row.error,
        row.attempts,
        row.cancel_requested,
        row.created_at,
        row.started_at,
        row.finished_at,
        row.heartbeat_at,
    )
