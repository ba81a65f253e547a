"""Read PDF, DOCX and HTML files into markdown-like text and what they say about themselves.

Each reader returns an ``Extracted``: the text (headings as ``#`` lines, paragraphs
separated by blank lines, not yet normalised) and the title and date the file's own
properties give, each with where it came from. ``service.corpus.load`` normalises the
text and decides the title and date (a junk property loses to a heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.corpus.pdf_text import largest_line, layout_text, page_lines
from service.corpus.safety import one_line
from service.errors import IngestError
from service.text.dates import parse_iso_date

MAX_PDF_PAGES = 2_000  # bounds the time one upload can take to extract
# Titles that name a tool, a template or a blank page rather than the document.
_JUNK_TITLE = re.compile(
    r"^(?:about:blank|untitled(?:\s+document)?|document\d*|microsoft word\s*-.*|"
    r"powerpoint presentation|slide \d+|title|new document|\S+\.(?:docx?|pdf|html?|txt|rtf|odt)"
    r"|(?:https?|file|data|blob):\S*)$",
    re.IGNORECASE,
)
# Page furniture that is never the document's text.
_BOILERPLATE_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer",
                     "aside", "form", "button", "svg", "iframe", "dialog"]  # fmt: skip
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
_BOILERPLATE_NAMES = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|breadcrumbs?|cookies?|cookie-banner|share|social|sidebar|"
    r"related|advert|ads?|newsletter|subscribe|skip-link|footer|masthead)(?:$|[-_ ])",
    re.IGNORECASE,
)
_HTML_DATE_META = ("article:published_time", "datePublished", "date", "dc.date", "pubdate")


@dataclass(frozen=True)
class Extracted:
    """A file's text and the title/date its own properties give (``None`` when they don't)."""

    text: str
    title: str | None = None
    title_origin: str = ""
    heading: str | None = None  # the largest line (PDF) or first top heading
    date: str | None = None
    date_origin: str = ""


def is_junk_title(title: str | None) -> bool:
    """Whether a title property is empty or names a tool, template or blank page."""
    return not title or not title.strip() or bool(_JUNK_TITLE.match(title.strip()))


def read_pdf(path: Path, source: str) -> Extracted:
    """A PDF's text layer as paragraphs and headings, its title property and largest line."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise IngestError(source, "PDF is encrypted")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise IngestError(source, f"PDF has {count:,} pages (limit {MAX_PDF_PAGES:,})")
        pages = [page_lines(page, n) for n, page in enumerate(reader.pages, 1)]
        title = reader.metadata.title if reader.metadata else None
    except IngestError:
        raise
    except Exception as exc:
        # pypdf raises a wide variety of errors on hostile input (IndexError,
        # AttributeError, ...): every one of them means the file is unusable.
        raise IngestError(source, f"corrupt or unreadable PDF ({one_line(exc)})") from exc
    text = layout_text(pages)
    if not text.strip():
        raise IngestError(source, "PDF has no extractable text (scanned images?)")
    return Extracted(text, str(title) if title else None, "file properties", largest_line(pages))


def read_docx(path: Path, source: str) -> Extracted:
    """A DOCX's paragraphs (heading styles as ``#`` lines) and tables; its title property."""
    import docx

    try:
        word = docx.Document(str(path))
        blocks = _docx_blocks(word)
        title = word.core_properties.title
    except Exception as exc:
        # python-docx and lxml raise many error types on malformed parts.
        raise IngestError(source, f"corrupt or unreadable DOCX ({one_line(exc)})") from exc
    return Extracted("\n\n".join(blocks), title or None, "file properties")


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


def read_html(raw: str) -> Extracted:
    """A page's main text without its furniture (menus, banners, footers, cookie notices),
    its ``<title>`` (less a " | Site" suffix its first heading lacks) and published date."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    date = _html_date(soup)
    for tag in soup(_BOILERPLATE_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    root = soup.find("main") or _single(soup.find_all("article")) or soup
    blocks = _html_blocks(root)
    heading = next((b.lstrip("# ") for b in blocks if b.startswith("# ")), None)
    title = _page_title(page_title, heading)
    return Extracted("\n\n".join(blocks), title, "page title", heading, date, "page metadata")


def _is_furniture(tag: Any) -> bool:
    if getattr(tag, "attrs", None) is None:
        return False
    if tag.get("role") in _BOILERPLATE_ROLES or tag.get("aria-hidden") == "true":
        return True
    names = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
    return bool(names and _BOILERPLATE_NAMES.search(names))


def _single(tags: list[Any]) -> Any:
    return tags[0] if len(tags) == 1 else None


def _html_blocks(root: Any) -> list[str]:
    blocks: list[str] = []
    for element in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td"]):
        content = " ".join(element.get_text(" ", strip=True).split())
        if not content:
            continue
        name = element.name or ""
        level = int(name[1]) if name[:1] == "h" and name[1:].isdigit() else 0
        blocks.append(f"{'#' * level} {content}" if level else content)
    return blocks


def _page_title(page_title: str | None, heading: str | None) -> str | None:
    if page_title and heading and heading in page_title and heading != page_title:
        return heading  # "Boat rescued | Daily News": the page's own headline
    return page_title


def _html_date(soup: Any) -> str | None:
    for name in _HTML_DATE_META:
        meta = soup.find("meta", attrs={"property": name}) or soup.find(
            "meta", attrs={"name": name}
        )
        if meta is not None and meta.get("content"):
            found = parse_iso_date(str(meta["content"])[:10])
            if found:
                return found
    time = soup.find("time", attrs={"datetime": True})
    return parse_iso_date(str(time["datetime"])[:10]) if time is not None else None
