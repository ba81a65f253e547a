"""Drafts: papers saved with a version row for every change, optimistic locking and diffs.

``drafts.current_version`` is the lock: a save names the version it started from,
and the row is bumped only where that is still the current one, so of two
concurrent edits from the same version exactly one wins and the other gets
``StaleVersionError`` (HTTP 409) instead of silently overwriting.
"""

from __future__ import annotations

import builtins
import datetime as dt
import difflib
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import JSON, CursorResult, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy import select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base
from service.errors import BriefingError, InvalidRequestError
from service.paper import Paper, PaperCitation, Phase, Prose, Sentence, render_sentence


class DraftNotFoundError(BriefingError):
    """No draft with that id (or no such version of it)."""

    def __init__(self, draft_id: str, version: int | None = None) -> None:
        self.draft_id, self.version = draft_id, version
        suffix = f" version {version}" if version is not None else ""
        super().__init__(f"draft {draft_id}{suffix}: not found")


class StaleVersionError(BriefingError):
    """A save started from a version that is no longer the current one."""

    def __init__(self, draft_id: str, expected: int, current: int) -> None:
        self.draft_id, self.expected, self.current = draft_id, expected, current
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
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
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
            session.add(DraftRow(id=draft_id, title=paper.title, owner=owner, created_at=now,
                                 updated_at=now, current_version=1))  # fmt: skip
            session.flush()  # the draft row must exist before its version references it
            session.add(_version_row(draft_id, 1, paper, author, "generation", now))
        return DraftRecord(draft_id, 1, paper, author, now, "generation")

    def get(self, draft_id: str, version: int | None = None) -> DraftRecord:
        """The draft at its current version (or at ``version`` when given)."""
        if version is not None:
            return self.get_version(draft_id, version)
        with self._sessions() as session:
            current = session.scalar(
                select(DraftRow.current_version).where(DraftRow.id == draft_id)
            )
            if current is None:
                raise DraftNotFoundError(draft_id)
            return _record(session, draft_id, current)

    def get_version(self, draft_id: str, number: int) -> DraftRecord:
        """The draft as it was at version ``number``."""
        with self._sessions() as session:
            return _record(session, draft_id, number)

    def list(self) -> builtins.list[DraftSummary]:
        """Every draft, most recently changed first."""
        columns = (DraftRow.id, DraftRow.title, DraftRow.updated_at, DraftRow.current_version)
        query = select(*columns).order_by(DraftRow.updated_at.desc(), DraftRow.id)
        with self._sessions() as session:
            return [DraftSummary(i, t, _utc(u), v) for i, t, u, v in session.execute(query)]

    # The API and older callers know this name.
    all = list

    def versions(self, draft_id: str) -> builtins.list[VersionSummary]:
        """The history of a draft, oldest first (without loading the papers)."""
        columns = (DraftVersionRow.number, DraftVersionRow.author, DraftVersionRow.created_at,
                   DraftVersionRow.change)  # fmt: skip
        query = select(*columns).where(DraftVersionRow.draft_id == draft_id)
        with self._sessions() as session:
            rows = session.execute(query.order_by(DraftVersionRow.number)).all()
            if not rows and session.get(DraftRow, draft_id) is None:
                raise DraftNotFoundError(draft_id)
        return [VersionSummary(n, a, _utc(c), ch) for n, a, c, ch in rows]

    def save(
        self, draft_id: str, paper: Paper, expected_version: int, author: str, change: str
    ) -> DraftRecord:
        """Save ``paper`` as the next version if ``expected_version`` is still the current one.

        Raises ``StaleVersionError`` (nothing written) when another save got there first,
        ``DraftNotFoundError`` when there is no such draft.
        """
        now = dt.datetime.now(dt.UTC)
        with self._sessions.begin() as session:
            # A compare-and-set in the database, not a read-then-write in Python: the
            # UPDATE takes the write lock (SQLite) or the row lock (Postgres), and a
            # writer that waited re-checks the WHERE against the committed row, so it
            # matches nothing. Being the transaction's first statement also matters
            # on SQLite/WAL: no earlier read snapshot that could go stale while waiting.
            bumped = session.execute(
                update(DraftRow)
                .where(DraftRow.id == draft_id, DraftRow.current_version == expected_version)
                .values(current_version=DraftRow.current_version + 1, updated_at=now,
                        title=paper.title)  # fmt: skip
                .execution_options(synchronize_session=False)
            )
            if cast(CursorResult[Any], bumped).rowcount != 1:
                current = session.scalar(
                    select(DraftRow.current_version).where(DraftRow.id == draft_id)
                )
                if current is None:
                    raise DraftNotFoundError(draft_id)
                raise StaleVersionError(draft_id, expected_version, current)
            number = expected_version + 1
            session.add(_version_row(draft_id, number, paper, author, change, now))
        return DraftRecord(draft_id, number, paper, author, now, change)

    def update_section(
        self,
        draft_id: str,
        path: str,
        sentences: builtins.list[Sentence] | Prose,
        expected_version: int,
        author: str,
    ) -> DraftRecord:
        """Replace the block at ``path`` (see ``prose_paths``) and save it as change
        "edit:<path>"; an unknown path raises ``InvalidRequestError`` naming it."""
        prose = sentences if isinstance(sentences, Prose) else Prose(sentences=sentences)
        paper = self.get(draft_id).paper.model_copy(deep=True)
        set_prose(paper, path, prose)
        # Editing the latest version is safe: if it is not ``expected_version`` (or stops
        # being so before the save commits), the save's compare-and-set refuses it.
        return self.save(draft_id, paper, expected_version, author, f"edit:{path}")


def _record(session: Session, draft_id: str, number: int) -> DraftRecord:
    row = session.scalar(
        select(DraftVersionRow).where(
            DraftVersionRow.draft_id == draft_id, DraftVersionRow.number == number
        )
    )
    if row is None:
        if session.get(DraftRow, draft_id) is None:
            raise DraftNotFoundError(draft_id)
        raise DraftNotFoundError(draft_id, number)
    paper = Paper.model_validate(row.paper_json)
    return DraftRecord(draft_id, row.number, paper, row.author, _utc(row.created_at), row.change)


def _version_row(
    draft_id: str, number: int, paper: Paper, author: str, change: str, now: dt.datetime
) -> DraftVersionRow:
    return DraftVersionRow(draft_id=draft_id, number=number, author=author, created_at=now,
                           change=change, paper_json=paper.model_dump(mode="json"))  # fmt: skip


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite stores no offset and reads back naive datetimes; every value written is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _walk(model: BaseModel, prefix: str) -> Iterator[tuple[str, Prose]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Prose):
            yield f"{prefix}{name}", value
        elif isinstance(value, BaseModel):
            yield from _walk(value, f"{prefix}{name}.")
        elif isinstance(value, builtins.list):
            for i, item in enumerate(value):
                # Agendas are addressed by id so reordering them is not an edit.
                key = getattr(item, "agenda_id", i)
                if isinstance(item, Phase):  # a phase is one block: options.<i>.sequencing.<j>
                    yield f"{prefix}{name}.{key}", item.steps
                elif isinstance(item, BaseModel):
                    yield from _walk(item, f"{prefix}{name}.{key}.")


def prose_paths(paper: Paper) -> dict[str, Prose]:
    """Every block of prose by path, in reading order: "bluf", "agendas.<id>.status",
    "options.<i>.pros", "options.<i>.sequencing.<j>", ... (new Prose fields appear here
    without changes, as the model is walked generically)."""
    return dict(_walk(paper, ""))


def set_prose(paper: Paper, path: str, prose: Prose) -> None:
    """Replace the block at ``path`` in place; an unknown path raises ``InvalidRequestError``."""
    target = prose_paths(paper).get(path)
    if target is None:
        raise InvalidRequestError(f"section '{path}': no such section in this draft")
    target.sentences = [s.model_copy(deep=True) for s in prose.sentences]


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

    sections: builtins.list[SectionDiff]
    citations_added: builtins.list[PaperCitation]
    citations_removed: builtins.list[PaperCitation]

    def as_json(self) -> dict[str, Any]:
        """JSON for the API and the editor's history view."""

        def cite(c: PaperCitation) -> dict[str, Any]:
            return {"n": c.n, "title": c.title, "source": c.source, "date": c.date,
                    "chunk_id": c.chunk_id, "quote": c.quote}  # fmt: skip

        return {
            "sections": [asdict(s) for s in self.sections],
            "citations_added": [cite(c) for c in self.citations_added],
            "citations_removed": [cite(c) for c in self.citations_removed],
        }


def diff_versions(old: Paper, new: Paper) -> PaperDiff:
    """A unified diff of every block whose text changed (a block only one side has is
    diffed against empty text), and the citations added or removed."""
    old_paths, new_paths = prose_paths(old), prose_paths(new)
    empty = Prose()
    sections = []
    for path in dict.fromkeys([*old_paths, *new_paths]):  # union, in reading order
        before, after = old_paths.get(path, empty), new_paths.get(path, empty)
        if before.text == after.text:
            continue
        # One line per sentence, so an edit of one sentence shows as that sentence.
        lines = difflib.unified_diff(
            [render_sentence(s) for s in before.sentences],
            [render_sentence(s) for s in after.sentences],
            f"{path} (old)", f"{path} (new)", lineterm="",
        )  # fmt: skip
        sections.append(SectionDiff(path, before.text, after.text, "\n".join(lines)))

    # Compared by what they point at, not by number: numbers are renumbered per paper.
    def key(c: PaperCitation) -> tuple[str, str, str]:
        return (c.source, c.chunk_id, c.quote)

    old_keys, new_keys = {key(c) for c in old.citations}, {key(c) for c in new.citations}
    added = [c for c in new.citations if key(c) not in old_keys]
    removed = [c for c in old.citations if key(c) not in new_keys]
    return PaperDiff(sections, added, removed)
