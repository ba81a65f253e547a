"""Retrieve: nearest chunks for a query, only from committed document versions."""

from __future__ import annotations

from typing import Any

from service.documents import SearchHit
from service.errors import InvalidQueryError
from service.index import Index
from service.store import StoredChunk

MAX_QUERY_CHARS = 4000
MAX_K = 100


def validate_query(query: str, k: int) -> str:
    """The stripped query; raise ``InvalidQueryError`` for an unusable one."""
    query = query.strip()
    if not query:
        raise InvalidQueryError("query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQueryError(f"query is {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
    if not 1 <= k <= MAX_K:
        raise InvalidQueryError(f"k must be between 1 and {MAX_K}, got {k}")
    return query


def dense_search(
    index: Index, query: str, k: int = 5, where: dict[str, Any] | None = None
) -> list[SearchHit]:
    """The ``k`` chunks nearest to ``query`` by cosine similarity, best first."""
    query = validate_query(query, k)
    vector = index.embedder.embed_query(query)
    # Over-fetch a little: chunks of an interrupted write are filtered out below.
    stored = index.store.query(vector, k + 10, where)
    committed = index.registry.committed_versions({c.metadata.get("doc_id", "") for c in stored})
    visible = [
        c
        for c in stored
        if committed.get(c.metadata.get("doc_id", "")) == c.metadata.get("doc_version")
    ]
    return [to_hit(c) for c in visible[:k]]


def to_hit(chunk: StoredChunk) -> SearchHit:
    """A search hit from a stored chunk and its metadata."""
    meta = chunk.metadata
    return SearchHit(
        source=str(meta.get("source", "")),
        doc_id=str(meta.get("doc_id", "")),
        chunk_id=chunk.chunk_id,
        score=chunk.score,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        text=chunk.text,
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        doc_type=str(meta.get("doc_type", "")),
        date=str(meta.get("date", "")),
    )
