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


def _ingested(
    factory: pytest.TempPathFactory, embedder: LocalEmbeddings, name: str, *folders: str
) -> Index:
    """``folders`` ingested into a data dir of its own, sources named as the suite's gold
    paths name them ("evals/<name>/corpus/x.md")."""
    settings = Settings(data_dir=factory.mktemp(name) / "data", chroma_url=None,
                        database_url=None, llm="extractive", auth="off")  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    with contextlib.chdir(REPO):
        report = ingest_paths(index, [Path(folder) for folder in folders])
    assert report.ok, report.failed
    return index


@pytest.fixture(scope="session")
def squad_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    """evals/squad/corpus: text nobody here wrote, for the held-out gate."""
    return _ingested(tmp_path_factory, embedder, "squad", "evals/squad/corpus")


@pytest.fixture(scope="session")
def news_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    """evals/news/corpus: wire copy with datelines (issue 27)."""
    return _ingested(tmp_path_factory, embedder, "news", "evals/news/corpus")


@pytest.fixture(scope="session")
def japanese_index(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbeddings) -> Index:
    """evals/japanese/corpus beside the English corpus/, as an analyst's desk holds both:
    a Japanese question must not be answered with unrelated English (issue 27)."""
    return _ingested(tmp_path_factory, embedder, "japanese", "evals/japanese/corpus", "corpus")
