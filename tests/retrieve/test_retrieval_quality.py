"""Retrieval quality on the shipped corpus and evals/core: the README's targets hold."""

from __future__ import annotations

from service.corpus.index import Index
from service.evals.retrieval import run_retrieval, summarise
from service.evals.suite import load_suite
from service.retrieve.hybrid import search
from tests.conftest import REPO


def test_hybrid_search_meets_targets_on_evals_core(corpus_index: Index) -> None:
    items = load_suite(REPO / "evals" / "core.yaml")
    summary = summarise(run_retrieval(items, lambda q, k: search(corpus_index, q, k), 5), 5)
    assert summary["hit@5"] >= 0.95, summary
    assert summary["recall@5"] >= 0.90, summary
