"""Two ``briefing serve`` and one ``briefing worker`` sharing PostgreSQL, a ``chroma run``
server and Redis, all on loopback: an upload through one server is searchable through the
other, a draft started on one shows progress and its result on the other (API and page),
and the per-user LLM rate limit holds across both."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import STOCKHOLM, write_md
from tests.helpers import free_port, running_server
from tests.jobs.processes import (
    CLI,
    REPO,
    briefing_env,
    follow,
    redis_server,
    start,
    stop,
    wait_healthy,
)
from tests.postgres import PostgresServer

PASSWORD = "a long enough password"
NOTE = """# Grave visits

Officials met in Ulaanbaatar on 2 March 2019 to plan visits to Komusan cemetery near Chongjin.
"""


@dataclass(frozen=True)
class Cluster:
    """Two app servers' URLs (the worker runs beside them)."""

    a: str
    b: str


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer
) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("scale-out")
    port = free_port()
    chroma_url = f"http://127.0.0.1:{port}"
    chroma = [str(Path(sys.executable).parent / "chroma"), "run", "--host", "127.0.0.1",
              "--port", str(port), "--path", str(root / "chroma")]  # fmt: skip
    with (running_server(chroma, f"{chroma_url}/api/v2/heartbeat"),
          redis_server(root) as queue_url):  # fmt: skip
        # One data dir on a "shared volume": uploads saved by a server, read by the worker.
        env = briefing_env(root / "data", BRIEFING_DATABASE_URL=postgres.new_database(),
                           BRIEFING_CHROMA_URL=chroma_url, BRIEFING_QUEUE_URL=queue_url,
                           BRIEFING_AUTH="on", BRIEFING_ADMIN_PASSWORD=PASSWORD,
                           BRIEFING_SECRET_KEY="one key for every app server",
                           BRIEFING_LLM_REQUESTS_PER_MINUTE="4")  # fmt: skip
        docs = root / "docs"
        docs.mkdir()
        write_md(docs / "stockholm.md", "Stockholm talks", STOCKHOLM)
        ingested = subprocess.run([*CLI, "ingest", "--quiet", str(docs)], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=600)  # fmt: skip
        assert ingested.returncode == 0, ingested.stderr
        for name, role in (("ada", "admin"), ("ana", "analyst")):
            added = subprocess.run([*CLI, "user", "add", name, "--role", role,
                                    "--password-stdin"], cwd=REPO, env=env, input=PASSWORD,
                                   capture_output=True, text=True, timeout=120)  # fmt: skip
            assert added.returncode == 0, added.stderr
        ports = free_port(), free_port()
        processes = [start(["worker"], env, root / "worker.log")]
        serve = ["serve", "--no-worker", "--port"]
        processes += [start([*serve, str(p)], env, root / f"serve-{p}.log") for p in ports]
        try:
            urls = [f"http://127.0.0.1:{p}" for p in ports]
            for url, process in zip(urls, processes[1:], strict=True):
                wait_healthy(url, process)
            yield Cluster(*urls)
        finally:
            for process in processes:
                stop(process)


def _signed_in(url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    response = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def _same_session(client: httpx.Client, url: str) -> httpx.Client:
    """A client of another server carrying ``client``'s session cookie and CSRF token."""
    other = httpx.Client(base_url=url, timeout=60, cookies=client.cookies)
    other.headers["X-CSRF-Token"] = client.headers["X-CSRF-Token"]
    return other


def test_an_upload_through_one_server_is_searchable_through_the_other(cluster: Cluster) -> None:
    on_a = _signed_in(cluster.a, "ada")
    on_b = _same_session(on_a, cluster.b)  # sessions live in the shared database
    files = [("files", ("grave-visits.md", NOTE.encode(), "text/markdown"))]
    started = on_a.post("/api/documents", files=files)
    assert started.status_code == 202, started.text
    job = follow(on_b, started.json()["id"])[-1]
    assert job["state"] == "done" and job["result"]["added"] == ["grave-visits.md"], job
    hits = on_b.get("/api/search", params={"q": "Komusan cemetery Ulaanbaatar", "k": 3}).json()
    assert hits[0]["source"].startswith("uploads/grave-visits-")


def test_a_draft_started_on_one_server_shows_progress_and_result_on_the_other(
    cluster: Cluster,
) -> None:
    on_a = _signed_in(cluster.a, "ada")
    on_b = _same_session(on_a, cluster.b)
    body = {"tasking": "How should Japan reopen talks?", "options": 2, "length": "short"}
    started = on_a.post("/api/drafts", json=body)
    assert started.status_code == 202, started.text
    seen = follow(on_b, started.json()["id"])
    assert [j["state"] for j in seen][-1] == "done", seen[-1]
    assert any(j["state"] == "running" and j["steps"] for j in seen), "progress seen on B"
    draft_id = seen[-1]["result"]["draft_id"]
    assert on_b.get(f"/api/drafts/{draft_id}").json()["version"] == 1
    page = on_b.get(f"/drafts/jobs/{started.json()['id']}")  # the web progress page, on B
    assert page.status_code == 303 and page.headers["location"] == f"/drafts/{draft_id}"


def test_the_llm_rate_limit_holds_across_both_servers(cluster: Cluster) -> None:
    on_a = _signed_in(cluster.a, "ana")
    on_b = _same_session(on_a, cluster.b)
    question = {"question": "When were the Stockholm talks held?"}
    statuses = [client.post("/api/ask", json=question).status_code
                for client in (on_a, on_b, on_a, on_b, on_a, on_b)]  # fmt: skip
    assert statuses == [200, 200, 200, 200, 429, 429]
