"""Plain data types that travel along the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoadedDocument:
    """A source file turned into normalised text plus its front-matter metadata.

    ``text`` is the normalised document text; every chunk span and every citation
    quote is an offset into it.
    """

    source: str
    text: str
    title: str
    doc_type: str = "document"
    date: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[dict[str, str], ...] = ()
    # Where the title and date came from ("front matter", "heading", "largest line",
    # "text", ...) and the date as the text writes it, when it was read from the text.
    title_origin: str = ""
    date_origin: str = ""
    date_found: str = ""

    @property
    def metadata(self) -> dict[str, Any]:
        """Metadata shared by every chunk of the document."""
        return {
            "title": self.title,
            "doc_type": self.doc_type,
            "date": self.date or "",
            "tags": list(self.tags),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Chunk:
    """A span ``[start, end)`` of a document's normalised text, with its heading path."""

    doc_id: str
    chunk_id: str
    index: int
    start: int
    end: int
    text: str
    section: str
    embed_text: str = field(repr=False, default="")


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk, best first in a result list."""

    source: str
    doc_id: str
    chunk_id: str
    score: float
    start: int
    end: int
    text: str
    title: str = ""
    section: str = ""
    doc_type: str = ""
    date: str = ""
    source_status: str = "reviewed"  # the document's review status, set by retrieval

    def as_json(self) -> dict[str, Any]:
        """The public JSON shape of a hit (CLI ``search --json`` and ``GET /api/search``)."""
        return {
            "source": self.source,
            "doc_id": self.doc_id,
            "chunk_id": self.chunk_id,
            "score": round(self.score, 6),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
