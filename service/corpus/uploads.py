"""Uploaded files: stored under collision-free names, never silently replacing a different
document, ingested one batch at a time, and named in the corpus by what the user called them.

A stored name is an ASCII slug of the original name plus a hash of the whole original
name: "Quarterly report.md" and "Quarterly_report.md", or "報告1.md" and "議事1.md",
differ, while uploading one name again addresses the same file. A different file of
the same name is refused unless the caller asks to replace it; the check and the write
are one atomic step (a hard link cannot overwrite), so concurrent uploads of one name
cannot both think they won.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from service.corpus.index import Index
from service.corpus.ingest import Budget, IngestReport, Label, Progress, ingest_paths
from service.corpus.registry import Registry
from service.corpus.safety import SUPPORTED_SUFFIXES
from service.errors import ConflictError, IngestError

UPLOADS = "uploads"
MAX_TITLE_CHARS = 200
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
_SLUG_CHARS = 60
# One ingest of uploads at a time per process: replacing one name twice at once must
# leave the registry on the file that is on disk last.
_INGESTING = threading.Lock()

Outcome = Literal["new", "same", "replaced"]


@dataclass(frozen=True)
class Upload:
    """A saved upload: the user's name for it, where it is stored, and its corpus label."""

    original: str
    path: Path
    label: Label


def original_name(filename: str) -> str:
    """The client's file name without any folders (browsers on Windows send ``C:\\...``)."""
    name = unicodedata.normalize("NFC", filename.replace("\\", "/")).rsplit("/", 1)[-1]
    return "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def suffix_of(name: str) -> str:
    """The lower-case extension of ``name`` ("" when it has none)."""
    return os.path.splitext(name)[1].lower()


def stored_name(original: str) -> str:
    """A safe, bounded file name unique to ``original``: ``<ascii slug>-<hash>.<ext>``."""
    stem, suffix = os.path.splitext(original)
    slug = _SLUG.sub("_", stem).strip("._-")[:_SLUG_CHARS] or "upload"
    digest = hashlib.sha256(original.encode()).hexdigest()[:12]
    return f"{slug}-{digest}{suffix.lower()}"


def save_upload(
    data_dir: Path, original: str, data: bytes, replace: bool
) -> tuple[Upload, Outcome]:
    """Store ``data`` as the upload called ``original``; ``ConflictError`` when a different
    file of that name is stored and ``replace`` is false."""
    if suffix_of(original) not in SUPPORTED_SUFFIXES:
        raise IngestError(original, "unsupported file type")
    folder = data_dir / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    name = stored_name(original)
    target = folder / name
    upload = Upload(original, target, Label(f"{UPLOADS}/{name}", _title(original)))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return upload, _place(Path(temporary), target, data, replace, original)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _place(temporary: Path, target: Path, data: bytes, replace: bool, original: str) -> Outcome:
    try:
        os.link(temporary, target)  # atomic, and never overwrites
        return "new"
    except FileExistsError:
        pass
    if target.read_bytes() == data:
        return "same"
    if not replace:
        raise ConflictError(
            f"{original}: a different document of this name is already in the corpus; "
            "choose 'replace' to replace it"
        )
    os.replace(temporary, target)
    return "replaced"


def ingest_uploads(
    index: Index,
    uploads: list[Upload],
    progress: Progress | None = None,
    budget: Budget | None = None,
) -> IngestReport:
    """Ingest saved uploads one batch at a time; files that fail are deleted again (nothing
    refused stays in ``uploads/``); the report names files as the user did."""
    try:
        with _INGESTING:
            report = ingest_paths(
                index,
                [u.path for u in uploads],
                progress,
                labels={u.path: u.label for u in uploads},
                budget=budget,
            )
    except BaseException:  # cancelled or failed part-way: nothing half-saved stays
        discard_uncommitted(Registry(index.sessions), uploads)
        raise
    by_source = {u.label.source: u for u in uploads}
    for failure in report.failed:
        if failure.path in by_source:
            by_source[failure.path].path.unlink(missing_ok=True)

    def named(sources: list[str]) -> list[str]:
        return [by_source[s].original if s in by_source else s for s in sources]

    failed = [
        IngestError(by_source[e.path].original if e.path in by_source else e.path, e.reason)
        for e in report.failed
    ]
    return IngestReport(
        named(report.added),
        named(report.updated),
        named(report.unchanged),
        failed,
        report.chunks_written,
    )


def uploads_of(saved: list[dict[str, str]], added_by: str) -> list[Upload]:
    """The uploads an ingest job's parameters name (``jobs.kinds.submit_ingest``), as
    uploaded by ``added_by`` (the job's owner)."""
    return [
        Upload(
            u["original"], Path(u["path"]), Label(u["source"], u["title"], u["status"], added_by)
        )
        for u in saved
    ]


def discard_uncommitted(registry: Registry, uploads: list[Upload]) -> None:
    """Delete the saved files of ``uploads`` that are no document of the corpus (their
    ingest was cancelled or failed), so the name is free again. A file that is a
    committed document's (an unchanged or replacing upload of one) stays."""
    for upload in uploads:
        if registry.find(upload.label.source) is None:
            upload.path.unlink(missing_ok=True)


def _title(original: str) -> str:
    return os.path.splitext(original)[0][:MAX_TITLE_CHARS] or original[:MAX_TITLE_CHARS]
