"""A block's citation panel: search the corpus, cite a passage on a sentence, remove one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator

from service.errors import StaleVersionError
from service.http.deps import DraftsDep, IndexDep
from service.http.web.editor import render_editor, version_trigger
from service.http.web.errors import error_page
from service.http.web.session import WebUser
from service.http.web.templating import is_fragment_request, render
from service.http.web.views import find_block
from service.papers.store import DraftRecord
from service.retrieve.hybrid import MAX_QUERY_CHARS, search
from service.text.labels import refuse_nul

router = APIRouter()
SEARCH_K = 5
Version = Annotated[int, Form(ge=1)]


@router.get("/drafts/{draft_id}/sections/{path}/citations/search")
def citation_search(
    *,
    request: Request,
    user: WebUser,
    index: IndexDep,
    drafts: DraftsDep,
    draft_id: str,
    path: str,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
) -> Response:
    """Passages to cite in block ``path``, best first."""
    record = drafts.read(user, draft_id)
    block = find_block(record.paper, path)
    if block is None:
        return error_page(request, 404, f"section '{path}': no such section in this draft")
    hits = search(index, q, SEARCH_K)
    panel = {"path": path, "q": q, "hits": hits}
    if not is_fragment_request(request):
        return render_editor(request, user, drafts, draft_id, panel=panel)
    context = {"record": record, "block": block, "panel": panel}
    return render(request, "partials/citation_hits.html", context)


@router.post("/drafts/{draft_id}/sections/{path}/citations")
def citation_add(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    path: str,
    chunk_id: Annotated[str, Form(min_length=1, max_length=64), AfterValidator(refuse_nul)],
    sentence: Annotated[int, Form(ge=0)],
    expected_version: Version,
) -> Response:
    """Cite a passage on one sentence of the block; the sentence is re-verified."""
    try:
        saved = drafts.add_citation(draft_id, path, sentence, chunk_id, expected_version, user)
    except StaleVersionError as exc:
        return error_page(request, 409, f"{exc}; reload the draft to see the latest version")
    return _updated_block(request, saved, path)


@router.post("/drafts/{draft_id}/sections/{path}/citations/{n}/delete")
def citation_remove(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    path: str,
    n: int,
    expected_version: Version,
) -> Response:
    """Take citation ``[n]`` off the block; sentences left without support are flagged."""
    try:
        saved = drafts.remove_citation(draft_id, path, n, expected_version, user)
    except StaleVersionError as exc:
        return error_page(request, 409, f"{exc}; reload the draft to see the latest version")
    return _updated_block(request, saved, path)


def _updated_block(request: Request, saved: DraftRecord, path: str) -> Response:
    block = find_block(saved.paper, path)
    assert block is not None  # the core refused unknown paths before saving
    if not is_fragment_request(request):
        return RedirectResponse(f"/drafts/{saved.draft_id}#block-{block.slug}", status_code=303)
    context = {
        "record": saved,
        "block": block,
        "read_only": False,
        "panel": None,
        "panel_open": True,
    }
    return render(request, "partials/block.html", context, headers=version_trigger(saved))
