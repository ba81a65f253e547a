"""Edits through the API that used to break a draft: unknown citation numbers, control
characters and unbounded sizes (422 or 413 naming the problem, and the draft unharmed)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.papers.paper import Paper
from tests.http.api.conftest import signed_in


@pytest.fixture(scope="module")
def ana(app: FastAPI) -> TestClient:
    return signed_in(app, "ana")


@pytest.fixture
def draft(app: FastAPI, ana: TestClient, drafted_paper: Paper) -> dict[str, Any]:
    record = app.state.drafts.store.create(drafted_paper, author="ana", owner="ana")
    return dict(ana.get(f"/api/drafts/{record.draft_id}").json())


def _edit(ana: TestClient, draft: dict[str, Any], sentences: list[dict[str, Any]]) -> Any:
    body = {"expected_version": draft["version"], "sentences": sentences}
    return ana.put(f"/api/drafts/{draft['id']}/sections/background", json=body)


def test_citing_a_number_the_paper_lacks_is_a_422_naming_it(
    ana: TestClient, draft: dict[str, Any]
) -> None:
    refused = _edit(ana, draft, [{"text": "Talks resumed.", "citations": [999]}])
    assert refused.status_code == 422, refused.text
    assert "[999]" in refused.json()["detail"]
    assert ana.get(f"/api/drafts/{draft['id']}").json()["version"] == draft["version"]


def test_control_characters_are_stripped_so_docx_export_works(
    ana: TestClient, draft: dict[str, Any]
) -> None:
    saved = _edit(ana, draft, [{"text": "Bell\x01 and\x0b tab.", "kind": "framing"}])
    assert saved.status_code == 200, saved.text
    assert saved.json()["paper"]["background"]["sentences"][0]["text"] == "Bell and tab."
    exported = ana.get(f"/api/drafts/{draft['id']}/export", params={"format": "docx"})
    assert exported.status_code == 200


def test_sentence_and_section_sizes_are_bounded(ana: TestClient, draft: dict[str, Any]) -> None:
    long_sentence = _edit(ana, draft, [{"text": "x" * 20_001, "kind": "framing"}])
    assert long_sentence.status_code == 422 and "20,000" in long_sentence.text
    many = [{"text": "y" * 15_000, "kind": "framing"}] * 2
    long_section = _edit(ana, draft, many)
    assert long_section.status_code == 422 and "20,000" in long_section.text
    huge = _edit(ana, draft, [{"text": "z" * 5_000_000, "kind": "framing"}])
    assert huge.status_code == 413
