"""Retrieval with and without reranking by the reading model (``BRIEFING_RERANK``), on the
tune split (to choose depth and weight) and the held-out suites (to decide the default).

Ingests each suite's corpus into a temporary data dir, then runs every answerable question
through fused search with each variant and prints hit@5, recall@5, MRR and p95 latency.

    .venv/bin/python bench/rerank.py --suites tune                  # choose
    .venv/bin/python bench/rerank.py --suites heldout news --variants off 20:1
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from pathlib import Path

from service.config import Settings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.evals.retrieval import SearchFn, run_retrieval, summarise
from service.evals.suite import load_suite
from service.retrieve.hybrid import search
from service.verify.reader import load_reading_model

REPO = Path(__file__).resolve().parent.parent
# Suite and corpus, relative to the repository: sources are stored as ingested, and the
# suites name their gold documents by these relative paths.
SUITES = {
    "tune": (Path("evals/squad-tune/articles-sample300.yaml"), Path("evals/squad-tune/corpus")),
    "heldout": (
        Path("evals/squad-heldout/articles-sample300.yaml"),
        Path("evals/squad-heldout/corpus"),
    ),
    "news": (Path("evals/news/news.yaml"), Path("evals/news/corpus")),
    "core": (Path("evals/core.yaml"), Path("corpus")),
}
VARIANTS = ["off", "10:1", "10:4", "20:1", "20:4"]


def variant(index: Index, name: str) -> SearchFn:
    """Fused search, reranked ``depth:weight`` deep, or not at all ("off")."""
    if name == "off":
        settings = index.settings.model_copy(update={"rerank": False})
    else:
        depth, weight = name.split(":")
        update = {"rerank": True, "rerank_depth": int(depth), "rerank_weight": float(weight)}
        settings = index.settings.model_copy(update=update)
    index.settings = settings
    return lambda q, k: search(index, q, k)


def run(suite: str, names: list[str], inference: str) -> None:
    """Print each variant's figures on ``suite``."""
    path, corpus = SUITES[suite]
    items = load_suite(REPO / path)
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(REPO):
        # The embedder as deployed (torch); only the reading model's runtime is chosen here.
        index = Index.open(Settings(data_dir=Path(tmp)))
        report = ingest_paths(index, [corpus])
        assert report.ok, report.failed
        graphs = Settings(inference=inference).onnx_folder("reader")  # type: ignore[arg-type]
        reader = load_reading_model(None, graphs)
        index.rerank_scorer = reader.entailment
        answerable = sum(i.answerable for i in items)
        print(f"\n{suite} ({path.name}, {answerable} answerable; reader on {reader.runtime})")
        print(f"{'variant':10} hit@5  recall@5  MRR    p95 ms")
        for name in names:
            fn = variant(index, name)
            s = summarise(run_retrieval(items, fn, 5), 5)
            print(
                f"{name:10} {s['hit@5']:.3f}  {s['recall@5']:.3f}     {s['mrr']:.3f}  "
                f"{s['latency_p95_ms']:.0f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", nargs="+", choices=sorted(SUITES), default=["tune"])
    parser.add_argument("--variants", nargs="+", default=VARIANTS)
    parser.add_argument("--inference", choices=["torch", "onnx"], default="onnx")
    args = parser.parse_args()
    for suite in args.suites:
        run(suite, args.variants, args.inference)


if __name__ == "__main__":
    main()
