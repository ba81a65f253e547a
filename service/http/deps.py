"""Dependencies routes take as keyword-only ``Annotated`` aliases.

Each is one object the app's lifespan built and keeps on ``app.state``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from service.answer.answerer import Answerer
from service.config import Settings
from service.corpus.index import Index
from service.jobs.service import JobService
from service.papers.service import DraftService


def _app_state(name: str) -> Callable[[Request], Any]:
    """A dependency returning ``request.app.state.<name>``."""

    def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    dependency.__name__ = f"get_{name}"
    return dependency


DraftsDep = Annotated[DraftService, Depends(_app_state("drafts"))]
AnswererDep = Annotated[Answerer, Depends(_app_state("answerer"))]
IndexDep = Annotated[Index, Depends(_app_state("index"))]
SettingsDep = Annotated[Settings, Depends(_app_state("settings"))]
JobsDep = Annotated[JobService, Depends(_app_state("jobs"))]
