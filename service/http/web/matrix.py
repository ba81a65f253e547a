"""Editable options-matrix cells in the draft editor: open a cell, then choose another of
the paper's cited claims, "No source." or write a sentence of one's own (verified like any
edited claim). Saved through ``DraftService.edit_matrix_cell``: versioned, audited, 409 on a
stale version. Plain form posts, so the editor works without JavaScript."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator

from service.errors import StaleVersionError
from service.http.deps import DraftsDep
from service.http.web.editor import render_editor
from service.http.web.errors import error_page
from service.http.web.session import WebUser
from service.papers.matrix_edit import CellEdit, cell_choices, matrix_cell
from service.text.labels import refuse_nul

router = APIRouter()
CellIndex = Annotated[int, Path(ge=0, le=99)]


@router.get("/drafts/{draft_id}/matrix/{row}/{column}/edit")
def cell_edit(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    row: CellIndex,
    column: CellIndex,
) -> Response:
    """The editor with one matrix cell open: the claims it may take, "No source.", own text."""
    paper = drafts.read(user, draft_id).paper
    cell = matrix_cell(paper, row, column)
    editing = {
        "row": row,
        "column": column,
        "cell": cell,
        "choices": cell_choices(paper, row, column),
    }
    return render_editor(request, user, drafts, draft_id, matrix_cell=editing)


@router.post("/drafts/{draft_id}/matrix/{row}/{column}")
def cell_save(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    row: CellIndex,
    column: CellIndex,
    kind: Annotated[Literal["claim", "none", "text"], Form()],
    expected_version: Annotated[int, Form(ge=1)],
    choice: Annotated[str, Form(max_length=4000), AfterValidator(refuse_nul)] = "",
    text: Annotated[str, Form(max_length=4000), AfterValidator(refuse_nul)] = "",
) -> Response:
    """Save the cell as a new version and go back to it in the editor."""
    edit = CellEdit(kind=kind, text=choice if kind == "claim" else text)
    try:
        drafts.edit_matrix_cell(draft_id, row, column, edit, expected_version, user)
    except StaleVersionError as exc:
        return error_page(request, 409, f"{exc}; reload the draft to see the latest version")
    return RedirectResponse(f"/drafts/{draft_id}#matrix-{row}-{column}", status_code=303)
