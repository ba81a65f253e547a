"""Ingest: discover files, load and chunk them, embed in batches, write each document atomically.

A document's chunks go to Chroma first and become visible only when the registry
commits its version (see ``service.corpus.registry``); its previous chunks are deleted
after that. Unchanged documents are skipped without any write.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from service.corpus.chunk import chunk_document, content_hash, doc_id_for
from service.corpus.corrections import corrected, save_correction, saved_correction, validated
from service.corpus.documents import Chunk, LoadedDocument
from service.corpus.index import Index
from service.corpus.load import SUPPORTED_SUFFIXES, load_document
from service.corpus.vectors import chunk_metadata
from service.errors import IngestError, UnknownSourceError

# Bump when chunk metadata, embedding text or where chunks end changes: every document
# re-indexes. 3: one sentence splitter for chunks and quotes (issue 27). 4: the splitter
# ends sentences at Japanese stops (。！？), so Japanese chunks end there (issue 27).
INDEX_SCHEMA = 4

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` in chunks embedded; a job's progress raises there
when the job was cancelled, so it is called after every small batch."""
WRITE_CHECK_S = 1.0  # the longest a cancel waits while a window's documents are written
Budget = Callable[[int], None]
"""Called with the number of chunks to embed before any is embedded; raises to refuse."""


@dataclass(frozen=True)
class Label:
    """How an uploaded file is named in the corpus: its source (relative to the data dir,
    never a server path) and the title its original file name gives it."""

    source: str
    title: str
    status: str = "unreviewed"  # uploads wait for a reviewer's review
    added_by: str = ""  # the uploader's user name: they may not review it themselves


@dataclass
class IngestReport:
    """What an ingest run did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[IngestError] = field(default_factory=list)
    chunks_written: int = 0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed


@dataclass(frozen=True)
class _Pending:
    doc: LoadedDocument
    chunks: list[Chunk]
    version: str
    previous: str | None
    status: str = "reviewed"
    added_by: str = ""


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | IngestError]:
    """Files to ingest with their source names, or an error for a path that isn't there.

    Folders are walked recursively for supported types; a file named directly is
    always tried so that an unsupported type gets its own error line.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                hidden = any(part.startswith(".") for part in relative.parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child, str(path / relative)
        elif path.is_file():
            yield path, str(path)
        else:
            yield IngestError(str(raw), "no such file or folder")


def document_version(index: Index, doc: LoadedDocument) -> str:
    """Hash of everything that shapes a document's chunks and vectors."""
    settings = index.settings
    recipe = (
        f"{INDEX_SCHEMA}/{settings.chunk_size}/{settings.chunk_overlap}/"
        f"{settings.embedding_model_path}"
    )
    return content_hash(doc.text, json.dumps(doc.metadata, sort_keys=True), recipe)


def versioned_chunks(chunks: list[Chunk], version: str) -> list[Chunk]:
    """The chunks with ids unique to this version of their document.

    Chroma has no transactions: were a new version to reuse the committed version's
    ids, its upsert would overwrite those records in place, and a crash before the
    registry commit would leave the committed version partly overwritten (then
    deleted as stale by ``Index.reconcile``). Distinct ids keep it whole.
    """
    return [replace(c, chunk_id=content_hash(c.chunk_id, version)) for c in chunks]


def ingest_paths(
    index: Index,
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    labels: Mapping[Path, Label] | None = None,
    budget: Budget | None = None,
    progress_every: int | None = None,
) -> IngestReport:
    """Ingest files and folders; failures are reported per file and never stop the others.
    A file in ``labels`` gets that source and fallback title (uploads). ``budget`` may
    refuse the whole ingest once its chunks are counted (a user's quota). ``progress`` is
    called every ``progress_every`` chunks (default: one embedding batch)."""
    index.reconcile()
    report = IngestReport()
    pending = _prepare(index, paths, report, labels or {})
    if budget is not None:
        budget(sum(len(item.chunks) for item in pending))
    every = progress_every or index.settings.embed_batch_size
    _embed_and_write(index, pending, report, progress, every)
    return report


def _prepare(
    index: Index, paths: Sequence[str | Path], report: IngestReport, labels: Mapping[Path, Label]
) -> list[_Pending]:
    settings = index.settings
    pending: list[_Pending] = []
    for item in discover(paths):
        if isinstance(item, IngestError):
            report.failed.append(item)
            continue
        path, source = item
        label = labels.get(path)
        source = label.source if label else source
        try:
            doc = load_document(
                path, source, settings.max_file_bytes, label.title if label else None
            )
            doc = corrected(doc, saved_correction(index.sessions, doc_id_for(source)))
            chunks = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
            if not chunks:
                raise IngestError(source, "no text to index besides headings")
        except IngestError as exc:
            report.failed.append(exc)
            continue
        version = document_version(index, doc)
        chunks = versioned_chunks(chunks, version)
        previous = index.registry.version_of(doc_id_for(source))
        if previous == version:
            report.unchanged.append(source)
        else:
            status, added_by = (label.status, label.added_by) if label else ("reviewed", "")
            pending.append(_Pending(doc, chunks, version, previous, status, added_by))
    return pending


def _embed_and_write(
    index: Index,
    pending: list[_Pending],
    report: IngestReport,
    progress: Progress | None,
    every: int,
) -> None:
    # Embed across documents in large windows, longest texts first, as the encoder
    # would sort them: a wide window means little padding (bench/ingest.py). Each window
    # is embedded ``every`` chunks at a time with a progress call between, where a
    # cancelled job stops: within a few seconds, not after a whole window (~100 s).
    # Each document is written as soon as all of its vectors are ready.
    flat = [(i, chunk) for i, item in enumerate(pending) for chunk in item.chunks]
    total, done, written = len(flat), 0, 0
    vectors: list[list[list[float]]] = [[] for _ in pending]
    window = index.settings.embed_batch_size * 16
    if progress:
        progress(0, total)
    for start in range(0, total, window):
        batch = flat[start : start + window]
        embedded = _embed_window(index, [chunk.embed_text for _, chunk in batch], every, done,
                                 total, progress)  # fmt: skip
        for (i, _), vector in zip(batch, embedded, strict=True):
            vectors[i].append(vector)
        checked = time.monotonic()
        while written < len(pending) and len(vectors[written]) == len(pending[written].chunks):
            _write_document(index, pending[written], vectors[written], report)
            vectors[written] = []
            written += 1
            # Writing a window's documents took ~90 s on a loaded machine: a cancel is
            # checked here too, at most once a second (each check is a database write).
            if progress and time.monotonic() - checked >= WRITE_CHECK_S:
                progress(done + len(batch), total)
                checked = time.monotonic()
        done += len(batch)


def _embed_window(
    index: Index, texts: list[str], every: int, done: int, total: int, progress: Progress | None
) -> list[list[float]]:
    """Vectors of ``texts`` in their order, encoded longest first ``every`` at a time."""
    order = sorted(range(len(texts)), key=lambda n: -len(texts[n]))
    vectors: list[list[float]] = [[] for _ in texts]
    for start in range(0, len(order), every):
        part = order[start : start + every]
        for n, vector in zip(part, index.embedder.embed_documents([texts[n] for n in part]),
                             strict=True):  # fmt: skip
            vectors[n] = vector
        if progress:
            progress(done + min(start + every, len(order)), total)
    return vectors


def _write_document(
    index: Index, item: _Pending, vectors: list[list[float]], report: IngestReport
) -> None:
    doc_id = item.chunks[0].doc_id
    old_ids = set(index.registry.chunk_ids_of(doc_id))
    try:
        metadatas = [chunk_metadata(item.doc, c, item.version) for c in item.chunks]
        index.store.upsert(item.chunks, vectors, metadatas)
        index.registry.commit(
            doc_id, item.version, item.doc, item.chunks, item.status, item.added_by
        )
    except Exception as exc:  # a store or database failure fails this document only
        report.failed.append(IngestError(item.doc.source, f"could not be written: {exc}"))
        return
    index.store.delete(sorted(old_ids - {c.chunk_id for c in item.chunks}))
    (report.updated if item.previous else report.added).append(item.doc.source)
    report.chunks_written += len(item.chunks)


def correct_document(index: Index, doc_id: str, title: str, date: str, actor: str) -> None:
    """Give a committed document the title and date an analyst typed (kept for its later
    ingests too) and commit it as a new version: its chunks carry title and date, so they
    are written anew; drafts citing the old chunks are re-anchored when read."""
    row = index.registry.find(doc_id)
    if row is None or row.doc_id != doc_id:
        raise UnknownSourceError(doc_id)
    correction = validated(title, date)
    save_correction(index.sessions, doc_id, correction, actor)
    doc = LoadedDocument(
        source=row.source, text=row.text, title=row.title, doc_type=row.doc_type,
        date=row.date, tags=tuple(row.tags), sources=tuple(row.sources),
    )  # fmt: skip
    doc = corrected(doc, correction)
    settings = index.settings
    chunks = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
    version = document_version(index, doc)
    report = IngestReport()
    pending = _Pending(doc, versioned_chunks(chunks, version), version, row.version, row.status)
    _embed_and_write(index, [pending], report, None, index.settings.embed_batch_size)
    if report.failed:
        raise report.failed[0]


def remove_source(index: Index, source: str) -> str:
    """Remove a document (by source path or doc id) from registry and store; its source."""
    row = index.registry.find(source) or index.registry.find(str(Path(source)))
    if row is None:
        raise UnknownSourceError(source)
    index.registry.remove(row.doc_id)
    index.store.delete_document(row.doc_id)
    return row.source
