"""Load: turn a file of a supported type into a ``LoadedDocument`` with normalised text.

Headings from every format become markdown heading lines (``## Title``) so one
chunker can keep section metadata for all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from service.corpus.documents import LoadedDocument
from service.corpus.formats import Extracted, is_junk_title, read_docx, read_html, read_pdf
from service.corpus.safety import SUPPORTED_SUFFIXES, check_content, strip_control_chars
from service.errors import IngestError
from service.text.dates import parse_iso_date
from service.text.document_dates import find_document_date
from service.text.labels import strip_bidi

__all__ = ["SUPPORTED_SUFFIXES", "load_document", "normalise_text", "parse_front_matter"]
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_KEEP_WIDTH = re.compile(r"[^\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def normalise_text(text: str) -> str:
    """Canonical text that all offsets refer to: compatibility forms folded (NFKC: "ﬁ" is
    "fi"), no control characters or soft hyphens, ``\\n`` line ends, no trailing blanks."""
    text = _compatible(unicodedata.normalize("NFC", text))
    text = strip_control_chars(text).replace("\u00ad", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _compatible(text: str) -> str:
    # NFKC everywhere but CJK and full-width punctuation: "！？（）" would become "!?()",
    # which Japanese text writes without the space an English sentence end has.
    return _KEEP_WIDTH.sub(lambda run: unicodedata.normalize("NFKC", run.group(0)), text)


def load_document(
    path: Path, source: str, max_bytes: int, named: str | None = None
) -> LoadedDocument:
    """Load one file; raise ``IngestError`` naming the file and reason when it can't be used.

    ``named`` is the title an upload's original file name gives it: used unless the file
    states its own (front matter, an HTML ``<title>``, PDF or DOCX properties that are not
    junk) or, for PDF, DOCX and HTML, shows one (its largest line or first heading). The
    document records where its title and date came from (``title_origin``, ...)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(source, f"unsupported file type '{suffix or path.name}' ({supported})")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(source, "file is empty")
    if size > max_bytes:
        raise IngestError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    check_content(path, source)  # before any parser sees bytes that are not what they claim
    document = _LOADERS[suffix](path, source, named)
    if not document.text.strip():
        raise IngestError(source, "no text could be extracted")
    return document


def _read_utf8(path: Path, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid UTF-8 text (byte {exc.start})") from exc


def _load_markdown(path: Path, source: str, named: str | None) -> LoadedDocument:
    raw = _read_utf8(path, source).replace("\r\n", "\n")
    meta: dict[str, Any] = {}
    match = FRONT_MATTER.match(raw)
    if match:
        meta = parse_front_matter(match.group(1), source)
        raw = raw[match.end() :]
    text = normalise_text(raw)
    heading = _first_heading(text)
    title, origin = (named, "file name") if named else (heading, "heading")
    doc = _with_metadata(source, text, meta, fallback_title=title or path.stem)
    origin = "front matter" if meta.get("title") else origin if title else "file name"
    doc = replace(doc, title_origin=origin)
    return replace(doc, date_origin="front matter") if doc.date else _dated_from_text(doc)


def _dated_from_text(doc: LoadedDocument) -> LoadedDocument:
    """``doc`` with the date its opening lines give, when nothing else dated it."""
    found = find_document_date(doc.text)
    if found is None:
        return doc
    return replace(doc, date=found.iso, date_origin="text", date_found=found.found)


def parse_front_matter(block: str, source: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        raise IngestError(source, f"invalid YAML front matter: {exc}".splitlines()[0]) from exc
    if not isinstance(meta, dict):
        raise IngestError(source, "front matter must be a mapping of fields")
    return meta


def _with_metadata(
    source: str, text: str, meta: dict[str, Any], fallback_title: str
) -> LoadedDocument:
    date = meta.get("date")
    if date is not None and date != "":
        date = parse_iso_date(date)
        if date is None:
            shown = (
                ascii(meta["date"])[1:-1][:60] if isinstance(meta["date"], str) else meta["date"]
            )
            raise IngestError(
                source, f"front matter field 'date': '{shown}' is not a YYYY-MM-DD date"
            )
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise IngestError(source, "front matter field 'tags' must be a list of strings")
    sources = meta.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise IngestError(source, "front matter field 'sources' must be a list of {title, url}")
    _refuse_nul(source, meta)
    return LoadedDocument(
        source=source,
        text=text,
        # Bidi controls would make a title or tag display in another order than it reads.
        title=strip_bidi(_compatible(str(meta.get("title") or fallback_title)).strip()),
        doc_type=strip_bidi(str(meta.get("doc_type") or "document")),
        date=str(date) if date else None,
        tags=tuple(strip_bidi(t) for t in tags),
        sources=tuple({k: str(v) for k, v in s.items()} for s in sources),
    )


def _refuse_nul(source: str, meta: dict[str, Any]) -> None:
    """A NUL in front matter (YAML's "\\0" escape makes one) cannot be stored by
    PostgreSQL and belongs in no title, type, tag or source: the file is refused, naming
    the field."""
    for field in ("title", "doc_type", "tags", "sources"):
        value = meta.get(field) or ""
        items = value if isinstance(value, list) else [value]
        texts = [
            str(v) for item in items for v in (item.values() if isinstance(item, dict) else [item])
        ]
        if any("\x00" in text for text in texts):
            raise IngestError(source, f"front matter field '{field}': contains a NUL character")


def _first_heading(text: str) -> str | None:
    match = _HEADING.search(text)
    return match.group(2) if match else None


def _load_text(path: Path, source: str, named: str | None) -> LoadedDocument:
    text = normalise_text(_read_utf8(path, source))
    first_line = text.split("\n", 1)[0][:120]
    doc = _with_metadata(source, text, {}, fallback_title=named or first_line or path.stem)
    origin = "file name" if named or not first_line else "first line"
    return _dated_from_text(replace(doc, title_origin=origin))


def _load_html(path: Path, source: str, named: str | None) -> LoadedDocument:
    return _from_extracted(path, source, named, read_html(_read_utf8(path, source)))


def _load_pdf(path: Path, source: str, named: str | None) -> LoadedDocument:
    return _from_extracted(path, source, named, read_pdf(path, source))


def _load_docx(path: Path, source: str, named: str | None) -> LoadedDocument:
    return _from_extracted(path, source, named, read_docx(path, source))


def _from_extracted(path: Path, source: str, named: str | None, found: Extracted) -> LoadedDocument:
    """A document from what a format reader found: its own title unless that is junk
    ("about:blank", "Microsoft Word - memo.docx"), then its largest line or first
    heading, then the upload's name, then the file's stem."""
    text = normalise_text(found.text)
    candidates = (
        (None if is_junk_title(found.title) else found.title, found.title_origin),
        (found.heading, "largest line" if path.suffix.lower() == ".pdf" else "heading"),
        (_first_heading(text), "heading"),
        (named, "file name"),
        (path.stem, "file name"),
    )
    title, origin = next((t.strip(), o) for t, o in candidates if t and t.strip())
    meta: dict[str, Any] = {"title": title}
    if found.date:
        meta["date"] = found.date
    doc = replace(_with_metadata(source, text, meta, fallback_title=title), title_origin=origin)
    return replace(doc, date_origin=found.date_origin) if found.date else _dated_from_text(doc)


_LOADERS: dict[str, Callable[[Path, str, str | None], LoadedDocument]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}
