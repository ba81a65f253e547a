"""Drafts: papers saved with a version row for every change, and optimistic locking.

``drafts.current_version`` is the lock: a save names the version it started from,
and the row is bumped only where that is still the current one, so of two
concurrent edits from the same version exactly one wins and the other gets
``StaleVersionError`` (HTTP 409) instead of silently overwriting.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base
from service.errors import DraftNotFoundError, StaleVersionError
from service.papers.paper import Paper


class DraftRow(Base):
    """A draft and its current version number (the optimistic lock)."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(512))
    owner: Mapped[str] = mapped_column(String(128), default="local")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    current_version: Mapped[int] = mapped_column(Integer)


class DraftVersionRow(Base):
    """One saved state of a draft: who changed what, when, and the whole paper."""

    __tablename__ = "draft_versions"
    # Named so a later migration can address it; it also backs up the lock: a
    # second version row with the same number can never be committed.
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    change: Mapped[str] = mapped_column(String(256))
    paper_json: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True)
class DraftRecord:
    """A draft at one version."""

    draft_id: str
    version: int
    paper: Paper
    author: str
    created_at: dt.datetime
    change: str


@dataclass(frozen=True)
class DraftSummary:
    """A draft as listed: no paper."""

    id: str
    title: str
    updated_at: dt.datetime
    current_version: int


@dataclass(frozen=True)
class VersionSummary:
    """One entry of a draft's history."""

    number: int
    author: str
    created_at: dt.datetime
    change: str


class DraftStore:
    """Create, read, version and save drafts."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, paper: Paper, author: str, owner: str = "local") -> DraftRecord:
        """Save ``paper`` as version 1 of a new draft (change "generation")."""
        now = dt.datetime.now(dt.UTC)
        draft_id = uuid.uuid4().hex
        with self._sessions.begin() as session:
            session.add(
                DraftRow(
                    id=draft_id,
                    title=paper.title,
                    owner=owner,
                    created_at=now,
                    updated_at=now,
                    current_version=1,
                )
            )
            session.flush()  # the draft row must exist before its version references it
            session.add(_version_row(draft_id, 1, paper, author, "generation", now))
        return DraftRecord(draft_id, 1, paper, author, now, "generation")

    def get(self, draft_id: str, version: int | None = None) -> DraftRecord:
        """The draft at its current version (or at ``version`` when given)."""
        # One joined query, so "current" and the row read for it cannot disagree.
        number = DraftRow.current_version if version is None else version
        where = (DraftRow.id == draft_id, DraftVersionRow.number == number)
        with self._sessions() as session:
            row = session.scalar(select(DraftVersionRow).join(DraftRow).where(*where))
            if row is None:
                found = session.get(DraftRow, draft_id) is not None
                raise DraftNotFoundError(draft_id, version if found else None)
        paper, created = Paper.model_validate(row.paper_json), _utc(row.created_at)
        return DraftRecord(draft_id, row.number, paper, row.author, created, row.change)

    def get_version(self, draft_id: str, number: int) -> DraftRecord:
        """The draft as it was at version ``number``."""
        return self.get(draft_id, number)

    def list(self) -> builtins.list[DraftSummary]:
        """Every draft, most recently changed first."""
        columns = (DraftRow.id, DraftRow.title, DraftRow.updated_at, DraftRow.current_version)
        query = select(*columns).order_by(DraftRow.updated_at.desc(), DraftRow.id)
        with self._sessions() as session:
            return [DraftSummary(i, t, _utc(u), v) for i, t, u, v in session.execute(query)]

    all = list  # the name the API and older callers use

    def versions(self, draft_id: str) -> builtins.list[VersionSummary]:
        """The history of a draft, oldest first (without loading the papers)."""
        columns = (
            DraftVersionRow.number,
            DraftVersionRow.author,
            DraftVersionRow.created_at,
            DraftVersionRow.change,
        )
        query = select(*columns).where(DraftVersionRow.draft_id == draft_id)
        with self._sessions() as session:
            rows = session.execute(query.order_by(DraftVersionRow.number)).all()
            if not rows and session.get(DraftRow, draft_id) is None:
                raise DraftNotFoundError(draft_id)
        return [VersionSummary(n, a, _utc(c), ch) for n, a, c, ch in rows]

    def save(
        self, draft_id: str, paper: Paper, expected_version: int, author: str, change: str
    ) -> DraftRecord:
        """Save ``paper`` as the next version if ``expected_version`` is still the current
        one; else ``StaleVersionError`` (nothing written) or ``DraftNotFoundError``."""
        now = dt.datetime.now(dt.UTC)
        with self._sessions.begin() as session:
            # Compare-and-set in the database, not read-then-write in Python: the UPDATE
            # takes the write lock (SQLite) or row lock (Postgres); a writer that waited
            # re-checks the WHERE against the committed row and matches nothing. It is the
            # first statement on purpose: on SQLite/WAL no older read snapshot can go stale.
            bumped = session.execute(
                update(DraftRow)
                .where(DraftRow.id == draft_id, DraftRow.current_version == expected_version)
                .values(current_version=DraftRow.current_version + 1, updated_at=now)
                .values(title=paper.title)
                .execution_options(synchronize_session=False)
            )
            if cast(CursorResult[Any], bumped).rowcount != 1:
                draft = session.get(DraftRow, draft_id)
                if draft is None:
                    raise DraftNotFoundError(draft_id)
                raise StaleVersionError(draft_id, expected_version, draft.current_version)
            number = expected_version + 1
            session.add(_version_row(draft_id, number, paper, author, change, now))
        return DraftRecord(draft_id, number, paper, author, now, change)


def _version_row(
    draft_id: str, number: int, paper: Paper, author: str, change: str, now: dt.datetime
) -> DraftVersionRow:
    return DraftVersionRow(
        draft_id=draft_id,
        number=number,
        author=author,
        created_at=now,
        change=change,
        paper_json=paper.model_dump(mode="json"),
    )


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite stores no offset and reads back naive datetimes; every value written is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
