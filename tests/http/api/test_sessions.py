"""Sessions end server-side (sign-out, disable, new password), tokens can be listed and
revoked, and sign-in limits cannot be dodged with X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.accounts.users import UserStore
from service.corpus.index import Index
from service.http.app import create_app
from tests.http.api.conftest import PASSWORD, signed_in


def _copy_of(client: TestClient, app: FastAPI) -> TestClient:
    """Another client holding the same cookie (what a thief or a second tab has)."""
    copy = TestClient(app, headers=dict(client.headers))
    copy.cookies.update(client.cookies)
    return copy


def test_signing_out_kills_every_copy_of_the_cookie(app: FastAPI) -> None:
    ana = signed_in(app, "ana")
    stolen = _copy_of(ana, app)
    assert stolen.get("/api/session").status_code == 200
    assert ana.delete("/api/session").status_code == 204
    assert stolen.get("/api/session").status_code == 401
    assert stolen.post("/api/tokens", json={"name": "x"}).status_code == 401
    actions = [e.action for e in app.state.auth.audit.recent(5, actor="ana")]
    assert actions[0] == "logout"


def test_disabling_or_a_new_password_ends_sessions(app: FastAPI, corpus_copy: Index) -> None:
    users = UserStore(corpus_copy.sessions)
    users.add("dan", "analyst", PASSWORD)
    dan = signed_in(app, "dan")
    users.set_disabled("dan")
    users.set_disabled("dan", False)  # re-enabling does not revive the old session
    assert dan.get("/api/session").status_code == 401
    dan = signed_in(app, "dan")
    users.set_password("dan", "another long password")
    assert dan.get("/api/session").status_code == 401
    assert signed_in(app, "dan", "another long password").get("/api/session").status_code == 200


def test_tokens_are_listed_without_secrets_and_revoked_by_id(app: FastAPI) -> None:
    ana, ben = signed_in(app, "ana"), signed_in(app, "ben")
    token = ana.post("/api/tokens", json={"name": "laptop"}).json()["token"]
    listed = ana.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["laptop"] and token not in str(listed)
    token_id = listed[0]["id"]
    bearer = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert bearer.get("/api/session").status_code == 200
    assert ben.delete(f"/api/tokens/{token_id}").status_code == 404  # not ben's token
    assert bearer.get("/api/session").status_code == 200
    assert ana.delete(f"/api/tokens/{token_id}").status_code == 204
    assert bearer.get("/api/session").status_code == 401
    assert ana.get("/api/tokens").json() == []
    assert ana.delete("/api/tokens/not-an-id").status_code == 404


@pytest.fixture
def behind_proxy(corpus_copy: Index) -> Iterator[FastAPI]:
    settings = corpus_copy.settings.model_copy(
        update={"auth": "on", "admin_password": None, "trusted_proxies": "testclient"}
    )
    application = create_app(settings, index=corpus_copy)
    with TestClient(application):
        yield application


def _wrong_sign_ins(app: FastAPI, username: str, network: str) -> list[int]:
    """Statuses of 12 failed sign-ins, each claiming another X-Forwarded-For address."""
    client = TestClient(app)
    wrong = {"username": username, "password": "not the password"}
    forwarded = [{"X-Forwarded-For": f"{network}.{n}"} for n in range(12)]
    return [client.post("/api/session", json=wrong, headers=h).status_code for h in forwarded]


def test_forwarded_for_from_an_untrusted_peer_is_ignored(app: FastAPI) -> None:
    statuses = _wrong_sign_ins(app, "vic", "10.0.0")
    assert 429 in statuses and statuses[:5] == [401] * 5
    addresses = {e.detail for e in app.state.auth.audit.recent(50, actor="vic")}
    assert addresses == {"testclient"}  # no spoofed address reached the audit log


def test_a_user_is_limited_whatever_the_address(behind_proxy: FastAPI) -> None:
    statuses = _wrong_sign_ins(behind_proxy, "ben", "10.1.0")
    assert statuses == [401] * 10 + [429] * 2  # the proxy is trusted: addresses differ
    addresses = {e.detail for e in behind_proxy.state.auth.audit.recent(10, actor="ben")}
    assert "10.1.0.9" in addresses
