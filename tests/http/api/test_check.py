"""POST /api/check (and /api/check/batch): the verifier for any sentence and passage, with
BRIEFING_AUTH=on: analysts only, CSRF on cookie sessions, the per-user rate limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.accounts.users import UserStore
from service.corpus.index import Index
from service.http.app import create_app

PASSWORD = "correct horse battery"
PASSAGE = (
    "Japan's own unilateral measures against the DPRK are separate from the UN sanctions. "
    "Japan's own measures cover travel, money transfers, port entry and trade."
)


@pytest.fixture(scope="module")
def app(corpus_copy: Index) -> Iterator[FastAPI]:
    settings = corpus_copy.settings.model_copy(
        update={"auth": "on", "admin_password": None, "llm_requests_per_minute": 12}
    )
    users = UserStore(corpus_copy.sessions)
    for name, role in (("cal", "analyst"), ("bea", "analyst"), ("rae", "analyst"),
                       ("vera", "viewer")):  # fmt: skip
        if name not in {u.username for u in users.list()}:
            users.add(name, role, PASSWORD)
    application = create_app(settings, index=corpus_copy)
    with TestClient(application):
        yield application


def _signed_in(app: FastAPI, username: str, csrf: bool = True) -> TestClient:
    client = TestClient(app)
    response = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    if csrf:
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def test_check_flags_changed_meaning_and_passes_the_source(app: FastAPI) -> None:
    cal = _signed_in(app, "cal")
    changed = "Japan's own unilateral measures against the DPRK are part of the UN sanctions."
    response = cal.post("/api/check", json={"sentence": changed, "passage": PASSAGE})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {"supported": False, "reason": body["reason"], "kind": "antonym"}
    assert '"part of" where the text says "separate from"' in body["reason"]

    batch = cal.post("/api/check/batch", json={"pairs": [
        {"sentence": "Japan's own measures cover travel, money transfers, port entry and "
                     "arms sales.", "passage": PASSAGE},
        {"sentence": "Japan's unilateral measures against the DPRK are separate from the UN "
                     "sanctions.", "passage": PASSAGE},
    ]})  # fmt: skip
    assert batch.status_code == 200, batch.text
    first, second = batch.json()
    assert (first["supported"], first["kind"]) == (False, "list-item")
    assert second == {"supported": True, "reason": "supported", "kind": None}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sentence": "", "passage": PASSAGE}, "sentence"),
        ({"sentence": "Fine.", "passage": ""}, "passage"),
        ({"sentence": "x" * 2_001, "passage": PASSAGE}, "sentence"),
        ({"sentence": "Fine.", "passage": PASSAGE, "pasage": "typo"}, "pasage"),
        ({"sentence": "Fine."}, "passage"),
    ],
)
def test_bad_input_is_422_naming_the_field(app: FastAPI, body: dict, field: str) -> None:
    response = _signed_in(app, "bea").post("/api/check", json=body)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])


def test_blank_text_is_422(app: FastAPI) -> None:
    response = _signed_in(app, "cal").post("/api/check", json={"sentence": "  ", "passage": "x"})
    assert response.status_code == 422
    assert "must not be blank" in response.json()["detail"]


def test_viewer_is_refused_and_csrf_is_required(app: FastAPI) -> None:
    body = {"sentence": "Japan's measures cover trade.", "passage": PASSAGE}
    assert _signed_in(app, "vera").post("/api/check", json=body).status_code == 403
    assert _signed_in(app, "cal", csrf=False).post("/api/check", json=body).status_code == 403
    assert TestClient(app).post("/api/check", json=body).status_code == 401


def test_checks_count_against_the_rate_limit(app: FastAPI) -> None:
    rae = _signed_in(app, "rae")
    body = {"sentence": "Japan's measures cover trade.", "passage": PASSAGE}
    statuses = [rae.post("/api/check", json=body).status_code for _ in range(14)]
    assert statuses[:12] == [200] * 12
    assert statuses[-1] == 429
