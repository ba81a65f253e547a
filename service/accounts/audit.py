"""Audit log: who signed in, changed a draft, exported, or changed the corpus, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base

ACTIONS = (
    "login", "login_failed", "logout", "token_issued", "token_revoked",
    "user_added", "user_disabled", "user_enabled", "password_changed",
    "draft_created", "draft_edited", "draft_regenerated", "draft_shared", "draft_exported",
    "corpus_ingested", "corpus_removed", "corpus_reviewed", "corpus_corrected",
    "corpus_flagged", "quota_refused", "quota_changed",
)  # fmt: skip


class AuditRow(Base):
    """One audited event; rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(256), default="")
    detail: Mapped[str] = mapped_column(String(1024), default="")


@dataclass(frozen=True)
class AuditEvent:
    """A row of the log as read back."""

    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str


class AuditLog:
    """Appends events and reads the latest back."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        """Append one event (``action`` is one of ``ACTIONS``)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self._sessions.begin() as session:
            session.add(
                AuditRow(
                    at=dt.datetime.now(dt.UTC),
                    actor=actor[:64],
                    action=action,
                    target=target[:256],
                    detail=detail[:1024],
                )
            )

    def recent(self, limit: int = 100, actor: str | None = None) -> list[AuditEvent]:
        """The latest events, newest first, optionally of one actor."""
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        with self._sessions() as session:
            return [
                AuditEvent(r.at, r.actor, r.action, r.target, r.detail)
                for r in session.scalars(query)
            ]
