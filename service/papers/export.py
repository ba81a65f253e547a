"""Export an options paper as Markdown or as a Word document with real footnotes.

Both formats are rendered from one outline (``_outline``) so they cannot drift apart
in structure. python-docx (1.2) has no footnote API, so the DOCX writer adds the
``word/footnotes.xml`` part itself and puts ``w:footnoteReference`` runs in the text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from service.papers.footnotes import Footnotes, cite_head, footnotes_of, install_footnotes
from service.papers.paper import (
    ChronologyEntry,
    Paper,
    Prose,
    Sentence,
    assessment_label,
    phase_heading,
    render_sentence,
)

UNVERIFIED = "⚠ unverified:"
__all__ = ["footnotes_of", "paper_to_docx", "paper_to_markdown"]


@dataclass(frozen=True)
class _Heading:
    level: int  # 0 is the paper title
    text: str


@dataclass(frozen=True)
class _Body:
    prose: Prose
    label: str = ""  # a phase name, shown bold before the prose as a list item


@dataclass(frozen=True)
class _Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class _Grid:
    """A table whose cells are sentences (with citations: footnotes in Word)."""

    header: list[str]
    rows: list[list[Sentence]]


_Block = _Heading | _Body | _Table | _Grid | str  # a str is a plain paragraph (a Sources entry)


# Fields of Paper / AgendaSection / Option in reading order; headings that are not just
# the field name in sentence case come from _LABELS.
_TOP_PARTS = ("bluf", "background", "core_assessment")
_AGENDA_PARTS = ("status", "leverage", "linkage")
_OPTION_PARTS = ("verification", "red_lines", "fallback", "pros", "cons", "risks", "indicators")
_LABELS = {"bluf": "BLUF", "core_assessment": "Assessment of the core issue"}
_LABELS["indicators"] = "Indicators of progress"


def _label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def _part(level: int, label: str, prose: Prose) -> list[_Block]:
    """A heading and its prose; nothing for an empty block (its gap is listed instead)."""
    return [_Heading(level, label), _Body(prose)] if prose.sentences else []


def _outline(paper: Paper) -> list[_Block]:
    """The paper as an ordered list of blocks shared by both renderers."""
    blocks: list[_Block] = [_Heading(0, paper.title)]
    if paper.frame_note:  # said before anything else: the evidence does not carry the frame
        blocks.append(f"Frame: {paper.frame_note}")
    for field in _TOP_PARTS:
        blocks += _part(1, _label(field), getattr(paper, field))
    blocks.append(_Heading(1, "Agendas"))
    for agenda in paper.agendas:
        blocks.append(_Heading(2, f"{agenda.name} (weight {agenda.weight:.2f})"))
        for field in _AGENDA_PARTS:
            blocks += _part(3, _label(field), getattr(agenda, field))
    blocks.append(_Heading(1, "Options"))
    for number, option in enumerate(paper.options, 1):
        blocks += [_Heading(2, f"Option {number}: {option.name}"), _Body(option.summary)]
        phases = [
            _Body(p.steps, label=phase_heading(j, p.name))
            for j, p in enumerate(option.sequencing)
            if p.steps.sentences
        ]
        blocks += [_Heading(3, "Sequencing"), *phases] if phases else []
        for field in _OPTION_PARTS:
            blocks += _part(3, _label(field), getattr(option, field))
    blocks += [_Heading(1, "Comparison"), _comparison_table(paper)]
    if paper.matrix:
        blocks += [_Heading(1, "Options matrix"), _matrix_grid(paper)]
    blocks += _timeline(paper)
    if paper.gaps:
        blocks.append(_Heading(1, "Gaps in the evidence"))
        blocks += [gap.text for gap in paper.gaps]
    blocks += _part(1, "Recommendation", paper.recommendation)
    evidence = [[row.claim, row.source, row.quote, row.date] for row in paper.evidence]
    blocks += [_Heading(1, "Evidence"), _Table(["Claim", "Source", "Quote", "Date"], evidence)]
    blocks.append(_Heading(1, "Sources"))
    blocks += [f'[{c.n}] {cite_head(c)} — "{c.quote}"' for c in paper.citations]
    return blocks


def _when(entry: ChronologyEntry) -> str:
    """An entry's date, with the later date it names kept apart ("2025-11-12 (names
    2026-04)"): when a proposal was made is not when it proposes."""
    return f"{entry.date} (names {entry.mentions})" if entry.mentions else entry.date


def _timeline(paper: Paper) -> list[_Block]:
    """Chronology (one dated, cited item per event) and conflicts (every side, cited)."""
    blocks: list[_Block] = []
    if paper.chronology:
        blocks.append(_Heading(1, "Chronology"))
        blocks += [
            _Body(Prose(sentences=[Sentence(text=e.text, citations=e.citations)]), label=_when(e))
            for e in paper.chronology
        ]
    if paper.conflicts:
        blocks.append(_Heading(1, "Conflicts between sources"))
        for conflict in paper.conflicts:
            sides = [
                Sentence(
                    text=f"{s.value}{' (later)' if s.later else ''}: {s.text}",
                    citations=s.citations,
                )
                for s in conflict.statements
            ]
            blocks.append(_Body(Prose(sentences=sides), label=conflict.heading))
    return blocks


def _matrix_grid(paper: Paper) -> _Grid:
    """Options as rows, criteria as columns; a cell is a cited claim, framing or "No source"."""
    header = ["Option", *(cell.criterion for cell in paper.matrix[0].cells)]
    rows = [
        [
            Sentence(text=row.option, kind="framing"),
            *(
                Sentence(
                    text=c.text,
                    kind="claim" if c.kind == "claim" else "framing",
                    citations=c.citations,
                    supported=c.supported,
                )
                for c in row.cells
            ),
        ]
        for row in paper.matrix
    ]
    return _Grid(header, rows)


def _comparison_table(paper: Paper) -> _Table:
    """Options as rows, weighted agendas as columns, plus the total weighted score."""
    # Agendas/options named only in comparison rows still get a column/row, so no
    # score the writer produced is silently dropped from the table.
    columns = {a.agenda_id: f"{a.name} (w={a.weight:.2f})" for a in paper.agendas}
    options = [o.name for o in paper.options]
    cells: dict[tuple[str, str], str] = {}
    totals: dict[str, float] = {}
    for row in paper.comparison:
        columns.setdefault(row.agenda_id, f"{row.agenda_id} (w={row.weight:.2f})")
        if row.option not in options:
            options.append(row.option)
        cells[(row.option, row.agenda_id)] = f"{row.score} ({row.weighted:.2f})"
        totals[row.option] = totals.get(row.option, 0.0) + row.weighted
    rows = [
        [name, *(cells.get((name, a), "—") for a in columns), f"{totals.get(name, 0.0):.2f}"]
        for name in options
    ]
    return _Table(["Option", *columns.values(), "Total weighted"], rows)


def _is_unverified(sentence: Sentence) -> bool:
    # Claims that failed verification, and framing that states facts no citation supports.
    return not sentence.supported


def _md_sentence(sentence: Sentence) -> str:
    text = render_sentence(sentence.model_copy(update={"lead": ""}))
    if sentence.kind == "framing":
        text = "*" + text.replace("*", "\\*") + "*"
    if sentence.assessment:
        text = f"**{assessment_label(sentence)}** {text}"
    if sentence.lead:  # the paper's own recommendation before the claim that grounds it
        text = f"**{sentence.lead.replace('*', chr(92) + '*')}** {text}"
    return f"**{UNVERIFIED}** {text}" if _is_unverified(sentence) else text


def _md_grid_cell(sentence: Sentence) -> str:
    """A matrix cell: plain (no italics in a table), flagged when it failed verification."""
    text = render_sentence(sentence)
    return f"**{UNVERIFIED}** {text}" if _is_unverified(sentence) else text


def _md_cell(text: str) -> str:
    # A pipe or a line break inside a cell would split the row.
    return " ".join(text.replace("|", "\\|").split())


def paper_to_markdown(paper: Paper) -> str:
    """Render the whole paper as Markdown with ``[n]`` markers and a Sources list.

    Framing sentences are italic and unsupported claims carry a visible
    ``⚠ unverified:`` flag so a reader never mistakes them for checked facts.
    """
    lines: list[str] = []
    for block in _outline(paper):
        if isinstance(block, _Heading):
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, _Body):
            body = " ".join(_md_sentence(s) for s in block.prose.sentences)
            lines += [f"- **{block.label}:** {body}" if block.label else body, ""]
        elif isinstance(block, _Grid):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += [
                "| " + " | ".join(_md_cell(_md_grid_cell(c)) for c in row) + " |"
                for row in block.rows
            ]
            lines.append("")
        elif isinstance(block, _Table):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        else:
            lines += [block, ""]
    return "\n".join(lines).rstrip() + "\n"


def _docx_sentence(paragraph: Paragraph, sentence: Sentence, notes: Footnotes) -> None:
    if _is_unverified(sentence):
        paragraph.add_run(UNVERIFIED + " ").bold = True
    if sentence.lead:
        paragraph.add_run(sentence.lead + " ").bold = True
    if sentence.assessment:
        paragraph.add_run(assessment_label(sentence) + " ").bold = True
    italic = sentence.kind == "framing"
    body, stop = sentence.text, ""
    # Same placement as render_sentence: the markers go before the final stop.
    if sentence.citations and body.endswith((".", "!", "?")):
        body, stop = body[:-1], body[-1]
    paragraph.add_run(body).italic = italic or None
    for n in sentence.citations:
        notes.reference(paragraph, n)
    if stop:
        paragraph.add_run(stop).italic = italic or None


def _docx_table(document: DocxDocument, header: list[str]) -> Table:
    """A bordered Word table with a bold header row."""
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    return table


def paper_to_docx(paper: Paper) -> bytes:
    """Render the paper as a DOCX whose citation markers are real Word footnotes.

    Each marker occurrence becomes its own footnote (``title (date), source: “quote”``),
    which is how Word numbers footnotes; the Sources list is kept as well.
    """
    document = docx.Document()
    notes = Footnotes(document, paper.citations)
    for block in _outline(paper):
        if isinstance(block, _Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, _Body):
            paragraph = document.add_paragraph(style="List Bullet" if block.label else None)
            if block.label:
                paragraph.add_run(f"{block.label}: ").bold = True
            for index, sentence in enumerate(block.prose.sentences):
                if index:
                    paragraph.add_run(" ")
                _docx_sentence(paragraph, sentence, notes)
        elif isinstance(block, _Grid):
            grid = _docx_table(document, block.header)
            for sentences in block.rows:
                for cell, sentence in zip(grid.add_row().cells, sentences, strict=True):
                    _docx_sentence(cell.paragraphs[0], sentence, notes)
        elif isinstance(block, _Table):
            table = _docx_table(document, block.header)
            for texts in block.rows:
                for cell, text in zip(table.add_row().cells, texts, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(block)
    install_footnotes(document, notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
