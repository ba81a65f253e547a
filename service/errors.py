"""Domain errors raised by the core; the CLI and the API map them to messages and status codes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError


class BriefingError(Exception):
    """Base class of every error a user can cause."""


class IngestError(BriefingError):
    """A file could not be ingested; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnknownSourceError(BriefingError):
    """A source that is not in the store was named."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: no such source in the store")


class InvalidRequestError(BriefingError):
    """A request names something that does not exist or is out of range (HTTP 422)."""


class InvalidQueryError(InvalidRequestError):
    """A query was empty or otherwise unusable."""


def first_problem(exc: ValidationError) -> tuple[str, str]:
    """``(dotted field path, message)`` of a validation error's first problem."""
    first = exc.errors()[0]
    return ".".join(str(part) for part in first["loc"]), str(first["msg"])


Model = TypeVar("Model", bound=BaseModel)


def validate_items(model: type[Model], items: Iterable[object], path: Path) -> list[Model]:
    """Each item of a list file validated as ``model``; the first bad one is named by number."""
    valid = []
    for number, item in enumerate(items, 1):
        try:
            valid.append(model.model_validate(item))
        except ValidationError as exc:
            field, message = first_problem(exc)
            raise BriefingError(f"{path}: item {number}: field '{field}': {message}") from exc
    return valid


class NotAuthenticatedError(BriefingError):
    """No valid session or API token came with the request (HTTP 401)."""


class ForbiddenError(BriefingError):
    """The user is known but their role or the draft's sharing does not allow this (HTTP 403)."""


class RateLimitedError(BriefingError):
    """Too many attempts in the window (HTTP 429); ``retry_after`` in seconds."""

    def __init__(self, what: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"{what}: too many requests; retry in {retry_after} s")
