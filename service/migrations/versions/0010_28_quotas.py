"""Per-user quotas: ``user_quotas`` holds an admin's overrides of the defaults.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Usage is read from ``jobs`` (service/jobs/quotas.py), so nothing else is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``user_quotas`` (where missing: ``create_all`` from today's models has it)."""
    if not context.is_offline_mode() and sa.inspect(op.get_bind()).has_table("user_quotas"):
        return
    op.create_table(
        "user_quotas",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("active_jobs", sa.Integer(), nullable=True),
        sa.Column("chunks_per_hour", sa.Integer(), nullable=True),
        sa.Column("eval_runs_per_hour", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    """Drop ``user_quotas``."""
    op.drop_table("user_quotas")
