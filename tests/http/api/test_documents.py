"""``/api/documents``: list (the fields of ``briefing sources --json``), read, remove (admins,
audited, gone from the registry, Chroma and BM25), and 4xx for unknown or bad ids."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.accounts.audit import AuditLog
from service.accounts.users import UserStore
from service.corpus.index import Index
from service.retrieve.hybrid import lexical_search
from tests.http.api.conftest import PASSWORD, signed_in

# Removed by the last test; no other test of this module reads it.
REMOVED = "corpus/yodo-go-hijackers.md"


@pytest.fixture(scope="module")
def ada(app: FastAPI, corpus_copy: Index) -> TestClient:
    UserStore(corpus_copy.sessions).add("ada", "admin", PASSWORD)
    return signed_in(app, "ada")


@pytest.fixture(scope="module")
def vic(app: FastAPI) -> TestClient:
    return signed_in(app, "vic")


def _doc_id(index: Index, source: str) -> str:
    row = index.registry.find(source)
    assert row is not None, source
    return row.doc_id


def test_the_list_is_what_briefing_sources_json_lists(vic: TestClient, corpus_copy: Index) -> None:
    response = vic.get("/api/documents")
    assert response.status_code == 200, response.text
    listed = response.json()
    assert listed == [d.as_json() for d in corpus_copy.registry.list_documents()]
    assert len(listed) == 33
    first = listed[0]
    assert set(first) == {"source", "doc_id", "title", "doc_type", "date", "tags",
                          "chunk_count", "status"}  # fmt: skip


def test_a_document_reads_back_with_its_text_and_chunk_spans(
    vic: TestClient, corpus_copy: Index
) -> None:
    doc_id = _doc_id(corpus_copy, "corpus/stockholm-agreement-2014.md")
    response = vic.get(f"/api/documents/{doc_id}")
    assert response.status_code == 200
    document = response.json()
    assert document["doc_id"] == doc_id and document["source"].endswith(
        "stockholm-agreement-2014.md"
    )
    assert document["chunk_count"] == len(document["chunks"]) > 1
    assert document["sources"] and all("url" in s for s in document["sources"])
    committed = {e.chunk_id: e for e in corpus_copy.registry.chunk_entries() if e.doc_id == doc_id}
    for chunk in document["chunks"]:  # each span of the text is the chunk retrieval indexes
        entry = committed[chunk["chunk_id"]]
        assert document["text"][chunk["start"] : chunk["end"]] == entry.text
        assert chunk["section"] == entry.section
    assert any("Japan" in c["section"] for c in document["chunks"])


@pytest.mark.parametrize(
    "doc_id", ["0123456789abcdef", "nothing", "é", "stockholm-agreement-2014.md"]
)
def test_unknown_ids_are_404(vic: TestClient, ada: TestClient, doc_id: str) -> None:
    got = vic.get(f"/api/documents/{quote(doc_id)}")
    assert got.status_code == 404 and "no such source" in got.json()["detail"], got.text
    assert ada.delete(f"/api/documents/{quote(doc_id)}").status_code == 404


def test_a_source_path_is_not_an_id(vic: TestClient, ada: TestClient, corpus_copy: Index) -> None:
    # remove_source also takes a source path; the API must not (its ids are doc ids).
    for path in ("corpus/stockholm-agreement-2014.md", "corpus%2Fstockholm-agreement-2014.md"):
        assert vic.get(f"/api/documents/{path}").status_code == 404
        assert ada.delete(f"/api/documents/{path}").status_code == 404
    assert corpus_copy.registry.find("corpus/stockholm-agreement-2014.md") is not None


def test_an_overlong_id_is_422_unread(vic: TestClient, ada: TestClient) -> None:
    for response in (
        vic.get(f"/api/documents/{'a' * 65}"),
        ada.delete(f"/api/documents/{'a' * 10_000}"),
    ):
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["path", "doc_id"]


def test_only_admins_remove_documents(app: FastAPI, vic: TestClient, corpus_copy: Index) -> None:
    doc_id = _doc_id(corpus_copy, REMOVED)
    ana = signed_in(app, "ana")  # analysts review documents but cannot remove them
    for client in (vic, ana):
        refused = client.delete(f"/api/documents/{doc_id}")
        assert refused.status_code == 403 and "corpus" in refused.json()["detail"]
    assert TestClient(app).delete(f"/api/documents/{doc_id}").status_code == 401
    assert corpus_copy.registry.version_of(doc_id) is not None


def test_removing_needs_the_csrf_token_with_a_cookie(app: FastAPI, ada: TestClient) -> None:
    doc_id = "0123456789abcdef"
    token = ada.headers.pop("X-CSRF-Token")
    try:
        assert ada.delete(f"/api/documents/{doc_id}").status_code == 403
    finally:
        ada.headers["X-CSRF-Token"] = token


def test_removing_a_document_takes_it_out_of_every_index_and_is_audited(
    ada: TestClient, corpus_copy: Index
) -> None:
    doc_id = _doc_id(corpus_copy, REMOVED)
    query = "Yodo-go hijackers Pyongyang"
    assert doc_id in {h.entry.doc_id for h in lexical_search(corpus_copy, query, 10)}
    response = ada.delete(f"/api/documents/{doc_id}")
    assert response.status_code == 204, response.text
    assert corpus_copy.registry.version_of(doc_id) is None
    assert doc_id not in {doc for doc, _version in corpus_copy.store.versions().values()}
    assert doc_id not in {h.entry.doc_id for h in lexical_search(corpus_copy, query, 40)}
    assert doc_id not in {d["doc_id"] for d in ada.get("/api/documents").json()}
    assert doc_id not in {h["doc_id"] for h in ada.get("/api/search", params={"q": query}).json()}
    assert ada.get(f"/api/documents/{doc_id}").status_code == 404
    assert ada.delete(f"/api/documents/{doc_id}").status_code == 404
    event = AuditLog(corpus_copy.sessions).recent(1, actor="ada")[0]
    assert (event.action, event.target, event.detail) == ("corpus_removed", doc_id, REMOVED)
