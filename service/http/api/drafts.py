"""JSON routes for options papers: create, read, versions, edit, regenerate, share, diff,
export. Every route acts as the calling user; ``DraftService`` checks their access."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from service.http.api.jobs import accepted
from service.http.api.schemas import (
    Draft,
    DraftSummary,
    DraftVersion,
    Grantees,
    Job,
    PaperDiff,
    ProposedOptions,
    download,
)
from service.http.auth import Analyst, LLMUser, Reader
from service.http.deps import DraftsDep, JobsDep
from service.jobs.kinds import submit_draft, submit_regeneration
from service.papers.matrix_edit import CellEdit
from service.papers.paper import DraftRequest, Sentence
from service.papers.store import DraftRecord
from service.text.labels import NulFree

router = APIRouter(prefix="/api/drafts")
# Version numbers are 32-bit integers in the database; larger ones are a 422, not a 500.
MAX_VERSION = 2**31 - 1
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}


class SectionEdit(BaseModel):
    """An analyst's new text for one block, and the version it was edited from."""

    expected_version: int = Field(ge=1, le=MAX_VERSION)
    sentences: list[Sentence] = Field(max_length=200)


class MatrixCellEdit(CellEdit):
    """A matrix cell's new content, and the version it was edited from."""

    expected_version: int = Field(ge=1, le=MAX_VERSION)


class Regeneration(BaseModel):
    """Which version a section regeneration starts from, and whether a new block with fewer
    claims than the current one may replace it (otherwise the job fails saying so)."""

    expected_version: int = Field(ge=1, le=MAX_VERSION)
    accept_shorter: bool = False


class Sharing(BaseModel):
    """Who a draft is shared with: user names, and/or "*" for everyone."""

    grantees: list[NulFree] = Field(max_length=200)


def _record_json(record: DraftRecord) -> dict[str, Any]:
    return {
        "id": record.draft_id,
        "version": record.version,
        "change": record.change,
        "author": record.author,
        "paper": record.paper.model_dump(mode="json"),
    }


@router.post("", status_code=202, response_class=JSONResponse, response_model=Job)
def create_draft(
    *, body: DraftRequest, drafts: DraftsDep, jobs: JobsDep, user: LLMUser
) -> JSONResponse:
    """Queue the drafting of a paper (a job: 202 with it and its ``Location``); once the
    job is done its ``result`` names the new draft (``draft_id``, version 1)."""
    return accepted(submit_draft(jobs, body, user, drafts))


@router.post("/options", response_model=ProposedOptions)
def propose_options(*, body: DraftRequest, drafts: DraftsDep, user: Analyst) -> dict[str, Any]:
    """The options a draft of ``body`` would weigh, before any text is written: the
    decision its tasking poses, the deadline it gives, and the options in its own terms
    (or the analyst's ``choices``, ranked). Send them back, renamed, dropped or added to,
    as ``choices`` when creating the draft."""
    return drafts.propose(body, user)


@router.get("", response_model=list[DraftSummary])
def list_drafts(*, drafts: DraftsDep, user: Reader) -> list[dict[str, Any]]:
    """Drafts the caller can see, most recently changed first."""
    return [
        {
            "id": d.id,
            "title": d.title,
            "version": d.current_version,
            "updated_at": d.updated_at.isoformat(),
        }
        for d in drafts.list(user)
    ]


@router.get("/{draft_id}", response_model=Draft)
def get_draft(
    *,
    draft_id: str,
    drafts: DraftsDep,
    user: Reader,
    version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None,
) -> dict[str, Any]:
    """The draft at its current (or a given) version."""
    return _record_json(drafts.read(user, draft_id, version))


@router.get("/{draft_id}/versions", response_model=list[DraftVersion])
def draft_versions(*, draft_id: str, drafts: DraftsDep, user: Reader) -> list[dict[str, Any]]:
    """Every version: number, author, time and what changed."""
    return [
        {
            "number": v.number,
            "author": v.author,
            "created_at": v.created_at.isoformat(),
            "change": v.change,
        }
        for v in drafts.versions(user, draft_id)
    ]


@router.put("/{draft_id}/sections/{path}", response_model=Draft)
def edit_section(
    *, draft_id: str, path: str, body: SectionEdit, drafts: DraftsDep, user: Analyst
) -> dict[str, Any]:
    """Replace one block; 409 if the draft changed since ``expected_version``."""
    record = drafts.edit_section(draft_id, path, body.sentences, body.expected_version, user)
    return _record_json(record)


@router.put("/{draft_id}/matrix/{row}/{column}", response_model=Draft)
def edit_matrix_cell(
    *,
    draft_id: str,
    row: int,
    column: int,
    body: MatrixCellEdit,
    drafts: DraftsDep,
    user: Analyst,
) -> dict[str, Any]:
    """Set one options-matrix cell (another cited claim, "No source." or own text, verified);
    409 if the draft changed since ``expected_version``."""
    edit = CellEdit(kind=body.kind, text=body.text)
    record = drafts.edit_matrix_cell(draft_id, row, column, edit, body.expected_version, user)
    return _record_json(record)


@router.post(
    "/{draft_id}/sections/{path}/regenerate",
    status_code=202,
    response_class=JSONResponse,
    response_model=Job,
)
def regenerate_section(
    *,
    draft_id: str,
    path: str,
    body: Regeneration,
    drafts: DraftsDep,
    jobs: JobsDep,
    user: LLMUser,
) -> JSONResponse:
    """Queue writing one block afresh from the corpus (a job: 202); 409 now if the draft is
    no longer at ``expected_version``, or when the job saves if it changed meanwhile. A new
    block with fewer claims fails the job (nothing saved) unless ``accept_shorter``."""
    job = submit_regeneration(
        jobs, drafts, user, draft_id, path, body.expected_version, body.accept_shorter
    )
    return accepted(job)


@router.put("/{draft_id}/sharing", response_model=Grantees)
def share(*, draft_id: str, body: Sharing, drafts: DraftsDep, user: Analyst) -> dict[str, Any]:
    """Replace who the draft is shared with (owner only)."""
    return {"grantees": drafts.share(user, draft_id, body.grantees)}


@router.get("/{draft_id}/diff", response_model=PaperDiff)
def diff(
    *,
    draft_id: str,
    drafts: DraftsDep,
    user: Reader,
    old: Annotated[int, Query(alias="from", ge=1, le=MAX_VERSION)],
    new: Annotated[int, Query(alias="to", ge=1, le=MAX_VERSION)],
) -> dict[str, Any]:
    """Text and citation changes between two versions."""
    return drafts.diff(user, draft_id, old, new).as_json()


@router.get(
    "/{draft_id}/export", response_class=Response, responses=download(list(MEDIA_TYPES.values()))
)
def export(
    *, draft_id: str, drafts: DraftsDep, user: Reader, format: Literal["docx", "md"] = "md"
) -> Response:
    """The current version as Markdown or as DOCX with footnotes."""
    name, data = drafts.export(user, draft_id, format)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=MEDIA_TYPES[format], headers=headers)
