"""A draft's version history and a readable diff between two versions (text and citations)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from service.http.deps import DraftsDep
from service.http.web.session import WebUser
from service.http.web.templating import render
from service.http.web.views import diff_lines, place

router = APIRouter()


@router.get("/drafts/{draft_id}/versions")
def versions_page(*, request: Request, user: WebUser, drafts: DraftsDep, draft_id: str) -> Response:
    """Every version, newest first: who, when, what changed, with links to diffs."""
    record = drafts.read(user, draft_id)
    versions = list(reversed(drafts.versions(user, draft_id)))
    return render(request, "versions.html", {"record": record, "versions": versions})


@router.get("/drafts/{draft_id}/diff")
def diff_page(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    draft_id: str,
    old: Annotated[int, Query(alias="from", ge=1)],
    new: Annotated[int, Query(alias="to", ge=1)],
) -> Response:
    """What changed from version ``from`` to version ``to``."""
    before, after = drafts.read(user, draft_id, old), drafts.read(user, draft_id, new)
    diff = drafts.diff(user, draft_id, old, new)
    sections = []
    for section in diff.sections:
        paper = after.paper if section.new_text else before.paper
        group, heading = place(paper, section.path)
        title = f"{group} — {heading}" if group else heading
        sections.append({"path": section.path, "title": title, "lines": diff_lines(section)})
    context = {
        "record": after,
        "before": before,
        "after": after,
        "sections": sections,
        "added": diff.citations_added,
        "removed": diff.citations_removed,
    }
    return render(request, "diff.html", context)
