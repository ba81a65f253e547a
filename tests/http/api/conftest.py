"""API test fixtures with auth on: an app over a module's corpus copy with three accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.accounts.users import UserStore
from service.corpus.index import Index
from service.http.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def app(corpus_copy: Index) -> Iterator[FastAPI]:
    """The app with auth on and the analysts ana and ben and the viewer vic."""
    settings = corpus_copy.settings.model_copy(
        update={"auth": "on", "admin_password": None, "llm_requests_per_minute": 1000}
    )
    users = UserStore(corpus_copy.sessions)
    for name, role in (("ana", "analyst"), ("ben", "analyst"), ("vic", "viewer")):
        if name not in {u.username for u in users.list()}:
            users.add(name, role, PASSWORD)
    application = create_app(settings, index=corpus_copy)
    with TestClient(application):  # runs the lifespan once; clients below share its state
        yield application


def signed_in(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    """A client with a fresh session of ``username`` and its CSRF header set."""
    client = TestClient(app)
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client
