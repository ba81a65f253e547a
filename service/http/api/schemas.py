"""Response models of the JSON API: what each route answers, named in /openapi.json.

Routes still build their JSON with the core's ``as_json()`` (the CLI's ``--json`` prints
the same); FastAPI validates it against these models. ``extra="forbid"`` makes a key the
model does not name a server error in the tests instead of a key silently dropped, so a
model cannot drift from the JSON it documents. Numbers read back from stored JSON keep
their type (``Number``): a float field would turn a stored ``1`` into ``1.0``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from service.papers.choices import OptionChoice
from service.papers.paper import Paper

Number = Annotated[float | int, WithJsonSchema({"type": "number"})]


class Out(BaseModel):
    """A response body: exactly the keys the route sends."""

    model_config = ConfigDict(extra="forbid")


class Health(Out):
    """``GET /healthz``: liveness and what is indexed."""

    status: Literal["ok"]
    documents: int = Field(description="Committed documents")
    chunks: int = Field(description="Chunks in the index")


class SearchHit(Out):
    """One retrieved chunk, best first (``briefing search --json``)."""

    source: str
    doc_id: str
    chunk_id: str
    score: Number = Field(description="Hybrid retrieval score, higher is better")
    start: int = Field(description="Offset of the chunk in its document's text")
    end: int
    text: str


class AnswerSentence(Out):
    """A verified sentence of an answer and the citation numbers that support it."""

    text: str
    citations: list[int]
    supported: bool


class AnswerCorrection(AnswerSentence):
    """A sentence that states another year or number than the question assumed."""

    assumed: str = Field(description="The year or number the question took for granted")


class AnswerCitation(Out):
    """Where a cited passage comes from and the exact quote that supports the sentence."""

    n: int = Field(description="The number the sentences cite it by")
    source: str
    doc_id: str
    chunk_id: str
    quote: str
    start: int = Field(description="Offset of the quote in the document's text")
    end: int
    source_status: str = Field(description='"reviewed" or "unreviewed"')


class Answer(Out):
    """A verified, cited answer, or an abstention (``briefing ask --json``)."""

    answer: str = Field(description="The answer as prose with [n] markers")
    abstained: bool
    unstated: list[str] = Field(
        description="When abstaining: what no retrieved source states; when answering a "
        "question of several parts: the parts no source answers"
    )
    notes: list[str] = Field(
        description="How the answer was found: that a question in another language than the "
        "embedding model's was answered by its words alone, that no reviewed source answered "
        "(so all were searched), or that a cited upload copies a reviewed document's title and type"
    )
    sentences: list[AnswerSentence]
    corrections: list[AnswerCorrection] = Field(
        description="When abstaining on a false premise: the year or number the question "
        "assumed and a cited sentence that states otherwise"
    )
    citations: list[AnswerCitation]


class CheckResult(Out):
    """Whether a sentence is supported by a passage (``briefing check --json``)."""

    supported: bool
    reason: str = Field(description="One line an analyst can read")
    kind: str | None = Field(description='What failed ("number", "date", ...); null if supported')


class DocumentSummary(Out):
    """An ingested document as listed (``briefing sources --json``)."""

    source: str
    doc_id: str
    title: str
    doc_type: str
    date: str | None
    tags: list[str]
    chunk_count: int
    status: str = Field(description='"reviewed" or "unreviewed"')


class DocumentChunk(Out):
    """Where one chunk lies in its document's text, and its heading path."""

    chunk_id: str
    index: int
    start: int
    end: int
    section: str
    instruction_like: bool = Field(description="Reads like an instruction to a model")


class Document(DocumentSummary):
    """A document's metadata, its front matter's sources, its text and its chunks."""

    sources: list[dict[str, str]]
    title_origin: str = Field(
        description='Where the title came from: "front matter", "file properties", "page '
        'title", "largest line", "heading", "first line", "file name", "analyst"; "" if not '
        "recorded (ingested before this was kept)"
    )
    date_origin: str = Field(
        description='Where the date came from: "front matter", "page metadata", "text" '
        '(read from a dated line or dateline: see date_found), "analyst"; "" if undated'
    )
    date_found: str = Field(description='The date as the text writes it ("5 September 2025")')
    added_by: str = Field(description='Who uploaded it; "" when the operator ingested it')
    reviewed_by: str | None = Field(description="Who last set its status; null: nobody yet")
    reviewed_at: str | None = Field(description="When (ISO 8601, UTC); null: never")
    flagged_by: str | None = Field(description="Who last asked for it to be reviewed")
    flagged_at: str | None = Field(description="When (ISO 8601, UTC); null: never flagged")
    copies: dict[str, str] | None = Field(
        description="An unreviewed upload whose title and type copy a reviewed document's: "
        "that document's doc_id and title (it may be impersonating it); else null"
    )
    text: str
    chunks: list[DocumentChunk]


class Job(Out):
    """A background job (ingest, draft, regenerate, eval): state, progress, outcome."""

    id: str
    kind: str
    owner: str
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    steps: list[str]
    done: int
    total: int
    percent: int
    result: dict[str, Any] | None = Field(
        description="Once done: draft_id and version (draft, regenerate), run_id (eval), "
        "added/updated/unchanged/failed (ingest)"
    )
    error: str
    notes: list[str]
    attempts: int
    cancel_requested: bool
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    heartbeat_at: str | None


class DraftSummary(Out):
    """A draft as listed."""

    id: str
    title: str
    version: int
    updated_at: str


class ProposedOptions(Out):
    """The decision a tasking poses and the options a draft of it would weigh, best first:
    what the analyst renames, drops or adds to and sends back as the request's ``choices``."""

    decision: str = Field(
        description="respond, support-or-oppose, sequence, posture; empty for an open tasking"
    )
    deadline: str = Field(description="The forcing event the tasking gives; empty if none")
    options: list[OptionChoice]
    bases: list[str] = Field(description="Archetype ids an option may be weighed on")


class Draft(Out):
    """A draft at one version: the whole paper."""

    id: str
    version: int
    change: str
    author: str
    paper: Paper


class DraftVersion(Out):
    """One version of a draft: who made it, when and what changed."""

    number: int
    author: str
    created_at: str
    change: str


class Grantees(Out):
    """Who a draft is shared with now."""

    grantees: list[str]


class SectionDiff(Out):
    """How one block's text changed."""

    path: str
    old_text: str
    new_text: str
    unified: str = Field(description="A unified diff, one line per sentence")


class DiffCitation(Out):
    """A citation added or removed between two versions."""

    n: int
    source: str
    chunk_id: str
    title: str
    date: str
    quote: str


class PaperDiff(Out):
    """Text and citation changes between two versions of a draft."""

    sections: list[SectionDiff]
    citations_added: list[DiffCitation]
    citations_removed: list[DiffCitation]


class SessionUser(Out):
    """The signed-in user and the CSRF token to send back as ``X-CSRF-Token``."""

    username: str
    role: str
    csrf_token: str


class IssuedToken(Out):
    """A new API token, shown once."""

    token: str
    name: str


class TokenInfo(Out):
    """An API token as listed (never the secret)."""

    id: str
    name: str
    created_at: str
    expires_at: str


def event_stream(events: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a server-sent events route: ``text/event-stream``."""
    return {
        200: {
            "description": f"Server-sent events: {events}",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    }


def download(media_types: list[str]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a file download in one of ``media_types``."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": "The file", "content": dict.fromkeys(media_types, binary)}}
