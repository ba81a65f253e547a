"""API tokens expire: ``api_tokens.expires_at``, filled for existing tokens from their
creation date plus 90 days (the default ``BRIEFING_TOKEN_DAYS``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKEN_DAYS = 90  # the default at the time of this migration, not today's setting


def _has_column(table: str, column: str) -> bool:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return False
    return column in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    """Add ``expires_at`` (where missing: ``create_all`` from today's models has it) and
    give every existing token its creation date plus ``TOKEN_DAYS``."""
    if not _has_column("api_tokens", "expires_at"):
        with op.batch_alter_table("api_tokens") as tokens:
            tokens.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    table = sa.table(
        "api_tokens",
        sa.column("token_hash", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("expires_at", sa.DateTime(timezone=True)),
    )
    if context.is_offline_mode():
        return
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(table.c.token_hash, table.c.created_at).where(table.c.expires_at.is_(None))
    ).all()
    for token_hash, created_at in rows:
        expires = created_at + dt.timedelta(days=TOKEN_DAYS)
        bind.execute(
            table.update().where(table.c.token_hash == token_hash).values(expires_at=expires)
        )
    with op.batch_alter_table("api_tokens") as tokens:
        tokens.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    """Drop ``expires_at``."""
    with op.batch_alter_table("api_tokens") as tokens:
        tokens.drop_column("expires_at")
