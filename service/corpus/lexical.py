"""Lexical retrieval: a BM25 index (bm25s) over committed chunks, persisted under the data dir.

The index is derived data: it is rebuilt from the registry whenever the
registry's stamp (document count and latest commit time) differs from the stamp
saved with the index, so ingest, remove, another process or a crash can never
leave it out of sync for longer than one search.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from service.corpus.registry import ChunkEntry, Registry

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STOPWORDS = frozenset(
    (
        "a an and are as at be by for from has have in is it its of on or that the this to was "
        "were what when where which who whom why how with did does do not no"
    ).split()
)
_stemmer = Stemmer.Stemmer("english")
# An agent noun also says its act: "chairman" is who "chaired", "congressmen" sit in congress.
_AGENT_NOUN = re.compile(r"^([a-z]{5,})(?:man|men|woman|women|person|persons)$")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed tokens; numbers keep their digits ("93,340" -> "93340"); an
    agent noun is followed by its root ("chairman" -> "chairman", "chair")."""
    words = [w.replace(",", "") for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]
    tokens = []
    for word, stem in zip(words, _stemmer.stemWords(words), strict=True):
        tokens.append(word if word[0].isdigit() else stem)
        agent = _AGENT_NOUN.match(word)
        if agent:
            tokens.append(_stemmer.stemWord(agent[1]))
    return tokens


def indexed_text(entry: ChunkEntry, headings: bool = True) -> str:
    """What BM25 sees of a chunk: its document title and heading path, then its text.

    A passage under "Chairman So Tae Ha" is about the chairman even when its own
    sentences say "he"; and a paragraph of an article titled "Rhine" is about the Rhine.
    """
    if not headings:
        return entry.text
    return f"{entry.title}\n{entry.section.replace(' > ', chr(10))}\n{entry.text}"


@dataclass(frozen=True)
class LexicalHit:
    """A chunk and its BM25 score."""

    entry: ChunkEntry
    score: float


class LexicalIndex:
    """BM25 over every committed chunk; rebuilt lazily when the registry changes."""

    def __init__(
        self, registry: Registry, folder: Path, k1: float = 1.2, headings: bool = True
    ) -> None:
        self._registry = registry
        self._k1 = k1
        self._headings = headings
        # What an index was built from: a saved index of another recipe is rebuilt, not loaded.
        self._recipe = f"v3/k1={k1}/headings={headings}"
        self._folder = folder
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._bm25: bm25s.BM25 | None = None
        self._entries: list[ChunkEntry] = []

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Top ``k`` chunks by BM25; ``allowed`` is a boolean mask over ``entries()``."""
        bm25, entries = self._current()
        tokens = tokenize(query)
        if bm25 is None or not tokens or not entries:
            return []
        scores = np.asarray(bm25.get_scores(tokens), dtype=np.float64)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores, kind="stable")[:k]
        return [LexicalHit(entries[i], float(scores[i])) for i in top if scores[i] > 0]

    def entries(self) -> list[ChunkEntry]:
        """The chunks the index covers, in index order (for building masks)."""
        return self._current()[1]

    def _current(self) -> tuple[bm25s.BM25 | None, list[ChunkEntry]]:
        stamp = self._registry.stamp()
        with self._lock:
            if stamp != self._stamp:
                self._bm25, self._entries = self._load(stamp) or self._build(stamp)
                self._stamp = stamp
            return self._bm25, self._entries

    def _load(self, stamp: str) -> tuple[bm25s.BM25 | None, list[ChunkEntry]] | None:
        meta_path = self._folder / "entries.json"
        if not meta_path.is_file():
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("stamp") != stamp or meta.get("recipe") != self._recipe:
            return None
        entries = [ChunkEntry(**e) for e in meta["entries"]]
        if not entries:
            return None, []
        return bm25s.BM25.load(str(self._folder / "bm25"), show_progress=False), entries

    def _build(self, stamp: str) -> tuple[bm25s.BM25 | None, list[ChunkEntry]]:
        entries = self._registry.chunk_entries()
        bm25 = None
        if entries:
            bm25 = bm25s.BM25(k1=self._k1)
            texts = [indexed_text(e, self._headings) for e in entries]
            bm25.index([tokenize(t) for t in texts], show_progress=False)
        self._save(stamp, bm25, entries)
        return bm25, entries

    def _save(self, stamp: str, bm25: bm25s.BM25 | None, entries: list[ChunkEntry]) -> None:
        # Write to a temporary folder and swap it in, so a reader in another
        # process never loads half an index.
        self._folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".bm25-", dir=self._folder.parent))
        if bm25 is not None:
            bm25.save(str(staging / "bm25"), show_progress=False)
        payload = {"stamp": stamp, "recipe": self._recipe, "entries": [e.__dict__ for e in entries]}
        (staging / "entries.json").write_text(json.dumps(payload), encoding="utf-8")
        old = Path(tempfile.mkdtemp(prefix=".bm25-old-", dir=self._folder.parent))
        with contextlib.suppress(FileNotFoundError):
            self._folder.rename(old / "index")
        staging.rename(self._folder)
        shutil.rmtree(old, ignore_errors=True)
