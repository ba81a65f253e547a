"""Hybrid retrieval: fusion arithmetic, per-document cap, filters, and the BM25 index lifecycle."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.corpus.documents import SearchHit
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths, remove_source
from service.corpus.lexical import INDEX_FILE
from service.errors import InvalidQueryError
from service.retrieve.hybrid import cap_per_document, fuse, lexical_search, search
from service.text.tokens import tokenize
from tests.conftest import write_md


def _hit(chunk_id: str, doc_id: str = "d") -> SearchHit:
    return SearchHit("s", doc_id, chunk_id, 0.0, 0, 1, "t")


def test_fuse_is_weighted_reciprocal_rank() -> None:
    fused = fuse([[_hit("a"), _hit("b")], [_hit("b"), _hit("c")]], weights=[1.0, 2.0], rrf_k=10)
    scores = {h.chunk_id: h.score for h in fused}
    assert scores["b"] == pytest.approx(1 / 12 + 2 / 11)
    assert scores["a"] == pytest.approx(1 / 11)
    assert scores["c"] == pytest.approx(2 / 12)
    assert [h.chunk_id for h in fused] == ["b", "c", "a"]


def test_cap_per_document_diversifies_then_fills() -> None:
    hits = [_hit("a1", "A"), _hit("a2", "A"), _hit("a3", "A"), _hit("b1", "B")]
    assert [h.chunk_id for h in cap_per_document(hits, 3, cap=2)] == ["a1", "a2", "b1"]
    assert [h.chunk_id for h in cap_per_document(hits, 4, cap=1)] == ["a1", "b1", "a2", "a3"]


def test_tokenize_stems_and_keeps_numbers() -> None:
    assert tokenize("The 93,340 returnees were repatriated in 1959.") == [
        "93340", "returne", "repatri", "1959",
    ]  # fmt: skip


@pytest.fixture
def filtered_index(index: Index, tmp_path: Path) -> Index:
    folder = tmp_path / "f"
    folder.mkdir()
    body = "# Sanctions\n\nJapan lifted travel sanctions on 4 July 2014.\n"
    write_md(folder / "a.md", "A", body)
    (folder / "b.md").write_text(
        "---\ntitle: B\ndoc_type: chronology\ndate: 2016-02-10\ntags: [sanctions]\n---\n"
        "# Sanctions again\n\nJapan restored travel sanctions on 10 February 2016.\n",
        encoding="utf-8",
    )
    ingest_paths(index, [folder])
    return index


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(), {"a.md", "b.md"}),
        (SearchFilters(doc_types=("chronology",)), {"b.md"}),
        (SearchFilters(tags=("abductions",)), {"a.md"}),
        (SearchFilters(date_from="2015-01-01"), {"b.md"}),
        (SearchFilters(date_to="2015-01-01"), {"a.md"}),
        (SearchFilters(doc_types=("agreement",)), set()),
    ],
)
def test_filters_apply_to_both_rankers(
    filtered_index: Index, filters: SearchFilters, expected: set[str]
) -> None:
    hits = search(filtered_index, "travel sanctions", k=5, filters=filters)
    assert {Path(h.source).name for h in hits} == expected


def test_filter_dates_are_validated() -> None:
    with pytest.raises(InvalidQueryError, match="date_from: 'May 2014' is not a YYYY-MM-DD"):
        SearchFilters.parse(date_from="May 2014")


def test_lexical_index_follows_ingest_and_remove(index: Index, docs_dir: Path) -> None:
    assert lexical_search(index, "remains", 5) == []
    ingest_paths(index, [docs_dir])
    hits = lexical_search(index, "remains brought home", 5)
    assert hits and hits[0].entry.source.endswith("remains.md")
    assert (index.settings.bm25_path / INDEX_FILE).is_file()
    remove_source(index, hits[0].entry.source)
    assert all(
        not h.entry.source.endswith("remains.md") for h in lexical_search(index, "remains", 5)
    )


def test_lexical_index_is_reused_from_disk(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    lexical_search(index, "Stockholm", 5)
    saved = (index.settings.bm25_path / INDEX_FILE).stat().st_mtime_ns
    reopened = Index.open(index.settings, embedder=index.embedder)
    assert lexical_search(reopened, "Stockholm", 5)[0].entry.source.endswith("stockholm.md")
    assert (index.settings.bm25_path / INDEX_FILE).stat().st_mtime_ns == saved


def test_search_validates_query(index: Index) -> None:
    with pytest.raises(InvalidQueryError, match="query is empty"):
        search(index, " \n ", 5)
    with pytest.raises(InvalidQueryError, match="k must be between 1 and 100"):
        search(index, "x", 0)
