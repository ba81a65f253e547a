"""Eval runs: eval_runs (one row per suite run) and eval_results (one row per question).

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-02

Like 0001, a table that ``Base.metadata.create_all`` already made is adopted
rather than created again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _existing() -> set[str]:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return set()
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    """Create the two eval tables where they are missing."""
    existing = _existing()
    if "eval_runs" not in existing:
        _create_runs()
    if "eval_results" not in existing:
        _create_results()


def _create_runs() -> None:
    op.create_table(
        "eval_runs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("suite", sa.String(256), nullable=False),
        sa.Column("backend", sa.String(64), nullable=False),
        sa.Column("model", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("fingerprint", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_eval_runs_suite", "eval_runs", ["suite"])


def _create_results() -> None:
    op.create_table(
        "eval_results",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(128), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["eval_runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_eval_results_run_id", "eval_results", ["run_id"])


def downgrade() -> None:
    """Drop the eval tables (stored runs are lost)."""
    op.drop_index("ix_eval_results_run_id", table_name="eval_results")
    op.drop_table("eval_results")
    op.drop_index("ix_eval_runs_suite", table_name="eval_runs")
    op.drop_table("eval_runs")
