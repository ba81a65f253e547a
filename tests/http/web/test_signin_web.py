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
