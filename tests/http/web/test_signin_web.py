"""The pages with auth on: sign-in redirects, CSRF on every form post, roles, sign-out."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from service.accounts.users import UserStore
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.http.app import create_app
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


def test_the_sign_in_page_says_how_to_get_in(secured: TestClient) -> None:
    page = secured.get("/signin").text
    help_text = page.split("How to get in")[1]
    for hint in ("BRIEFING_ADMIN_PASSWORD", "printed once", "briefing user add NAME",
                 "BRIEFING_AUTH=off"):  # fmt: skip
        assert hint in help_text


def test_a_viewer_is_told_why_actions_are_unavailable(secured: TestClient) -> None:
    _sign_in(secured, "vera")
    why = "This needs the analyst, reviewer or admin role"
    corpus = secured.get("/corpus").text
    assert f"{why} (uploads go into the corpus that answers cite)" in corpus
    assert "you are signed in as vera, a viewer" in corpus
    assert why in secured.get("/drafts").text and why in secured.get("/evals").text
    account = secured.get("/account/tokens").text
    assert "Your role: viewer" in account
    row = account.split("Ask questions")[1].split("</tr>")[0]
    assert "analyst or above" in row and ">no<" in row


def test_an_analyst_uploads_as_unreviewed_but_replacing_needs_an_admin(
    secured: TestClient,
) -> None:
    secured.app.state.auth.users.add("ann", "analyst", PASSWORD)  # type: ignore[attr-defined]
    token = _sign_in(secured, "ann")
    corpus = secured.get("/corpus").text
    assert 'name="files"' in corpus and 'name="replace"' not in corpus
    assert "start <strong>unreviewed</strong>" in corpus
    assert "Replacing a document of the same name: This needs the admin role" in corpus
    files = {"files": ("a.png", b"\x89PNG", "image/png")}
    replace = secured.post("/corpus/upload", files=files,
                           data={"csrf_token": token, "replace": "true"}, headers=HX)  # fmt: skip
    assert replace.status_code == 403 and "analyst role cannot do this (corpus)" in replace.text
    wrong_type = secured.post("/corpus/upload", files=files, data={"csrf_token": token}, headers=HX)
    assert wrong_type.status_code == 415, wrong_type.text  # past the role check


def test_the_first_admin_is_made_even_when_the_cli_added_users_first(
    tmp_path: Path, embedder: LocalEmbeddings
) -> None:
    settings = Settings(data_dir=tmp_path / "data", llm="extractive", auth="on",
                        admin_password=PASSWORD)  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    UserStore(index.sessions).add("ann", "analyst", PASSWORD)  # `briefing user add` before serve
    with TestClient(create_app(settings, index=index)) as client:
        response = client.post("/signin", data={"username": "admin", "password": PASSWORD},
                               follow_redirects=False)  # fmt: skip
        assert response.status_code == 303
