"""Chunker: spans point into the document text, keep headings and respect sentence ends."""

from __future__ import annotations

import itertools

from service.corpus.chunk import chunk_document, doc_id_for, split_sections
from service.corpus.documents import LoadedDocument
from tests.conftest import STOCKHOLM


def _doc(text: str, source: str = "corpus/x.md") -> LoadedDocument:
    return LoadedDocument(source=source, text=text, title="Title")


def test_split_sections_builds_heading_paths() -> None:
    sections = split_sections(STOCKHOLM.strip())
    assert [s.path for s in sections] == [
        "The Stockholm talks > Venue and dates",
        "The Stockholm talks > Japan's point 2(ii)",
    ]


def test_split_sections_keeps_text_before_first_heading() -> None:
    sections = split_sections("Preface text.\n\n# Heading\n\nBody.")
    assert [s.path for s in sections] == ["", "Heading"]


def test_chunk_spans_are_exact_slices_of_the_text() -> None:
    doc = _doc(STOCKHOLM.strip())
    chunks = chunk_document(doc, chunk_size=1000, overlap=100)
    assert len(chunks) == 2
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
    assert chunks[1].section.endswith("Japan's point 2(ii)")
    assert chunks[1].text.startswith("## Japan's point 2(ii)")
    assert "Title > The Stockholm talks > Japan's point 2(ii)" in chunks[1].embed_text


def test_long_section_splits_at_sentence_ends_with_overlap() -> None:
    sentences = [f"Sentence number {i} states a dated fact from 2014." for i in range(60)]
    doc = _doc("# Long\n\n" + " ".join(sentences))
    chunks = chunk_document(doc, chunk_size=400, overlap=120)
    assert len(chunks) > 5
    for chunk in chunks:
        assert len(chunk.text) <= 400
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.endswith(".")
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end, "consecutive chunks overlap"
        assert after.start > before.start, "chunking always moves forward"
    assert chunks[-1].end == len(doc.text)


def test_sentence_longer_than_chunk_is_cut_at_a_space() -> None:
    doc = _doc("word " * 300)
    chunks = chunk_document(doc, chunk_size=200, overlap=0)
    assert all(len(c.text) <= 200 for c in chunks)
    assert all(not c.text.startswith("ord") for c in chunks)
    assert " ".join(c.text for c in chunks).split() == doc.text.split()


def test_chunk_ids_are_content_hashes() -> None:
    first = chunk_document(_doc(STOCKHOLM), 1000, 100)
    again = chunk_document(_doc(STOCKHOLM), 1000, 100)
    changed = chunk_document(_doc(STOCKHOLM.replace("26 to 28", "25 to 28")), 1000, 100)
    other_doc = chunk_document(_doc(STOCKHOLM, source="corpus/y.md"), 1000, 100)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert first[0].chunk_id != changed[0].chunk_id
    assert first[1].text == changed[1].text
    assert {c.chunk_id for c in first}.isdisjoint(c.chunk_id for c in other_doc)
    assert first[0].doc_id == doc_id_for("corpus/x.md")


def test_heading_only_document_gives_no_chunks() -> None:
    assert chunk_document(_doc("# Only a title"), 1000, 100) == []
