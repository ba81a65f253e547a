"""Drafts: papers saved with a version row for every change, optimistic locking and diffs.

``drafts.current_version`` is the lock: a save names the version it started from,
and the row is updated only where that is still the current one, so of two
concurrent edits from the same version exactly one wins and the other gets
``StaleVersionError`` (HTTP 409) instead of silently overwriting.
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base
from service.errors import BriefingError, InvalidRequestError
from service.paper import Paper, PaperCitation, Prose


class DraftNotFoundError(BriefingError):
    """No draft (or version) with that id."""

    def __init__(self, draft_id: str, version: int | None = None) -> None:
        suffix = f" version {version}" if version is not None else ""
        super().__init__(f"draft {draft_id}{suffix}: not found")


class StaleVersionError(BriefingError):
    """A save started from a version that is no longer the current one."""

    def __init__(self, draft_id: str, expected: int, current: int) -> None:
        self.current = current
        super().__init__(
            f"draft {draft_id}: edited from version {expected}, but version {current} is current"
        )


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
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
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


class DraftStore:
    """Create, read, version and save drafts."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, paper: Paper, author: str, owner: str = "local") -> DraftRecord:
        """A new draft at version 1."""
        now = dt.datetime.now(dt.UTC)
        draft_id = uuid.uuid4().hex
        with self._sessions.begin() as session:
            session.add(DraftRow(id=draft_id, title=paper.title, owner=owner, created_at=now,
                                 updated_at=now, current_version=1))  # fmt: skip
            session.flush()
            session.add(_version_row(draft_id, 1, paper, author, "generation", now))
        return DraftRecord(draft_id, 1, paper, author, now, "generation")

    def get(self, draft_id: str, version: int | None = None) -> DraftRecord:
        """The draft at ``version`` (the current one by default)."""
        with self._sessions() as session:
            draft = session.get(DraftRow, draft_id)
            if draft is None:
                raise DraftNotFoundError(draft_id)
            number = version if version is not None else draft.current_version
            row = session.scalar(
                select(DraftVersionRow).where(
                    DraftVersionRow.draft_id == draft_id, DraftVersionRow.number == number
                )
            )
            if row is None:
                raise DraftNotFoundError(draft_id, number)
            paper = Paper.model_validate(row.paper_json)
            return DraftRecord(draft_id, row.number, paper, row.author, row.created_at, row.change)

    def all(self) -> list[DraftRow]:
        """Every draft, most recently changed first."""
        with self._sessions() as session:
            return list(session.scalars(select(DraftRow).order_by(DraftRow.updated_at.desc())))

    def versions(self, draft_id: str) -> list[DraftVersionRow]:
        """The versions of a draft, oldest first (without their papers loaded lazily)."""
        with self._sessions() as session:
            if session.get(DraftRow, draft_id) is None:
                raise DraftNotFoundError(draft_id)
            query = select(DraftVersionRow).where(DraftVersionRow.draft_id == draft_id)
            return list(session.scalars(query.order_by(DraftVersionRow.number)))

    def save(
        self, draft_id: str, paper: Paper, expected_version: int, author: str, change: str
    ) -> DraftRecord:
        """Save ``paper`` as the next version, if ``expected_version`` is still current."""
        now = dt.datetime.now(dt.UTC)
        with self._sessions.begin() as session:
            bumped = session.execute(
                update(DraftRow)
                .where(DraftRow.id == draft_id, DraftRow.current_version == expected_version)
                .values(current_version=expected_version + 1, updated_at=now, title=paper.title)
            )
            if getattr(bumped, "rowcount", 0) != 1:
                draft = session.get(DraftRow, draft_id)
                if draft is None:
                    raise DraftNotFoundError(draft_id)
                raise StaleVersionError(draft_id, expected_version, draft.current_version)
            number = expected_version + 1
            session.add(_version_row(draft_id, number, paper, author, change, now))
        return DraftRecord(draft_id, number, paper, author, now, change)

    def update_section(
        self, draft_id: str, path: str, prose: Prose, expected_version: int, author: str
    ) -> DraftRecord:
        """Replace one block of the paper (see ``prose_paths``) and save it as a new version."""
        paper = self.get(draft_id).paper.model_copy(deep=True)
        set_prose(paper, path, prose)
        return self.save(draft_id, paper, expected_version, author, f"edit:{path}")


def _version_row(
    draft_id: str, number: int, paper: Paper, author: str, change: str, now: dt.datetime
) -> DraftVersionRow:
    return DraftVersionRow(draft_id=draft_id, number=number, author=author, created_at=now,
                           change=change, paper_json=paper.model_dump(mode="json"))  # fmt: skip


def prose_paths(paper: Paper) -> dict[str, Prose]:
    """Every editable block by path: "bluf", "agendas.<id>.status", "options.<i>.pros", ..."""
    paths: dict[str, Prose] = {
        "bluf": paper.bluf,
        "background": paper.background,
        "core_assessment": paper.core_assessment,
        "recommendation": paper.recommendation,
    }
    for agenda in paper.agendas:
        for field in ("status", "leverage", "linkage"):
            paths[f"agendas.{agenda.agenda_id}.{field}"] = getattr(agenda, field)
    for i, option in enumerate(paper.options):
        paths[f"options.{i}.summary"] = option.summary
        for j, phase in enumerate(option.sequencing):
            paths[f"options.{i}.sequencing.{j}"] = phase.steps
        for field in ("verification", "red_lines", "fallback", "pros", "cons", "risks",
                      "indicators"):  # fmt: skip
            paths[f"options.{i}.{field}"] = getattr(option, field)
    return paths


def set_prose(paper: Paper, path: str, prose: Prose) -> None:
    """Replace the block at ``path`` in place; ``BriefingError`` names an unknown path."""
    target = prose_paths(paper).get(path)
    if target is None:
        raise InvalidRequestError(f"section '{path}': no such section in this draft")
    target.sentences = prose.sentences


@dataclass(frozen=True)
class SectionDiff:
    """How one block's text changed between two versions."""

    path: str
    old_text: str
    new_text: str
    unified: str


@dataclass(frozen=True)
class PaperDiff:
    """Changed blocks and the citations added or removed between two versions."""

    sections: list[SectionDiff]
    citations_added: list[PaperCitation]
    citations_removed: list[PaperCitation]

    def as_json(self) -> dict[str, Any]:
        """JSON for the API and the editor's history view."""
        return {
            "sections": [s.__dict__ for s in self.sections],
            "citations_added": [c.model_dump() for c in self.citations_added],
            "citations_removed": [c.model_dump() for c in self.citations_removed],
        }


def diff_versions(old: Paper, new: Paper) -> PaperDiff:
    """Text diff of every changed block, and citations added or removed (by source span)."""
    old_paths, new_paths = prose_paths(old), prose_paths(new)
    sections = []
    for path in dict.fromkeys([*old_paths, *new_paths]):
        before = old_paths[path].text if path in old_paths else ""
        after = new_paths[path].text if path in new_paths else ""
        if before != after:
            lines = difflib.unified_diff([before], [after], f"{path} (old)", f"{path} (new)",
                                         lineterm="")  # fmt: skip
            sections.append(SectionDiff(path, before, after, "\n".join(lines)))

    def key(c: PaperCitation) -> tuple[str, int, int, str]:
        return (c.source, c.start, c.end, c.quote)

    old_keys, new_keys = {key(c) for c in old.citations}, {key(c) for c in new.citations}
    added = [c for c in new.citations if key(c) not in old_keys]
    removed = [c for c in old.citations if key(c) not in new_keys]
    return PaperDiff(sections, added, removed)
