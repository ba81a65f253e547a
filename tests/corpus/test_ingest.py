"""Ingest on real Chroma and SQLite: idempotent, replacing, removing, atomic per document."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.config import Settings
from service.corpus.embed import LocalEmbeddings
from service.corpus.index import Index
from service.corpus.ingest import ingest_paths, remove_source
from service.corpus.registry import Registry
from service.errors import JobCancelledError, QuotaExceededError, UnknownSourceError
from service.retrieve.hybrid import dense_search
from tests.conftest import REMAINS, write_md


def test_ingest_folder_indexes_every_document(index: Index, docs_dir: Path) -> None:
    report = ingest_paths(index, [docs_dir])
    assert report.ok
    assert sorted(report.added) == [str(docs_dir / "remains.md"), str(docs_dir / "stockholm.md")]
    summaries = {d.source: d for d in index.registry.list_documents()}
    assert summaries[str(docs_dir / "stockholm.md")].chunk_count == 2
    assert index.store.count() == index.registry.chunk_total() == report.chunks_written


def test_search_returns_spans_into_the_source_text(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    hits = dense_search(index, "How many sets of remains were brought back to Japan?", k=3)
    assert hits[0].source == str(docs_dir / "remains.md")
    document = index.registry.find(hits[0].source)
    assert document is not None
    assert document.text[hits[0].start : hits[0].end] == hits[0].text
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_reingest_unchanged_writes_nothing(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    before = index.store.versions()
    report = ingest_paths(index, [docs_dir])
    assert report.chunks_written == 0
    assert report.added == report.updated == []
    assert len(report.unchanged) == 2
    assert index.store.versions() == before


def test_changed_file_replaces_its_old_chunks(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    path = docs_dir / "remains.md"
    old_ids = set(index.registry.chunk_ids_of(index.registry.find(str(path)).doc_id))  # type: ignore[union-attr]
    write_md(path, "Remains", REMAINS.replace("13,000", "13,500"))
    report = ingest_paths(index, [path])
    assert report.updated == [str(path)]
    row = index.registry.find(str(path))
    assert row is not None and "13,500" in row.text
    new_ids = set(index.registry.chunk_ids_of(row.doc_id))
    assert old_ids.isdisjoint(new_ids)
    stored = index.store.versions()
    assert not old_ids & set(stored)
    assert new_ids <= set(stored)


def test_remove_deletes_document_and_chunks(index: Index, docs_dir: Path) -> None:
    ingest_paths(index, [docs_dir])
    source = str(docs_dir / "remains.md")
    assert remove_source(index, source) == source
    assert index.registry.find(source) is None
    assert all(meta[0] != source for meta in index.store.versions().values())
    assert index.store.count() == index.registry.chunk_total()
    with pytest.raises(UnknownSourceError, match="no such source"):
        remove_source(index, source)


def test_bad_files_fail_alone_and_the_rest_is_ingested(
    index: Index, docs_dir: Path, tmp_path: Path
) -> None:
    (docs_dir / "empty.md").write_bytes(b"")
    (docs_dir / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (docs_dir / "big.txt").write_text("x" * 5000, encoding="utf-8")
    odd = tmp_path / "table.xyz"
    odd.write_text("a,b", encoding="utf-8")
    index.settings.max_file_bytes = 4000
    report = ingest_paths(index, [docs_dir, odd, tmp_path / "missing.md"])
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert set(reasons) == {"empty.md", "broken.pdf", "big.txt", "table.xyz", "missing.md"}
    assert reasons["missing.md"] == "no such file or folder"
    assert len(report.added) == 2
    assert not report.ok


def test_failed_commit_leaves_no_visible_chunks(
    index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as if Ctrl-C landed between the Chroma write and the commit

    monkeypatch.setattr(Registry, "commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(index, [docs_dir / "remains.md"])
    monkeypatch.undo()
    assert index.store.count() > 0, "the chunks reached Chroma before the interruption"
    assert index.registry.list_documents() == []
    assert dense_search(index, "remains brought home", k=5) == []
    report = ingest_paths(index, [docs_dir])
    assert len(report.added) == 2
    assert index.store.count() == index.registry.chunk_total()


def test_store_failure_fails_that_document_only(
    index: Index, docs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_commit = Registry.commit

    def flaky(self: Registry, doc_id: str, *args: object) -> None:
        if "remains" in str(args[1]):
            raise RuntimeError("disk full")
        real_commit(self, doc_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Registry, "commit", flaky)
    report = ingest_paths(index, [docs_dir])
    assert [Path(f.path).name for f in report.failed] == ["remains.md"]
    assert "could not be written: disk full" in report.failed[0].reason
    assert report.added == [str(docs_dir / "stockholm.md")]


def test_a_bad_front_matter_date_fails_its_file_alone(index: Index, docs_dir: Path) -> None:
    bad = docs_dir / "baddate.md"
    bad.write_text("---\ntitle: Bad\ndate: sometime in spring\n---\n# Bad\n\nSome text.\n")
    week = docs_dir / "week.md"
    week.write_text("---\ntitle: Week\ndate: 2014-W01-1\n---\n# Week\n\nMore text.\n")
    report = ingest_paths(index, [docs_dir])
    assert sorted(report.added) == [str(docs_dir / "remains.md"), str(docs_dir / "stockholm.md")]
    assert [str(e) for e in report.failed] == [
        f"{bad}: front matter field 'date': 'sometime in spring' is not a YYYY-MM-DD date",
        f"{week}: front matter field 'date': '2014-W01-1' is not a YYYY-MM-DD date",
    ]


def test_progress_comes_after_every_small_batch_so_a_cancel_stops_within_one(
    settings: Settings, embedder: LocalEmbeddings, tmp_path: Path
) -> None:
    # One long document of ~40 chunks: before, progress (where a job's cancel is seen)
    # came only after a window of 16 batches, which took ~100 s on a loaded machine.
    index = Index.open(settings.model_copy(update={"embed_batch_size": 4}), embedder=embedder)
    sentences = " ".join(
        f"Talks number {n} were held in Stockholm in May 2014." for n in range(800)
    )
    write_md(tmp_path / "long.md", "Long", f"# Long\n\n{sentences}\n")
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done >= 8:
            raise JobCancelledError("cancelled")

    with pytest.raises(JobCancelledError):
        ingest_paths(index, [tmp_path / "long.md"], progress)
    total = calls[0][1]
    assert total > 30 and calls == [(0, total), (4, total), (8, total)]
    assert index.registry.list_documents() == [] and index.store.count() == 0


def test_a_budget_refuses_an_ingest_before_anything_is_embedded(
    index: Index, docs_dir: Path
) -> None:
    asked: list[int] = []

    def budget(chunks: int) -> None:
        asked.append(chunks)
        raise QuotaExceededError("chunks_per_hour", "quota chunks_per_hour: no room", 60)

    with pytest.raises(QuotaExceededError):
        ingest_paths(index, [docs_dir], budget=budget)
    assert asked == [3] and index.store.count() == 0 and index.registry.list_documents() == []
