"""JSON and SSE routes for cited Q&A."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.answer.result import DoneEvent, SentenceEvent
from service.corpus.filters import SearchFilters
from service.http.api.schemas import Answer, event_stream
from service.http.auth import LLMUser
from service.http.deps import AnswererDep
from service.retrieve.hybrid import MAX_QUERY_CHARS

router = APIRouter(prefix="/api")


class FilterBody(BaseModel):
    """Metadata filters of a question."""

    doc_types: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=20)
    date_from: str | None = None
    date_to: str | None = None
    reviewed_only: bool = False  # only documents an analyst has marked reviewed

    def parse(self) -> SearchFilters:
        """Validated core filters."""
        return SearchFilters.parse(
            self.doc_types, self.tags, self.date_from, self.date_to, self.reviewed_only
        )


class AskBody(BaseModel):
    """A question to answer from the corpus."""

    question: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    k: int = Field(default=6, ge=1, le=20)
    filters: FilterBody = Field(default_factory=FilterBody)


@router.post("/ask", response_model=Answer)
async def ask(*, body: AskBody, answerer: AnswererDep, _user: LLMUser) -> dict[str, Any]:
    """A verified, cited answer (or an abstention)."""
    filters = body.filters.parse()
    answer = await run_in_threadpool(answerer.answer, body.question, body.k, filters)
    return answer.as_json()


@router.get(
    "/ask/stream",
    response_class=StreamingResponse,
    responses=event_stream("`sentence` (a verified sentence, its new citations), then `done`"),
)
def ask_stream(
    *,
    answerer: AnswererDep,
    _user: LLMUser,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
    k: Annotated[int, Query(ge=1, le=20)] = 6,
) -> StreamingResponse:
    """Server-sent events: one ``sentence`` event per verified sentence, then ``done``."""
    events = answerer.stream(q, k)
    first = next(events)  # validation errors surface here, before the 200 is sent

    def encode() -> Iterator[str]:
        for event in _chain(first, events):
            if isinstance(event, SentenceEvent):
                payload = {
                    "sentence": event.sentence.as_json(),
                    "citations": [c.as_json() for c in event.new_citations],
                }
                yield _sse("sentence", payload)
            elif isinstance(event, DoneEvent):
                yield _sse("done", event.answer.as_json())

    return StreamingResponse(encode(), media_type="text/event-stream")


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
