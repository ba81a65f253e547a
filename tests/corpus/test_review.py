"""Source review status: uploads start unreviewed, citations say so, and a reviewed-only
search (the default for papers) leaves them out until an analyst marks them reviewed."""

from __future__ import annotations

from pathlib import Path

from service.answer.answerer import Answerer
from service.answer.composers import ExtractiveComposer
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.uploads import ingest_uploads, save_upload
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
