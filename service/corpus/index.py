"""Index: the embedder, the Chroma store and the registry, opened together once.

The CLI opens one per command; the web app opens one in its lifespan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import Embeddings
from sqlalchemy.orm import Session, sessionmaker

from service.config import Settings
from service.corpus.embed import load_embedder
from service.corpus.lexical import LexicalIndex
from service.corpus.registry import Registry
from service.corpus.vectors import VectorStore, make_chroma_client
from service.db import make_engine, make_session_factory
from service.migrate import migrate


@dataclass
class Index:
    """Everything that reads or writes the indexed corpus."""

    settings: Settings
    embedder: Embeddings
    store: VectorStore
    registry: Registry
    lexical: LexicalIndex
    sessions: sessionmaker[Session]
    # P(answers) per (question, sentence): the reading model, set by wiring when
    # BRIEFING_RERANK is on (retrieval reranks the fused candidates with it).
    rerank_scorer: Callable[[Sequence[tuple[str, str]]], Any] | None = None

    @classmethod
    def open(cls, settings: Settings, embedder: Embeddings | None = None) -> Index:
        """Open (creating if needed) the store and database named by ``settings``.

        Pass ``embedder`` to share one loaded model between several indexes (tests).
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        embedder = embedder or load_embedder(
            settings.resolved_embedding_model_path(),
            settings.embed_batch_size,
            onnx_folder=settings.onnx_folder("embedder"),
        )
        engine = make_engine(settings.resolved_database_url)
        migrate(engine)  # schema changes ship as Alembic migrations
        client = make_chroma_client(settings)
        store = VectorStore(client, settings.chroma_collection, embedder)
        sessions = make_session_factory(engine)
        registry = Registry(sessions)
        lexical = LexicalIndex(registry, settings.bm25_path)
        return cls(settings, embedder, store, registry, lexical, sessions)

    def reconcile(self) -> int:
        """Delete chunks left by an interrupted write (not the registry's version); count them."""
        committed = self.registry.committed_versions()
        stale = [
            chunk_id
            for chunk_id, (doc_id, version) in self.store.versions().items()
            if committed.get(doc_id) != version
        ]
        self.store.delete(stale)
        return len(stale)
