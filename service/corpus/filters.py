"""Metadata filters for retrieval: document type, tags and a date range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.corpus.registry import ChunkEntry
from service.errors import InvalidQueryError
from service.text.dates import parse_iso_date


def date_number(date: str) -> int:
    """``YYYY-MM-DD`` as the integer ``YYYYMMDD`` (Chroma compares numbers only); 0 if unset."""
    return int(date.replace("-", "")[:8]) if date else 0


@dataclass(frozen=True)
class SearchFilters:
    """Keep documents of these types, with any of these tags, dated within the range."""

    doc_types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    reviewed_only: bool = False  # only documents an analyst marked reviewed (papers)
    # Documents left out by source path (the leave-one-out eval asks without its gold).
    exclude_sources: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        doc_types: list[str] | None = None,
        tags: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        reviewed_only: bool = False,
    ) -> SearchFilters:
        """Validated filters; dates must be ISO ``YYYY-MM-DD``."""
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value and parse_iso_date(value) is None:
                shown = ascii(value)[1:-1][:60]
                raise InvalidQueryError(f"{name}: '{shown}' is not a YYYY-MM-DD date")
        return cls(
            tuple(doc_types or ()),
            tuple(tags or ()),
            date_from or None,
            date_to or None,
            reviewed_only=reviewed_only,
        )

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.doc_types or self.tags or self.date_from or self.date_to or self.exclude_sources
        )

    def chroma_where(self) -> dict[str, Any] | None:
        """The same filter as a Chroma ``where`` clause."""
        clauses: list[dict[str, Any]] = []
        if self.doc_types:
            clauses.append({"doc_type": {"$in": list(self.doc_types)}})
        if self.tags:
            tag_clauses: list[dict[str, Any]] = [{f"tag:{tag}": True} for tag in self.tags]
            clauses.append(tag_clauses[0] if len(tag_clauses) == 1 else {"$or": tag_clauses})
        if self.date_from:
            clauses.append({"date_num": {"$gte": date_number(self.date_from)}})
        if self.date_to:
            clauses.append({"date_num": {"$lte": date_number(self.date_to)}})
        if self.exclude_sources:
            clauses.append({"source": {"$nin": list(self.exclude_sources)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, entry: ChunkEntry) -> bool:
        """Whether a chunk passes the filter (the lexical side's version of ``chroma_where``)."""
        if self.doc_types and entry.doc_type not in self.doc_types:
            return False
        if entry.source in self.exclude_sources:
            return False
        if self.tags and not set(self.tags) & set(entry.tags):
            return False
        number = date_number(entry.date)
        if self.date_from and number < date_number(self.date_from):
            return False
        return not (self.date_to and number > date_number(self.date_to))
