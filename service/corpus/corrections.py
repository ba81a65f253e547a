"""An analyst's correction of a document's title and date, kept apart from the document.

A document's row is replaced whenever it is ingested again, so the correction lives in
its own table, keyed by ``doc_id``, and is applied to every later load of that document:
re-ingesting the file keeps the analyst's title and date, with the origin "analyst".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.corpus.documents import LoadedDocument
from service.db import Base
from service.errors import InvalidRequestError
from service.text.dates import parse_iso_date
from service.text.labels import strip_bidi

MAX_TITLE = 300


class CorrectionRow(Base):
    """The title and date an analyst gave a document (a null date: undated)."""

    __tablename__ = "document_corrections"

    doc_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(512))
    date: Mapped[str | None] = mapped_column(String(32), nullable=True)
    corrected_by: Mapped[str] = mapped_column(String(64))
    corrected_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Correction:
    """A validated title and date (``None``: the document has no date)."""

    title: str
    date: str | None


def validated(title: str, date: str) -> Correction:
    """The correction an analyst typed, or ``InvalidRequestError`` naming the field."""
    clean = " ".join(strip_bidi(title).split())
    if not clean:
        raise InvalidRequestError("title: a document needs a title")
    if len(clean) > MAX_TITLE:
        raise InvalidRequestError(f"title: at most {MAX_TITLE} characters, not {len(clean)}")
    if not date.strip():
        return Correction(clean, None)
    iso = parse_iso_date(date.strip())
    if iso is None:
        raise InvalidRequestError(
            f"date: '{ascii(date.strip())[1:-1][:40]}' is not a YYYY-MM-DD date"
        )
    return Correction(clean, iso)


def saved_correction(sessions: sessionmaker[Session], doc_id: str) -> Correction | None:
    """The correction saved for ``doc_id``, if any."""
    with sessions() as session:
        row = session.get(CorrectionRow, doc_id)
        return Correction(row.title, row.date) if row else None


def save_correction(
    sessions: sessionmaker[Session], doc_id: str, correction: Correction, actor: str
) -> None:
    """Keep ``correction`` for ``doc_id`` (replacing an earlier one)."""
    with sessions.begin() as session:
        row = session.get(CorrectionRow, doc_id) or CorrectionRow(doc_id=doc_id)
        row.title, row.date = correction.title, correction.date
        row.corrected_by, row.corrected_at = actor[:64], dt.datetime.now(dt.UTC)
        session.add(row)


def corrected(doc: LoadedDocument, correction: Correction | None) -> LoadedDocument:
    """``doc`` with the analyst's title and date, when there is a correction."""
    if correction is None:
        return doc
    return replace(doc, title=correction.title, title_origin="analyst", date=correction.date,
                   date_origin="analyst", date_found="")  # fmt: skip
