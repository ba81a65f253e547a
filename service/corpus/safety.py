"""Safety checks on untrusted files: content sniffing and archive bombs.

A file's extension picks its loader, so the extension has to be checked against
what the bytes are before a parser sees them: a PDF must carry the ``%PDF-``
header, a DOCX must be a Word zip whose declared sizes stay within bounds, and a
text type must not be binary. (Names chosen by a client never become paths at all:
``service.corpus.uploads`` stores each upload under a slug and hash of its name.)
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from service.errors import IngestError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})

# A Word document's parts are XML and compress 5-30x; a zip bomb compresses
# 1000x or more. The caps bound what python-docx would inflate into memory.
MAX_DOCX_ENTRIES = 2_000
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small parts may compress well without being a bomb
_SNIFF_BYTES = 1024  # readers accept a PDF header anywhere in the first KiB
_DOCX_REQUIRED = ("[Content_Types].xml", "word/document.xml")


def check_content(path: Path, source: str) -> None:
    """Raise ``IngestError`` when the bytes of ``path`` are not what its extension says."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if suffix == ".pdf":
        if b"%PDF-" not in head:
            raise IngestError(source, "not a PDF (no %PDF- header)")
    elif suffix == ".docx":
        check_docx_archive(path, source)
    elif suffix in TEXT_SUFFIXES and (
        b"\x00" in head or head.startswith((b"%PDF-", b"PK\x03\x04"))
    ):
        raise IngestError(source, f"binary content in a {suffix} file")


def check_docx_archive(path: Path, source: str) -> None:
    """Refuse a DOCX that is not a Word zip or would inflate past the caps (a zip bomb).

    The declared sizes can be trusted as bounds: ``zipfile`` never inflates an
    entry past its declared size (it fails the CRC check instead).
    """
    if not zipfile.is_zipfile(path):
        raise IngestError(source, "corrupt or unreadable DOCX (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(source, f"corrupt DOCX archive ({one_line(exc)})") from exc
    if len(entries) > MAX_DOCX_ENTRIES:
        raise IngestError(source, f"DOCX has {len(entries):,} parts (limit {MAX_DOCX_ENTRIES:,})")
    names = {entry.filename for entry in entries}
    missing = [part for part in _DOCX_REQUIRED if part not in names]
    if missing:
        raise IngestError(source, f"not a Word document (no {missing[0]})")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise IngestError(
            source, f"DOCX inflates to {total:,} bytes (limit {MAX_DOCX_UNCOMPRESSED:,})"
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > MAX_DOCX_RATIO:
            raise IngestError(
                source, f"DOCX part {entry.filename} compresses {ratio:,.0f}:1 (a zip bomb?)"
            )


# C0 and C1 controls but for tab, line feed and carriage return, and the two
# non-characters: XML 1.0 (hence DOCX) cannot hold them, and one in a cited passage or
# an edited sentence made the draft's DOCX export a 500 for everyone it was shared with.
# Vertical tab and form feed separate words, so they become spaces.
_CONTROLS: dict[int, str | None] = {
    code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]
}
_CONTROLS.update({0x0B: " ", 0x0C: " ", 0xFFFE: None, 0xFFFF: None})


def strip_control_chars(text: str) -> str:
    """``text`` without control characters (tab, line feed and carriage return kept)."""
    return text.translate(_CONTROLS)


def one_line(exc: BaseException) -> str:
    """An exception as one short line, for error messages built from parser failures."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
