"""Initial schema: documents and chunks (the registry), drafts and draft_versions.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

A database made by ``Base.metadata.create_all`` before migrations existed already
has some of these tables; each is created only where it is missing, so such a
database is adopted (and stamped) instead of failing with "table already exists".
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _existing() -> set[str]:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return set()
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    """Create every table that is missing, in foreign-key order."""
    existing = _existing()
    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("doc_id", sa.String(32), nullable=False),
            sa.Column("source", sa.String(1024), nullable=False),
            sa.Column("version", sa.String(64), nullable=False),
            sa.Column("title", sa.String(512), nullable=False),
            sa.Column("doc_type", sa.String(64), nullable=False),
            sa.Column("date", sa.String(32), nullable=True),
            sa.Column("tags", sa.JSON(), nullable=False),
            sa.Column("sources", sa.JSON(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("chunk_count", sa.Integer(), nullable=False),
            sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("doc_id"),
        )
        op.create_index("ix_documents_source", "documents", ["source"], unique=True)
        op.create_index("ix_documents_doc_type", "documents", ["doc_type"])
    if "chunks" not in existing:
        op.create_table(
            "chunks",
            sa.Column("chunk_id", sa.String(64), nullable=False),
            sa.Column("doc_id", sa.String(32), nullable=False),
            sa.Column("index", sa.Integer(), nullable=False),
            sa.Column("start", sa.Integer(), nullable=False),
            sa.Column("end", sa.Integer(), nullable=False),
            sa.Column("section", sa.String(1024), nullable=False),
            sa.ForeignKeyConstraint(["doc_id"], ["documents.doc_id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("chunk_id"),
        )
    if "drafts" not in existing:
        op.create_table(
            "drafts",
            sa.Column("id", sa.String(32), nullable=False),
            sa.Column("title", sa.String(512), nullable=False),
            sa.Column("owner", sa.String(128), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("current_version", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "draft_versions" not in existing:
        op.create_table(
            "draft_versions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("draft_id", sa.String(32), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("author", sa.String(128), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("change", sa.String(256), nullable=False),
            sa.Column("paper_json", sa.JSON(), nullable=False),
            sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),
        )


def downgrade() -> None:
    """Drop every table (all data is lost)."""
    op.drop_table("draft_versions")
    op.drop_table("drafts")
    op.drop_table("chunks")
    op.drop_index("ix_documents_doc_type", table_name="documents")
    op.drop_index("ix_documents_source", table_name="documents")
    op.drop_table("documents")
