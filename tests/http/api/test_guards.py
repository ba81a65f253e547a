"""Before a body is read: other sites are refused by Origin, anonymous callers get 401
without a byte of their body consumed, and bodies are capped per route."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.http.api.conftest import PASSWORD, signed_in

EVIL = "https://evil.example"


def _call_raw(app: FastAPI, method: str, path: str, headers: dict[str, str],
              chunks: list[bytes]) -> tuple[int, int]:  # fmt: skip
    """Drive the ASGI app directly: (status, body chunks the app pulled from the client)."""
    pulled, messages = 0, []
    remaining = list(chunks)

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        body = remaining.pop(0) if remaining else b""
        return {"type": "http.request", "body": body, "more_body": bool(remaining)}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "app": app}  # fmt: skip
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    start = next(m for m in messages if m["type"] == "http.response.start")
    return start["status"], pulled


def test_anonymous_bodies_are_never_read(app: FastAPI) -> None:
    big = [b"x" * 1024 * 1024] * 150  # 150 MiB, offered in 1 MiB pieces
    json_headers = {"host": "testserver", "content-type": "application/json"}
    assert _call_raw(app, "POST", "/api/drafts", json_headers, big) == (401, 0)
    form = {"host": "testserver", "content-type": "multipart/form-data; boundary=b"}
    status, pulled = _call_raw(app, "POST", "/corpus/upload", form, big)
    assert (status, pulled) == (303, 0)  # to the sign-in page, nothing written


def test_bodies_are_capped_per_route(app: FastAPI) -> None:
    ana = signed_in(app, "ana")
    huge = {"tasking": "x" * (2 * 1024 * 1024)}
    refused = ana.post("/api/drafts", json=huge)
    assert refused.status_code == 413 and "limit" in refused.json()["detail"]
    session_cookie = "; ".join(f"{k}={v}" for k, v in ana.cookies.items())
    headers = {"host": "testserver", "content-type": "application/json", "cookie": session_cookie,
               "x-csrf-token": ana.headers["X-CSRF-Token"]}  # fmt: skip
    chunked = [b"{" + b" " * 256 * 1024] * 40  # 10 MiB with no Content-Length
    status, pulled = _call_raw(app, "POST", "/api/drafts", headers, chunked)
    assert status == 413 and pulled <= 5  # stopped at the 1 MiB cap


def test_cross_site_posts_are_refused_sign_in_included(app: FastAPI) -> None:
    browser = TestClient(app)
    form = {"username": "ana", "password": PASSWORD, "next": "/drafts"}
    forged = browser.post("/signin", data=form, headers={"Origin": EVIL}, follow_redirects=False)
    assert forged.status_code == 403 and "cross-site" in forged.text
    assert browser.get("/drafts", follow_redirects=False).status_code == 303  # not signed in
    own = browser.post("/signin", data=form, headers={"Origin": "http://testserver"},
                       follow_redirects=False)  # fmt: skip
    assert own.status_code == 303 and own.headers["location"] == "/drafts"
    ana = signed_in(app, "ana")
    by_referer = ana.post("/api/tokens", json={"name": "x"},
                          headers={"Referer": f"{EVIL}/page"})  # fmt: skip
    assert by_referer.status_code == 403 and EVIL in by_referer.json()["detail"]
    assert (
        ana.post("/api/tokens", json={"name": "x"}, headers={"Origin": "null"}).status_code == 403
    )
    assert ana.post("/api/tokens", json={"name": "x"}).status_code == 201  # CLI: no Origin
