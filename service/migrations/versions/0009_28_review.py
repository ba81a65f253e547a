"""Separation of duties in source review: who uploaded a document, who last set its
status and when, and who last flagged it for review.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Existing documents get ``added_by = ""`` (the operator's ingest): uploads made before
this revision did not record their uploader, so none of them can be told apart; a
reviewer may mark any of them. Nobody has reviewed them yet by this record.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("added_by", sa.String(64), False),
    ("reviewed_by", sa.String(64), True),
    ("reviewed_at", sa.DateTime(timezone=True), True),
    ("flagged_by", sa.String(64), True),
    ("flagged_at", sa.DateTime(timezone=True), True),
)


def _columns(table: str) -> set[str]:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return set()
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    """Add the five columns where missing (``create_all`` from today's models has them)."""
    existing = _columns("documents")
    with op.batch_alter_table("documents") as documents:
        for name, kind, nullable in COLUMNS:
            if name not in existing:
                default = None if nullable else sa.text("''")
                documents.add_column(
                    sa.Column(name, kind, nullable=nullable, server_default=default)
                )


def downgrade() -> None:
    """Drop the five columns."""
    with op.batch_alter_table("documents") as documents:
        for name, _kind, _nullable in reversed(COLUMNS):
            documents.drop_column(name)
