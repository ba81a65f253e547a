"""Source review status: uploads start unreviewed, citations say so, and a reviewed-only
search (the default for papers) leaves them out until an analyst marks them reviewed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from service.answer.answerer import Answerer
from service.answer.composers import ExtractiveComposer
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.review import flag_source, mark_source
from service.corpus.uploads import ingest_uploads, save_upload
from service.corpus.view import Review, read_document
from service.errors import ForbiddenError, InvalidRequestError
from service.papers.paper import DraftRequest
from service.retrieve.hybrid import search
from service.verify.support import Verifier

UPLOAD = b"""# Hanoi talks

Japan and North Korea held unofficial talks in Hanoi in March 2019 about the grave visits.
"""
QUESTION = "Where were the unofficial talks held in March 2019?"


def test_unreviewed_uploads_are_marked_and_left_out_of_reviewed_only_searches(
    index: Index, docs_dir: Path
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    upload, _ = save_upload(index.settings.data_dir, "hanoi.md", UPLOAD, replace=False)
    assert ingest_uploads(index, [upload]).ok
    hits = search(index, QUESTION, 5)
    assert hits[0].source == upload.label.source and hits[0].source_status == "unreviewed"
    assert all(h.source_status == "reviewed" for h in hits if h.source != upload.label.source)
    reviewed = search(index, QUESTION, 5, SearchFilters(reviewed_only=True))
    assert upload.label.source not in {h.source for h in reviewed}
    answer = Answerer(index, ExtractiveComposer(index.embedder), Verifier(index.embedder))
    cited = answer.answer(QUESTION).as_json()["citations"]
    assert cited and cited[0]["source_status"] == "unreviewed"
    assert DraftRequest(tasking="x").reviewed_only  # papers cite reviewed sources by default
    [row] = [d for d in index.registry.list_documents() if d.source == upload.label.source]
    index.registry.set_status(row.doc_id, "reviewed")
    marked = search(index, QUESTION, 5, SearchFilters(reviewed_only=True))
    assert marked[0].source == upload.label.source


def test_nobody_marks_their_own_upload_reviewed_and_each_change_is_recorded(
    index: Index, docs_dir: Path
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    upload, _ = save_upload(index.settings.data_dir, "hanoi.md", UPLOAD, replace=False)
    upload = replace(upload, label=replace(upload.label, added_by="ana"))
    assert ingest_uploads(index, [upload]).ok
    doc_id = _doc_id(index, upload.label.source)
    assert read_document(index, doc_id).review == Review(added_by="ana")
    with pytest.raises(ForbiddenError, match="you uploaded it"):
        mark_source(index, doc_id, "reviewed", "ana")
    assert index.registry.statuses([doc_id]) == {doc_id: "unreviewed"}
    assert flag_source(index, doc_id, "ana") == doc_id  # asking for a review is all she may do
    before = dt.datetime.now(dt.UTC)
    mark_source(index, upload.label.source, "reviewed", "rex")
    review = read_document(index, doc_id).review
    assert (review.added_by, review.reviewed_by, review.flagged_by) == ("ana", "rex", "ana")
    assert review.reviewed_at is not None and review.reviewed_at >= before
    operator = _doc_id(index, str(docs_dir / "stockholm.md"))
    assert read_document(index, operator).review == Review()  # the operator's ingest
    with pytest.raises(InvalidRequestError, match="status: one of reviewed, unreviewed"):
        mark_source(index, operator, "approved", "rex")
    # With auth off the one local user is uploader and reviewer both.
    mark_source(index, doc_id, "unreviewed", "ana")
    mark_source(index, doc_id, "reviewed", "ana", own_allowed=True)


def _doc_id(index: Index, source: str) -> str:
    """The doc id of the document with ``source``."""
    row = index.registry.find(source)
    assert row is not None, source
    return row.doc_id
