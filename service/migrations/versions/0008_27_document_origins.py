"""Where a document's title and date came from, and an analyst's corrections of them:
``documents.title_origin``, ``date_origin``, ``date_found`` and ``document_corrections``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Existing documents get empty origins (not known; shown as nothing) until re-ingested.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("title_origin", 32), ("date_origin", 32), ("date_found", 128))


def _columns(table: str) -> set[str]:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return set()
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def _tables() -> set[str]:
    if context.is_offline_mode():
        return set()
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    """Add the origin columns and the corrections table, where missing (``create_all``
    from today's models already has them)."""
    present = _columns("documents")
    with op.batch_alter_table("documents") as documents:
        for name, length in COLUMNS:
            if name not in present:
                documents.add_column(
                    sa.Column(name, sa.String(length), nullable=False, server_default="")
                )
    if "document_corrections" not in _tables():
        op.create_table(
            "document_corrections",
            sa.Column("doc_id", sa.String(32), primary_key=True),
            sa.Column("title", sa.String(512), nullable=False),
            sa.Column("date", sa.String(32), nullable=True),
            sa.Column("corrected_by", sa.String(64), nullable=False),
            sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        )


def downgrade() -> None:
    """Drop the corrections table and the origin columns."""
    op.drop_table("document_corrections")
    with op.batch_alter_table("documents") as documents:
        for name, _length in COLUMNS:
            documents.drop_column(name)
