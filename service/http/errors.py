"""Domain errors to HTTP: one mapping, used by the JSON API and by the pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from service.errors import (
    BriefingError,
    ConflictError,
    ForbiddenError,
    InvalidRequestError,
    NotAuthenticatedError,
    NotFoundError,
    RateLimitedError,
    StaleVersionError,
)


def status_for(exc: BriefingError) -> tuple[int, dict[str, str]]:
    """The HTTP status and extra headers that answer ``exc``."""
    if isinstance(exc, NotAuthenticatedError):
        return 401, {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, RateLimitedError):
        return 429, {"Retry-After": str(exc.retry_after)}
    statuses: list[tuple[type[BriefingError], int]] = [
        (ForbiddenError, 403),
        (InvalidRequestError, 422),
        (NotFoundError, 404),
        (StaleVersionError, 409),
        (ConflictError, 409),
    ]
    for kind, status in statuses:
        if isinstance(exc, kind):
            return status, {}
    return 400, {}  # any other error a user can cause: a bad request, never a 500


async def json_error(_request: Request, exc: Exception) -> JSONResponse:
    """A domain error as ``{"detail": message}`` with its status (the JSON API's handler)."""
    assert isinstance(exc, BriefingError)
    status, headers = status_for(exc)
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


async def json_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 with each problem's ``loc``, ``msg`` and ``type``. FastAPI's own handler echoes
    the offending ``input`` back, and an input JSON cannot encode (``1e400`` parsed as
    infinity, a lone surrogate) turned the 422 into a 500."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e["loc"]), "msg": str(e["msg"]), "type": str(e["type"])} for e in exc.errors()
    ]
    return JSONResponse({"detail": problems}, status_code=422)
