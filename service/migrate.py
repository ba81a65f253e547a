"""Schema migrations: bring a database up to the latest Alembic revision from code.

The app calls ``migrate`` at start-up instead of ``create_all``, so every schema
change ships as a migration in ``service/migrations/versions`` and existing
databases are upgraded in place. ``alembic.ini`` at the repository root runs the
same scripts from the command line.
"""

from __future__ import annotations

import importlib

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

from service.db import Base, make_engine
from service.package_data import package_dir

MIGRATIONS = package_dir("service") / "migrations"
# Every module that declares tables; autogenerate compares the database with all of them.
MODEL_MODULES = (
    "service.corpus.tables",
    "service.corpus.corrections",
    "service.papers.store",
    "service.papers.access",
    "service.accounts.users",
    "service.accounts.audit",
    "service.accounts.sessions",
    "service.accounts.ratelimit",
    "service.evals.runs",
    "service.jobs.record",
    "service.jobs.quotas",
)


def load_models() -> MetaData:
    """The metadata of every table the service declares (imports each model module)."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at ``service/migrations`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url is not None:
        # The value goes through ConfigParser interpolation, where "%" is special
        # (URL-encoded passwords contain it).
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Run ``alembic upgrade <revision>`` (default: head) on a database; a no-op when
    it is already there, so it is safe to call on every start."""
    if isinstance(engine_or_url, str):
        # Through make_engine: it creates the SQLite file's folder and sets the pragmas.
        engine = make_engine(engine_or_url)
        try:
            _upgrade(engine, revision)
        finally:
            engine.dispose()
    else:
        _upgrade(engine_or_url, revision)


def _upgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    # Hand env.py this engine's connection rather than just its URL, so an engine
    # with its own settings (pragmas, pool, an in-memory database) is the one migrated.
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
