"""A PDF's text layer as paragraphs and headings, the way its pages show them.

``pypdf`` gives a page's text line by line, as printed: every line of a paragraph ends
in a hard break, a word hyphenated at a line end is cut in two, and a heading is just a
line. Retrieval and quoting want paragraphs, so the lines are read with the size and
position pypdf reports for them (its ``visitor_text`` callback) and put back together:

* a line set larger than the body text is a heading; the larger, the higher its level;
* a paragraph ends where the gap to the next line is wider than the body's line pitch, a
  line is indented, or the type size changes; a jump up the page (a second column, a new
  page) ends one only when the line before closes a sentence;
* the lines of a paragraph are joined with a space; a word cut by a hyphen at a line end
  is joined without it when the document writes that word whole somewhere, and kept
  with its hyphen otherwise ("five-hour" stays "five-hour": Chromium and Word break
  lines after a real hyphen and do not hyphenate by themselves).

Lines repeated at the same height on most pages (running heads) and lines that are only
a page number are left out.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
PARAGRAPH_GAP = 1.4  # a gap this many body line pitches wide ends a paragraph
_SENTENCE_END = re.compile(r"[.!?:;。！？][\"'”’)\]]*$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE
)
_HYPHEN_END = re.compile(r"(\w+)[-\u00ad]$")
_WORD_START = re.compile(r"^([a-z]\w*)")


@dataclass
class Line:
    """One printed line: its text, where it starts (``x``, ``y`` up the page) and its size."""

    text: str
    x: float
    y: float
    size: float
    page: int


def page_lines(page: Any, number: int) -> list[Line]:
    """A pypdf page's lines in content order, each with its position and type size."""
    lines: list[Line] = []
    current: list[str] = []
    where: list[tuple[float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                _close(lines, current, where, number)
            if piece.strip():
                where.append(_placed(cm, tm, size))
            current.append(piece)

    page.extract_text(visitor_text=visit)
    _close(lines, current, where, number)
    return lines


def _placed(cm: list[float], tm: list[float], size: float) -> tuple[float, float, float]:
    # Text space to page space: the text matrix, then the graphics state's matrix.
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
    return x, y, size * scale


def _close(lines: list[Line], current: list[str], where: list[tuple[float, float, float]],
           number: int) -> None:  # fmt: skip
    text = " ".join("".join(current).split())
    if text and where:
        x, y, _ = where[0]
        lines.append(Line(text, x, y, max(size for _, _, size in where), number))
    current.clear()
    where.clear()


def layout_text(pages: list[list[Line]]) -> str:
    """The pages' lines as markdown: ``#`` headings and paragraphs separated by blank lines."""
    lines = _without_furniture(pages)
    if not lines:
        return ""
    body = _body_size(lines)
    levels = _heading_levels(lines, body)
    pitch = _line_pitch(lines, body)
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and not _starts_block(blocks[-1][-1], line, body, pitch):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    vocabulary = _words(lines)
    parts = []
    for block in blocks:
        text = join_lines([line.text for line in block], vocabulary)
        level = levels.get(round(block[0].size, 1), 0)
        parts.append(f"{'#' * level} {text}" if level else text)
    return "\n\n".join(parts)


def largest_line(pages: list[list[Line]]) -> str | None:
    """The first page's largest printed text (its consecutive lines joined), if it is set
    larger than the body text: what a reader takes for the title."""
    lines = _without_furniture(pages)
    first = [line for line in lines if line.page == lines[0].page] if lines else []
    if not first:
        return None
    biggest = max(line.size for line in first)
    if biggest < _body_size(lines) * HEADING_RATIO:
        return None
    start = next(i for i, line in enumerate(first) if line.size == biggest)
    run = [first[start].text]
    for line in first[start + 1 :]:
        if line.size != biggest:
            break
        run.append(line.text)
    return join_lines(run, _words(lines))[:300]


def join_lines(lines: list[str], vocabulary: frozenset[str]) -> str:
    """Lines of one paragraph as one line; a hyphenated line end joined as described above."""
    text = ""
    for line in lines:
        cut = _HYPHEN_END.search(text)
        following = _WORD_START.match(line)
        if cut and following and (text.endswith("\u00ad") or _whole(cut, following, vocabulary)):
            text = text[:-1] + line
        elif cut or text.endswith(("—", "/")):  # a line broken after a hyphen, dash or slash
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text.replace("\u00ad", "")


def _whole(cut: re.Match[str], following: re.Match[str], vocabulary: frozenset[str]) -> bool:
    return (cut.group(1) + following.group(1)).lower() in vocabulary


def _starts_block(before: Line, line: Line, body: float, pitch: float) -> bool:
    if abs(line.size - before.size) > 0.5:
        return True
    if line.page != before.page or line.y > before.y:  # a new page or column
        return bool(_SENTENCE_END.search(before.text)) and not line.text[:1].islower()
    gap = before.y - line.y  # wider for large type: a heading's lines are spaced wider
    wide = gap > pitch * PARAGRAPH_GAP * max(1.0, line.size / body)
    return wide or line.x > before.x + body  # a gap or an indent


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _heading_levels(lines: list[Line], body: float) -> dict[float, int]:
    larger = sorted({round(x.size, 1) for x in lines if x.size >= body * HEADING_RATIO},
                    reverse=True)  # fmt: skip
    return {size: min(level, 6) for level, size in enumerate(larger, 1)}


def _line_pitch(lines: list[Line], body: float) -> float:
    gaps = [
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and round(a.size, 1) == round(b.size, 1) == body and a.y > b.y
    ]
    return statistics.median(gaps) if gaps else body * 1.2


def _without_furniture(pages: list[list[Line]]) -> list[Line]:
    # Running heads and feet: the same text at the same height on most pages.
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        seen.update({(_bare(x.text), round(x.y)) for x in lines})
    repeated = {key for key, count in seen.items() if len(pages) >= 3 and count > len(pages) / 2}
    return [
        line
        for lines in pages
        for line in lines
        if (_bare(line.text), round(line.y)) not in repeated
        and not _PAGE_NUMBER.match(line.text.strip())
    ]


def _bare(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())  # "Page 3 of 9" repeats as "page # of #"


def _words(lines: list[Line]) -> frozenset[str]:
    return frozenset(w.lower() for line in lines for w in re.findall(r"\w+", line.text))
