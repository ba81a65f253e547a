"""The Ask page: a question with filters; the verified answer streams in sentence by sentence.

The stream is ``Answerer.stream`` (the JSON API's SSE path) rendered as HTML events
for htmx's SSE extension; without JavaScript the same page answers in one go through
``Answerer.answer``, which consumes that same stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from service.answer.answerer import Answerer
from service.answer.result import DoneEvent, SentenceEvent
from service.corpus.filters import SearchFilters
from service.corpus.index import Index
from service.http.deps import AnswererDep, IndexDep
from service.http.web.session import WebUser, require, spend_llm_call
from service.http.web.templating import is_fragment_request, render, render_string
from service.retrieve.hybrid import MAX_QUERY_CHARS, validate_query
from service.text.evidence import Citation

router = APIRouter()
ANSWER_K = 6
Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
Many = Annotated[list[str], Query(max_length=20)]


@router.get("/ask")
def ask_page(
    *,
    request: Request,
    user: WebUser,
    index: IndexDep,
    answerer: AnswererDep,
    q: Text = "",
    doc_type: Many = [],  # noqa: B006 (FastAPI copies defaults per request)
    tag: Many = [],  # noqa: B006
    date_from: str = "",
    date_to: str = "",
    reviewed_only: bool = False,
) -> Response:
    """The question form; with ``q`` the answer (streamed for htmx, whole without JS)."""
    context: dict[str, Any] = {
        "q": q,
        "doc_types": doc_type,
        "tags": tag,
        "date_from": date_from,
        "date_to": date_to,
        "reviewed_only": reviewed_only,
        **_filter_choices(index),
        "answer": None,
    }
    if not q:
        return render(request, "ask.html", context)
    require(user, "ask")
    validate_query(q, ANSWER_K)
    filters = SearchFilters.parse(doc_type, tag, date_from, date_to, reviewed_only)
    query = urlencode(
        {
            "q": q,
            "doc_type": doc_type,
            "tag": tag,
            "date_from": date_from,
            "date_to": date_to,
            **({"reviewed_only": "true"} if reviewed_only else {}),
        },
        doseq=True,
    )
    if is_fragment_request(request):
        stream_url = f"/ask/stream?{query}"
        return render(request, "partials/answer_stream.html", {"stream_url": stream_url})
    spend_llm_call(request, user)
    answer = answerer.answer(q, ANSWER_K, filters)
    context.update(answer=answer, citations={c.n: c for c in answer.citations})
    return render(request, "ask.html", context)


@router.get("/ask/stream")
def ask_stream(
    *,
    request: Request,
    user: WebUser,
    answerer: AnswererDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
    doc_type: Many = [],  # noqa: B006
    tag: Many = [],  # noqa: B006
    date_from: str = "",
    date_to: str = "",
    reviewed_only: bool = False,
) -> StreamingResponse:
    """Server-sent events of HTML: ``sentence`` (a verified sentence with its citation
    chips) as each is ready, then ``done`` (sources, or the abstention)."""
    validate_query(q, ANSWER_K)
    filters = SearchFilters.parse(doc_type, tag, date_from, date_to, reviewed_only)
    spend_llm_call(request, user)
    return StreamingResponse(_events(answerer, q, filters), media_type="text/event-stream")


def _events(answerer: Answerer, question: str, filters: SearchFilters) -> Iterator[str]:
    known: dict[int, Citation] = {}
    try:
        for event in answerer.stream(question, ANSWER_K, filters):
            if isinstance(event, SentenceEvent):
                known.update((c.n, c) for c in event.new_citations)
                context = {"sentence": event.sentence, "citations": known}
                yield sse("sentence", render_string("partials/answer_sentence.html", context))
            elif isinstance(event, DoneEvent):
                done = render_string("partials/answer_done.html", {"answer": event.answer})
                yield sse("done", done)
    except Exception as exc:  # always end with "done": a dropped stream would make the
        # browser reconnect and ask again
        message = render_string("partials/answer_failed.html", {"message": str(exc)})
        yield sse("done", message)


def sse(event: str, html: str) -> str:
    """One server-sent event whose data is ``html`` (one ``data:`` line per line)."""
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"event: {event}\n{data}\n\n"


def _filter_choices(index: Index) -> dict[str, list[str]]:
    documents = index.registry.list_documents()
    return {
        "all_doc_types": sorted({d.doc_type for d in documents}),
        "all_tags": sorted({tag for d in documents for tag in d.tags}),
    }
