"""Source review status in retrieval: every hit carries its document's status, and a
"reviewed sources only" search (the default for papers) drops the others.

The status lives in the registry, not in Chroma's metadata, because marking a document
reviewed must take effect without re-embedding it.
"""

from __future__ import annotations

from dataclasses import replace

from service.corpus.documents import SearchHit
from service.corpus.index import Index
from service.errors import UnknownSourceError


def with_source_status(index: Index, hits: list[SearchHit], reviewed_only: bool) -> list[SearchHit]:
    """``hits`` with ``source_status`` set; only reviewed ones when ``reviewed_only``."""
    statuses = index.registry.statuses({hit.doc_id for hit in hits})
    marked = [replace(h, source_status=statuses.get(h.doc_id, "unreviewed")) for h in hits]
    return [h for h in marked if h.source_status == "reviewed"] if reviewed_only else marked


def mark_source(index: Index, source_or_id: str, status: str) -> str:
    """Mark the document with this source path or doc id ``reviewed`` or ``unreviewed``;
    returns its doc id (``UnknownSourceError`` if no document has that name)."""
    row = index.registry.find(source_or_id)
    if row is None:
        raise UnknownSourceError(source_or_id)
    index.registry.set_status(row.doc_id, status)
    return row.doc_id
