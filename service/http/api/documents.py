"""JSON routes for the corpus's documents (the POST route: an upload queued as an ingest
job, accepted and refused like the corpus page's upload)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from service.errors import ConflictError, ForbiddenError, InvalidRequestError
from service.http.api.jobs import accepted
from service.http.auth import Uploader
from service.http.deps import JobsDep, SettingsDep
from service.http.uploads import save_files
from service.jobs.kinds import submit_ingest

router = APIRouter(prefix="/api/documents")


@router.post("", status_code=202, response_class=JSONResponse,
             responses={409: {"description": "a different document of that name"},
                        413: {"description": "a file over the size limit"},
                        415: {"description": "a type that cannot be loaded"}})  # fmt: skip
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
    if replace and not user.can("corpus"):
        raise ForbiddenError(f"the {user.role} role cannot replace documents (corpus)")
    saved, refused = await save_files(files, settings, replace)
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
