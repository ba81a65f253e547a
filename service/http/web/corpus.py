"""Corpus pages: the document list, uploads with live ingest progress, a document's text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from markupsafe import Markup

from service.corpus.ingest import correct_document
from service.corpus.load import SUPPORTED_SUFFIXES
from service.corpus.review import flag_source, mark_source
from service.corpus.view import find_chunk, read_document, segments
from service.http.deps import IndexDep, JobsDep, SettingsDep
from service.http.uploads import save_files
from service.http.web.errors import error_page
from service.http.web.progress import JobPages
from service.http.web.rendered import render_document
from service.http.web.roles import unavailable
from service.http.web.session import WebUser, require
from service.http.web.templating import go_to, is_fragment_request, render
from service.jobs.kinds import submit_ingest

router = APIRouter()
INGEST_JOB = JobPages("ingest", "/corpus", "corpus_job.html", ended_event="corpus-changed")
INGEST_JOB.add_route(
    router, "An ingest's progress (polled by htmx; refreshed by the page itself without JS)."
)


@router.get("/corpus")
def corpus_page(*, request: Request, user: WebUser, index: IndexDep) -> Response:
    """Every document with its type, date, tags and chunk count, and the upload form."""
    documents = index.registry.list_documents()
    context = {
        "documents": documents,
        "suffixes": ", ".join(SUPPORTED_SUFFIXES),
        "can_upload": user.can("upload"),
        "upload_note": unavailable(user, "upload"),
        "replace_note": unavailable(user, "corpus"),
    }
    return render(request, "corpus.html", context)


@router.get("/corpus/documents")
def documents_table(*, request: Request, user: WebUser, index: IndexDep) -> Response:
    """The document table alone (refreshed after an upload); the whole page without htmx."""
    if not is_fragment_request(request):
        return corpus_page(request=request, user=user, index=index)
    context = {"documents": index.registry.list_documents()}
    return render(request, "partials/documents.html", context)


@router.post("/corpus/upload")
async def upload(
    *,
    request: Request,
    user: WebUser,
    settings: SettingsDep,
    jobs: JobsDep,
    files: Annotated[list[UploadFile], File(description="Documents to ingest")],
    replace: Annotated[bool, Form(description="Replace documents of the same name")] = False,
) -> Response:
    """Save the accepted files and queue their ingest (a job); refused files are listed by
    name (415 wrong type, 413 too large, 409 a different document of the same name
    without ``replace``, when nothing could be accepted). Analysts add documents (they
    start unreviewed); replacing one needs an admin: citations point into its text."""
    require(user, "upload")
    accepted, refused = await save_files(files, settings, replace, user)
    notes = [message for _status, message in refused]
    if not accepted:
        status = refused[0][0] if refused else 422
        return error_page(request, status, "; ".join(notes) or "files: no file was chosen")
    job = submit_ingest(jobs, user, accepted, notes)
    return INGEST_JOB.started(request, job)


@router.get("/corpus/documents/{doc_id}")
def document_page(
    *,
    request: Request,
    _user: WebUser,
    index: IndexDep,
    doc_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    chunks: Annotated[bool, Query(description="Show the exact text with chunk boundaries")] = False,
) -> Response:
    """A document rendered for reading (headings, lists, paragraphs), or with ``chunks``
    its exact normalised text with chunk boundaries; a quoted span highlighted in both."""
    document = read_document(index, doc_id)
    highlight = (start, end) if start is not None and end is not None and start < end else None
    span = f"start={start}&end={end}&" if highlight else ""
    context = {
        "document": document,
        "can_review": _user.can("review"),
        "can_flag": _user.can("flag"),
        "review_note": unavailable(_user, "review"),
        "show_chunks": chunks,
        "toggle_url": f"/corpus/documents/{doc_id}?{span}chunks={str(not chunks).lower()}",
    }
    if chunks:
        context["segments"] = segments(document.text, document.chunks, highlight)
    else:
        context["rendered"] = Markup(render_document(document.text, highlight))  # escaped by it
    return render(request, "document.html", context)


@router.post("/corpus/documents/{doc_id}/status")
def set_status(
    *,
    request: Request,
    user: WebUser,
    index: IndexDep,
    doc_id: str,
    settings: SettingsDep,
    status: Annotated[str, Form(max_length=16)],
) -> Response:
    """Mark a document reviewed (or back to unreviewed): reviewers and admins, never
    their own upload (with auth off the one local user may). Audited."""
    require(user, "review")
    mark_source(index, doc_id, status, user.username, own_allowed=settings.auth == "off")
    _audit(request, user.username, "corpus_reviewed", doc_id, status)
    return go_to(request, f"/corpus/documents/{doc_id}")


@router.post("/corpus/documents/{doc_id}/flag")
def flag(*, request: Request, user: WebUser, index: IndexDep, doc_id: str) -> Response:
    """Ask for a document to be reviewed (analysts and up); its status is unchanged. Audited."""
    require(user, "flag")
    flag_source(index, doc_id, user.username)
    _audit(request, user.username, "corpus_flagged", doc_id)
    return go_to(request, f"/corpus/documents/{doc_id}")


def _audit(request: Request, actor: str, action: str, target: str, detail: str = "") -> None:
    state = getattr(request.app.state, "auth", None)
    if state is not None:
        state.audit.record(actor, action, target, detail)


@router.post("/corpus/documents/{doc_id}/details")
def correct_details(
    *,
    request: Request,
    user: WebUser,
    index: IndexDep,
    doc_id: str,
    title: Annotated[str, Form(max_length=1000)],
    date: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Correct a document's title and date (analysts and admins; audited); a title or date
    that cannot be used is a 422 naming the field."""
    require(user, "draft")
    correct_document(index, doc_id, title, date, user.username)
    state = getattr(request.app.state, "auth", None)
    if state is not None:
        state.audit.record(user.username, "corpus_corrected", doc_id, f"{title} | {date}")
    return go_to(request, f"/corpus/documents/{doc_id}")


@router.get("/passages/{chunk_id}")
def passage(
    *,
    request: Request,
    _user: WebUser,
    index: IndexDep,
    chunk_id: str,
    start: Annotated[int, Query(ge=0)] = 0,
    end: Annotated[int, Query(ge=0)] = 0,
    n: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """A cited passage with the quoted span highlighted (the citation panel's content)."""
    document, span = find_chunk(index, chunk_id)
    text = document.text[span.start : span.end]
    highlight = (start - span.start, end - span.start) if end > start else None
    context = {
        "document": document,
        "span": span,
        "segments": segments(text, [], highlight),
        "n": n,
        "start": start,
        "end": end,
    }
    return render(request, "passage.html", context)
