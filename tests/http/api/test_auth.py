"""Access control end to end with BRIEFING_AUTH=on: sign-in, cookies, CSRF, roles, tokens,
draft privacy and sharing (every draft route tried as an outsider), rate limits, audit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import text

from service.accounts.users import UserStore
from service.config import Settings
from service.corpus.index import Index
from service.http.app import create_app
from tests.helpers import wait_for_job
from tests.http.api.conftest import PASSWORD, signed_in

OPEN_ROUTES = {("GET", "/healthz"), ("POST", "/api/session")}


@pytest.fixture(scope="module")
def ana(app: FastAPI) -> TestClient:
    return signed_in(app, "ana")


@pytest.fixture(scope="module")
def draft_id(ana: TestClient) -> str:
    body = {"tasking": "How should Japan reopen talks?", "options": 2, "length": "short"}
    # Drafting is a job (#17): 202 with the job, the draft id in its result once done.
    job = wait_for_job(ana, ana.post("/api/drafts", json=body))
    assert job["state"] == "done", job
    return str(job["result"]["draft_id"])


def _calls(app: FastAPI, draft_id: str) -> list[tuple[str, str]]:
    """Every route of the OpenAPI schema with its path parameters filled in."""
    calls = []
    doc_id = app.state.index.registry.list_documents()[0].doc_id  # a real document
    for template, operations in app.openapi()["paths"].items():
        path = template.replace("{draft_id}", draft_id).replace("{path}", "background")
        path = path.replace("{row}", "0").replace("{column}", "1")  # a real matrix cell
        path = path.replace("{doc_id}", doc_id).replace("{run_id}", "0123456789ab")
        calls += [(method.upper(), path) for method in operations]
    assert len(calls) >= 19, "the schema lists every route"
    return calls


def _send(client: TestClient, method: str, path: str, **kwargs: Any) -> int:
    return client.request(method, path, **kwargs).status_code


def test_every_route_but_sign_in_and_health_needs_credentials(app: FastAPI, draft_id: str) -> None:
    anonymous = TestClient(app)
    for method, path in _calls(app, draft_id):
        if (method, path) not in OPEN_ROUTES and path.startswith("/api"):
            assert _send(anonymous, method, path, json={}) == 401, (method, path)
    assert anonymous.get("/healthz").status_code == 200


def test_every_draft_route_hides_a_private_draft_from_an_outsider(
    app: FastAPI, draft_id: str
) -> None:
    ben = signed_in(app, "ben")
    # One body that every PUT/POST accepts (section edit, sharing, matrix cell, regenerate),
    # so each request reaches the access check rather than stopping at validation.
    bodies = {"PUT": {"expected_version": 1, "sentences": [], "grantees": [], "kind": "none"},
              "POST": {"expected_version": 1}}  # fmt: skip
    draft_routes = [(m, p) for m, p in _calls(app, draft_id) if draft_id in p]
    assert len(draft_routes) >= 7
    for method, path in draft_routes:
        query = {"from": 1, "to": 1} if path.endswith("/diff") else {}
        status = _send(ben, method, path, json=bodies.get(method), params=query)
        assert status == 404, (method, path, status)
    assert draft_id not in [d["id"] for d in ben.get("/api/drafts").json()]


def test_corpus_and_eval_routes_let_a_viewer_read_and_nothing_more(
    app: FastAPI, draft_id: str, corpus_copy: Index
) -> None:
    vic = signed_in(app, "vic")
    routes = [
        (m, p) for m, p in _calls(app, draft_id) if p.startswith(("/api/documents", "/api/evals"))
    ]
    assert len(routes) >= 5
    chunks = corpus_copy.registry.chunk_total()
    for method, path in routes:
        status = _send(vic, method, path, json={}, params={"a": "0123456789ab", "b": "0123"})
        # Reads are open to viewers (404: no such run here); every change is an analyst's or
        # an admin's, refused before anything is looked up or read.
        expected = {404} if "0123456789ab" in path or path.endswith("/compare") else {200}
        assert status in (expected if method == "GET" else {403}), (method, path, status)
    assert corpus_copy.registry.chunk_total() == chunks


def test_sharing_lets_named_users_read_and_analysts_edit(
    app: FastAPI, ana: TestClient, draft_id: str
) -> None:
    ben, vic = signed_in(app, "ben"), signed_in(app, "vic")
    assert (
        ana.put(f"/api/drafts/{draft_id}/sharing", json={"grantees": ["nobody"]}).status_code == 422
    )
    shared = ana.put(f"/api/drafts/{draft_id}/sharing", json={"grantees": ["ben", "vic"]})
    assert shared.json() == {"grantees": ["ben", "vic"]}
    assert vic.get(f"/api/drafts/{draft_id}").status_code == 200
    current = vic.get(f"/api/drafts/{draft_id}").json()["version"]
    edit = {"expected_version": current,
            "sentences": [{"text": "Ben's framing.", "kind": "framing"}]}  # fmt: skip
    url = f"/api/drafts/{draft_id}/sections/background"
    assert vic.put(url, json=edit).status_code == 403  # viewers read only
    assert ben.put(url, json=edit).status_code == 200
    assert ben.put(f"/api/drafts/{draft_id}/sharing", json={"grantees": []}).status_code == 403
    assert ana.put(f"/api/drafts/{draft_id}/sharing", json={"grantees": []}).status_code == 200
    assert ben.get(f"/api/drafts/{draft_id}").status_code == 404


def test_cookie_requests_need_the_csrf_token(app: FastAPI, draft_id: str) -> None:
    ana = signed_in(app, "ana")
    token = ana.headers.pop("X-CSRF-Token")
    current = ana.get(f"/api/drafts/{draft_id}").json()["version"]
    edit = {"expected_version": current, "sentences": []}
    url = f"/api/drafts/{draft_id}/sections/bluf"
    refused = ana.put(url, json=edit)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert ana.put(url, json=edit, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert ana.put(url, json=edit, headers={"X-CSRF-Token": token}).status_code == 200


def test_session_cookie_is_httponly_and_samesite(app: FastAPI) -> None:
    response = TestClient(app).post("/api/session", json={"username": "vic", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "briefing_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_roles(app: FastAPI) -> None:
    vic = signed_in(app, "vic")
    assert vic.get("/api/search", params={"q": "Stockholm Agreement"}).status_code == 200
    assert vic.post("/api/ask", json={"question": "What is Stockholm?"}).status_code == 403
    assert vic.post("/api/drafts", json={"tasking": "x"}).status_code == 403


def test_api_tokens_work_without_cookies_and_die_with_their_user(
    app: FastAPI, corpus_copy: Index
) -> None:
    users = UserStore(corpus_copy.sessions)
    users.add("tom", "analyst", PASSWORD)
    issued = signed_in(app, "tom").post("/api/tokens", json={"name": "laptop"})
    assert issued.status_code == 201
    token = issued.json()["token"]
    with corpus_copy.sessions() as session:
        stored = session.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert token not in stored and all(len(h) == 64 for h in stored)
    bearer = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert bearer.get("/api/session").json()["username"] == "tom"
    assert (
        bearer.post("/api/ask", json={"question": "When was Stockholm signed?"}).status_code == 200
    )
    wrong = TestClient(app, headers={"Authorization": "Bearer bd_not-a-token"})
    assert wrong.get("/api/drafts").status_code == 401
    users.set_disabled("tom")
    assert bearer.get("/api/drafts").status_code == 401


def test_wrong_passwords_are_rate_limited_and_audited(app: FastAPI, corpus_copy: Index) -> None:
    client = TestClient(app)
    wrong = {"username": "ben", "password": "not the password"}
    statuses = [client.post("/api/session", json=wrong).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    limited = client.post("/api/session", json={"username": "ben", "password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    actions = [e.action for e in app.state.auth.audit.recent(20, actor="ben")]
    assert actions.count("login_failed") == 5


def test_audit_log_records_sign_ins_edits_shares_and_exports(
    app: FastAPI, ana: TestClient, draft_id: str
) -> None:
    assert ana.get(f"/api/drafts/{draft_id}/export", params={"format": "md"}).status_code == 200
    actions = {e.action for e in app.state.auth.audit.recent(200, actor="ana")}
    assert {"login", "draft_created", "draft_shared", "draft_edited", "draft_exported"} <= actions


def test_llm_endpoints_are_rate_limited_per_user(corpus_copy: Index) -> None:
    settings = corpus_copy.settings.model_copy(update={"llm_requests_per_minute": 1})
    with TestClient(create_app(settings, index=corpus_copy)) as local:
        question = {"question": "When was the Stockholm Agreement signed?"}
        assert local.post("/api/ask", json=question).status_code == 200
        limited = local.post("/api/ask", json=question)
        assert limited.status_code == 429 and "retry in" in limited.json()["detail"]


def test_first_run_admin_password_is_printed_once(
    tmp_path: Any, embedder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(data_dir=tmp_path / "data", llm="extractive", auth="on")
    index = Index.open(settings, embedder=embedder)
    with TestClient(create_app(settings, index=index)):
        printed = capsys.readouterr().err
    match = re.search(r"created user 'admin' with password (\S+)", printed)
    assert match is not None
    with TestClient(create_app(settings, index=index)) as again:
        assert "created user" not in capsys.readouterr().err
        signed = again.post("/api/session", json={"username": "admin", "password": match[1]})
        assert signed.status_code == 200 and signed.json()["role"] == "admin"


def test_auth_off_is_refused_off_loopback() -> None:
    with pytest.raises(ValidationError, match="only allowed on a loopback host"):
        Settings(auth="off", host="0.0.0.0")
