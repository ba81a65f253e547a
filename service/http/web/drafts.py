"""Drafts pages: the list, the "new draft" form and per-section generation progress."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from service.errors import first_problem
from service.http.deps import DraftsDep, JobsDep
from service.http.web.errors import error_page
from service.http.web.listing import SORTS, draft_listings
from service.http.web.progress import JobPages
from service.http.web.roles import unavailable
from service.http.web.session import WebUser, require, spend_llm_call
from service.http.web.templating import render
from service.jobs.kinds import submit_draft
from service.papers.paper import DraftRequest
from service.papers.plan import weight_suggestions
from service.papers.service import DraftService

router = APIRouter()
DRAFT_JOB = JobPages(
    "draft", "/drafts", "draft_job.html", done_url=lambda job: f"/drafts/{job.result['draft_id']}"
)
DRAFT_JOB.add_route(router, "Which sections are written; once done, on to the editor.")


@router.get("/drafts")
def drafts_page(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    q: Annotated[str, Query(max_length=200, description="Words to find")] = "",
    sort: Annotated[
        str, Query(max_length=16, description="updated, created, title, version")
    ] = "updated",
) -> Response:
    """Drafts the user may see (tasking, top weights, author, dates, version, sharing),
    filtered by ``q`` and sorted by ``sort``, and the form for a new one."""
    context = {
        "drafts": draft_listings(drafts, user, q, sort),
        "q": q,
        "sort": sort,
        "sorts": SORTS,
        "agendas": drafts.writer.catalogue.items,
        "can_draft": user.can("draft"),
        "draft_note": unavailable(user, "draft"),
    }
    return render(request, "drafts.html", context)


@router.get("/drafts/weight-hints")
def weight_hints(
    *,
    request: Request,
    user: WebUser,
    drafts: DraftsDep,
    tasking: Annotated[str, Query(max_length=4000, description="The tasking so far")] = "",
) -> Response:
    """The form's suggestions: each agenda the tasking names that its slider puts below the
    suggested weight, with that weight. The analyst's sliders are never moved for them."""
    require(user, "draft")
    weights = {}
    for agenda in drafts.writer.catalogue.items:
        raw = request.query_params.get(f"weight-{agenda.id}", "")
        try:
            weights[agenda.id] = float(raw) if raw else agenda.default_weight
        except ValueError:
            weights[agenda.id] = agenda.default_weight  # a hint only; the form validates
    names = {a.id: a.name for a in drafts.writer.catalogue.items}
    hints = [
        (agenda_id, names[agenda_id], weights[agenda_id], suggested)
        for agenda_id, suggested in weight_suggestions(tasking, weights).items()
    ]
    return render(request, "partials/weight_hints.html", {"hints": hints})


@router.post("/drafts")
async def new_draft(
    *, request: Request, user: WebUser, drafts: DraftsDep, jobs: JobsDep
) -> Response:
    """Validate the form and queue the drafting (a job: 202 with its progress)."""
    require(user, "draft")
    form = await request.form()
    fields = {key: str(value) for key, value in form.items()}
    try:
        draft_request = _draft_request(fields, drafts)
    except ValidationError as exc:
        field, message = first_problem(exc)
        return error_page(request, 422, f"{field}: {message}")
    spend_llm_call(request, user)
    return DRAFT_JOB.started(request, submit_draft(jobs, draft_request, user, drafts))


@router.post("/drafts/options")
async def proposed_options(*, request: Request, user: WebUser, drafts: DraftsDep) -> Response:
    """The options the form's tasking would weigh, as editable rows (rename, drop, add)."""
    require(user, "draft")
    form = await request.form()
    fields = {key: str(value) for key, value in form.items()}
    try:
        draft_request = _draft_request(fields, drafts, with_choices=False)
    except ValidationError as exc:
        field, message = first_problem(exc)
        return error_page(request, 422, f"{field}: {message}")
    return render(request, "partials/proposed_options.html", drafts.propose(draft_request, user))


def _choices(fields: dict[str, str]) -> list[dict[str, str]]:
    """The ticked option rows of the form, in order."""
    rows = sorted(
        int(key.removeprefix("option-keep-"))
        for key in fields
        if key.startswith("option-keep-") and key.removeprefix("option-keep-").isdigit()
    )
    return [
        {key: fields.get(f"option-{key}-{i}", "") for key in ("name", "basis", "framing")}
        for i in rows[:10]
        if fields.get(f"option-name-{i}", "").strip()
    ]


def _frame(fields: dict[str, str]) -> dict[str, Any] | None:
    core = fields.get("frame-core", "").strip()
    if not core:
        return None
    lines = fields.get("frame-peripheral", "").splitlines()
    return {"core": core, "peripheral": [line.strip() for line in lines if line.strip()]}


def _draft_request(
    fields: dict[str, str], drafts: DraftService, with_choices: bool = True
) -> DraftRequest:
    weights = {
        key.removeprefix("weight-"): value
        for key, value in fields.items()
        if key.startswith("weight-")
    }
    raw: dict[str, Any] = {
        "tasking": fields.get("tasking", ""),
        "weights": weights,
        "constraints": fields.get("constraints", ""),
        "choices": _choices(fields) if with_choices else [],
        "frame": _frame(fields),
    }
    if raw["frame"]:  # the sliders weigh the desk's agendas, not the draft's own
        raw["weights"] = {}
    for name in ("options", "length"):
        if fields.get(name):
            raw[name] = fields[name]
    draft_request = DraftRequest.model_validate(raw)
    drafts.writer.weights(draft_request)  # unknown agenda ids: 422 now
    return draft_request
