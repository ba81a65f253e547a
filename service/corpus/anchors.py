"""Re-anchor citations after a re-ingest re-split their documents.

A citation points at a chunk id, and chunk ids change whenever a document is chunked
anew (a new sentence splitter, a new chunk size) even when its normalised text does
not. A citation kept in a draft keeps its quote and its offsets into the document's
text; ``reanchor`` points it at the committed chunk that now holds that quote, so an
old draft's citations open the passage they quoted. The quote is looked up at its
offsets first, then at its occurrence nearest to them (the text moved); a quote the
document no longer holds keeps its old address, and says so by not resolving.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from service.corpus.index import Index
from service.corpus.tables import ChunkRow
from service.corpus.view import ChunkSpan, DocumentText, read_document
from service.errors import UnknownSourceError
from service.text.evidence import Citation


def reanchor(index: Index, citations: Sequence[Citation]) -> list[Citation]:
    """``citations``, each whose chunk is no longer committed pointed at the one that is."""
    ids = {c.chunk_id for c in citations}
    with index.sessions() as session:
        known = set(session.scalars(select(ChunkRow.chunk_id).where(ChunkRow.chunk_id.in_(ids))))
    documents: dict[str, DocumentText | None] = {}
    result = []
    for citation in citations:
        if citation.chunk_id not in known:
            if citation.doc_id not in documents:
                documents[citation.doc_id] = _document(index, citation.doc_id)
            document = documents[citation.doc_id]
            citation = _anchored(citation, document) if document else citation
        result.append(citation)
    return result


def _document(index: Index, doc_id: str) -> DocumentText | None:
    try:
        return read_document(index, doc_id)
    except UnknownSourceError:
        return None  # removed from the corpus: nothing to point at


def _anchored(citation: Citation, document: DocumentText) -> Citation:
    start = _find(document.text, citation.quote, citation.start)
    if start is None:
        return citation
    end = start + len(citation.quote)
    chunk = _holding(document.chunks, start, end)
    if chunk is None:
        return citation
    return citation.model_copy(update={"chunk_id": chunk.chunk_id, "start": start, "end": end})


def _find(text: str, quote: str, near: int) -> int | None:
    """Where ``quote`` is in ``text``: at ``near`` if it is there, else the nearest."""
    if not quote:
        return None
    if text.startswith(quote, near):
        return near
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return min(found, key=lambda a: abs(a - near)) if found else None


def _holding(chunks: Sequence[ChunkSpan], start: int, end: int) -> ChunkSpan | None:
    """The chunk holding ``[start, end)`` (the shortest that does), else the one holding
    its start: a quote longer than the new chunks opens where it begins."""
    whole = [c for c in chunks if c.start <= start and end <= c.end]
    if whole:
        return min(whole, key=lambda c: c.end - c.start)
    return next((c for c in chunks if c.start <= start < c.end), None)
