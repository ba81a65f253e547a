"""A document's normalised text rendered for reading: headings, lists and paragraphs.

markdown-it-py (CommonMark) with raw HTML off, so markup in a document is shown as
text, never run; images are off too (a document never loads anything). A quoted
span is highlighted inside the rendered blocks it falls in: those blocks' inline text
is shown plain (escaped) with the quote in a ``<mark>``, the rest keeps its Markdown.
Headings move down one level, so the page's own title is the only ``<h1>``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape

_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")
_LOWEST_HEADING = 6


def _text(_renderer: Any, tokens: Sequence[Token], idx: int, *_args: Any) -> str:
    """Plain text escaped as the templates escape it (quotes too), one escaping everywhere."""
    return str(escape(tokens[idx].content))


_markdown.add_render_rule("text", _text)


def render_document(text: str, highlight: tuple[int, int] | None = None) -> str:
    """``text`` (Markdown) as HTML, with ``text[start:end]`` marked when ``highlight`` is
    given (the first mark is ``id="quote"``, the target of "open the whole document")."""
    tokens = _markdown.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1:]) + 1, _LOWEST_HEADING)}"
    if highlight is not None:
        _mark(tokens, text, highlight)
    rendered: str = _markdown.renderer.render(tokens, _markdown.options, {})
    return rendered


def _mark(tokens: list[Token], text: str, highlight: tuple[int, int]) -> None:
    """Replace the inline content of every block the span touches with escaped text in
    which the span's part in that block is wrapped in ``<mark>``."""
    starts = [0, *itertools.accumulate(len(line) for line in text.splitlines(keepends=True))]
    start, end = highlight
    first = True
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        block_start = starts[min(token.map[0], len(starts) - 1)]
        block_end = starts[min(token.map[1], len(starts) - 1)]
        if block_end <= start or block_start >= end:
            continue
        quoted = text[max(start, block_start) : min(end, block_end)].strip()
        token.children = [_html(_marked(token.content, quoted, first))]
        first = False


def _marked(content: str, quoted: str, first: bool) -> str:
    """``content`` escaped, with ``quoted`` in a mark (the whole block when the quote's
    words are laid out differently in the rendered block, e.g. across list markers)."""
    at = content.find(quoted) if quoted else -1
    before, inside, after = (
        (content[:at], quoted, content[at + len(quoted) :]) if at >= 0 else ("", content, "")
    )
    anchor = ' id="quote"' if first else ""
    return f"{escape(before)}<mark{anchor}>{escape(inside)}</mark>{escape(after)}"


def _html(markup: str) -> Token:
    """An inline token the renderer writes out as is (``markup`` is escaped already)."""
    token = Token("html_inline", "", 0)
    token.content = markup
    return token
