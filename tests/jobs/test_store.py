"""Job records on real SQLite and PostgreSQL: atomic claims, one outcome per job, cancel,
and the reaper's retry-once-then-fail for jobs whose worker died."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine

from service.db import make_session_factory
from service.jobs.store import JobStore


class Clock:
    """A settable wall clock (seconds)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> JobStore:
    return JobStore(make_session_factory(engine), clock)


def test_a_job_is_claimed_once_even_by_racing_workers(store: JobStore) -> None:
    job = store.create("draft", "ana", "analyst", {"request": {}}, total=5)
    assert (job.state, job.attempts, job.total) == ("queued", 0, 5)
    claims: list[object] = []
    barrier = threading.Barrier(4)

    def claim(name: str) -> None:
        barrier.wait()
        claims.append(store.claim(job.id, name))

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [c for c in claims if c is not None]
    assert len(won) == 1
    assert store.get(job.id).state == "running"  # type: ignore[union-attr]
    assert store.get(job.id).attempts == 1  # type: ignore[union-attr]


def test_progress_steps_counts_and_outcome(store: JobStore) -> None:
    job = store.create("draft", "ana", "analyst", {}, total=3)
    running = store.claim(job.id, "w")
    assert running is not None
    assert store.progress(running, step="Background", counts=(0, 3)) is False
    store.progress(running, step="Background")  # a repeated step is one step
    store.progress(running, step="Options", counts=(1, 3))
    assert store.finish(running, "done", result={"draft_id": "d1"})
    done = store.get(job.id)
    assert done is not None
    assert (done.state, done.steps, done.done, done.result) == (
        "done", ["Background", "Options"], 3, {"draft_id": "d1"})  # fmt: skip
    assert store.finish(running, "failed", error="late") is False  # no second outcome
    assert store.get(job.id).state == "done"  # type: ignore[union-attr]


def test_cancel_queued_at_once_and_running_at_the_next_step(store: JobStore) -> None:
    queued = store.create("eval", "ana", "analyst", {})
    assert store.cancel(queued.id).state == "cancelled"  # type: ignore[union-attr]
    assert store.claim(queued.id, "w") is None  # a cancelled job never starts
    job = store.create("eval", "ana", "analyst", {})
    running = store.claim(job.id, "w")
    assert running is not None
    assert store.cancel(job.id).state == "running"  # type: ignore[union-attr]
    assert store.progress(running, counts=(1, 2)) is True  # the worker learns it here


def test_a_dead_worker_is_retried_once_then_failed_with_the_reason(
    store: JobStore, clock: Clock
) -> None:
    job = store.create("draft", "ana", "analyst", {})
    first = store.claim(job.id, "w1")
    assert first is not None
    clock.now += 10
    assert store.reap(stale_s=30) == []  # a fresh heartbeat: alive
    clock.now += 31
    assert store.reap(stale_s=30) == [job.id]  # back to the queue, once
    assert store.get(job.id).state == "queued"  # type: ignore[union-attr]
    assert store.finish(first, "done", result={}) is False  # the dead attempt lost its claim
    second = store.claim(job.id, "w2")
    assert second is not None and second.attempts == 2
    clock.now += 31
    assert store.reap(stale_s=30) == []
    failed = store.get(job.id)
    assert failed is not None and failed.state == "failed"
    assert failed.error == ("the worker stopped (no heartbeat for 30 s) on attempt 2 of 2; "
                            "not retried again")  # fmt: skip


def test_a_beating_job_is_not_reaped(store: JobStore, clock: Clock) -> None:
    job = store.create("ingest", "admin", "admin", {})
    running = store.claim(job.id, "w")
    assert running is not None
    for _ in range(5):
        clock.now += 20
        store.beat(running)
        assert store.reap(stale_s=30) == []
    assert store.get(job.id).state == "running"  # type: ignore[union-attr]


def test_list_by_owner_and_state(store: JobStore, clock: Clock) -> None:
    ids = []
    for owner in ("ana", "ben", "ana"):
        clock.now += 1
        ids.append(store.create("draft", owner, "analyst", {}).id)
    store.cancel(ids[0])
    assert [j.id for j in store.list()] == ids[::-1]
    assert [j.id for j in store.list(owner="ana")] == [ids[2], ids[0]]
    assert [j.id for j in store.list(owner="ana", state="queued")] == [ids[2]]


def test_a_queued_job_not_taken_is_queued_again_once_per_wait(
    store: JobStore, clock: Clock
) -> None:
    """A lost queue message must not leave a job queued forever; a taken job is left."""
    waiting = store.create("draft", "ana", "analyst", {})
    taken = store.create("draft", "ana", "analyst", {})
    assert store.claim(taken.id, "w1") is not None
    clock.now += 100
    assert store.requeue(300) == []  # not waited long enough
    clock.now += 250
    assert store.requeue(300) == [waiting.id]
    assert store.requeue(300) == []  # queued again just now: not again at once
    clock.now += 301
    assert store.requeue(300) == [waiting.id]
    claimed = store.claim(waiting.id, "w2")
    assert claimed is not None and store.claim(waiting.id, "w3") is None  # duplicate: no-op
