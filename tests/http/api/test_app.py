"""The FastAPI app on a real index: lifespan, health and search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.http.app import create_app


@pytest.fixture
def client(index: Index, docs_dir: Path) -> Iterator[TestClient]:
    ingest_paths(index, [docs_dir])
    with TestClient(create_app(index.settings, index=index)) as test_client:
        yield test_client


def test_healthz_reports_the_index(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "documents": 2, "chunks": 3}


def test_search_returns_hits_in_cli_shape(client: TestClient, docs_dir: Path) -> None:
    response = client.get("/api/search", params={"q": "Stockholm talks dates", "k": 2})
    assert response.status_code == 200
    hits = response.json()
    assert len(hits) == 2
    assert hits[0]["source"] == str(docs_dir / "stockholm.md")
    assert set(hits[0]) == {"source", "doc_id", "chunk_id", "score", "start", "end", "text"}


@pytest.mark.parametrize(
    "params", [{"q": ""}, {"q": "x", "k": 0}, {"q": "x", "k": 1000}, {}, {"q": "y" * 5000}]
)
def test_search_bad_input_is_422(client: TestClient, params: dict[str, object]) -> None:
    assert client.get("/api/search", params=params).status_code == 422


def test_search_whitespace_query_is_422_with_reason(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "   "})
    assert response.status_code == 422
    assert response.json() == {"detail": "query is empty"}


def test_lifespan_opens_index_from_settings(index: Index) -> None:
    with TestClient(create_app(index.settings)) as fresh:
        assert fresh.get("/healthz").json()["documents"] == 0
