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

from service.answer.retrieve import dense_search, lexical_search, lexical_to_hit, search
from service.config import Settings
from service.corpus.documents import SearchHit
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.evals.retrieval import SearchFn, run_retrieval, summarise
from service.evals.suite import load_suite

REPO = Path(__file__).resolve().parent.parent


def variants(index: Index) -> dict[str, SearchFn]:
    """The rankers to compare, each a ``(query, k) -> hits`` function."""

    def fused(dense_w: float, bm25_w: float, cap: int = 2) -> SearchFn:
        settings = index.settings.model_copy(
            update={"fusion_dense_weight": dense_w, "fusion_bm25_weight": bm25_w,
                    "max_chunks_per_doc": cap}
        )  # fmt: skip
        tuned = replace(index, settings=settings)
        return lambda q, k: search(tuned, q, k)

    def lexical(q: str, k: int) -> list[SearchHit]:
        return [lexical_to_hit(h) for h in lexical_search(index, q, k)]

    return {
        "dense only": lambda q, k: dense_search(index, q, k),
        "bm25 only": lexical,
        "rrf 1:1, no cap": fused(1.0, 1.0, cap=100),
        "rrf 1:1, cap 2": fused(1.0, 1.0),
        "rrf dense 1 : bm25 2, cap 2": fused(1.0, 2.0),
        "rrf dense 2 : bm25 1, cap 2": fused(2.0, 1.0),
        "rrf dense 1 : bm25 3, cap 2": fused(1.0, 3.0),
    }


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
        print(f"{'ranker':32} hit@{k}  recall@{k}  MRR    nDCG@{k}  p95 ms")
        for name, fn in variants(index).items():
            s = summarise(run_retrieval(items, fn, k), k)
            print(
                f"{name:32} {s[f'hit@{k}']:.3f}  {s[f'recall@{k}']:.3f}     {s['mrr']:.3f}  "
                f"{s[f'ndcg@{k}']:.3f}   {s['latency_p95_ms']:.1f}"
            )


if __name__ == "__main__":
    main()
