"""Load: turn a file of a supported type into a ``LoadedDocument`` with normalised text.

Headings from every format become markdown heading lines (``## Title``) so one
chunker can keep section metadata for all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from service.corpus.documents import LoadedDocument
from service.corpus.safety import SUPPORTED_SUFFIXES, check_content, one_line, strip_control_chars
from service.errors import IngestError
from service.text.dates import parse_iso_date
from service.text.labels import strip_bidi

__all__ = ["SUPPORTED_SUFFIXES", "load_document", "normalise_text", "parse_front_matter"]
MAX_PDF_PAGES = 2_000  # bounds the time one upload can take to extract
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def normalise_text(text: str) -> str:
    """Canonical text that all offsets refer to: NFC, no control characters, ``\\n`` line
    ends, no trailing blanks."""
    text = strip_control_chars(unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def load_document(
    path: Path, source: str, max_bytes: int, named: str | None = None
) -> LoadedDocument:
    """Load one file; raise ``IngestError`` naming the file and reason when it can't be used.

    ``named`` is the title an upload's original file name gives it: used unless the file
    states its own (front matter, an HTML ``<title>``, PDF or DOCX properties)."""
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
    return _with_metadata(
        source, text, meta, fallback_title=named or _first_heading(text) or path.stem
    )


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
        title=strip_bidi(str(meta.get("title") or fallback_title)),
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
    return _with_metadata(source, text, {}, fallback_title=named or first_line or path.stem)


def _load_html(path: Path, source: str, named: str | None) -> LoadedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_utf8(path, source), "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    blocks: list[str] = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td"]):
        content = " ".join(element.get_text(" ", strip=True).split())
        if not content:
            continue
        name = element.name or ""
        level = int(name[1]) if name[:1] == "h" and name[1:].isdigit() else 0
        blocks.append(f"{'#' * level} {content}" if level else content)
    text = normalise_text("\n\n".join(blocks))
    title = soup.title.get_text(strip=True) if soup.title else None
    return _with_metadata(
        source, text, {}, fallback_title=title or named or _first_heading(text) or path.stem
    )


def _load_pdf(path: Path, source: str, named: str | None) -> LoadedDocument:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise IngestError(source, "PDF is encrypted")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise IngestError(source, f"PDF has {count:,} pages (limit {MAX_PDF_PAGES:,})")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except IngestError:
        raise
    except Exception as exc:
        # pypdf raises a wide variety of errors on hostile input (IndexError,
        # AttributeError, ...): every one of them means the file is unusable.
        raise IngestError(source, f"corrupt or unreadable PDF ({one_line(exc)})") from exc
    parts = [f"## Page {n}\n\n{page}" for n, page in enumerate(pages, 1) if page.strip()]
    if not parts:
        raise IngestError(source, "PDF has no extractable text (scanned images?)")
    text = normalise_text("\n\n".join(parts))
    return _with_metadata(source, text, {}, title or named or path.stem)


def _load_docx(path: Path, source: str, named: str | None) -> LoadedDocument:
    import docx

    try:
        word = docx.Document(str(path))
        blocks = _docx_blocks(word)
        title = word.core_properties.title
    except Exception as exc:
        # python-docx and lxml raise many error types on malformed parts.
        raise IngestError(source, f"corrupt or unreadable DOCX ({one_line(exc)})") from exc
    text = normalise_text("\n\n".join(blocks))
    title = title or named or _first_heading(text) or path.stem
    return _with_metadata(source, text, {}, fallback_title=title)


def _docx_blocks(word: Any) -> list[str]:
    blocks: list[str] = []
    for paragraph in word.paragraphs:
        content = paragraph.text.strip()
        if not content:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        blocks.append(_docx_block(style or "", content))
    for table in word.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text.strip() for cell in row.cells))
    return blocks


def _docx_block(style: str, content: str) -> str:
    if style == "Title":
        return f"# {content}"
    if style.startswith("Heading ") and style[8:].isdigit():
        return f"{'#' * min(int(style[8:]) + 1, 6)} {content}"
    return content


_LOADERS: dict[str, Callable[[Path, str, str | None], LoadedDocument]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}
