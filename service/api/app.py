"""FastAPI app factory; the lifespan opens the index (and loads the embedder) once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from service import __version__, web
from service.api import ask, drafts, routes
from service.config import Settings, get_settings
from service.drafting import DraftService
from service.drafts import DraftNotFoundError, StaleVersionError
from service.errors import BriefingError, InvalidRequestError, UnknownSourceError
from service.index import Index
from service.wiring import build_answerer


def create_app(settings: Settings | None = None, index: Index | None = None) -> FastAPI:
    """Build the app; ``index`` lets tests share an already opened index."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = index or Index.open(settings)
        warm_up = getattr(opened.embedder, "warm_up", None)
        if warm_up is not None:
            warm_up()
        app.state.settings = settings
        app.state.index = opened
        app.state.answerer = build_answerer(opened, settings)
        app.state.drafts = DraftService.open(opened, settings, app.state.answerer)
        yield

    app = FastAPI(title="Briefing Desk", version=__version__, lifespan=lifespan)
    app.include_router(routes.router)
    app.include_router(ask.router)
    app.include_router(drafts.router)
    app.add_exception_handler(BriefingError, _domain_error)
    web.install(app)  # the htmx pages; after the handlers it wraps for HTML errors
    return app


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    status = 500
    if isinstance(exc, InvalidRequestError):
        status = 422
    elif isinstance(exc, UnknownSourceError | DraftNotFoundError):
        status = 404
    elif isinstance(exc, StaleVersionError):
        status = 409
    elif isinstance(exc, BriefingError):
        status = 400
    return JSONResponse({"detail": str(exc)}, status_code=status)
