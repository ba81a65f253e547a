"""Two sentence splitters, kept apart on purpose: they serve different readers.

* ``sentence_spans``: the sentences (and heading or list lines) a quote, a check or an
  answer reads; a break needs a capital or digit after the stop, so "e.g. the" stays one.
* ``chunk_boundaries``: the offsets where a chunk may end: paragraph breaks and any
  ``.!?;:`` followed by space, cheaper and looser, since a chunk only needs not to cut
  a clause.

Merging them would change chunk ids and candidate sentences (and so every baseline);
that belongs to a change of its own, measured.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9])|\n+")
_CHUNK_BOUNDARY = re.compile(r"\n\n|(?<=[.!?;:])[\"')\]]*\s+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences (and heading/list lines) in ``text``."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if e > s]


def chunk_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` where a chunk may end (after a break's whitespace)."""
    return [m.end() for m in _CHUNK_BOUNDARY.finditer(text, start, end)]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    # Markdown's heading, quote and list markers are not part of a quotable sentence.
    while start < end and text[start] in " \t#>-*":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
