"""An options paper as one outline: an ordered list of blocks (headings, prose, tables,
grids of cited sentences, plain paragraphs) that both renderers
(``service.papers.export``: Markdown, DOCX) walk, so the formats cannot drift apart in
structure."""

from __future__ import annotations

from dataclasses import dataclass

from service.papers.footnotes import cite_head
from service.papers.paper import ChronologyEntry, Paper, Prose, Sentence, phase_heading

# What both formats put before a sentence no citation supports.
UNVERIFIED = "⚠ unverified:"


@dataclass(frozen=True)
class Heading:
    """A heading of the paper."""

    level: int  # 0 is the paper title
    text: str


@dataclass(frozen=True)
class Body:
    """A block of prose, under a heading or as a labelled list item."""

    prose: Prose
    label: str = ""  # a phase name, shown bold before the prose as a list item


@dataclass(frozen=True)
class TextTable:
    """A table of plain text (the comparison, the evidence)."""

    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Grid:
    """A table whose cells are sentences (with citations: footnotes in Word)."""

    header: list[str]
    rows: list[list[Sentence]]


Block = Heading | Body | TextTable | Grid | str  # a str is a plain paragraph (a Sources entry)


# Fields of Paper / AgendaSection / Option in reading order; headings that are not just
# the field name in sentence case come from _LABELS.
_TOP_PARTS = ("bluf", "background", "core_assessment")
_AGENDA_PARTS = ("status", "leverage", "linkage")
_OPTION_PARTS = ("verification", "red_lines", "fallback", "pros", "cons", "risks", "indicators")
_LABELS = {"bluf": "BLUF", "core_assessment": "Assessment of the core issue"}
_LABELS["indicators"] = "Indicators of progress"


def _label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def _part(level: int, label: str, prose: Prose) -> list[Block]:
    """A heading and its prose; nothing for an empty block (its gap is listed instead)."""
    return [Heading(level, label), Body(prose)] if prose.sentences else []


def outline(paper: Paper) -> list[Block]:
    """The paper as an ordered list of blocks shared by both renderers."""
    blocks: list[Block] = [Heading(0, paper.title)]
    if paper.frame_note:  # said before anything else: the evidence does not carry the frame
        blocks.append(f"Frame: {paper.frame_note}")
    for field in _TOP_PARTS:
        blocks += _part(1, _label(field), getattr(paper, field))
    blocks.append(Heading(1, "Agendas"))
    for agenda in paper.agendas:
        blocks.append(Heading(2, f"{agenda.name} (weight {agenda.weight:.2f})"))
        for field in _AGENDA_PARTS:
            blocks += _part(3, _label(field), getattr(agenda, field))
    blocks.append(Heading(1, "Options"))
    for number, option in enumerate(paper.options, 1):
        blocks += [Heading(2, f"Option {number}: {option.name}"), Body(option.summary)]
        phases = [
            Body(p.steps, label=phase_heading(j, p.name))
            for j, p in enumerate(option.sequencing)
            if p.steps.sentences
        ]
        blocks += [Heading(3, "Sequencing"), *phases] if phases else []
        for field in _OPTION_PARTS:
            blocks += _part(3, _label(field), getattr(option, field))
    blocks += [Heading(1, "Comparison"), _comparison_table(paper)]
    if paper.matrix:
        blocks += [Heading(1, "Options matrix"), _matrix_grid(paper)]
    blocks += _timeline(paper)
    if paper.gaps:
        blocks.append(Heading(1, "Gaps in the evidence"))
        blocks += [gap.text for gap in paper.gaps]
    blocks += _part(1, "Recommendation", paper.recommendation)
    evidence = [[row.claim, row.source, row.quote, row.date] for row in paper.evidence]
    blocks += [Heading(1, "Evidence"), TextTable(["Claim", "Source", "Quote", "Date"], evidence)]
    blocks.append(Heading(1, "Sources"))
    blocks += [f'[{c.n}] {cite_head(c)} — "{c.quote}"' for c in paper.citations]
    return blocks


def _when(entry: ChronologyEntry) -> str:
    """An entry's date, with the later date it names kept apart ("2025-11-12 (names
    2026-04)"): when a proposal was made is not when it proposes."""
    return f"{entry.date} (names {entry.mentions})" if entry.mentions else entry.date


def _timeline(paper: Paper) -> list[Block]:
    """Chronology (one dated, cited item per event) and conflicts (every side, cited)."""
    blocks: list[Block] = []
    if paper.chronology:
        blocks.append(Heading(1, "Chronology"))
        blocks += [
            Body(Prose(sentences=[Sentence(text=e.text, citations=e.citations)]), label=_when(e))
            for e in paper.chronology
        ]
    if paper.conflicts:
        blocks.append(Heading(1, "Conflicts between sources"))
        for conflict in paper.conflicts:
            sides = [
                Sentence(
                    text=f"{s.value}{' (later)' if s.later else ''}: {s.text}",
                    citations=s.citations,
                )
                for s in conflict.statements
            ]
            blocks.append(Body(Prose(sentences=sides), label=conflict.heading))
    return blocks


def _matrix_grid(paper: Paper) -> Grid:
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
    return Grid(header, rows)


def _comparison_table(paper: Paper) -> TextTable:
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
    return TextTable(["Option", *columns.values(), "Total weighted"], rows)


def is_unverified(sentence: Sentence) -> bool:
    """Whether a sentence is shown flagged: a claim that failed verification, or framing
    that states facts no citation supports."""
    return not sentence.supported
