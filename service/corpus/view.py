"""Read a document back for display: its text, where its chunks fall and a quoted span.

The web edge shows a document with its chunk boundaries and a cited passage with
the quote highlighted; both come from the registry (the committed version), so what
is shown is exactly what retrieval and citations point into.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from service.corpus.index import Index
from service.corpus.review import lookalikes
from service.corpus.tables import ChunkRow, DocumentRow
from service.errors import UnknownSourceError


@dataclass(frozen=True)
class ChunkSpan:
    """Where one chunk lies in its document's text."""

    chunk_id: str
    index: int
    start: int
    end: int
    section: str
    instruction_like: bool = False


@dataclass(frozen=True)
class Review:
    """Who added a document ("" for the operator's ingest), who last set its status and
    when (None: nobody since it was added), and who last flagged it for review."""

    added_by: str = ""
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None
    flagged_by: str | None = None
    flagged_at: dt.datetime | None = None
    # An unreviewed upload whose title and type copy this reviewed document's (doc id,
    # title): it may be impersonating it (corpus/review.py ``lookalikes``).
    copies: tuple[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        """The fields as ``GET /api/documents/{id}`` names them (times in ISO 8601)."""
        return {
            "added_by": self.added_by,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": _iso(self.reviewed_at),
            "flagged_by": self.flagged_by,
            "flagged_at": _iso(self.flagged_at),
            "copies": {"doc_id": self.copies[0], "title": self.copies[1]} if self.copies else None,
        }


@dataclass(frozen=True)
class DocumentText:
    """A committed document: metadata, normalised text and its chunks in order."""

    doc_id: str
    source: str
    title: str
    doc_type: str
    date: str
    tags: list[str]
    text: str
    chunks: list[ChunkSpan]
    status: str = "reviewed"
    sources: list[dict[str, str]] = field(default_factory=list)  # front matter's source URLs
    title_origin: str = ""
    date_origin: str = ""
    date_found: str = ""
    review: Review = field(default_factory=Review)

    def as_json(self) -> dict[str, Any]:
        """What ``GET /api/documents/{id}`` answers: the fields ``briefing sources --json``
        lists, the front matter's sources, the normalised text, and every chunk as its span
        of that text and heading path (what the document page shows)."""
        return {
            "source": self.source,
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "date": self.date or None,
            "tags": self.tags,
            "chunk_count": len(self.chunks),
            "status": self.status,
            "sources": self.sources,
            "title_origin": self.title_origin,
            "date_origin": self.date_origin,
            "date_found": self.date_found,
            **self.review.as_json(),
            "text": self.text,
            "chunks": [chunk.__dict__ for chunk in self.chunks],
        }


@dataclass(frozen=True)
class Segment:
    """A run of text between two boundaries: which chunk starts here, overlap, highlight."""

    text: str
    starts_chunk: ChunkSpan | None
    overlap: bool
    highlighted: bool


def read_document(index: Index, doc_id: str) -> DocumentText:
    """The committed document ``doc_id`` (``UnknownSourceError`` if there is none)."""
    with index.sessions() as session:
        row = session.get(DocumentRow, doc_id)
        if row is None:
            raise UnknownSourceError(doc_id)
        chunks = [
            ChunkSpan(c.chunk_id, c.index, c.start, c.end, c.section, c.instruction_like)
            for c in row.chunks
        ]
        return DocumentText(
            row.doc_id,
            row.source,
            row.title,
            row.doc_type,
            row.date or "",
            list(row.tags),
            row.text,
            chunks,
            row.status,
            list(row.sources or []),
            row.title_origin or "",
            row.date_origin or "",
            row.date_found or "",
            Review(
                row.added_by,
                row.reviewed_by,
                _utc(row.reviewed_at),
                row.flagged_by,
                _utc(row.flagged_at),
                lookalikes(index, [doc_id]).get(doc_id),
            ),
        )


def find_chunk(index: Index, chunk_id: str) -> tuple[DocumentText, ChunkSpan]:
    """The document holding ``chunk_id`` and the chunk's span."""
    with index.sessions() as session:
        doc_id = session.scalar(select(ChunkRow.doc_id).where(ChunkRow.chunk_id == chunk_id))
    if doc_id is None:
        raise UnknownSourceError(f"passage {chunk_id}")
    document = read_document(index, doc_id)
    return document, next(c for c in document.chunks if c.chunk_id == chunk_id)


def segments(
    text: str, chunks: list[ChunkSpan], highlight: tuple[int, int] | None = None
) -> list[Segment]:
    """``text`` cut at every chunk start/end and highlight edge, so a template can mark
    chunk boundaries, overlaps (text in two chunks) and a quoted span without offsets."""
    cuts = {0, len(text)}
    for chunk in chunks:
        cuts.update((chunk.start, chunk.end))
    if highlight:
        cuts.update(max(0, min(len(text), edge)) for edge in highlight)
    points = sorted(p for p in cuts if 0 <= p <= len(text))
    starting = {c.start: c for c in chunks}
    result = []
    for start, end in itertools.pairwise(points):
        covering = sum(1 for c in chunks if c.start <= start and end <= c.end)
        lit = highlight is not None and highlight[0] <= start and end <= highlight[1]
        result.append(Segment(text[start:end], starting.get(start), covering > 1, lit))
    return result


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
