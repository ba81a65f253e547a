"""Separation of duties in source review, through the API and the document page with auth
on: reviewers and admins set a document's status, never for their own upload; analysts
may only flag a document for review; each change is recorded and audited."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.accounts.audit import AuditLog
from service.accounts.users import UserStore
from service.corpus.index import Index
from service.corpus.uploads import ingest_uploads, save_upload
from tests.http.api.conftest import PASSWORD, signed_in

OPERATOR_DOC = "corpus/stockholm-agreement-2014.md"


def _upload(index: Index, name: str, owner: str) -> str:
    """A document uploaded by ``owner`` (as an ingest job of theirs records it); its id."""
    body = f"# {name}\n\nTalks on the {name} question were held in Hanoi in March 2019.\n"
    upload, _ = save_upload(index.settings.data_dir, f"{name}.md", body.encode(), replace=False)
    upload = replace(upload, label=replace(upload.label, added_by=owner))
    assert ingest_uploads(index, [upload]).ok
    row = index.registry.find(upload.label.source)
    assert row is not None
    return row.doc_id


@pytest.fixture(scope="module")
def rex(app: FastAPI, corpus_copy: Index) -> TestClient:
    UserStore(corpus_copy.sessions).add("rex", "reviewer", PASSWORD)
    return signed_in(app, "rex")


def test_an_analyst_cannot_review_their_upload_or_unreview_the_operators(
    app: FastAPI, corpus_copy: Index
) -> None:
    ana = signed_in(app, "ana")
    own = _upload(corpus_copy, "grave-visits", "ana")
    operator = corpus_copy.registry.find(OPERATOR_DOC)
    assert operator is not None
    for doc_id, status in ((own, "reviewed"), (operator.doc_id, "unreviewed")):
        page = ana.post(f"/corpus/documents/{doc_id}/status", data={"status": status})
        assert page.status_code == 403, page.text
        api = ana.put(f"/api/documents/{doc_id}/status", json={"status": status})
        assert api.status_code == 403 and "(review)" in api.json()["detail"]
    assert corpus_copy.registry.statuses([own, operator.doc_id]) == {
        own: "unreviewed", operator.doc_id: "reviewed"
    }  # fmt: skip
    flagged = ana.post(f"/api/documents/{operator.doc_id}/flag")
    assert flagged.status_code == 200 and flagged.json()["flagged_by"] == "ana"
    assert flagged.json()["status"] == "reviewed"  # a flag changes nothing papers read
    event = AuditLog(corpus_copy.sessions).recent(1, actor="ana")[0]
    assert (event.action, event.target) == ("corpus_flagged", operator.doc_id)


def test_a_reviewer_reviews_others_uploads_never_their_own(
    rex: TestClient, corpus_copy: Index
) -> None:
    other = _upload(corpus_copy, "fishing-rights", "ben")
    marked = rex.put(f"/api/documents/{other}/status", json={"status": "reviewed"})
    assert marked.status_code == 200, marked.text
    body = marked.json()
    assert (body["status"], body["added_by"], body["reviewed_by"]) == ("reviewed", "ben", "rex")
    assert body["reviewed_at"]
    page = rex.get(f"/corpus/documents/{other}").text
    assert "Marked reviewed by <strong>rex</strong>" in page and "Uploaded by <strong>ben" in page
    event = AuditLog(corpus_copy.sessions).recent(1, actor="rex")[0]
    assert (event.action, event.target, event.detail) == ("corpus_reviewed", other, "reviewed")
    own = _upload(corpus_copy, "ferry-links", "rex")
    refused = rex.put(f"/api/documents/{own}/status", json={"status": "reviewed"})
    assert refused.status_code == 403 and "you uploaded it" in refused.json()["detail"]
    assert (
        rex.post(f"/corpus/documents/{own}/status", data={"status": "reviewed"}).status_code == 403
    )
    bad = rex.put(f"/api/documents/{other}/status", json={"status": "approved"})
    assert bad.status_code == 422


def test_an_analysts_document_page_offers_a_flag_and_says_who_may_review(
    app: FastAPI, corpus_copy: Index
) -> None:
    operator = corpus_copy.registry.find(OPERATOR_DOC)
    assert operator is not None
    page = signed_in(app, "ana").get(f"/corpus/documents/{operator.doc_id}").text
    assert "Flag for review" in page and "Mark unreviewed" not in page
    assert "This needs the reviewer or admin role" in page
    assert "Ingested by the operator" in page
