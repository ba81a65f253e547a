"""Registry indexes: chunks by document, documents by ingest time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Committing a document deletes and counts its chunks by ``doc_id``, and the check before
every search reads the latest ``ingested_at``: without these indexes both scan the whole
table, which at 200k chunks cost about 90 ms per search (bench/lexical.py, README "The
lexical index at scale").
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


INDEXES = (("ix_chunks_doc_id", "chunks", "doc_id"),
           ("ix_documents_ingested_at", "documents", "ingested_at"))  # fmt: skip


def _existing(table: str) -> set[str]:
    if context.is_offline_mode():  # ``--sql`` has no database to look at
        return set()
    return {str(index["name"]) for index in sa.inspect(op.get_bind()).get_indexes(table)}


def upgrade() -> None:
    """Index chunks.doc_id and documents.ingested_at, where missing (a database that
    ``create_all`` made from today's models, and 0001 adopted, already has them)."""
    for name, table, column in INDEXES:
        if name not in _existing(table):
            op.create_index(name, table, [column])


def downgrade() -> None:
    """Drop the two indexes."""
    op.drop_index("ix_documents_ingested_at", table_name="documents")
    op.drop_index("ix_chunks_doc_id", table_name="chunks")
