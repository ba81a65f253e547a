"""Chunk: split a document's normalised text into spans that keep offsets and headings.

Sections follow the markdown heading lines the loaders produce; a section longer
than the chunk size is split at paragraph or sentence ends, with overlap, so that
no chunk cuts a sentence unless a single sentence is longer than a chunk.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from service.corpus.documents import Chunk, LoadedDocument
from service.text.sentences import chunk_boundaries

_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    """A heading's span of text, from its heading line to the next heading."""

    start: int
    end: int
    path: str
    body_start: int


def doc_id_for(source: str) -> str:
    """Stable id of a document, derived from its source path."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def content_hash(*parts: str) -> str:
    """Hex digest identifying content; equal inputs give equal ids across runs."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def split_sections(text: str) -> list[Section]:
    """Sections of ``text`` with their heading path ("Title > Part > Clause")."""
    headings = list(_HEADING_LINE.finditer(text))
    sections: list[Section] = []
    if not headings or headings[0].start() > 0:
        first_end = headings[0].start() if headings else len(text)
        sections.append(Section(0, first_end, "", 0))
    stack: list[tuple[int, str]] = []
    for i, match in enumerate(headings):
        level = len(match.group(1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()))
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        path = " > ".join(title for _, title in stack)
        sections.append(Section(match.start(), end, path, match.end()))
    return [s for s in sections if text[s.body_start : s.end].strip()]


def chunk_document(doc: LoadedDocument, chunk_size: int, overlap: int) -> list[Chunk]:
    """Chunks of ``doc`` in reading order; each one's text is ``doc.text[start:end]``."""
    doc_id = doc_id_for(doc.source)
    chunks: list[Chunk] = []
    for section in split_sections(doc.text):
        for start, end in _split_span(doc.text, section.start, section.end, chunk_size, overlap):
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    doc_id=doc_id,
                    chunk_id=content_hash(doc_id, str(start), text),
                    index=len(chunks),
                    start=start,
                    end=end,
                    text=text,
                    section=section.path,
                    embed_text=_embed_text(doc.title, section.path, text),
                )
            )
    return chunks


def _embed_text(title: str, section: str, text: str) -> str:
    # The heading path gives a clause-level chunk ("point 2(ii)") its context.
    context = " > ".join(part for part in (title, section) if part)
    return f"{context}\n{text}" if context else text


def _split_span(text: str, start: int, end: int, size: int, overlap: int) -> list[tuple[int, int]]:
    boundaries = chunk_boundaries(text, start, end)
    spans: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        stop = end if end - cursor <= size else _cut_point(text, boundaries, cursor, size)
        span = _trim(text, cursor, stop)
        if span[1] > span[0]:
            spans.append(span)
        if stop >= end:
            break
        cursor = _next_start(boundaries, cursor, stop, overlap)
    return spans


def _cut_point(text: str, boundaries: list[int], cursor: int, size: int) -> int:
    limit = cursor + size
    i = bisect_right(boundaries, limit) - 1
    if i >= 0 and boundaries[i] > cursor + size // 4:
        return boundaries[i]
    # One sentence longer than a chunk: cut at the last space before the limit.
    space = text.rfind(" ", cursor + 1, limit)
    return space + 1 if space > cursor else limit


def _next_start(boundaries: list[int], cursor: int, stop: int, overlap: int) -> int:
    i = bisect_left(boundaries, stop - overlap)
    if i < len(boundaries) and cursor < boundaries[i] < stop:
        return boundaries[i]
    return stop


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
