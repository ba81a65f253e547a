"""The corpus's tables: one row per committed document version and one per chunk of it.
``Registry`` (``service.corpus.registry``) is what reads and commits them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base


class DocumentRow(Base):
    """One ingested document: its committed version, metadata and normalised text."""

    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(1024), unique=True, index=True)
    version: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(512))
    doc_type: Mapped[str] = mapped_column(String(64), index=True)
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    chunk_count: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # "reviewed" or "unreviewed": uploads start unreviewed until a reviewer or admin
    # other than the uploader marks them; files the operator ingests are reviewed.
    status: Mapped[str] = mapped_column(String(16), default="reviewed")
    # Where title and date came from ("front matter", "largest line", "text", "analyst")
    # and the date as the text writes it when it was read from the text (issue 27).
    title_origin: Mapped[str] = mapped_column(String(32), default="", server_default="")
    date_origin: Mapped[str] = mapped_column(String(32), default="", server_default="")
    date_found: Mapped[str] = mapped_column(String(128), default="", server_default="")
    # Who uploaded it ("" for the operator's ingest), who last set its status and when,
    # and who last flagged it for review (corpus/review.py). A new version starts afresh.
    added_by: Mapped[str] = mapped_column(String(64), default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    flagged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    flagged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    chunks: Mapped[list[ChunkRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ChunkRow.index"
    )


class ChunkRow(Base):
    """One committed chunk: its span in the document text and its heading path."""

    __tablename__ = "chunks"

    chunk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(1024))
    # Set at ingest when a sentence reads as an instruction to a model (shown on the
    # document page; such sentences are never shown as answers: corpus/instructions.py).
    instruction_like: Mapped[bool] = mapped_column(Boolean, default=False)
    document: Mapped[DocumentRow] = relationship(back_populates="chunks")
