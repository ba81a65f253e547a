"""Revocable sign-in sessions, rate-limit events shared by every app server, and the
instruction-like flag on chunks and the review status of documents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _has_column(table: str, column: str) -> bool:
    """Whether ``create_all`` (an unmigrated database, adopted like 0001) already made it."""
    if context.is_offline_mode():
        return False
    return column in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    """Create user_sessions and rate_events."""
    op.create_table(
        "user_sessions",
        sa.Column("secret_hash", sa.String(64), primary_key=True),
        sa.Column(
            "username",
            sa.String(64),
            sa.ForeignKey("users.username", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_user_sessions_username", "user_sessions", ["username"])
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(320), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_events_key", "rate_events", ["key"])
    if not _has_column("documents", "status"):
        with op.batch_alter_table("documents") as documents:  # existing documents: reviewed
            documents.add_column(
                sa.Column("status", sa.String(16), nullable=False, server_default="reviewed")
            )
    if not _has_column("chunks", "instruction_like"):
        with op.batch_alter_table("chunks") as chunks:  # batch: SQLite cannot alter in place
            chunks.add_column(
                sa.Column(
                    "instruction_like", sa.Boolean(), nullable=False, server_default=sa.false()
                )
            )


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("chunks") as chunks:
        chunks.drop_column("instruction_like")
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("status")
    op.drop_index("ix_rate_events_key", "rate_events")
    op.drop_table("rate_events")
    op.drop_index("ix_user_sessions_username", "user_sessions")
    op.drop_table("user_sessions")
