"""Export an options paper as Markdown or as a Word document with real footnotes.

Both formats are rendered from one outline (``service.papers.outline``) so they cannot
drift apart in structure. python-docx (1.2) has no footnote API, so the DOCX writer adds the
``word/footnotes.xml`` part itself and puts ``w:footnoteReference`` runs in the text.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from service.papers.footnotes import Footnotes, footnotes_of, install_footnotes
from service.papers.outline import (
    UNVERIFIED,
    Body,
    Grid,
    Heading,
    TextTable,
    is_unverified,
    outline,
)
from service.papers.paper import (
    Paper,
    Sentence,
    assessment_label,
    render_sentence,
)

__all__ = ["footnotes_of", "paper_to_docx", "paper_to_markdown"]


def _md_sentence(sentence: Sentence) -> str:
    text = render_sentence(sentence.model_copy(update={"lead": ""}))
    if sentence.kind == "framing":
        text = "*" + text.replace("*", "\\*") + "*"
    if sentence.assessment:
        text = f"**{assessment_label(sentence)}** {text}"
    if sentence.lead:  # the paper's own recommendation before the claim that grounds it
        text = f"**{sentence.lead.replace('*', chr(92) + '*')}** {text}"
    return f"**{UNVERIFIED}** {text}" if is_unverified(sentence) else text


def _md_grid_cell(sentence: Sentence) -> str:
    """A matrix cell: plain (no italics in a table), flagged when it failed verification."""
    text = render_sentence(sentence)
    return f"**{UNVERIFIED}** {text}" if is_unverified(sentence) else text


def _md_cell(text: str) -> str:
    # A pipe or a line break inside a cell would split the row.
    return " ".join(text.replace("|", "\\|").split())


def paper_to_markdown(paper: Paper) -> str:
    """Render the whole paper as Markdown with ``[n]`` markers and a Sources list.

    Framing sentences are italic and unsupported claims carry a visible
    ``⚠ unverified:`` flag so a reader never mistakes them for checked facts.
    """
    lines: list[str] = []
    for block in outline(paper):
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, Body):
            body = " ".join(_md_sentence(s) for s in block.prose.sentences)
            lines += [f"- **{block.label}:** {body}" if block.label else body, ""]
        elif isinstance(block, Grid):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += [
                "| " + " | ".join(_md_cell(_md_grid_cell(c)) for c in row) + " |"
                for row in block.rows
            ]
            lines.append("")
        elif isinstance(block, TextTable):
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        else:
            lines += [block, ""]
    return "\n".join(lines).rstrip() + "\n"


def _docx_sentence(paragraph: Paragraph, sentence: Sentence, notes: Footnotes) -> None:
    if is_unverified(sentence):
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
    for block in outline(paper):
        if isinstance(block, Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, Body):
            paragraph = document.add_paragraph(style="List Bullet" if block.label else None)
            if block.label:
                paragraph.add_run(f"{block.label}: ").bold = True
            for index, sentence in enumerate(block.prose.sentences):
                if index:
                    paragraph.add_run(" ")
                _docx_sentence(paragraph, sentence, notes)
        elif isinstance(block, Grid):
            grid = _docx_table(document, block.header)
            for sentences in block.rows:
                for cell, sentence in zip(grid.add_row().cells, sentences, strict=True):
                    _docx_sentence(cell.paragraphs[0], sentence, notes)
        elif isinstance(block, TextTable):
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
