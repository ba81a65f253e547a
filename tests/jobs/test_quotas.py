"""Per-user quotas on real SQLite and PostgreSQL: active jobs, eval runs and ingested chunks
per hour, refused with the limit named and a Retry-After, audited, shared by every
server on the database, and overridable per user by an admin."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from service.accounts.audit import AuditLog
from service.accounts.users import User
from service.config import Settings
from service.db import make_session_factory
from service.errors import InvalidRequestError, QuotaExceededError
from service.jobs.quotas import Limits, Quotas
from service.jobs.service import JobService
from service.jobs.store import JobStore
from tests.jobs.test_store import Clock

ANA = User("ana", "analyst")


class FakeQueue:
    """A fake queue: remembers ids (no worker runs in these tests)."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def enqueue(self, job_id: str) -> None:
        self.ids.append(job_id)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _service(engine: Engine, clock: Clock, limits: Limits = Limits(5, 5000, 10)) -> JobService:
    """A job service on ``engine``: each call is another app server sharing its database."""
    sessions = make_session_factory(engine)
    quotas = Quotas(sessions, limits, clock)
    return JobService(JobStore(sessions, clock), FakeQueue(), quotas)  # type: ignore[arg-type]


def test_the_sixth_queued_job_is_refused_naming_the_limit(engine: Engine, clock: Clock) -> None:
    one, other = _service(engine, clock), _service(engine, clock)
    jobs = [(one if n % 2 else other).submit("draft", ANA, {}) for n in range(5)]
    with pytest.raises(QuotaExceededError) as refused:
        one.submit("draft", ANA, {})
    assert refused.value.limit == "active_jobs" and refused.value.retry_after == 30
    assert "quota active_jobs: 5 jobs queued or running at once" in str(refused.value)
    assert other.submit("draft", User("ben", "analyst"), {}).state == "queued"  # per user
    event = AuditLog(make_session_factory(engine)).recent(1)[0]
    assert (event.actor, event.action, event.target) == ("ana", "quota_refused", "active_jobs")
    one.cancel(jobs[0].id, ANA)
    assert one.submit("draft", ANA, {}).state == "queued"  # a cancelled job frees its place


def test_eval_runs_per_hour_count_ended_runs_and_say_when_to_retry(
    engine: Engine, clock: Clock
) -> None:
    service = _service(engine, clock, Limits(5, 5000, 2))
    for _ in range(2):
        job = service.submit("eval", ANA, {})
        service.store.finish(job, "done")
        clock.now += 600
    with pytest.raises(QuotaExceededError, match="quota eval_runs_per_hour: 2 eval runs per hour"):
        service.submit("eval", ANA, {})
    with pytest.raises(QuotaExceededError) as refused:
        service.submit("eval", ANA, {})
    assert refused.value.retry_after == 3600 - 1200  # when the first run leaves the hour
    assert service.submit("draft", ANA, {}).state == "queued"  # other kinds still run
    clock.now += 2400
    assert service.submit("eval", ANA, {}).state == "queued"


def test_an_ingest_reserves_its_chunks_before_embedding(engine: Engine, clock: Clock) -> None:
    service = _service(engine, clock, Limits(5, 100, 10))
    first, second = service.submit("ingest", ANA, {}), service.submit("ingest", ANA, {})
    service.quotas.reserve_chunks(first.id, "ana", 80)
    with pytest.raises(QuotaExceededError, match="this ingest needs 30, 20 left"):
        service.quotas.reserve_chunks(second.id, "ana", 30)
    service.store.finish(second, "failed", error="quota")
    service.quotas.reserve_chunks(service.submit("ingest", ANA, {}).id, "ana", 20)
    assert service.quotas.usage("ana").chunks_last_hour == 100
    with pytest.raises(QuotaExceededError, match="100 ingested chunks per hour"):
        service.submit("ingest", ANA, {})  # nothing left: refused at submit, a 429


def test_an_admin_overrides_a_users_limits_but_never_switches_them_off(
    engine: Engine, clock: Clock
) -> None:
    quotas = Quotas(make_session_factory(engine), Limits.defaults(Settings()), clock)
    assert quotas.limits("ana") == Limits(5, 5000, 10)  # the documented defaults
    assert quotas.set_limits("ana", active_jobs=1, eval_runs_per_hour=50) == Limits(1, 5000, 50)
    assert quotas.limits("ben") == Limits(5, 5000, 10)
    for bad in ({"active_jobs": 0}, {"cpu": 3}):
        with pytest.raises(InvalidRequestError):
            quotas.set_limits("ana", **bad)
    assert quotas.set_limits("ana", active_jobs=None, eval_runs_per_hour=None) == quotas.defaults
    with pytest.raises(ValueError, match="quota_active_jobs"):
        Settings(quota_active_jobs=0)
