"""Search latency on a 20k-chunk store: hybrid search against its own parts.

Builds a store of N chunks (default 20,000) from sentences of corpus/, written
through the real store and registry. Embedding 20k chunks takes ~15 minutes on two
cores, so vectors are the real MiniLM vectors of a sample of chunks, each reused
with small Gaussian noise (re-normalised): the index sizes and the search path are
real, the embedding step of ingest is what is skipped (bench/ingest.py measures it).
Then times 200 queries: full ``search`` (query embedding + Chroma + BM25 + fusion),
and, in the same process, its parts (query embedding, Chroma query, BM25 query).

    .venv/bin/python bench/search.py [--chunks 20000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from service.config import Settings
from service.corpus.chunk import chunk_document
from service.corpus.documents import LoadedDocument
from service.corpus.index import Index
from service.corpus.ingest import document_version
from service.corpus.vectors import chunk_metadata
from service.evals.metrics import percentile
from service.retrieve.hybrid import lexical_search, search

REPO = Path(__file__).resolve().parent.parent


def build_store(index: Index, target: int, rng: random.Random) -> int:
    """Write synthetic documents until the store holds ``target`` chunks."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.md"))]
    sentences = [s for t in texts for s in t.split(". ") if 40 < len(s) < 300 and "---" not in s]
    sample = [f"{s}." for s in rng.sample(sentences, 256)]
    base = np.asarray(index.embedder.embed_documents(sample), dtype=np.float32)
    total, n = 0, 0
    while total < target:
        body = "\n\n".join(
            f"## Part {i}\n\n" + " ".join(rng.sample(sentences, 6)) for i in range(10)
        )
        doc = LoadedDocument(f"synthetic/doc-{n:05d}.md", f"# Doc {n}\n\n{body}", f"Doc {n}")
        chunks = chunk_document(doc, index.settings.chunk_size, index.settings.chunk_overlap)
        noise = np.random.default_rng(n).normal(0, 0.03, (len(chunks), base.shape[1]))
        vectors = base[[rng.randrange(len(base)) for _ in chunks]] + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        version = document_version(index, doc)
        index.store.upsert(
            chunks, vectors.tolist(), [chunk_metadata(doc, c, version) for c in chunks]
        )
        index.registry.commit(chunks[0].doc_id, version, doc, chunks)
        total, n = total + len(chunks), n + 1
    return total


def timed(fn, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds per call of ``fn(query)``."""
    out = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    suite = yaml.safe_load((REPO / "evals" / "core.yaml").read_text(encoding="utf-8"))
    queries = [rng.choice(suite)["question"] for _ in range(args.queries)]
    with tempfile.TemporaryDirectory() as tmp:
        index = Index.open(Settings(data_dir=Path(tmp)))
        built = build_store(index, args.chunks, rng)
        search(index, "warm up", 5)  # builds and saves the BM25 index once
        vectors = {q: index.embedder.embed_query(q) for q in queries}
        parts = {
            "query embedding (MiniLM)": timed(index.embedder.embed_query, queries),
            "Chroma query, 50 results": timed(lambda q: index.store.query(vectors[q], 50), queries),
            "BM25 query, k=40": timed(lambda q: lexical_search(index, q, 40), queries),
            "hybrid search, k=5": timed(lambda q: search(index, q, 5), queries),
        }
        print(f"store: {built} chunks, {args.queries} queries")
        full = percentile(parts["hybrid search, k=5"], 95)
        for name, ms in parts.items():
            p95 = percentile(ms, 95)
            print(f"{name:28} p50 {percentile(ms, 50):6.1f} ms  p95 {p95:6.1f} ms  "
                  f"({p95 / full:4.2f} of hybrid p95)")  # fmt: skip
        print(f"target: hybrid p95 < 50 ms -> {'met' if full < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
