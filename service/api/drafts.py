"""JSON routes for options papers: create, read, versions, edit a section, diff, export."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.api.deps import DraftsDep
from service.drafts import DraftRecord, diff_versions
from service.export import paper_to_docx, paper_to_markdown
from service.paper import DraftRequest, Sentence

router = APIRouter(prefix="/api/drafts")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SectionEdit(BaseModel):
    """An analyst's new text for one block, and the version it was edited from."""

    expected_version: int = Field(ge=1)
    sentences: list[Sentence] = Field(max_length=200)
    author: str = Field(default="local", min_length=1, max_length=128)


def _record_json(record: DraftRecord) -> dict[str, Any]:
    return {"id": record.draft_id, "version": record.version, "change": record.change,
            "author": record.author, "paper": record.paper.model_dump(mode="json")}  # fmt: skip


@router.post("", status_code=201)
async def create_draft(*, body: DraftRequest, drafts: DraftsDep) -> dict[str, Any]:
    """Generate a paper (this takes up to a couple of minutes) and save it as version 1."""
    record = await run_in_threadpool(drafts.generate, body, "api")
    return _record_json(record)


@router.get("")
def list_drafts(*, drafts: DraftsDep) -> list[dict[str, Any]]:
    """Drafts, most recently changed first."""
    return [{"id": d.id, "title": d.title, "version": d.current_version,
             "updated_at": d.updated_at.isoformat()} for d in drafts.store.all()]  # fmt: skip


@router.get("/{draft_id}")
def get_draft(
    *, draft_id: str, drafts: DraftsDep, version: Annotated[int | None, Query(ge=1)] = None
) -> dict[str, Any]:
    """The draft at its current (or a given) version."""
    return _record_json(drafts.store.get(draft_id, version))


@router.get("/{draft_id}/versions")
def draft_versions(*, draft_id: str, drafts: DraftsDep) -> list[dict[str, Any]]:
    """Every version: number, author, time and what changed."""
    return [{"number": v.number, "author": v.author, "created_at": v.created_at.isoformat(),
             "change": v.change} for v in drafts.store.versions(draft_id)]  # fmt: skip


@router.put("/{draft_id}/sections/{path}")
def edit_section(
    *, draft_id: str, path: str, body: SectionEdit, drafts: DraftsDep
) -> dict[str, Any]:
    """Replace one block; 409 if the draft changed since ``expected_version``."""
    record = drafts.edit_section(draft_id, path, body.sentences, body.expected_version,
                                 body.author)  # fmt: skip
    return _record_json(record)


class Regeneration(BaseModel):
    """Which version a section regeneration starts from."""

    expected_version: int = Field(ge=1)
    author: str = Field(default="local", min_length=1, max_length=128)


@router.post("/{draft_id}/sections/{path}/regenerate")
async def regenerate_section(
    *, draft_id: str, path: str, body: Regeneration, drafts: DraftsDep
) -> dict[str, Any]:
    """Write one block afresh from the corpus; 409 if the draft changed meanwhile."""
    record = await run_in_threadpool(
        drafts.regenerate_section, draft_id, path, body.expected_version, body.author
    )
    return _record_json(record)


@router.get("/{draft_id}/diff")
def diff(
    *,
    draft_id: str,
    drafts: DraftsDep,
    old: Annotated[int, Query(alias="from", ge=1)],
    new: Annotated[int, Query(alias="to", ge=1)],
) -> dict[str, Any]:
    """Text and citation changes between two versions."""
    before, after = drafts.store.get(draft_id, old), drafts.store.get(draft_id, new)
    return diff_versions(before.paper, after.paper).as_json()


@router.get("/{draft_id}/export")
def export(*, draft_id: str, drafts: DraftsDep, format: Literal["docx", "md"] = "md") -> Response:
    """The current version as Markdown or as DOCX with footnotes."""
    record = drafts.store.get(draft_id)
    name = f"draft-{draft_id[:8]}-v{record.version}"
    if format == "docx":
        headers = {"Content-Disposition": f'attachment; filename="{name}.docx"'}
        return Response(paper_to_docx(record.paper), media_type=DOCX, headers=headers)
    headers = {"Content-Disposition": f'attachment; filename="{name}.md"'}
    return Response(paper_to_markdown(record.paper), media_type="text/markdown", headers=headers)
