"""Per-user quotas on jobs, kept in the database so every app server and worker shares them.

Three limits, each a default from settings that an admin may override per user (table
``user_quotas``, ``briefing user quota``): jobs queued or running at once, chunks
ingested per hour, eval runs started per hour. Usage is read from the ``jobs`` table
itself, so there is no counter to drift: a user's active jobs, their eval jobs created
in the last hour, and the chunks their ingest jobs of the last hour embedded or hold
(a running or finished job counts its ``total``, a cancelled or failed one what it got
``done``). A refusal is a 429 naming the limit, with ``Retry-After``, and is audited.

Counting and then inserting are two steps: two servers racing on PostgreSQL can each
admit one job at the edge of a limit (as with the rate limits); SQLite serialises them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.accounts.audit import AuditLog
from service.config import Settings
from service.db import Base
from service.errors import InvalidRequestError, QuotaExceededError
from service.jobs.record import ENDED, JobRow

HOUR_S = 3600.0
# An active-jobs refusal cannot know when a job will end: a hint to try again shortly.
ACTIVE_RETRY_S = 30


class QuotaRow(Base):
    """An admin's per-user override of the default limits (null: the default)."""

    __tablename__ = "user_quotas"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    active_jobs: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chunks_per_hour: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eval_runs_per_hour: Mapped[int | None] = mapped_column(Integer, nullable=True)


@dataclass(frozen=True)
class Limits:
    """A user's limits: jobs queued or running, chunks ingested and eval runs per hour."""

    active_jobs: int
    chunks_per_hour: int
    eval_runs_per_hour: int

    @classmethod
    def defaults(cls, settings: Settings) -> Limits:
        """The server-wide defaults (``BRIEFING_QUOTA_*``)."""
        return cls(
            settings.quota_active_jobs,
            settings.quota_chunks_per_hour,
            settings.quota_eval_runs_per_hour,
        )


@dataclass(frozen=True)
class Usage:
    """What a user has in use now, against their limits (the account page shows it)."""

    active_jobs: int
    chunks_last_hour: int
    eval_runs_last_hour: int
    limits: Limits


class Quotas:
    """Admits jobs within a user's limits and reserves the chunks an ingest will embed."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        defaults: Limits,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._sessions, self.defaults, self._clock = sessions, defaults, clock
        self._audit = AuditLog(sessions)

    def limits(self, username: str) -> Limits:
        """``username``'s limits: the defaults with any override of theirs."""
        with self._sessions() as session:
            row = session.get(QuotaRow, username)
        if row is None:
            return self.defaults
        chosen = {
            f.name: getattr(row, f.name) for f in fields(Limits) if getattr(row, f.name) is not None
        }
        return replace(self.defaults, **chosen)

    def set_limits(self, username: str, **limits: int | None) -> Limits:
        """Override ``username``'s limits (a value of None goes back to the default);
        each must be at least 1: a quota is lowered, never switched off."""
        for name, value in limits.items():
            if name not in {f.name for f in fields(Limits)}:
                raise InvalidRequestError(f"quota '{name}': no such limit")
            if value is not None and value < 1:
                raise InvalidRequestError(f"{name}: at least 1, not {value}")
        with self._sessions.begin() as session:
            row = session.get(QuotaRow, username) or QuotaRow(username=username)
            for name, value in limits.items():
                setattr(row, name, value)
            session.add(row)
        return self.limits(username)

    def usage(self, username: str) -> Usage:
        """``username``'s active jobs, and chunks and eval runs of the last hour."""
        since = self._clock() - HOUR_S
        with self._sessions() as session:
            return Usage(
                _active(session, username),
                _chunks(session, username, since)[0],
                _evals(session, username, since)[0],
                self.limits(username),
            )

    def admit(self, username: str, kind: str) -> None:
        """Refuse (``QuotaExceededError``, audited) a new job of ``kind`` for ``username``
        when they have their limit of active jobs, of eval runs this hour (an eval), or
        of chunks this hour (an ingest: one with room left may start)."""
        now, limits = self._clock(), self.limits(username)
        with self._sessions() as session:
            active = _active(session, username)
            runs, first_run = _evals(session, username, now - HOUR_S)
            used, first_ingest = _chunks(session, username, now - HOUR_S)
        if active >= limits.active_jobs:
            self._refuse(username, "active_jobs", limits.active_jobs, ACTIVE_RETRY_S,
                         f"{limits.active_jobs} jobs queued or running at once "
                         "(wait for one to end, or cancel one)")  # fmt: skip
        if kind == "eval" and runs >= limits.eval_runs_per_hour:
            self._refuse(username, "eval_runs_per_hour", limits.eval_runs_per_hour,
                         _until(first_run, now),
                         f"{limits.eval_runs_per_hour} eval runs per hour")  # fmt: skip
        if kind == "ingest" and used >= limits.chunks_per_hour:
            self._refuse(username, "chunks_per_hour", limits.chunks_per_hour,
                         _until(first_ingest, now),
                         f"{limits.chunks_per_hour:,} ingested chunks per hour")  # fmt: skip

    def reserve_chunks(self, job_id: str, username: str, count: int) -> None:
        """Before an ingest job embeds: refuse it (``QuotaExceededError``, audited) if its
        ``count`` chunks would take ``username`` past their chunks per hour; else record
        ``count`` as the job's total so that other jobs see it."""
        now, limit = self._clock(), self.limits(username).chunks_per_hour
        with self._sessions.begin() as session:
            used, oldest = _chunks(session, username, now - HOUR_S, excluding=job_id)
            row = session.get(JobRow, job_id)
            if used + count <= limit and row is not None:
                row.total = count
        if used + count > limit:
            self._refuse(username, "chunks_per_hour", limit, _until(oldest, now),
                         f"{limit:,} ingested chunks per hour: this ingest needs "
                         f"{count:,}, {max(0, limit - used):,} left")  # fmt: skip

    def _refuse(self, username: str, limit: str, value: int, retry: int, what: str) -> None:
        self._audit.record(username, "quota_refused", limit, f"{value}")
        raise QuotaExceededError(limit, f"quota {limit}: {what}", retry)


def quotas_for(sessions: sessionmaker[Session], settings: Settings) -> Quotas:
    """The quotas of the database behind ``sessions`` with the settings' defaults."""
    return Quotas(sessions, Limits.defaults(settings))


def _active(session: Session, username: str) -> int:
    query = select(func.count()).where(JobRow.owner == username, JobRow.state.not_in(ENDED))
    return int(session.scalar(query) or 0)


def _evals(session: Session, username: str, since: float) -> tuple[int, float | None]:
    query = select(func.count(), func.min(JobRow.created_at)).where(
        JobRow.owner == username, JobRow.kind == "eval", JobRow.created_at > since
    )
    count, oldest = session.execute(query).one()
    return int(count or 0), oldest


def _chunks(
    session: Session, username: str, since: float, excluding: str = ""
) -> tuple[int, float | None]:
    query = select(JobRow.state, JobRow.done, JobRow.total, JobRow.created_at).where(
        JobRow.owner == username,
        JobRow.kind == "ingest",
        JobRow.created_at > since,
        JobRow.id != excluding,
    )
    rows = session.execute(query).all()
    # What a job that stopped early got done is what it used; any other holds its total.
    used = sum(
        done if state in ("cancelled", "failed") else total for state, done, total, _ in rows
    )
    oldest = min((created for *_, created in rows), default=None)
    return used, oldest


def _until(oldest: float | None, now: float) -> int:
    """Seconds until the oldest counted job leaves the hour's window."""
    return max(1, math.ceil((oldest if oldest is not None else now) + HOUR_S - now))
