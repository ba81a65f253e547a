"""Every domain error, in one place: the core raises them, the edges map them.

The CLI prints ``str(exc)`` on one line; ``service.http.errors.status_for`` gives
the HTTP status for the JSON API and the pages alike.
"""

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


class NotFoundError(BriefingError):
    """Something named by the user does not exist (HTTP 404)."""


class UnknownSourceError(NotFoundError):
    """A source that is not in the store was named."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: no such source in the store")


class InvalidRequestError(BriefingError):
    """A request names something that does not exist or is out of range (HTTP 422)."""


class NothingNewError(InvalidRequestError):
    """A regeneration found nothing different from the block it would replace (HTTP 422);
    no version is saved."""


class ShorterRegenerationError(InvalidRequestError):
    """A regeneration came out with fewer claims than the block it would replace (HTTP 422);
    no version is saved unless the analyst accepts the shorter block."""

    # How the message asks (a failed job keeps only the message: the web page looks for it).
    ASK = "Regenerate with accept_shorter to take the shorter version"


class InvalidQueryError(InvalidRequestError):
    """A query was empty or otherwise unusable."""


class DraftNotFoundError(NotFoundError):
    """No draft with that id (or no such version of it)."""

    def __init__(self, draft_id: str, version: int | None = None) -> None:
        self.draft_id, self.version = draft_id, version
        suffix = f" version {version}" if version is not None else ""
        super().__init__(f"draft {draft_id}{suffix}: not found")


class StaleVersionError(BriefingError):
    """A save started from a version that is no longer the current one (HTTP 409)."""

    def __init__(self, draft_id: str, expected: int, current: int) -> None:
        self.draft_id, self.expected, self.current = draft_id, expected, current
        message = f"edited from version {expected}, but version {current} is current"
        super().__init__(f"draft {draft_id}: {message}")


class ConflictError(BriefingError):
    """The request would overwrite something different without saying so (HTTP 409)."""


class RunNotFoundError(NotFoundError):
    """No stored eval run matches the id, or a prefix matches several."""


class JobNotFoundError(NotFoundError):
    """No job with that id that the caller may see (HTTP 404: ids leak nothing)."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(f"job {job_id}: not found")


class JobFinishedError(ConflictError):
    """A finished job cannot be cancelled (HTTP 409)."""


class JobCancelledError(BriefingError):
    """Raised inside a running job at its next step once someone cancelled it."""


class MissingVariableError(BriefingError):
    """A prompt was rendered without one of its variables."""

    def __init__(self, prompt: str, variables: list[str]) -> None:
        self.prompt = prompt
        self.variables = variables
        super().__init__(f"prompt '{prompt}': missing variable(s) {', '.join(variables)}")


class NotAuthenticatedError(BriefingError):
    """No valid session or API token came with the request (HTTP 401)."""


class ForbiddenError(BriefingError):
    """The user is known but their role or the draft's sharing does not allow this (HTTP 403)."""


class RateLimitedError(BriefingError):
    """Too many attempts in the window (HTTP 429); ``retry_after`` in seconds."""

    def __init__(self, what: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"{what}: too many requests; retry in {retry_after} s")


class QuotaExceededError(RateLimitedError):
    """A user's quota (``limit``: active_jobs, chunks_per_hour, eval_runs_per_hour) is
    used up (HTTP 429 with ``Retry-After``); the message names the limit."""

    def __init__(self, limit: str, message: str, retry_after: int) -> None:
        self.limit, self.retry_after = limit, retry_after
        BriefingError.__init__(self, f"{message}; retry in {retry_after} s")


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
