"""JSON routes for corpus documents: list, read, remove.

A document is named by its ``doc_id``: the registry's primary key, derived from the
source path when the document was first ingested (``chunk.doc_id_for``), so it stays the
same across re-ingests of a new version, is URL-safe (16 hex digits), is what the corpus
pages and ``/passages`` already link by, and names one document only (a source path can
hold slashes and is only meaningful on the machine that ingested it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from service.corpus.ingest import remove_source
from service.corpus.view import read_document
from service.errors import UnknownSourceError
from service.http.auth import AuthState, Curator, Reader
from service.http.deps import IndexDep

router = APIRouter(prefix="/api/documents")
# Document ids are 16 hex digits; the column holds 32. Longer is refused before any lookup.
DocId = Annotated[str, Path(min_length=1, max_length=64, description="The document's doc_id")]


@router.get("")
def list_documents(*, index: IndexDep, _user: Reader) -> list[dict[str, Any]]:
    """Every ingested document, by source path: the same JSON as ``briefing sources --json``."""
    return [document.as_json() for document in index.registry.list_documents()]


@router.get("/{doc_id}")
def get_document(*, doc_id: DocId, index: IndexDep, _user: Reader) -> dict[str, Any]:
    """A document's metadata, normalised text and chunks (each a span of that text with its
    heading path): what its corpus page shows, and what citation offsets point into."""
    return read_document(index, doc_id).as_json()


@router.delete("/{doc_id}", status_code=204)
def delete_document(*, request: Request, doc_id: DocId, index: IndexDep, user: Curator) -> None:
    """Remove a document from the registry, the vector store and the BM25 index (admins;
    404 for an unknown id). Audited."""
    # By doc id only: remove_source also takes a source path, which is not an API id.
    if index.registry.version_of(doc_id) is None:
        raise UnknownSourceError(doc_id)
    source = remove_source(index, doc_id)
    state: AuthState = request.app.state.auth
    state.audit.record(user.username, "corpus_removed", doc_id, source)
