"""Quotas at the edge: a job past a user's quota is a 429 naming the limit with Retry-After
(drafts, eval runs, uploads, through the API and the pages), a refused upload leaves no
file behind, and the account page shows what is in use. No worker runs here, so the
jobs stay queued."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.accounts.audit import AuditLog
from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.http.app import create_app
from tests.conftest import STOCKHOLM

SUITE = "- id: q1\n  question: When was the Stockholm Agreement signed?\n  gold: [corpus/a.md]\n"


@pytest.fixture
def client(tmp_path: Path, embedder: LocalEmbeddings) -> Iterator[TestClient]:
    """The app with auth off, no worker, 3 active jobs and 1 eval run an hour per user."""
    settings = Settings(data_dir=tmp_path / "data", llm="extractive", auth="off",
                        embedded_worker=False, quota_active_jobs=3,
                        quota_eval_runs_per_hour=1)  # fmt: skip
    index = Index.open(settings, embedder=embedder)
    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "one.yaml").write_text(SUITE, encoding="utf-8")
    with TestClient(create_app(settings, index=index)) as test_client:
        test_client.app.state.evals_dir = tmp_path / "evals"  # type: ignore[attr-defined]
        yield test_client


def test_jobs_past_a_quota_are_429_naming_the_limit(client: TestClient) -> None:
    run = {"suite": "one.yaml"}
    assert client.post("/api/evals/runs", json=run).status_code == 202
    refused = client.post("/api/evals/runs", json=run)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("quota eval_runs_per_hour: 1 eval runs per hour")
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    for _ in range(2):
        assert client.post("/api/drafts", json={"tasking": "Options on talks"}).status_code == 202
    refused = client.post("/api/drafts", json={"tasking": "One too many"})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    assert "quota active_jobs: 3 jobs queued or running at once" in refused.json()["detail"]
    page = client.post("/drafts", data={"tasking": "From the page"}, headers={"HX-Request": "true"})
    assert page.status_code == 429 and "quota active_jobs" in page.text
    files = {"files": ("notes.md", STOCKHOLM.encode(), "text/markdown")}
    upload = client.post("/api/documents", files=files)
    assert upload.status_code == 429 and "quota active_jobs" in upload.json()["detail"]
    uploads = client.app.state.settings.data_dir / "uploads"  # type: ignore[attr-defined]
    assert not any(uploads.iterdir())  # the name stays free
    actions = [e.action for e in AuditLog(client.app.state.index.sessions).recent(10)]  # type: ignore[attr-defined]
    assert actions.count("quota_refused") == 4


def test_the_account_page_shows_each_quota_and_its_use(client: TestClient) -> None:
    assert client.post("/api/drafts", json={"tasking": "Options on talks"}).status_code == 202
    page = client.get("/account/tokens").text
    assert "Jobs queued or running at once</td><td>1</td><td>3</td>" in page
    assert "Chunks ingested in the last hour</td><td>0</td><td>5,000</td>" in page
    assert "Eval runs started in the last hour</td><td>0</td><td>1</td>" in page
