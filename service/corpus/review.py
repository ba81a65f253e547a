"""Source review status in retrieval, and who may change it.

Every hit carries its document's status, and a "reviewed sources only" search (the
default for papers) drops the others. The status lives in the registry, not in Chroma's
metadata, because marking a document reviewed must take effect without re-embedding it.

Separation of duties: the edges let only reviewers and admins call ``mark_source``, and
it refuses to let anyone mark their own upload reviewed (an analyst who could vouch for
their own upload could make every paper cite it). Analysts may ``flag_source``: ask for
a review, which changes nothing that retrieval or papers read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.corpus.documents import SearchHit
from service.corpus.index import Index
from service.corpus.registry import SOURCE_STATUSES
from service.corpus.tables import DocumentRow
from service.errors import ForbiddenError, InvalidRequestError, UnknownSourceError

OPERATOR = ""  # ``added_by`` of what the operator ingested from the server's own files


def with_source_status(index: Index, hits: list[SearchHit], reviewed_only: bool) -> list[SearchHit]:
    """``hits`` with ``source_status`` set; only reviewed ones when ``reviewed_only``."""
    statuses = index.registry.statuses({hit.doc_id for hit in hits})
    marked = [replace(h, source_status=statuses.get(h.doc_id, "unreviewed")) for h in hits]
    return [h for h in marked if h.source_status == "reviewed"] if reviewed_only else marked


def mark_source(
    index: Index, source_or_id: str, status: str, reviewer: str, own_allowed: bool = False
) -> str:
    """Mark the document with this source path or doc id ``reviewed`` or ``unreviewed`` as
    ``reviewer`` (recorded with the time); returns its doc id. ``UnknownSourceError`` if no
    document has that name; ``ForbiddenError`` when ``reviewer`` uploaded it and would mark
    it reviewed (``own_allowed``: a single-user server with auth off, where nobody else is)."""
    if status not in SOURCE_STATUSES:
        raise InvalidRequestError(
            f"status: one of {', '.join(SOURCE_STATUSES)}, not '{status[:40]}'"
        )
    with index.sessions.begin() as session:
        row = _find(session, source_or_id)
        if status == "reviewed" and row.added_by == reviewer and not own_allowed:
            raise ForbiddenError(
                f"document {row.doc_id}: you uploaded it, so another reviewer or an admin "
                "must review it"
            )
        row.status, row.reviewed_by, row.reviewed_at = status, reviewer, _now()
        return row.doc_id


def flag_source(index: Index, source_or_id: str, by: str) -> str:
    """Record that ``by`` asks for the document to be reviewed (again); its status is
    unchanged. Returns its doc id (``UnknownSourceError`` if there is none)."""
    with index.sessions.begin() as session:
        row = _find(session, source_or_id)
        row.flagged_by, row.flagged_at = by, _now()
        return row.doc_id


def has_unreviewed(index: Index) -> bool:
    """Whether any committed document is unreviewed (only then does Q&A search twice)."""
    query = select(DocumentRow.doc_id).where(DocumentRow.status == "unreviewed").limit(1)
    with index.sessions() as session:
        return session.scalar(query) is not None


def lookalikes(index: Index, doc_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``doc_id -> (doc_id, title)`` of a reviewed document, for each unreviewed document
    among ``doc_ids`` whose title and type copy that reviewed document's (compared
    without case, width or spacing differences): an upload that may impersonate it."""
    with index.sessions() as session:
        wanted = select(DocumentRow).where(
            DocumentRow.doc_id.in_(list(doc_ids)), DocumentRow.status == "unreviewed"
        )
        suspects = {
            row.doc_id: _likeness(row.title, row.doc_type) for row in session.scalars(wanted)
        }
        if not suspects:
            return {}
        reviewed = select(DocumentRow.doc_id, DocumentRow.title, DocumentRow.doc_type).where(
            DocumentRow.status == "reviewed"
        )
        originals = {_likeness(t, k): (d, t) for d, t, k in session.execute(reviewed)}
    return {doc: originals[key] for doc, key in suspects.items() if key in originals}


def _likeness(title: str, doc_type: str) -> tuple[str, str]:
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return norm(title), norm(doc_type)


def _find(session: Session, source_or_id: str) -> DocumentRow:
    query = select(DocumentRow).where(
        (DocumentRow.source == source_or_id) | (DocumentRow.doc_id == source_or_id)
    )
    row = session.scalar(query)
    if row is None:
        raise UnknownSourceError(source_or_id[:200])
    return row


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
