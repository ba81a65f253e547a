"""POST /api/ask and the SSE stream, with the extractive backend on a real index."""

from __future__ import annotations

import json
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


def test_ask_returns_verified_cited_answer(client: TestClient, docs_dir: Path) -> None:
    response = client.post("/api/ask", json={"question": "When were the Stockholm talks held?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "answer",
        "abstained",
        "unstated",
        "notes",
        "sentences",
        "corrections",
        "citations",
    }
    assert not body["abstained"]
    assert all(s["supported"] and s["citations"] for s in body["sentences"])
    citation = body["citations"][0]
    assert set(citation) == {"n", "source", "doc_id", "chunk_id", "quote", "start", "end",
                             "source_status"}  # fmt: skip
    assert citation["source_status"] == "reviewed"
    filtered = {"question": "When were the Stockholm talks held?",
                "filters": {"reviewed_only": True}}  # fmt: skip
    assert client.post("/api/ask", json=filtered).json()["citations"]  # all shipped: reviewed
    text = (docs_dir / "stockholm.md").read_text(encoding="utf-8")
    assert citation["quote"] in text


def test_ask_with_filters_that_exclude_everything_abstains(client: TestClient) -> None:
    body = {"question": "When were the talks held?", "filters": {"doc_types": ["agreement"]}}
    response = client.post("/api/ask", json=body)
    assert response.status_code == 200
    assert response.json()["abstained"] is True
    assert response.json()["citations"] == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"question": ""}, "question"),
        ({"question": "x" * 20_000}, "question"),
        ({"question": "ok?", "k": 0}, "k"),
        ({}, "question"),
        ({"question": "ok?", "filters": {"date_from": "yesterday"}}, "date_from"),
    ],
)
def test_ask_bad_input_is_422(client: TestClient, body: dict[str, object], fragment: str) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422
    assert fragment in json.dumps(response.json())


def test_ask_whitespace_question_is_422(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": "   "})
    assert response.status_code == 422
    assert response.json() == {"detail": "query is empty"}


def test_ask_stream_sends_sentences_then_done(client: TestClient) -> None:
    with client.stream("GET", "/api/ask/stream", params={"q": "How many Japanese died?"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [
            line.removeprefix("event: ") for line in r.iter_lines() if line.startswith("event:")
        ]
    assert events[-1] == "done"
    assert events.count("sentence") >= 1


def test_ask_stream_empty_question_is_422(client: TestClient) -> None:
    assert client.get("/api/ask/stream", params={"q": " "}).status_code == 422
