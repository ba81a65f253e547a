"""One question of an eval run, for an analyst: the answer with its citations, what the
suite expected, and each score with what it means."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.errors import RunNotFoundError
from service.evals.runs import RunStore
from service.http.deps import IndexDep
from service.http.web.errors import error_page
from service.http.web.evals import source_link, suite_files, suites_dir
from service.http.web.evalviews import expected_items, metric
from service.http.web.session import WebUser
from service.http.web.templating import render

router = APIRouter()


@router.get("/evals/{run_id}/questions/{item_id}")
def question_page(
    *, request: Request, _user: WebUser, index: IndexDep, run_id: str, item_id: str
) -> Response:
    """A question's answer, citations (linked to the cited span), expected answer and gold
    documents, retrieved documents and scores; 404 for an unknown run or question."""
    try:
        run = RunStore(index.sessions).get(run_id)
    except RunNotFoundError as exc:
        return error_page(request, 404, str(exc))
    result = next((r for r in run.results if r.item_id == item_id), None)
    if result is None:
        return error_page(request, 404, f"question '{item_id}': not in run {run.id}")
    expected = expected_items(suite_files(suites_dir(request)), run.suite).get(item_id)
    link = source_link(index)
    citations = [
        {**c, "url": link(str(c["source"]), int(c["start"]), int(c["end"]))}
        for c in result.answer["citations"]
    ]
    scores = [
        (name, metric(name), value) for name, value in result.metrics.items() if value is not None
    ]
    gold = set(expected.gold) if expected else set()
    context = {
        "run": run,
        "result": result,
        "expected": expected,
        "citations": citations,
        "scores": scores,
        "gold": gold,
    }
    return render(request, "eval_question.html", context)
