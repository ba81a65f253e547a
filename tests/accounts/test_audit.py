"""The audit log: append-only events read back newest first."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from service.accounts.audit import AuditLog


def test_events_come_back_newest_first_and_by_actor(sessions: sessionmaker[Session]) -> None:
    log = AuditLog(sessions)
    log.record("ana", "login", detail="127.0.0.1")
    log.record("ben", "login")
    log.record("ana", "draft_created", "d1", "Options paper")
    assert [(e.actor, e.action) for e in log.recent()] == [
        ("ana", "draft_created"), ("ben", "login"), ("ana", "login"),
    ]  # fmt: skip
    mine = log.recent(actor="ana")
    assert [e.action for e in mine] == ["draft_created", "login"]
    assert (mine[0].target, mine[0].detail) == ("d1", "Options paper")
    assert len(log.recent(limit=1)) == 1


def test_unknown_actions_are_a_programming_error(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValueError, match="unknown audit action 'deleted_everything'"):
        AuditLog(sessions).record("ana", "deleted_everything")
    assert AuditLog(sessions).recent() == []


def test_long_fields_are_cut_to_the_column_sizes(sessions: sessionmaker[Session]) -> None:
    log = AuditLog(sessions)
    log.record("a" * 100, "login", "t" * 300, "d" * 2000)
    event = log.recent()[0]
    assert (len(event.actor), len(event.target), len(event.detail)) == (64, 256, 1024)
