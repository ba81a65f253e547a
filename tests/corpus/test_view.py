"""Reading documents back for display: chunk spans, overlaps and a highlighted quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.index import Index
from service.corpus.ingest import ingest_paths
from service.corpus.view import ChunkSpan, find_chunk, read_document, segments
from service.errors import UnknownSourceError


def test_segments_mark_chunk_starts_overlaps_and_the_highlight() -> None:
    text = "abcdefghij"
    chunks = [ChunkSpan("c0", 0, 0, 6, "A"), ChunkSpan("c1", 1, 4, 10, "B")]
    parts = segments(text, chunks, highlight=(5, 8))
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.overlap, p.highlighted) for p in parts] == [
        ("abcd", False, False), ("e", True, False), ("f", True, True),
        ("gh", False, True), ("ij", False, False),
    ]  # fmt: skip
    assert [p.starts_chunk.chunk_id if p.starts_chunk else None for p in parts] == [
        "c0", "c1", None, None, None,
    ]  # fmt: skip


def test_highlight_outside_the_text_is_clamped() -> None:
    parts = segments("abc", [], highlight=(1, 99))
    assert [(p.text, p.highlighted) for p in parts] == [("a", False), ("bc", True)]


def test_read_document_and_find_chunk(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    summary = next(d for d in index.registry.list_documents() if d.source.endswith("stockholm.md"))
    document = read_document(index, summary.doc_id)
    assert document.title == "Stockholm talks" and document.tags == ["abductions"]
    assert len(document.chunks) == summary.chunk_count
    found, span = find_chunk(index, document.chunks[-1].chunk_id)
    assert found.doc_id == summary.doc_id and span == document.chunks[-1]
    entry = next(e for e in index.registry.chunk_entries() if e.chunk_id == span.chunk_id)
    assert document.text[span.start : span.end] == entry.text
    with pytest.raises(UnknownSourceError):
        read_document(index, "nope")
    with pytest.raises(UnknownSourceError):
        find_chunk(index, "nope")
