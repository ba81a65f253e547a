"""Store: chunks and their vectors in Chroma (embedded by default, a server when configured).

Writes go through the Chroma collection with vectors we computed in batches;
reads are exposed both directly and as a LangChain ``Chroma`` vector store over
the same collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from service.config import Settings
from service.corpus.documents import Chunk, LoadedDocument
from service.corpus.filters import date_number
from service.errors import BriefingError

# Chroma caps one write at a few thousand records; stay well under it.
_WRITE_BATCH = 2000


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as Chroma returns it: id, cosine similarity, text and metadata."""

    chunk_id: str
    score: float
    text: str
    metadata: dict[str, Any]


def make_chroma_client(settings: Settings) -> chromadb.ClientAPI:
    """An HTTP client for ``BRIEFING_CHROMA_URL``, else an embedded persistent client."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    url = urlparse(settings.chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise BriefingError(f"BRIEFING_CHROMA_URL: '{settings.chroma_url}' is not an http(s) URL")
    port = url.port or (443 if url.scheme == "https" else 8000)
    return chromadb.HttpClient(
        host=url.hostname, port=port, ssl=url.scheme == "https", settings=chroma_settings
    )


def chunk_metadata(doc: LoadedDocument, chunk: Chunk, version: str) -> dict[str, Any]:
    """Flat Chroma metadata for a chunk; tags become ``tag:<id>`` flags so filters can use them."""
    meta: dict[str, Any] = {
        "source": doc.source,
        "doc_id": chunk.doc_id,
        "doc_version": version,
        "title": doc.title,
        "doc_type": doc.doc_type,
        "date": doc.date or "",
        "date_num": date_number(doc.date or ""),
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "index": chunk.index,
        "tags": ",".join(doc.tags),
    }
    meta.update({f"tag:{tag}": True for tag in doc.tags})
    return meta


class VectorStore:
    """The Chroma collection of chunks, with cosine distance."""

    def __init__(self, client: chromadb.ClientAPI, name: str, embedder: Embeddings) -> None:
        self._client = client
        self.collection = client.get_or_create_collection(
            name=name, configuration={"hnsw": {"space": "cosine"}}
        )
        self.langchain = Chroma(client=client, collection_name=name, embedding_function=embedder)

    def upsert(
        self,
        chunks: Sequence[Chunk],
        vectors: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Write chunks with their precomputed vectors (one call per batch)."""
        for i in range(0, len(chunks), _WRITE_BATCH):
            part = slice(i, i + _WRITE_BATCH)
            self.collection.upsert(
                ids=[c.chunk_id for c in chunks[part]],
                embeddings=np.asarray(vectors[part], dtype=np.float32),
                documents=[c.text for c in chunks[part]],
                metadatas=list(metadatas[part]),
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        """Delete chunks by id; unknown ids are ignored."""
        for i in range(0, len(chunk_ids), _WRITE_BATCH):
            self.collection.delete(ids=list(chunk_ids[i : i + _WRITE_BATCH]))

    def delete_document(self, doc_id: str) -> None:
        """Delete every chunk of a document, whatever its version."""
        self.collection.delete(where={"doc_id": doc_id})

    def versions(self) -> dict[str, tuple[str, str]]:
        """``chunk_id -> (doc_id, doc_version)`` for every chunk in the collection."""
        result = self.collection.get(include=["metadatas"])
        metadatas = result["metadatas"] or []
        return {
            cid: (str(meta.get("doc_id", "")), str(meta.get("doc_version", "")))
            for cid, meta in zip(result["ids"], metadatas, strict=True)
        }

    def query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        """The ``k`` nearest chunks to ``vector``, best first."""
        if k <= 0:
            return []
        result = self.collection.query(
            query_embeddings=np.asarray([vector], dtype=np.float32),
            n_results=k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        ids = result["ids"][0]
        docs = (result["documents"] or [[]])[0]
        metas = (result["metadatas"] or [[]])[0]
        dists = (result["distances"] or [[]])[0]
        return [
            StoredChunk(cid, 1.0 - float(dist), text or "", dict(meta or {}))
            for cid, text, meta, dist in zip(ids, docs, metas, dists, strict=True)
        ]

    def count(self) -> int:
        """Number of chunks in the collection, committed or not."""
        return self.collection.count()
