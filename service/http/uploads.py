"""Reading uploaded files off a multipart request and saving them for an ingest job:
the corpus page and ``POST /api/documents`` accept and refuse files the same way."""

from __future__ import annotations

from fastapi import UploadFile

from service.accounts.users import User
from service.config import Settings
from service.corpus.load import SUPPORTED_SUFFIXES
from service.corpus.uploads import Upload, original_name, save_upload, suffix_of
from service.errors import ConflictError, ForbiddenError

Refusal = tuple[int, str]  # the HTTP status it would earn alone, and why (naming the file)


async def save_files(
    files: list[UploadFile], settings: Settings, replace: bool, user: User
) -> tuple[list[Upload], list[Refusal]]:
    """Save the acceptable files under the data dir; the others refused by name (415 wrong
    type, 413 too large, 422 empty, 409 a different file of that name without ``replace``).
    ``replace`` needs an admin (``ForbiddenError``, nothing saved): citations point into
    the text it would replace."""
    if replace and not user.can("corpus"):
        raise ForbiddenError(
            f"the {user.role} role cannot do this (corpus): replacing a document needs an admin"
        )
    accepted: list[Upload] = []
    refused: list[Refusal] = []
    for upload_file in files:
        name = original_name(upload_file.filename or "") or "upload"
        problem = refusal(name, upload_file.size or 0, settings.max_file_bytes)
        if problem:
            refused.append(problem)
            continue
        try:
            saved, _outcome = save_upload(
                settings.data_dir, name, await upload_file.read(), replace
            )
        except ConflictError as exc:
            refused.append((409, str(exc)))
            continue
        accepted.append(saved)
    return accepted, refused


def refusal(name: str, size: int, limit: int) -> Refusal | None:
    """Why a file of this name and size cannot be ingested, if it cannot."""
    if suffix_of(name) not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(SUPPORTED_SUFFIXES)
        return 415, f"{name}: unsupported file type (allowed: {allowed})"
    if size > limit:
        return 413, f"{name}: {size:,} bytes is over the {limit:,}-byte limit"
    if size == 0:
        return 422, f"{name}: the file is empty"
    return None
