"""Lexical retrieval: a BM25 index over committed chunks, kept in step with the registry.

The index is derived data, updated document by document: whenever the registry's
stamp (document count and latest commit time) changes, the committed version of
every document is compared with the version indexed, and only documents added,
changed or removed are read and tokenised again; the BM25 scores are then recomputed
from the kept term counts (``service.corpus.bm25``). Ingest, remove, another process
or a crash can never leave it out of sync for longer than one search.

Shared between processes: the index is saved under the data dir (one file, replaced
atomically), and a process that starts opens the saved file and reads only the
documents that differ from it, rather than tokenising the whole corpus again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from service.corpus.bm25 import ScoreMatrix, TermCounts, Vocabulary, concatenate, top_k
from service.corpus.registry import ChunkEntry, Registry
from service.text.tokens import tokenize

INDEX_FILE = "index.npz"


class Headed(Protocol):
    """A chunk as its readers see it (a committed ``ChunkEntry`` or a retrieved hit)."""

    @property
    def title(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


def heading_path(chunk: Headed) -> str:
    """The chunk's document title, then its heading path, one heading a line."""
    return f"{chunk.title}\n{chunk.section.replace(' > ', chr(10))}"


def indexed_text(entry: Headed, headings: bool = True) -> str:
    """What BM25 sees of a chunk: its document title and heading path, then its text.

    A passage under "Chairman So Tae Ha" is about the chairman even when its own
    sentences say "he"; and a paragraph of an article titled "Rhine" is about the Rhine.
    """
    if not headings:
        return entry.text
    return f"{heading_path(entry)}\n{entry.text}"


@dataclass(frozen=True)
class LexicalHit:
    """A chunk and its BM25 score."""

    entry: ChunkEntry
    score: float


@dataclass(frozen=True)
class IndexedDocument:
    """One document as indexed: its version, its chunks and their term counts."""

    version: str
    entries: list[ChunkEntry]
    counts: TermCounts


class LexicalIndex:
    """BM25 over every committed chunk; updated lazily when the registry changes."""

    def __init__(
        self, registry: Registry, folder: Path, k1: float = 1.2, headings: bool = True
    ) -> None:
        self._registry = registry
        self._k1 = k1
        self._headings = headings
        # What an index was built from: a saved index of another recipe is not loaded.
        # v5: Japanese and Korean lines are cut into words by their analysers.
        self._recipe = f"v5/k1={k1}/headings={headings}"
        self._folder = folder
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._vocabulary = Vocabulary()
        self._documents: dict[str, IndexedDocument] = {}
        self._matrix: ScoreMatrix | None = None
        self._entries: list[ChunkEntry] = []
        self._unsaved = 0  # documents changed since the saved file was written

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Top ``k`` chunks by BM25; ``allowed`` is a boolean mask over ``entries()``."""
        matrix, entries, vocabulary = self._current()
        if matrix is None:
            return []
        # Terms another thread adds meanwhile have ids past this matrix's: not in it.
        ids, known = vocabulary.ids, matrix.terms
        terms = [i for t in tokenize(query) if (i := ids.get(t, known)) < known]
        if not terms:
            return []
        scores = matrix.scores(terms)
        if allowed is not None:
            scores = np.where(allowed, scores, np.float32(0))
        return [LexicalHit(entries[i], float(scores[i])) for i in top_k(scores, k) if scores[i] > 0]

    def entries(self) -> list[ChunkEntry]:
        """The chunks the index covers, in index order (for building masks)."""
        return self._current()[1]

    def _current(self) -> tuple[ScoreMatrix | None, list[ChunkEntry], Vocabulary]:
        stamp = self._registry.stamp()
        with self._lock:
            if stamp != self._stamp:
                if self._stamp is None:
                    self._load()
                changed = self._update()
                if changed or self._matrix is None:
                    self._assemble()
                self._unsaved += changed
                # Saving rewrites the whole file (seconds at 200k chunks), so it waits until
                # a tenth of the documents differ from the saved file: a process starting
                # from an older file reads only what differs from it.
                if self._unsaved and self._unsaved * 10 >= len(self._documents):
                    self._save(stamp)
                    self._unsaved = 0
                self._stamp = stamp
            return self._matrix, self._entries, self._vocabulary

    def _update(self) -> int:
        """Re-read the documents whose committed version differs from the indexed one and
        drop those no longer committed; how many documents changed."""
        committed = self._registry.committed_versions()
        gone = [doc_id for doc_id in self._documents if doc_id not in committed]
        stale = [
            d for d, v in committed.items() if getattr(self._documents.get(d), "version", None) != v
        ]
        for doc_id in gone:
            del self._documents[doc_id]
        if stale:
            # From nothing, or past a few hundred documents, one read of everything beats
            # a huge IN list.
            everything = not self._documents or len(stale) > 500
            fresh = self._registry.chunk_entries(None if everything else stale)
            by_document: dict[str, list[ChunkEntry]] = {}
            for entry in fresh:
                by_document.setdefault(entry.doc_id, []).append(entry)
            for doc_id in stale:
                self._index_document(doc_id, committed[doc_id], by_document.get(doc_id, []))
        return len(gone) + len(stale)

    def _index_document(self, doc_id: str, version: str, entries: list[ChunkEntry]) -> None:
        if not entries:  # removed between the two reads: the next change catches it
            self._documents.pop(doc_id, None)
            return
        tokens = [tokenize(indexed_text(e, self._headings)) for e in entries]
        self._documents[doc_id] = IndexedDocument(version, entries, self._vocabulary.count(tokens))

    def _assemble(self) -> None:
        """The score matrix over every document, in the order a registry read gives (by
        source, then reading order), so equal scores rank as in a build from scratch."""
        ordered = sorted(self._documents.values(), key=lambda d: d.entries[0].source)
        self._entries = [e for d in ordered for e in d.entries]
        counts = concatenate([d.counts for d in ordered])
        self._matrix = (
            ScoreMatrix(counts, len(self._vocabulary), self._k1) if self._entries else None
        )

    def _load(self) -> None:
        """Start from the saved index, if there is one of this recipe (else from nothing)."""
        try:
            with np.load(self._folder / INDEX_FILE) as saved:
                meta = json.loads(saved["meta"].tobytes())
                offsets, terms, counts = saved["offsets"], saved["terms"], saved["counts"]
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
            return  # none yet, or unreadable: everything is read from the registry instead
        if meta.get("recipe") != self._recipe:
            return
        entries = [ChunkEntry(*row) for row in meta["entries"]]
        row = 0
        for doc_id, version, n in meta["documents"]:
            start, end = offsets[row], offsets[row + n]
            part = TermCounts(
                offsets[row : row + n + 1] - start, terms[start:end], counts[start:end]
            )
            self._documents[doc_id] = IndexedDocument(version, entries[row : row + n], part)
            row += n
        self._vocabulary = Vocabulary(meta["vocabulary"])

    def _save(self, stamp: str) -> None:
        """Write the index to one file and swap it in, so a reader in another process never
        loads half of one."""
        documents = list(self._documents.items())
        meta = {
            "recipe": self._recipe,
            "stamp": stamp,
            "vocabulary": self._vocabulary.tokens(),
            "documents": [[doc_id, d.version, len(d.entries)] for doc_id, d in documents],
            "entries": [list(e.__dict__.values()) for _, d in documents for e in d.entries],
        }
        counts = concatenate([d.counts for _, d in documents])
        self._folder.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".index-", suffix=".npz", dir=self._folder)
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                offsets=counts.offsets,
                terms=counts.terms,
                counts=counts.counts,
            )
        os.replace(staging, self._folder / INDEX_FILE)
        # The bm25s files of the earlier format, if any, are no longer read.
        (self._folder / "entries.json").unlink(missing_ok=True)
        shutil.rmtree(self._folder / "bm25", ignore_errors=True)
