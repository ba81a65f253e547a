"""kill -9 of the process running a job: ``briefing worker``, or ``briefing serve`` with its
embedded worker, SIGKILLed mid-draft (at its third progress write). The job is retried
once by the next worker and ends done with one draft; killed on both attempts it ends
failed with the reason. Never stuck "running"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from service.accounts.users import LOCAL_USER
from service.corpus.embed import LocalEmbeddings
from service.jobs.kinds import submit_draft
from service.jobs.queue import JobQueue
from service.jobs.quotas import quotas_for
from service.jobs.record import Job
from service.jobs.service import JobService
from service.jobs.store import JobStore
from service.papers.paper import DraftRequest
from service.papers.service import DraftService
from tests.conftest import open_copy
from tests.helpers import free_port
from tests.jobs.processes import FAST_REAPING, REPO, briefing_env, start, stop, wait_healthy
from tests.reliability.crash import _DRIVER

CRASH = {"CRASH_AT": "service.jobs.store:JobStore.progress", "CRASH_ON_CALL": "3"}
REQUEST = DraftRequest(tasking="How should Japan reopen talks?", options=2, length="short")
STALE_S = float(FAST_REAPING["BRIEFING_JOB_STALE_S"])


def _crashing(args: list[str], data_dir: Path) -> subprocess.Popen[bytes]:
    """``briefing ARGS`` that SIGKILLs itself at its third job progress write."""
    env = briefing_env(data_dir, BRIEFING_WORKERS="1", BRIEFING_AUTH="off", **FAST_REAPING,
                       **CRASH)  # fmt: skip
    return subprocess.Popen([sys.executable, "-c", _DRIVER, *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _until_ended(store: JobStore, job_id: str, timeout: float = 400) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = store.get(job_id)
        assert job is not None
        if not job.active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job.state} after {timeout:.0f} s")


def _submitted(
    template: Path, tmp_path: Path, embedder: LocalEmbeddings
) -> tuple[JobStore, Job, DraftService]:
    index = open_copy(template, tmp_path, embedder)
    store = JobStore(index.sessions)
    drafts = DraftService.open(index, index.settings)
    job = submit_draft(
        JobService(store, JobQueue(index.settings), quotas_for(index.sessions, index.settings)),
        REQUEST,
        LOCAL_USER,
        drafts,
    )
    return store, job, drafts


def test_a_killed_worker_leaves_the_job_retried_once_and_done(
    corpus_template: Path, tmp_path: Path, embedder: LocalEmbeddings
) -> None:
    store, job, drafts = _submitted(corpus_template, tmp_path, embedder)
    data_dir = tmp_path / "data"
    assert _crashing(["worker"], data_dir).wait(timeout=400) == -9
    dead = store.get(job.id)
    assert dead is not None and dead.state == "running" and len(dead.steps) == 2
    worker = start(["worker"], briefing_env(data_dir, **FAST_REAPING), tmp_path / "worker.log")
    try:
        ended = _until_ended(store, job.id)
    finally:
        stop(worker)
    assert (ended.state, ended.attempts) == ("done", 2), ended
    assert "retried" in ended.error or ended.error == ""
    assert [d.id for d in drafts.list(LOCAL_USER)] == [ended.result["draft_id"]]  # just one


def test_a_job_killed_on_both_attempts_ends_failed_with_the_reason(
    corpus_template: Path, tmp_path: Path, embedder: LocalEmbeddings
) -> None:
    store, job, drafts = _submitted(corpus_template, tmp_path, embedder)
    data_dir = tmp_path / "data"
    assert _crashing(["worker"], data_dir).wait(timeout=400) == -9
    time.sleep(STALE_S + 0.5)  # the next worker's reaper finds the heartbeat stale
    assert _crashing(["worker"], data_dir).wait(timeout=400) == -9
    assert store.get(job.id).attempts == 2  # type: ignore[union-attr]
    time.sleep(STALE_S + 0.5)
    assert store.reap(STALE_S) == []  # what every worker's reaper runs
    failed = store.get(job.id)
    assert failed is not None and failed.state == "failed"
    assert failed.error == (f"the worker stopped (no heartbeat for {STALE_S:g} s) on attempt "
                            "2 of 2; not retried again")  # fmt: skip
    assert drafts.list(LOCAL_USER) == []


def test_a_killed_server_with_its_embedded_worker_leaves_the_job_retried(
    corpus_template: Path, tmp_path: Path, embedder: LocalEmbeddings
) -> None:
    index = open_copy(corpus_template, tmp_path, embedder)
    data_dir = index.settings.data_dir
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    crashing = _crashing(["serve", "--port", str(port)], data_dir)
    try:
        wait_healthy(url, crashing)
        body = {"tasking": "How should Japan reopen talks?", "options": 2, "length": "short"}
        started = httpx.post(f"{url}/api/drafts", json=body)
        assert started.status_code == 202, started.text
        assert crashing.wait(timeout=400) == -9
    finally:
        stop(crashing)
    job_id = started.json()["id"]
    env = briefing_env(data_dir, BRIEFING_AUTH="off", **FAST_REAPING)
    server = start(["serve", "--port", str(port)], env, tmp_path / "serve.log")
    try:
        wait_healthy(url, server)
        ended = _until_ended(JobStore(index.sessions), job_id)
        assert (ended.state, ended.attempts) == ("done", 2), ended
        assert httpx.get(f"{url}/api/drafts/{ended.result['draft_id']}").status_code == 200
    finally:
        stop(server)
