"""Ask searches reviewed sources first and all sources only when that abstains, saying so;
an unreviewed upload that copies a reviewed document's title and type is flagged in
answers and on its page (issue 28: an impersonating upload answered with its false claim)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from service.answer.answerer import WIDENED, Answerer
from service.answer.composers import ExtractiveComposer
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.uploads import ingest_uploads, save_upload
from service.corpus.view import read_document
from service.verify.support import Verifier

# Copies the reviewed "Remains" fact sheet's title and type, with a false figure.
IMPOSTOR = b"""---
title: remains
doc_type: Fact-Sheet
---
# Remains of Japanese war dead

About 90,000 sets of remains were brought home to Japan.
"""
HANOI = b"# Hanoi talks\n\nJapan and North Korea held unofficial talks in Hanoi in March 2019.\n"


def _upload(index: Index, name: str, body: bytes) -> str:
    upload, _ = save_upload(index.settings.data_dir, name, body, replace=False)
    upload = replace(upload, label=replace(upload.label, added_by="mallory"))
    assert ingest_uploads(index, [upload]).ok
    row = index.registry.find(upload.label.source)
    assert row is not None
    return row.doc_id


def test_reviewed_sources_answer_first_and_all_sources_only_when_they_abstain(
    index: Index, docs_dir: Path
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    impostor = _upload(index, "remains.md", IMPOSTOR)
    _upload(index, "hanoi.md", HANOI)
    answerer = Answerer(index, ExtractiveComposer(index.embedder), Verifier(index.embedder))

    answer = answerer.answer("How many sets of remains were brought home to Japan?")
    assert "13,000" in answer.text and "90,000" not in answer.text
    assert {c.source_status for c in answer.citations} == {"reviewed"} and answer.notes == []

    widened = answerer.answer("Where were the unofficial talks held in March 2019?")
    assert "Hanoi" in widened.text and widened.notes == [WIDENED]
    assert widened.citations[0].source_status == "unreviewed"
    assert answerer.answer(
        "Where were the unofficial talks held in March 2019?",
        filters=SearchFilters(reviewed_only=True),
    ).abstained  # asked for reviewed sources only: never widened

    # Asked so that only the impostor answers, its citation is flagged as a copy.
    copied = answerer.answer("Were 90,000 sets of remains brought home to Japan?")
    assert any(c.doc_id == impostor for c in copied.citations), copied.as_json()
    [note] = [n for n in copied.notes if "impersonating" in n]
    assert 'the reviewed document "Remains"' in note
    page = read_document(index, impostor).as_json()
    assert page["copies"]["title"] == "Remains"
    assert read_document(index, page["copies"]["doc_id"]).review.copies is None
