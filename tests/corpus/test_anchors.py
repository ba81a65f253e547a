"""Re-anchoring: a re-ingest that re-splits a document changes its chunk ids, and a
draft's citations still open the passage they quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.accounts.users import User
from service.corpus import ingest
from service.corpus.anchors import reanchor
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.view import find_chunk, read_document
from service.papers.paper import DraftRequest, Paper, Prose, Sentence
from service.papers.service import DraftService
from service.text.evidence import Citation


def _cite(index: Index, words: str) -> Citation:
    """A citation of the sentence holding ``words``, as an answer would have kept it."""
    for entry in index.registry.chunk_entries():
        at = entry.text.find(words)
        if at >= 0:
            document = read_document(index, entry.doc_id)
            start = entry.start + at
            return Citation(n=1, source=document.source, doc_id=entry.doc_id,
                            chunk_id=entry.chunk_id, quote=words, start=start,
                            end=start + len(words))  # fmt: skip
    raise AssertionError(words)


def _resplit(index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A new chunking recipe: same normalised text, every chunk id new (as issue 27's splitter).
    monkeypatch.setattr(ingest, "INDEX_SCHEMA", ingest.INDEX_SCHEMA + 100)
    assert ingest_paths(index, [docs_dir]).ok


def test_reanchor_points_a_citation_at_the_chunk_that_now_holds_its_quote(
    index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    old = _cite(index, "Stockholm")
    _resplit(index, docs_dir, monkeypatch)
    with pytest.raises(Exception, match="passage"):
        find_chunk(index, old.chunk_id)
    [new] = reanchor(index, [old])
    document, span = find_chunk(index, new.chunk_id)
    assert new.chunk_id != old.chunk_id
    assert (new.quote, new.start, new.end) == (old.quote, old.start, old.end)
    assert span.start <= new.start and new.end <= span.end
    assert document.text[new.start : new.end] == new.quote


def test_reanchor_finds_a_moved_quote_and_leaves_a_vanished_one(
    index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    cited = _cite(index, "Stockholm")
    moved = cited.model_copy(update={"start": cited.start + 3, "end": cited.end + 3})
    gone = cited.model_copy(update={"quote": "a sentence no document holds"})
    _resplit(index, docs_dir, monkeypatch)
    found, kept = reanchor(index, [moved, gone])
    assert (found.start, found.end) == (cited.start, cited.end)
    assert kept == gone


def test_an_old_drafts_citations_open_after_a_re_split(
    index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ingest_paths(index, [docs_dir]).ok
    citation = _cite(index, "Stockholm")
    claim = Sentence(text="The talks were held in Stockholm.", citations=[1])
    paper = Paper(title="Old draft", request=DraftRequest(tasking="What happened?"),
                  bluf=Prose(sentences=[claim]), citations=[citation])  # fmt: skip
    drafts = DraftService.open(index, index.settings)
    record = drafts.store.create(paper, author="ana", owner="ana")
    _resplit(index, docs_dir, monkeypatch)
    read = drafts.read(User("ana", "analyst"), record.draft_id)
    [anchored] = read.paper.citations
    assert anchored.chunk_id != citation.chunk_id
    assert find_chunk(index, anchored.chunk_id)[0].doc_id == citation.doc_id
    assert anchored.quote == citation.quote
