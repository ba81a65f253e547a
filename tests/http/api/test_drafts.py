"""Draft routes end to end: create, read, versions, edit with 409, diff, export, bad input."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from service.corpus.index import Index
from service.http.app import create_app
from service.papers.export import footnotes_of
from tests.helpers import wait_for_job


@pytest.fixture(scope="module")
def client(corpus_copy: Index) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_copy.settings, index=corpus_copy)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def draft(client: TestClient) -> dict[str, Any]:
    # Drafting is a job (#17): 202 at once, then the draft once the job is done.
    body = {"tasking": "How should Japan reopen talks?", "options": 2, "length": "short"}
    job = wait_for_job(client, client.post("/api/drafts", json=body))
    assert job["state"] == "done", job
    assert job["kind"] == "draft" and job["result"]["version"] == 1
    assert job["steps"] and job["done"] == job["total"] > 0
    return client.get(f"/api/drafts/{job['result']['draft_id']}").json()


def test_create_and_read(client: TestClient, draft: dict[str, Any]) -> None:
    assert draft["version"] == 1 and draft["change"] == "generation"
    assert len(draft["paper"]["options"]) == 2
    fetched = client.get(f"/api/drafts/{draft['id']}").json()
    assert fetched["paper"] == draft["paper"]
    assert draft["id"] in [d["id"] for d in client.get("/api/drafts").json()]


def test_edit_flags_unsupported_and_refuses_stale(
    client: TestClient, draft: dict[str, Any]
) -> None:
    url = f"/api/drafts/{draft['id']}/sections/background"
    good = draft["paper"]["background"]["sentences"][0]
    invented = {"text": "The talks were held in Geneva in 1999.", "citations": good["citations"]}
    edit = {"expected_version": 1, "sentences": [good, invented]}
    saved = client.put(url, json=edit)
    assert saved.status_code == 200, saved.text
    sentences = saved.json()["paper"]["background"]["sentences"]
    assert sentences[0]["supported"] is True
    assert sentences[1]["supported"] is False
    assert sentences[1]["reason"] == "not in the cited text: 1999, geneva"
    stale = client.put(url, json=edit)
    assert stale.status_code == 409
    assert "edited from version 1, but version 2 is current" in stale.json()["detail"]
    versions = client.get(f"/api/drafts/{draft['id']}/versions").json()
    assert [v["change"] for v in versions] == ["generation", "edit:background"]
    diff = client.get(f"/api/drafts/{draft['id']}/diff", params={"from": 1, "to": 2}).json()
    assert [s["path"] for s in diff["sections"]] == ["background"]
    assert "Geneva" in diff["sections"][0]["unified"]


def test_export_docx_and_markdown(client: TestClient, draft: dict[str, Any]) -> None:
    response = client.get(f"/api/drafts/{draft['id']}/export", params={"format": "docx"})
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert any(p.text == "Options" for p in document.paragraphs)
    assert footnotes_of(response.content)
    markdown = client.get(f"/api/drafts/{draft['id']}/export", params={"format": "md"}).text
    assert markdown.startswith("# Options paper:") and "## Sources" in markdown


@pytest.mark.parametrize(
    "body",
    [
        {"tasking": ""},
        {"tasking": "   "},
        {"tasking": "x", "weights": {"abductions": 1.5}},
        {"tasking": "x", "weights": {"weather": 0.5}},
        {"tasking": "x", "options": 9},
    ],
)
def test_bad_draft_requests_are_422(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/drafts", json=body)
    assert response.status_code == 422, response.text


def test_missing_draft_is_404(client: TestClient) -> None:
    assert client.get("/api/drafts/nope").status_code == 404
    assert client.get("/api/drafts/nope/export", params={"format": "md"}).status_code == 404
    response = client.get("/api/drafts/nope/export", params={"format": "pdf"})
    assert response.status_code == 422


def test_edit_unknown_section_is_422(client: TestClient, draft: dict[str, Any]) -> None:
    url = f"/api/drafts/{draft['id']}/sections/options.9.pros"
    response = client.put(url, json={"expected_version": 2, "sentences": []})
    assert response.status_code == 422
    assert "no such section" in response.json()["detail"]


def test_regenerate_a_section(client: TestClient, draft: dict[str, Any]) -> None:
    current = client.get(f"/api/drafts/{draft['id']}").json()["version"]
    url = f"/api/drafts/{draft['id']}/sections/core_assessment/regenerate"
    # The alternative may hold fewer claims: with the reading model, restatements of the
    # block's and the paper's claims in other words are passed over too (issue 31), and the
    # shipped corpus has one other claim on the core for this short paper. The refusal of a
    # shorter block without accept_shorter is tested in tests/papers.
    body = {"expected_version": current, "accept_shorter": True}
    job = wait_for_job(client, client.post(url, json=body))
    assert job["state"] == "done", job
    assert job["result"] == {"draft_id": draft["id"], "version": current + 1,
                             "path": "core_assessment"}  # fmt: skip
    body = client.get(f"/api/drafts/{draft['id']}").json()
    assert (body["version"], body["change"]) == (current + 1, "regeneration:core_assessment")
    assert body["paper"]["core_assessment"]["sentences"]
    stale = client.post(url, json={"expected_version": current})
    assert stale.status_code == 409
    unknown = client.post(f"/api/drafts/{draft['id']}/sections/options.9.pros/regenerate",
                          json={"expected_version": current + 1})  # fmt: skip
    assert unknown.status_code == 422 and "not a generated section" in unknown.text
    missing = client.post("/api/drafts/nope/sections/bluf/regenerate", json={"expected_version": 1})
    assert missing.status_code == 404


def test_proposed_options_come_before_any_text(client: TestClient) -> None:
    tasking = (
        "Should Japan support or oppose a Security Council draft that widens humanitarian "
        "exemptions to the DPRK sanctions, with the vote due in March 2027?"
    )
    proposed = client.post("/api/drafts/options", json={"tasking": tasking})
    assert proposed.status_code == 200, proposed.text
    body = proposed.json()
    assert body["decision"] == "support-or-oppose"
    assert body["deadline"] == "before the vote in March 2027"
    assert {o["verb"] for o in body["options"]} == {"support", "oppose"}
    assert "hold-and-pressure" in body["bases"]
    bad = {
        "tasking": tasking,
        "choices": [{"name": "A", "basis": "nope"}, {"name": "B", "basis": "nope"}],
    }
    refused = client.post("/api/drafts/options", json=bad)
    assert refused.status_code == 422 and "basis 'nope'" in refused.json()["detail"]
