"""Stored eval runs: one ``eval_runs`` row per run, one ``eval_results`` row per question.

A run is saved in one transaction, so a crash never leaves a run with half its
questions. Runs are addressed by id or by any unambiguous id prefix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, sessionmaker

from service.db import Base
from service.errors import RunNotFoundError
from service.evals.results import EvalRun, QuestionResult


@dataclass(frozen=True)
class RunSummary:
    """A run as listed: no per-question results."""

    id: str
    suite: str
    backend: str
    model: str
    created_at: dt.datetime
    questions: int
    metrics: dict[str, float]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON for ``eval list --json``."""
        return {**self.__dict__, "created_at": self.created_at.isoformat()}


class EvalRunRow(Base):
    """One run of a suite: what produced it and its summary metrics."""

    __tablename__ = "eval_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    suite: Mapped[str] = mapped_column(String(256), index=True)
    backend: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(Float)
    fingerprint: Mapped[dict[str, Any]] = mapped_column(JSON)
    metrics: Mapped[dict[str, float]] = mapped_column(JSON)
    results: Mapped[list[EvalResultRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="EvalResultRow.position"
    )


class EvalResultRow(Base):
    """One question of a run: its metrics and the answer it got."""

    __tablename__ = "eval_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("eval_runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(128))
    question: Mapped[str] = mapped_column(Text)
    latency_ms: Mapped[float] = mapped_column(Float)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    run: Mapped[EvalRunRow] = relationship(back_populates="results")


class RunStore:
    """Saves, lists and loads eval runs."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save(self, run: EvalRun) -> None:
        """Store a run and all its questions in one transaction."""
        row = EvalRunRow(
            id=run.id,
            suite=run.suite,
            backend=run.backend,
            model=run.model,
            created_at=run.created_at,
            seconds=run.seconds,
            fingerprint=run.fingerprint,
            metrics=run.metrics,
        )
        row.results = [_result_row(position, r) for position, r in enumerate(run.results)]
        with self._sessions.begin() as session:
            session.add(row)

    def list(self, suite: str | None = None) -> list[RunSummary]:
        """Every stored run, newest first (optionally only one suite's)."""
        query = select(EvalRunRow).order_by(EvalRunRow.created_at.desc())
        if suite is not None:
            query = query.where(EvalRunRow.suite == suite)
        with self._sessions() as session:
            return [
                RunSummary(
                    r.id, r.suite, r.backend, r.model, r.created_at, len(r.results), dict(r.metrics)
                )
                for r in session.scalars(query)
            ]

    def get(self, run_id: str) -> EvalRun:
        """The run whose id is or starts with ``run_id``, with every question."""
        with self._sessions() as session:
            row = session.get(EvalRunRow, run_id) or self._by_prefix(session, run_id)
            return _to_run(row)

    def delete(self, run_id: str) -> None:
        """Forget a run and its questions."""
        run = self.get(run_id)
        with self._sessions.begin() as session:
            session.execute(delete(EvalResultRow).where(EvalResultRow.run_id == run.id))
            session.execute(delete(EvalRunRow).where(EvalRunRow.id == run.id))

    @staticmethod
    def _by_prefix(session: Session, prefix: str) -> EvalRunRow:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = select(EvalRunRow).where(EvalRunRow.id.like(f"{escaped}%", escape="\\"))
        rows = list(session.scalars(query.limit(2)))
        if not rows:
            raise RunNotFoundError(f"run {prefix}: not found (see `briefing eval list`)")
        if len(rows) > 1:
            raise RunNotFoundError(f"run {prefix}: ambiguous prefix, give more characters")
        return rows[0]


def _result_row(position: int, result: QuestionResult) -> EvalResultRow:
    details = {
        "answerable": result.answerable,
        "tags": result.tags,
        "answer": result.answer,
        "ranked_docs": result.ranked_docs,
        "retrieval_ms": result.retrieval_ms,
    }
    return EvalResultRow(
        position=position,
        item_id=result.item_id,
        question=result.question,
        latency_ms=result.latency_ms,
        metrics=result.metrics,
        details=details,
    )


def _to_run(row: EvalRunRow) -> EvalRun:
    results = [
        QuestionResult(
            item_id=r.item_id,
            question=r.question,
            answerable=r.details["answerable"],
            tags=r.details["tags"],
            metrics=r.metrics,
            answer=r.details["answer"],
            ranked_docs=r.details["ranked_docs"],
            latency_ms=r.latency_ms,
            retrieval_ms=r.details["retrieval_ms"],
        )
        for r in row.results
    ]
    created = row.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes
        created = created.replace(tzinfo=dt.UTC)
    return EvalRun(
        id=row.id,
        suite=row.suite,
        backend=row.backend,
        model=row.model,
        created_at=created,
        fingerprint=row.fingerprint,
        metrics=row.metrics,
        results=results,
        seconds=row.seconds,
    )
