"""Alembic migrations on real SQLite and real PostgreSQL: complete, idempotent, and able
to adopt a database made before migrations existed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from service.accounts.users import UserStore
from service.db import Base, make_engine, make_session_factory
from service.migrate import load_models, migrate
from service.papers.store import DraftStore
from tests.papers.samples import paper

TABLES = {"documents", "chunks", "drafts", "draft_versions"}
HEAD = "0010"


def test_migrate_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    migrate(url)
    migrate(url)  # already at head: nothing to do
    engine = make_engine(url)
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES | {"jobs"}
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == HEAD
        # The migrations produce exactly what the models describe.
        assert compare_metadata(MigrationContext.configure(connection), load_models()) == []


def test_migrate_adopts_a_database_made_by_create_all(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    # What create_all made before migrations existed: the four tables of 0001.
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[t] for t in TABLES])
    old = DraftStore(make_session_factory(engine)).create(paper(), author="ana")
    migrate(engine)
    assert DraftStore(make_session_factory(engine)).get(old.draft_id).paper == paper()


def test_0007_gives_existing_tokens_an_expiry_from_their_creation(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'tokens.sqlite3'}")
    migrate(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (username, role, password_hash, disabled, "
                "created_at) VALUES ('ana', 'analyst', 'x', 0, '2026-01-01')"
            )
        )
        connection.execute(text("INSERT INTO api_tokens (token_hash, username, name, created_at)"
                                " VALUES ('h', 'ana', 'cli', '2026-01-01 00:00:00')"))  # fmt: skip
    migrate(engine)
    (info,) = UserStore(make_session_factory(engine)).tokens("ana")
    assert info.expires_at == dt.datetime(2026, 4, 1, tzinfo=dt.UTC)  # 90 days on
