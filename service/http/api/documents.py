"""JSON routes for corpus documents: upload (an ingest job), list, read, remove.

A document is named by its ``doc_id``: the registry's primary key, derived from the
source path when the document was first ingested (``chunk.doc_id_for``), so it stays the
same across re-ingests of a new version, is URL-safe (16 hex digits), is what the corpus
pages and ``/passages`` already link by, and names one document only (a source path can
hold slashes and is only meaningful on the machine that ingested it).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from service.corpus.index import Index
from service.corpus.ingest import correct_document, remove_source
from service.corpus.review import flag_source, mark_source
from service.corpus.view import read_document
from service.errors import ConflictError, InvalidRequestError, UnknownSourceError
from service.http.api.jobs import accepted
from service.http.api.schemas import Document, DocumentSummary, Job
from service.http.auth import Analyst, AuthState, Curator, Flagger, Reader, Reviewer, Uploader
from service.http.deps import IndexDep, JobsDep, SettingsDep
from service.http.uploads import save_files
from service.jobs.kinds import submit_ingest

router = APIRouter(prefix="/api/documents")
# Document ids are 16 hex digits; the column holds 32. Longer is refused before any lookup.
DocId = Annotated[str, Path(min_length=1, max_length=64, description="The document's doc_id")]


class DocumentDetails(BaseModel):
    """An analyst's title and date for a document."""

    title: str = Field(max_length=1000, description="The document's title")
    date: str = Field(default="", max_length=64, description='YYYY-MM-DD, or "" for undated')


@router.get("", response_model=list[DocumentSummary])
def list_documents(*, index: IndexDep, _user: Reader) -> list[dict[str, Any]]:
    """Every ingested document, by source path: the same JSON as ``briefing sources --json``."""
    return [document.as_json() for document in index.registry.list_documents()]


@router.get("/{doc_id}", response_model=Document)
def get_document(*, doc_id: DocId, index: IndexDep, _user: Reader) -> dict[str, Any]:
    """A document's metadata, normalised text and chunks (each a span of that text with its
    heading path): what its corpus page shows, and what citation offsets point into."""
    return read_document(index, doc_id).as_json()


@router.patch("/{doc_id}", response_model=Document)
def correct_document_details(
    *, request: Request, doc_id: DocId, details: DocumentDetails, index: IndexDep, user: Analyst
) -> dict[str, Any]:
    """Correct a document's title and date (``date`` "" for undated): kept for its later
    ingests too, with the origin "analyst". Analysts and admins; audited; a title or date
    that cannot be used is a 422 naming the field."""
    correct_document(index, doc_id, details.title, details.date, user.username)
    state: AuthState = request.app.state.auth
    state.audit.record(
        user.username, "corpus_corrected", doc_id, f"{details.title} | {details.date}"
    )
    return read_document(index, doc_id).as_json()


class StatusChange(BaseModel):
    """A new review status for a document."""

    status: Literal["reviewed", "unreviewed"] = Field(description="What papers may cite")


@router.put(
    "/{doc_id}/status",
    response_model=Document,
    responses={403: {"description": "not a reviewer or admin, or the caller's own upload"}},
)
def set_status(
    *,
    request: Request,
    doc_id: DocId,
    body: StatusChange,
    index: IndexDep,
    settings: SettingsDep,
    user: Reviewer,
) -> dict[str, Any]:
    """Mark a document reviewed or unreviewed (reviewers and admins; 403 for one's own
    upload: someone other than the uploader vouches for a source). Audited; the answer is
    the document, with who set its status and when."""
    _known(index, doc_id)
    mark_source(index, doc_id, body.status, user.username, own_allowed=settings.auth == "off")
    state: AuthState = request.app.state.auth
    state.audit.record(user.username, "corpus_reviewed", doc_id, body.status)
    return read_document(index, doc_id).as_json()


@router.post("/{doc_id}/flag", response_model=Document)
def flag_document(
    *, request: Request, doc_id: DocId, index: IndexDep, user: Flagger
) -> dict[str, Any]:
    """Ask for a document to be reviewed (analysts and up): recorded with who and when,
    its status unchanged. Audited."""
    _known(index, doc_id)
    flag_source(index, doc_id, user.username)
    state: AuthState = request.app.state.auth
    state.audit.record(user.username, "corpus_flagged", doc_id)
    return read_document(index, doc_id).as_json()


@router.delete("/{doc_id}", status_code=204)
def delete_document(*, request: Request, doc_id: DocId, index: IndexDep, user: Curator) -> None:
    """Remove a document from the registry, the vector store and the BM25 index (admins;
    404 for an unknown id). Audited."""
    _known(index, doc_id)
    source = remove_source(index, doc_id)
    state: AuthState = request.app.state.auth
    state.audit.record(user.username, "corpus_removed", doc_id, source)


@router.post(
    "",
    status_code=202,
    response_class=JSONResponse,
    response_model=Job,
    responses={
        409: {"description": "a different document of that name"},
        413: {"description": "a file over the size limit"},
        415: {"description": "a type that cannot be loaded"},
    },
)
async def upload_documents(
    *,
    jobs: JobsDep,
    settings: SettingsDep,
    user: Uploader,
    files: Annotated[list[UploadFile], File(description="Documents to ingest")],
    replace: Annotated[bool, Form(description="Replace documents of the same name")] = False,
) -> JSONResponse:
    """Save the files and queue their ingest (a job: 202, ``Location: /api/jobs/{id}``);
    refused files are named in the job's ``notes``; when every file is refused: 415 (type),
    413 (size), 409 (a different document of that name without ``replace``) or 422.
    Analysts add documents (they start unreviewed); replacing one needs an admin, as on
    the corpus page: citations point into its text."""
    saved, refused = await save_files(files, settings, replace, user)
    notes = [message for _status, message in refused]
    if not saved:
        status = refused[0][0] if refused else 422
        message = "; ".join(notes) or "files: no file was chosen"
        if status == 409:
            raise ConflictError(message)
        if status == 422:
            raise InvalidRequestError(message)
        return JSONResponse({"detail": message}, status_code=status)
    return accepted(submit_ingest(jobs, user, saved, notes))


def _known(index: Index, doc_id: str) -> None:
    # By doc id only: the core also takes a source path, which is not an API id.
    if index.registry.version_of(doc_id) is None:
        raise UnknownSourceError(doc_id)
