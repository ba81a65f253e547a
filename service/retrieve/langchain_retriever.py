"""The hybrid search as a LangChain ``BaseRetriever``, so it composes with chains and callbacks.

``HybridRetriever(index=..., k=6, filters=...)`` runs ``retrieve.search`` (dense + BM25,
weighted reciprocal rank fusion, per-document cap) and returns LangChain ``Document``s
whose metadata carries every field of the ``SearchHit``, so the answer path can turn
them back into hits without a second lookup. Runs through ``invoke`` are traced like
any other LangChain retriever (``on_retriever_start``/``end`` callbacks).
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from service.corpus.documents import SearchHit
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.retrieve.hybrid import search

_HIT_FIELDS = tuple(f.name for f in fields(SearchHit) if f.name != "text")


class HybridRetriever(BaseRetriever):
    """Dense + BM25 fused search over an index; ``k`` and ``filters`` are fields."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 6
    filters: SearchFilters | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [to_document(hit) for hit in search(self.index, query, self.k, self.filters)]

    def hits(self, query: str, **config: Any) -> list[SearchHit]:
        """``invoke`` (callbacks and tracing included), returning search hits."""
        return [to_hit(document) for document in self.invoke(query, **config)]


def to_document(hit: SearchHit) -> Document:
    """A LangChain document: the chunk text as content, the hit's fields as metadata."""
    metadata = {k: v for k, v in asdict(hit).items() if k != "text"}
    return Document(page_content=hit.text, id=hit.chunk_id, metadata=metadata)


def to_hit(document: Document) -> SearchHit:
    """The search hit a ``to_document`` document came from."""
    values = {name: document.metadata[name] for name in _HIT_FIELDS}
    return SearchHit(text=document.page_content, **values)
