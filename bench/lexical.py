"""BM25 at scale: (re)build time, update time, loading in a second process, search p95.

The corpus is synthetic: documents made of sentences of ``corpus/`` sampled at random
(ten headed sections of six sentences each), so the words, their frequencies and the
sentence lengths are the shipped corpus's; each document also carries four made-up
names (random 7-letter words) in its title and headings, so the vocabulary keeps
growing with the corpus as real text does. Documents are chunked by the real chunker
and their rows written in bulk into the registry's tables (SQLite); no vectors are
written (BM25 never reads them).

For each size, in the same run:
- baseline, the full rebuild every process did before when the registry changed: read
  every chunk, tokenize, ``bm25s`` index (its save not counted);
- cold build now (no saved index): read every chunk, tokenize, count, score, save;
- a second process opening the saved index (no chunk read);
- one document added, one removed: the next search's wait (the update);
- saving the whole index (done once a tenth of the documents changed, not per update);
- search: BM25 top 40 for questions of ``evals/core.yaml``, p50/p95, bm25s's own
  ``get_scores`` on the same index as the baseline.

    .venv/bin/python bench/lexical.py [--chunks 20000 200000] [--queries 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import yaml
from sqlalchemy import insert

from service.corpus.chunk import chunk_document, doc_id_for
from service.corpus.documents import LoadedDocument
from service.corpus.lexical import LexicalIndex, indexed_text
from service.corpus.registry import Registry
from service.corpus.tables import ChunkRow, DocumentRow
from service.db import make_engine, make_session_factory
from service.evals.metrics import percentile
from service.migrate import migrate
from service.text.tokens import tokenize

REPO = Path(__file__).resolve().parent.parent
CHUNK_SIZE, CHUNK_OVERLAP = 1000, 150


def corpus_sentences() -> list[str]:
    """Sentences of the shipped corpus (front matter and headings left out)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.md"))]
    return [s for t in texts for s in t.split(". ") if 40 < len(s) < 300 and "---" not in s]


def synthetic_document(n: int, sentences: list[str], rng: random.Random) -> LoadedDocument:
    """Document ``n``: ten headed sections of six sampled sentences, and four made-up names."""
    names = ["".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(4)]
    sections = [
        f"## {rng.choice(names).title()} part {i}\n\n" + " ".join(rng.sample(sentences, 6))
        for i in range(10)
    ]
    text = f"# Report {n} on {' '.join(names)}\n\n" + "\n\n".join(sections)
    return LoadedDocument(f"synthetic/doc-{n:06d}.md", text, f"Report {n} {names[0]}")


def fill(registry: Registry, target: int, rng: random.Random) -> int:
    """Write synthetic documents' rows in bulk until ``target`` chunks; how many chunks."""
    sentences, total, n = corpus_sentences(), 0, 0
    now = dt.datetime.now(dt.UTC)
    while total < target:
        documents, chunks = [], []
        for _ in range(200):
            doc = synthetic_document(n, sentences, rng)
            parts = chunk_document(doc, CHUNK_SIZE, CHUNK_OVERLAP)
            documents.append(_document_row(n, doc, len(parts), now))
            chunks += [{"chunk_id": c.chunk_id, "doc_id": c.doc_id, "index": c.index,
                        "start": c.start, "end": c.end, "section": c.section,
                        "instruction_like": False} for c in parts]  # fmt: skip
            total, n = total + len(parts), n + 1
        with registry._sessions.begin() as session:
            session.execute(insert(DocumentRow), documents)
            session.execute(insert(ChunkRow), chunks)
    return total


def _document_row(n: int, doc: LoadedDocument, chunks: int, now: dt.datetime) -> dict[str, Any]:
    return {"doc_id": doc_id_for(doc.source), "source": doc.source, "version": f"v{n}",
            "title": doc.title, "doc_type": "report", "date": "2020-01-01", "tags": [],
            "sources": [], "text": doc.text, "chunk_count": chunks, "ingested_at": now,
            "status": "reviewed"}  # fmt: skip


def seconds(fn: Callable[[], Any]) -> float:
    """Wall time of one call."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def baseline(registry: Registry, queries: list[str]) -> dict[str, float]:
    """The earlier full rebuild (read, tokenize, bm25s index) and bm25s's search times."""
    built: list[bm25s.BM25] = []

    def rebuild() -> None:
        texts = [indexed_text(e) for e in registry.chunk_entries()]
        bm25 = bm25s.BM25(k1=1.2)
        bm25.index([tokenize(t) for t in texts], show_progress=False)
        built.append(bm25)

    figures = {"rebuild_s": seconds(rebuild)}

    def search(query: str) -> None:
        registry.stamp()  # as the index did before every search: has the registry changed?
        known = [t for t in tokenize(query) if t in built[0].vocab_dict]
        if known:
            np.argsort(-built[0].get_scores(known).astype(np.float64), kind="stable")[:40]

    latencies = [seconds(lambda q=q: search(q)) * 1000 for q in queries]
    figures["search_p50_ms"] = percentile(latencies, 50)
    figures["search_p95_ms"] = percentile(latencies, 95)
    return figures


def incremental(registry: Registry, queries: list[str], folder: Path) -> dict[str, float]:
    """The index now: cold build, a second process's load, one added, one removed, search."""
    first = LexicalIndex(registry, folder)
    figures = {"rebuild_s": seconds(lambda: first.search("warm up", 1))}
    figures["load_s"] = seconds(lambda: LexicalIndex(registry, folder).search("warm up", 1))
    latencies = [seconds(lambda q=q: first.search(q, 40)) * 1000 for q in queries]
    figures["search_p50_ms"] = percentile(latencies, 50)
    figures["search_p95_ms"] = percentile(latencies, 95)
    doc = synthetic_document(10_000_000, corpus_sentences(), random.Random(1))
    parts = chunk_document(doc, CHUNK_SIZE, CHUNK_OVERLAP)
    registry.commit(parts[0].doc_id, "new", doc, parts)
    figures["add_one_s"] = seconds(lambda: first.search("warm up", 1))
    registry.remove(registry.list_documents()[0].doc_id)
    figures["remove_one_s"] = seconds(lambda: first.search("warm up", 1))
    figures["save_s"] = seconds(lambda: first._save(registry.stamp()))
    figures["index_mb"] = os.path.getsize(folder / "index.npz") / 2**20
    return figures


def measure(size: int, queries: list[str], tmp: Path) -> dict[str, dict[str, float]]:
    """Baseline and incremental figures for a registry of ``size`` chunks."""
    engine = make_engine(f"sqlite:///{tmp / 'registry.sqlite3'}")
    migrate(engine)
    registry = Registry(make_session_factory(engine))
    chunks = fill(registry, size, random.Random(size))
    figures = {
        "before": baseline(registry, queries),
        "now": incremental(registry, queries, tmp / "bm25"),
    }
    figures["now"]["chunks"] = chunks
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    suite = yaml.safe_load((REPO / "evals" / "core.yaml").read_text(encoding="utf-8"))
    queries = [rng.choice(suite)["question"] for _ in range(args.queries)]
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    for size in args.chunks:
        with tempfile.TemporaryDirectory(prefix="bench-lexical-") as tmp:
            figures = measure(size, queries, Path(tmp))
        before, now = figures["before"], figures["now"]
        print(f"\n{int(now['chunks']):,} chunks (load average {os.getloadavg()[0]:.1f})")
        print(f"  full rebuild, before (bm25s)     {before['rebuild_s']:7.2f} s")
        print(
            f"  cold build now (saves the index) {now['rebuild_s']:7.2f} s "
            f"({now['rebuild_s'] / before['rebuild_s']:.2f} of before)"
        )
        updates = {"add_one_s": "one document added", "remove_one_s": "one document removed",
                   "load_s": "second process loads saved index"}  # fmt: skip
        for name, label in updates.items():
            share = now[name] / before["rebuild_s"]
            print(f"  {label:32} {now[name]:7.2f} s ({share:.3f} of a rebuild)")
        # Not part of an update: the file is rewritten once a tenth of the documents changed.
        saving = f"{now['save_s']:7.2f} s ({now['index_mb']:.0f} MB file)"
        print(f"  saving the whole index           {saving}")
        for stat in ("p50", "p95"):
            b, n = before[f"search_{stat}_ms"], now[f"search_{stat}_ms"]
            print(f"  search {stat}, top 40: bm25s {b:6.1f} ms, now {n:6.1f} ms ({n / b:.2f})")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
        print(f"  peak memory of this process so far {peak:,.0f} MB")


if __name__ == "__main__":
    main()
