"""A migrated SQLite database per test, for the account tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from service.db import make_engine, make_session_factory
from service.migrate import migrate


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    """Sessions on a fresh, fully migrated SQLite database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'accounts.db'}")
    migrate(engine)
    return make_session_factory(engine)
