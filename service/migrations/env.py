"""Alembic environment: runs the migrations against the service's database.

Where the connection comes from, first match wins:
1. ``config.attributes["connection"]``: an open connection handed in by
   ``service.migrate.migrate`` (so the app's own engine, pragmas included, is used);
2. ``sqlalchemy.url`` in the config (alembic.ini, ``-x``/``-c``, or set in code);
3. the app's setting, ``service.config.Settings().resolved_database_url``.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

# Imported to register their tables on Base.metadata.
from service.config import Settings
from service.db import make_engine
from service.migrate import load_models

config = context.config
# Only the command line configures logging from the ini file: when the app calls
# migrate(), fileConfig would otherwise replace (and silence) the app's own loggers.
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = load_models()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead,
        # so later migrations can be written once for SQLite and Postgres.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_offline() -> None:
    """``alembic upgrade head --sql``: print the SQL instead of running it."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on a live connection."""
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return
    # make_engine creates the SQLite file's folder and sets the same pragmas the app does.
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
