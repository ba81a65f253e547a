"""Text a request asks to store never holds a NUL (PostgreSQL cannot store one): a 422
naming the field, from the API and the pages; a token's name is answered and audited as
stored, without bidi controls; a document whose front matter holds a NUL is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.accounts.audit import AuditLog
from service.corpus.index import Index
from service.corpus.load import load_document
from service.errors import IngestError
from service.papers.matrix_edit import CellEdit
from tests.http.api.conftest import PASSWORD, signed_in
from tests.papers.samples import paper


def _field(response: object) -> list[object]:
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    assert isinstance(detail, list), detail
    return list(detail[0]["loc"])


def test_an_edit_with_a_nul_is_a_422_naming_the_field(app: FastAPI) -> None:
    ana = signed_in(app, "ana")
    record = app.state.drafts.store.create(paper(), author="ana", owner="ana")
    body = {"expected_version": 1, "sentences": [{"text": "Talks\x00 resumed.", "citations": [1]}]}
    refused = ana.put(f"/api/drafts/{record.draft_id}/sections/bluf", json=body)
    assert refused.status_code == 422 and _field(refused) == ["body", "sentences", 0, "text"]
    assert "NUL" in refused.json()["detail"][0]["msg"]
    page = ana.post(f"/drafts/{record.draft_id}/sections/bluf",
                    data={"text": "Talks\x00 resumed.", "expected_version": "1"})  # fmt: skip
    assert page.status_code == 422 and "NUL" in page.text
    assert ana.get(f"/api/drafts/{record.draft_id}").json()["version"] == 1
    with pytest.raises(ValidationError, match="NUL"):
        CellEdit(kind="text", text="No\x00 source.")


def test_sign_in_and_token_names_refuse_a_nul_and_lose_bidi_controls(
    app: FastAPI, corpus_copy: Index
) -> None:
    anonymous = TestClient(app)
    refused = anonymous.post("/api/session", json={"username": "ana\x00", "password": PASSWORD})
    assert refused.status_code == 422 and _field(refused) == ["body", "username"]
    form = anonymous.post("/signin", data={"username": "ana\x00", "password": PASSWORD})
    assert form.status_code == 422
    ana = signed_in(app, "ana")
    issued = ana.post("/api/tokens", json={"name": "\u202eevil"})
    assert issued.status_code == 201 and issued.json()["name"] == "evil"
    event = AuditLog(corpus_copy.sessions).recent(1, actor="ana")[0]
    assert (event.action, event.detail) == ("token_issued", "evil")
    assert {t["name"] for t in ana.get("/api/tokens").json()} == {"evil"}
    nul = ana.post("/api/tokens", json={"name": "a\x00b"})
    assert nul.status_code == 422 and _field(nul) == ["body", "name"]


@pytest.mark.parametrize("front", ['title: "Notes\\0"', 'tags: [talks, "x\\0"]',
                                   'doc_type: "memo\\0"'])  # fmt: skip
def test_front_matter_with_a_nul_is_refused_naming_the_field(tmp_path: Path, front: str) -> None:
    path = tmp_path / "notes.md"
    path.write_text(f"---\n{front}\n---\n# Notes\n\nTalks were held.\n", encoding="utf-8")
    field = front.split(":")[0]
    with pytest.raises(IngestError, match=f"front matter field '{field}': contains a NUL"):
        load_document(path, "notes.md", 1_000_000)
