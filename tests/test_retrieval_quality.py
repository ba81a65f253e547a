"""Retrieval quality on the shipped corpus and evals/core: the README's targets hold."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from service.config import Settings
from service.embed import LocalEmbeddings
from service.evals.retrieval import run_retrieval, summarise
from service.evals.suite import load_suite
from service.index import Index
from service.ingest import ingest_paths
from service.retrieve import search
from tests.conftest import REPO


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus"), llm="extractive")
    index = Index.open(settings, embedder=embedder)
    with contextlib.chdir(REPO):  # sources are stored as given: "corpus/x.md", as in the gold
        report = ingest_paths(index, [Path("corpus")])
    assert report.ok, report.failed
    return index


def test_hybrid_search_meets_targets_on_evals_core(corpus_index: Index) -> None:
    items = load_suite(REPO / "evals" / "core.yaml")
    summary = summarise(run_retrieval(items, lambda q, k: search(corpus_index, q, k), 5), 5)
    assert summary["hit@5"] >= 0.95, summary
    assert summary["recall@5"] >= 0.90, summary
