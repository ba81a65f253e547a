"""The draft editor: the paper block by block; edit in place with autosave and optimistic
locking (a conflict shows both texts to choose from); regenerate one block."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator

from service.accounts.users import User
from service.errors import InvalidRequestError, StaleVersionError
from service.http.deps import DraftsDep
from service.http.web.contents import contents_rail, flagged_in
from service.http.web.roles import unavailable
from service.http.web.session import WebUser
from service.http.web.templating import is_fragment_request, render
from service.http.web.views import Block, find_block, paper_blocks
from service.papers.edit_text import MAX_EDIT_CHARS, prose_to_text, text_to_sentences
from service.papers.service import DraftService
from service.papers.store import DraftRecord
from service.text.labels import refuse_nul

router = APIRouter()
Version = Annotated[int, Form(ge=1)]


@router.get("/drafts/{draft_id}")
def editor_page(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The paper section by section (an older ``version`` is shown read-only)."""
    return render_editor(request, user, drafts, draft_id, version=version)


@router.get("/drafts/{draft_id}/sections/{path}")
def block_view(
    *, request: Request, user: WebUser, drafts: DraftsDep, draft_id: str, path: str
) -> Response:
    """One block in reading mode."""
    return _block_page(request, user, drafts, draft_id, path, editing=False)


@router.get("/drafts/{draft_id}/sections/{path}/edit")
def block_edit(
    *, request: Request, user: WebUser, drafts: DraftsDep, draft_id: str, path: str
) -> Response:
    """One block as an edit form (the whole editor with that block open, without htmx)."""
    return _block_page(request, user, drafts, draft_id, path, editing=True)


@router.post("/drafts/{draft_id}/sections/{path}")
def block_save(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    path: str,
    text: Annotated[str, Form(max_length=MAX_EDIT_CHARS), AfterValidator(refuse_nul)],
    expected_version: Version,
    close: Annotated[str, Form()] = "",
) -> Response:
    """Save an edit (autosaved by htmx): every claim is re-verified and flagged if it fails;
    409 with both texts when someone else saved first."""
    record = drafts.read(user, draft_id)
    block = block_of(record, path)
    sentences = text_to_sentences(text)
    # What verification and attribution add (flags, the assessment mark) is not typed text.
    derived = {"supported": True, "reason": "", "assessment": ""}
    unchanged = [s.model_dump() for s in sentences] == [
        s.model_copy(update=derived).model_dump() for s in block.prose.sentences
    ]
    if unchanged and record.version == expected_version:
        saved = record  # autosave fires on every pause; no edit, no new version
    else:
        try:
            saved = drafts.edit_section(draft_id, path, sentences, expected_version, user)
        except StaleVersionError as exc:
            return _conflict(request, user, drafts, draft_id, block, text, exc)
    fresh = block_of(saved, path)
    if not is_fragment_request(request):
        return back_to(draft_id, fresh)
    headers = version_trigger(saved)
    if close:
        return render(request, "partials/block.html", block_context(saved, fresh), headers=headers)
    context = {"record": saved, "block": fresh, "changed": saved is not record}
    return render(request, "partials/save_status.html", context, headers=headers)


def render_editor(
    request: Request,
    user: User,
    drafts: DraftService,
    draft_id: str,
    *,
    version: int | None = None,
    editing: str | None = None,
    panel: dict[str, Any] | None = None,
    status_code: int = 200,
    conflict: dict[str, Any] | None = None,
    matrix_cell: dict[str, Any] | None = None,
) -> Response:
    """The whole editor page (also what a no-JavaScript form post comes back to);
    ``matrix_cell`` opens one options-matrix cell for editing."""
    record = drafts.read(user, draft_id, version)
    current = record if version is None else drafts.read(user, draft_id)
    blocks = paper_blocks(record.paper)
    context = {
        "record": record,
        "blocks": blocks,
        "editing": editing,
        "read_only": record.version != current.version or not user.can("draft"),
        "current": current,
        "edit_note": unavailable(user, "draft"),
        "rail": contents_rail(record.paper, blocks),
        "flagged_in": flagged_in,
        "first_flag": _first_flag(blocks),
        "panel": panel,
        "conflict": conflict,
        "prose_to_text": prose_to_text,
        "edit_limit": MAX_EDIT_CHARS,
        "matrix_cell": matrix_cell,
    }
    return render(request, "editor.html", context, status_code=status_code)


def _first_flag(blocks: list[Block]) -> str:
    """Where "next flagged sentence" goes without JavaScript: the first flagged block."""
    flagged = next((b for b in blocks if flagged_in(b)), None)
    return f"block-{flagged.slug}" if flagged else "matrix-section"


def version_trigger(record: DraftRecord) -> dict[str, str]:
    """Tell the page (app.js) the draft's new version, for every form's expected_version."""
    return {"HX-Trigger": json.dumps({"draft-version": {"value": record.version}})}


def _block_page(
    request: Request,
    user: User,
    drafts: DraftService,
    draft_id: str,
    path: str,
    *,
    editing: bool,
) -> Response:
    record = drafts.read(user, draft_id)
    block = block_of(record, path)
    if is_fragment_request(request) and editing:
        return render(request, "partials/block_edit.html", _edit_context(record, block))
    if is_fragment_request(request):
        return render(request, "partials/block.html", block_context(record, block))
    if editing:
        return render_editor(request, user, drafts, draft_id, editing=path)
    return back_to(draft_id, block)


def block_of(record: DraftRecord, path: str) -> Block:
    block = find_block(record.paper, path)
    if block is None:
        raise InvalidRequestError(f"section '{path}': no such section in this draft")
    return block


def block_context(record: DraftRecord, block: Block, **extra: Any) -> dict[str, Any]:
    return {"record": record, "block": block, "read_only": False, "panel": None, **extra}


def _edit_context(record: DraftRecord, block: Block) -> dict[str, Any]:
    return {
        "record": record,
        "block": block,
        "text": prose_to_text(block.prose),
        "edit_limit": MAX_EDIT_CHARS,
    }


def back_to(draft_id: str, block: Block) -> Response:
    return RedirectResponse(f"/drafts/{draft_id}#block-{block.slug}", status_code=303)


def _conflict(
    request: Request,
    user: User,
    drafts: DraftService,
    draft_id: str,
    block: Block,
    mine: str,
    exc: StaleVersionError,
) -> Response:
    current = drafts.read(user, draft_id)
    theirs_block = block_of(current, block.path)
    conflict = {
        "path": block.path,
        "slug": block.slug,
        "mine": mine,
        "current": current,
        "theirs": prose_to_text(theirs_block.prose),
        "expected": exc.expected,
    }
    if not is_fragment_request(request):
        return render_editor(request, user, drafts, draft_id, conflict=conflict, status_code=409)
    return render(
        request,
        "partials/conflict.html",
        {"conflict": conflict, "record": current},
        status_code=409,
    )
