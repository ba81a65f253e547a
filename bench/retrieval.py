"""Retrieval quality on an eval suite: dense, BM25 and fused variants side by side.

Ingests corpus/ into a temporary data dir, then runs every answerable question of
the suite through each ranker and prints hit@k, gold recall@k, MRR and nDCG@k.
Used to choose the fusion weights in Settings (see README, "Retrieval").

    .venv/bin/python bench/retrieval.py [--suite evals/core.yaml] [--corpus corpus] [--k 5]
    .venv/bin/python bench/retrieval.py --suite evals/squad/normans-rhine.yaml \
        --corpus evals/squad/corpus
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

from plain_bm25 import PlainBM25  # bench/plain_bm25.py, beside this script

from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.lexical import LexicalIndex
from service.evals.retrieval import SearchFn, run_retrieval, summarise
from service.evals.suite import load_suite
from service.retrieve.hybrid import dense_search, lexical_search, lexical_to_hit, search

REPO = Path(__file__).resolve().parent.parent


def variants(index: Index, folder: Path) -> dict[str, SearchFn]:
    """The rankers to compare, each a ``(query, k) -> hits`` function."""
    old_bm25 = LexicalIndex(index.registry, folder / "bm25-text-only", k1=1.5, headings=False)
    plain = PlainBM25(index.registry.chunk_entries())

    def fused(
        dense_w: float,
        bm25_w: float,
        rrf_k: int = 60,
        lexical: LexicalIndex | None = None,
        cap: int = 2,
    ) -> SearchFn:
        settings = index.settings.model_copy(
            update={
                "fusion_dense_weight": dense_w,
                "fusion_bm25_weight": bm25_w,
                "max_chunks_per_doc": cap,
                "rrf_k": rrf_k,
            }
        )
        tuned = replace(index, settings=settings, lexical=lexical or index.lexical)
        return lambda q, k: search(tuned, q, k)

    def bm25(lexical: LexicalIndex) -> SearchFn:
        tuned = replace(index, lexical=lexical)
        return lambda q, k: [lexical_to_hit(h) for h in lexical_search(tuned, q, k)]

    return {
        "plain bm25 (stdlib, no stemming)": plain.search,
        "dense only": lambda q, k: dense_search(index, q, k),
        "bm25s text only, k1 1.5 (before)": bm25(old_bm25),
        "bm25s + title/headings (now)": bm25(index.lexical),
        "rrf 1:2 k60, text-only bm25 (before)": fused(1.0, 2.0, lexical=old_bm25),
        "rrf 1:1 k60": fused(1.0, 1.0),
        "rrf 1:2 k60": fused(1.0, 2.0),
        "rrf 1:3 k60": fused(1.0, 3.0),
        "rrf 1:2 k10": fused(1.0, 2.0, rrf_k=10),
        "rrf 1:3 k10": fused(1.0, 3.0, rrf_k=10),
        "rrf 1:1.5 k30": fused(1.0, 1.5, rrf_k=30),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=REPO / "evals" / "core.yaml")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    items = load_suite(args.suite)
    with tempfile.TemporaryDirectory() as tmp:
        index = Index.open(Settings(data_dir=Path(tmp)))
        report = ingest_paths(index, [args.corpus])
        assert report.ok, report.failed
        k = args.k
        print(f"suite {args.suite.name}: {sum(i.answerable for i in items)} answerable questions")
        print(f"{'ranker':38} hit@{k}  recall@{k}  MRR    nDCG@{k}  p95 ms")
        for name, fn in variants(index, Path(tmp)).items():
            s = summarise(run_retrieval(items, fn, k), k)
            print(
                f"{name:38} {s[f'hit@{k}']:.3f}  {s[f'recall@{k}']:.3f}     {s['mrr']:.3f}  "
                f"{s[f'ndcg@{k}']:.3f}   {s['latency_p95_ms']:.1f}"
            )


if __name__ == "__main__":
    main()
