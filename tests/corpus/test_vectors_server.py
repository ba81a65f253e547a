"""Ingest and search against a real Chroma server on loopback (``chroma run``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.retrieve.hybrid import dense_search
from tests.helpers import free_port, running_server


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A Chroma server process with its own data folder; yields its URL."""
    port = free_port()
    chroma = str(Path(sys.executable).parent / "chroma")
    url = f"http://127.0.0.1:{port}"
    command = [chroma, "run", "--host", "127.0.0.1", "--port", str(port)]
    with running_server([*command, "--path", str(tmp_path / "server")], f"{url}/api/v2/heartbeat"):
        yield url


def test_ingest_and_search_through_chroma_server(
    chroma_server: str, tmp_path: Path, docs_dir: Path, embedder: LocalEmbeddings
) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_server)
    index = Index.open(settings, embedder=embedder)
    report = ingest_paths(index, [docs_dir])
    assert report.ok and len(report.added) == 2
    assert not settings.chroma_path.exists(), "no embedded Chroma when a server is configured"
    hits = dense_search(index, "When were the Stockholm talks held?", k=2)
    assert hits[0].source == str(docs_dir / "stockholm.md")
    assert "26 to 28 May 2014" in hits[0].text
    assert ingest_paths(index, [docs_dir]).chunks_written == 0
