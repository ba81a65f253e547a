"""JSON routes: health and corpus search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from service.http.api.schemas import Health, SearchHit
from service.http.auth import Reader
from service.http.deps import IndexDep
from service.retrieve.hybrid import MAX_K, MAX_QUERY_CHARS
from service.retrieve.hybrid import search as search_corpus

router = APIRouter()


@router.get("/healthz", response_model=Health)
def healthz(*, index: IndexDep) -> dict[str, Any]:
    """Liveness plus what is indexed."""
    return {
        "status": "ok",
        "documents": len(index.registry.committed_versions()),
        "chunks": index.registry.chunk_total(),
    }


@router.get("/api/search", response_model=list[SearchHit])
async def search(
    *,
    index: IndexDep,
    _user: Reader,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 5,
) -> list[dict[str, Any]]:
    """Hits best first, the same JSON as ``briefing search --json``."""
    hits = await run_in_threadpool(search_corpus, index, q, k)
    return [hit.as_json() for hit in hits]
