"""The pages with auth on: sign-in redirects, CSRF on every form post, roles, sign-out."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.http.web.conftest import HX, PASSWORD, is_full_page


def _sign_in(client: TestClient, username: str) -> str:
    response = client.post("/signin", data={"username": username, "password": PASSWORD,
                                            "next": "/drafts"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/drafts"
    page = client.get("/drafts").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_pages_ask_to_sign_in_first(secured: TestClient) -> None:
    page = secured.get("/corpus", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=%2Fcorpus"
    fragment = secured.get("/drafts", headers=HX)
    assert fragment.status_code == 401 and fragment.headers["hx-redirect"].startswith("/signin")
    form = secured.get("/signin?next=/corpus")
    assert is_full_page(form.text) and 'name="password"' in form.text
    wrong = secured.post("/signin", data={"username": "admin", "password": "nope"})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text


def test_signed_in_forms_carry_the_csrf_token_and_need_it(secured: TestClient) -> None:
    token = _sign_in(secured, "admin")
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in secured.get("/corpus").text
    blank = {"tasking": "  "}
    refused = secured.post("/drafts", data=blank, headers=HX)
    assert refused.status_code == 403 and "CSRF token missing or wrong" in refused.text
    as_header = secured.post("/drafts", data=blank, headers={**HX, "X-CSRF-Token": token})
    assert as_header.status_code == 422  # past the CSRF check, refused for the blank tasking
    as_field = secured.post("/drafts", data={**blank, "csrf_token": token}, headers=HX)
    assert as_field.status_code == 422
    out = secured.post("/signout", follow_redirects=False)
    assert out.status_code == 303
    assert secured.get("/drafts", follow_redirects=False).status_code == 303


def test_a_viewer_sees_no_upload_or_draft_forms_and_cannot_post(secured: TestClient) -> None:
    token = _sign_in(secured, "vera")
    assert 'name="files"' not in secured.get("/corpus").text
    assert 'name="tasking"' not in secured.get("/drafts").text
    files = {"files": ("a.md", b"# A\n\ntext", "text/markdown")}
    upload = secured.post("/corpus/upload", files=files, data={"csrf_token": token}, headers=HX)
    assert upload.status_code == 403 and "viewer role cannot" in upload.text
    ask = secured.get("/ask", params={"q": "When were the talks?"}, headers=HX)
    assert ask.status_code == 403


def test_signing_out_ends_the_session_server_side_and_is_audited(secured: TestClient) -> None:
    _sign_in(secured, "admin")
    copy = TestClient(secured.app)
    copy.cookies.update(secured.cookies)
    assert copy.get("/drafts", follow_redirects=False).status_code == 200
    assert secured.post("/signout", follow_redirects=False).status_code == 303
    assert copy.get("/drafts", follow_redirects=False).status_code == 303  # to /signin
    actions = [e.action for e in secured.app.state.auth.audit.recent(5, actor="admin")]  # type: ignore[attr-defined]
    assert actions[0] == "logout"


def test_the_tokens_page_issues_lists_and_revokes_ones_own_tokens(secured: TestClient) -> None:
    token = _sign_in(secured, "vera")
    issued = secured.post("/account/tokens", data={"name": "laptop", "csrf_token": token})
    secret = re.search(r"<code>(bd_[^<]+)</code>", issued.text).group(1)  # type: ignore[union-attr]
    page = secured.get("/account/tokens").text
    assert "laptop" in page and secret not in page
    token_id = re.search(r"/account/tokens/([0-9a-f]{16})/revoke", page).group(1)  # type: ignore[union-attr]
    bearer = {"Authorization": f"Bearer {secret}"}
    assert secured.get("/api/session", headers=bearer).status_code == 200
    revoked = secured.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    assert revoked.status_code == 303
    assert TestClient(secured.app).get("/api/session", headers=bearer).status_code == 401
    assert "No tokens." in secured.get("/account/tokens").text
