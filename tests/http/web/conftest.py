"""Web test fixtures: an app over the shipped corpus, a draft in it, an app with auth on,
the browser tests' shared server and browser, and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.accounts.users import UserStore
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.http.app import create_app
from service.papers.paper import Paper
from service.papers.service import DraftService
from tests.http.web.browser import Site, launch_browser, start_site

HX = {"HX-Request": "true"}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def client(corpus_copy: Index) -> Iterator[TestClient]:
    """The app over the shipped corpus (drafts are added to its database)."""
    with TestClient(create_app(corpus_copy.settings, index=corpus_copy)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def draft(client: TestClient, drafted_paper: Paper) -> dict[str, Any]:
    """The session's drafted paper saved as a new draft of the local user, as the JSON API
    shows it (drafting itself is tested in tests/papers and through the drafts page)."""
    drafts: DraftService = client.app.state.drafts  # type: ignore[attr-defined]
    record = drafts.store.create(drafted_paper, author="local", owner="local")
    response = client.get(f"/api/drafts/{record.draft_id}")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def secured(tmp_path: Path, embedder: LocalEmbeddings) -> Iterator[TestClient]:
    """The app with auth on, an admin and a viewer account."""
    settings = Settings(data_dir=tmp_path / "data", llm="extractive", auth="on",
                        admin_password=PASSWORD)  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    with TestClient(create_app(settings, index=index)) as client:
        UserStore(index.sessions).add("vera", "viewer", PASSWORD)
        yield client


@pytest.fixture(scope="session")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    corpus_template: Path,
    embedder: LocalEmbeddings,
    drafted_paper: Paper,
) -> Iterator[Site]:
    """``briefing serve`` over the shipped corpus with the session's drafted paper and two
    stored eval runs, shared by every browser test."""
    folder = tmp_path_factory.mktemp("browser-site")
    yield from start_site(folder, corpus_template, embedder, drafted_paper)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (skips when Playwright is missing)."""
    yield from launch_browser()


def is_full_page(html: str) -> bool:
    """Whether a response is a whole page (layout) rather than a fragment."""
    return html.lstrip().lower().startswith("<!doctype html>") and "<nav" in html
