"""Retrieve: hybrid search (dense Chroma + BM25), weighted reciprocal rank fusion, per-document cap.
A query in another language than the embedding model's (English) is searched by BM25 alone.

Only committed document versions are ever returned (see ``service.corpus.registry``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from service.corpus.documents import SearchHit
from service.corpus.embed import EMBEDDING_LANGUAGE
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.lexical import LexicalHit
from service.corpus.review import with_source_status
from service.corpus.vectors import StoredChunk
from service.errors import InvalidQueryError
from service.retrieve.rerank import rerank
from service.text.language import language_of

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


def search(
    index: Index, query: str, k: int = 5, filters: SearchFilters | None = None
) -> list[SearchHit]:
    """The ``k`` best chunks for ``query``: fused dense and lexical ranks (the top ones
    reranked by the reading model when ``BRIEFING_RERANK`` is on), diverse by document."""
    query = validate_query(query, k)
    filters = filters or SearchFilters()
    settings = index.settings
    depth = max(settings.retrieval_candidates, k * 3)
    lexical = [lexical_to_hit(h) for h in lexical_search(index, query, depth, filters)]
    if language_of(query) != EMBEDDING_LANGUAGE:
        # An English model's ranking of Japanese or Korean text is noise: words only.
        fused = fuse([lexical], weights=[settings.fusion_bm25_weight], rrf_k=settings.rrf_k)
    else:
        dense = dense_search(index, query, depth, filters)
        fused = fuse(
            [dense, lexical],
            weights=[settings.fusion_dense_weight, settings.fusion_bm25_weight],
            rrf_k=settings.rrf_k,
        )
    fused = with_source_status(index, fused, filters.reviewed_only)
    if index.rerank_scorer is not None and settings.rerank:
        fused = rerank(
            query, fused, index.rerank_scorer, settings.rerank_depth, settings.rerank_weight
        )
    return cap_per_document(fused, k, settings.max_chunks_per_doc)


def dense_search(
    index: Index, query: str, k: int = 5, filters: SearchFilters | None = None
) -> list[SearchHit]:
    """The ``k`` chunks nearest to ``query`` by cosine similarity, best first."""
    query = validate_query(query, min(k, MAX_K))
    vector = index.embedder.embed_query(query)
    where = filters.chroma_where() if filters else None
    # Over-fetch a little: chunks of an interrupted write are filtered out below.
    stored = index.store.query(vector, k + 10, where)
    committed = index.registry.committed_versions({c.metadata.get("doc_id", "") for c in stored})
    visible = [c for c in stored if _is_committed(c, committed)]
    return [to_hit(c) for c in visible[:k]]


def lexical_search(
    index: Index, query: str, k: int, filters: SearchFilters | None = None
) -> list[LexicalHit]:
    """The ``k`` best chunks by BM25 over committed chunks."""
    mask = None
    if filters and not filters.empty:
        mask = np.array([filters.matches(e) for e in index.lexical.entries()], dtype=bool)
    return index.lexical.search(query, k, mask)


def fuse(rankings: list[list[SearchHit]], weights: list[float], rrf_k: int) -> list[SearchHit]:
    """Weighted reciprocal rank fusion: ``sum_i w_i / (rrf_k + rank_i)``, best first."""
    scores: dict[str, float] = {}
    hits: dict[str, SearchHit] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, hit in enumerate(ranking, 1):
            scores[hit.chunk_id] = scores.get(hit.chunk_id, 0.0) + weight / (rrf_k + rank)
            hits.setdefault(hit.chunk_id, hit)
    order = sorted(scores, key=lambda cid: -scores[cid])
    return [replace(hits[cid], score=scores[cid]) for cid in order]


def cap_per_document(hits: list[SearchHit], k: int, cap: int) -> list[SearchHit]:
    """The first ``k`` hits taking at most ``cap`` per document; others fill any gap."""
    per_doc: Counter[str] = Counter()
    chosen: list[SearchHit] = []
    overflow: list[SearchHit] = []
    for hit in hits:
        if per_doc[hit.doc_id] < cap:
            per_doc[hit.doc_id] += 1
            chosen.append(hit)
        else:
            overflow.append(hit)
    return (chosen + overflow)[:k]


def _is_committed(chunk: StoredChunk, committed: dict[str, str]) -> bool:
    return committed.get(str(chunk.metadata.get("doc_id", ""))) == chunk.metadata.get("doc_version")


def lexical_to_hit(hit: LexicalHit) -> SearchHit:
    e = hit.entry
    return SearchHit(
        e.source,
        e.doc_id,
        e.chunk_id,
        hit.score,
        e.start,
        e.end,
        e.text,
        e.title,
        e.section,
        e.doc_type,
        e.date,
    )


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
