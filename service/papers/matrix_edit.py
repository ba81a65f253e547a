"""Editing the options matrix: an analyst sets one cell to another of the paper's cited
claims, to an explicit "No source.", or to a sentence of their own with ``[n]`` markers,
which is verified against the cited quotes like any edited claim (flagged, never dropped,
when they do not support it). ``DraftService.edit_matrix_cell`` saves the result as a new
version, audited, refused on a stale version.

The first column ("Agenda served and weight") is the service's own scoring, not evidence:
it is not editable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from service.errors import InvalidRequestError
from service.papers.citations import recheck
from service.papers.edit_text import checked_edit, text_to_sentences
from service.papers.matrix import AGENDA_CRITERION, CRITERIA, NO_SOURCE, paper_claims
from service.papers.paper import MatrixCell, Paper, Sentence
from service.text.labels import NulFree
from service.verify.support import Verifier


class CellEdit(BaseModel):
    """What a matrix cell becomes: ``claim`` (one of the paper's cited claims, by its text),
    ``none`` ("No source.") or ``text`` (the analyst's own sentence with ``[n]`` markers)."""

    kind: Literal["claim", "none", "text"]
    text: NulFree = Field(default="", max_length=4000)


def cell_choices(paper: Paper, row: int, column: int) -> list[Sentence]:
    """The paper's supported, cited claims an analyst may put in a cell: those that say
    something of the cell's kind (its criterion's cue) first, then the rest."""
    cell = matrix_cell(paper, row, column)
    cue = next((c.cue for c in CRITERIA if c.label == cell.criterion), None)
    claims = paper_claims(paper)
    fitting = [s for s in claims if cue is None or cue.search(s.text)]
    return fitting + [s for s in claims if s not in fitting]


def matrix_cell(paper: Paper, row: int, column: int) -> MatrixCell:
    """The cell at ``row``, ``column``; ``InvalidRequestError`` naming which is out of range."""
    if not 0 <= row < len(paper.matrix):
        raise InvalidRequestError(f"matrix row {row}: this paper's matrix has {len(paper.matrix)}")
    cells = paper.matrix[row].cells
    if not 0 <= column < len(cells):
        raise InvalidRequestError(f"matrix column {column}: a row has {len(cells)} cells")
    return cells[column]


def set_cell(paper: Paper, row: int, column: int, edit: CellEdit, verifier: Verifier) -> None:
    """Apply ``edit`` to the cell in place (the caller refreshes and saves the paper)."""
    cell = matrix_cell(paper, row, column)
    if cell.criterion == AGENDA_CRITERION:
        raise InvalidRequestError(
            f"matrix column {column}: '{AGENDA_CRITERION}' is the service's own scoring"
        )
    if edit.kind == "none":
        new = MatrixCell(criterion=cell.criterion, text=NO_SOURCE, kind="none")
    elif edit.kind == "claim":
        new = _chosen(paper, row, column, edit.text)
    else:
        new = _written(paper, cell.criterion, edit.text, verifier)
    paper.matrix[row].cells[column] = new


def _chosen(paper: Paper, row: int, column: int, text: str) -> MatrixCell:
    by_text = {s.text: s for s in cell_choices(paper, row, column)}
    chosen = by_text.get(text.strip())
    if chosen is None:
        raise InvalidRequestError("text: not one of this paper's cited claims")
    criterion = paper.matrix[row].cells[column].criterion
    return MatrixCell(criterion=criterion, text=chosen.text, citations=chosen.citations)


def _written(paper: Paper, criterion: str, text: str, verifier: Verifier) -> MatrixCell:
    sentences = [s for s in text_to_sentences(text) if s.kind == "claim"]
    if len(sentences) != 1:
        raise InvalidRequestError("text: a matrix cell holds exactly one cited sentence")
    by_n = {c.n: c for c in paper.citations}
    checked = recheck(checked_edit(sentences, set(by_n), "text")[0], by_n, verifier)
    return MatrixCell(
        criterion=criterion,
        text=checked.text,
        citations=checked.citations,
        supported=checked.supported,
        reason=checked.reason,
    )
