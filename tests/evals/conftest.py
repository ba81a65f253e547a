"""Eval fixtures: the SQuAD Normans/Rhine corpus, ingested once per session."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from tests.conftest import REPO


@pytest.fixture(scope="session")
def squad_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    """evals/squad/corpus in a data dir of its own (sources "evals/squad/corpus/x.md", like
    the suite's gold paths): text nobody here wrote, for the held-out gate."""
    data_dir = tmp_path_factory.mktemp("squad") / "data"
    settings = Settings(data_dir=data_dir, chroma_url=None, database_url=None,
                        llm="extractive", auth="off")  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    with contextlib.chdir(REPO):
        report = ingest_paths(index, [Path("evals/squad/corpus")])
    assert report.ok, report.failed
    return index


@pytest.fixture(scope="session")
def news_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    """evals/news/corpus in a data dir of its own: wire copy with datelines (issue 27)."""
    data_dir = tmp_path_factory.mktemp("news") / "data"
    settings = Settings(data_dir=data_dir, chroma_url=None, database_url=None,
                        llm="extractive", auth="off")  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    with contextlib.chdir(REPO):
        report = ingest_paths(index, [Path("evals/news/corpus")])
    assert report.ok, report.failed
    return index
