"""The web front end: server-rendered pages enhanced by htmx, over the same core as the API.

``install`` adds the page routers, static files and HTML error pages to the app.
Every page route takes the signed-in user (``service.http.web.session.WebUser``): the same
users, cookie sessions and CSRF tokens as the API, and the same ``DraftService`` checks.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from service.http.web import (
    ask,
    citations,
    corpus,
    drafts,
    editor,
    eval_questions,
    evals,
    history,
    matrix,
    regenerate,
    signin,
)
from service.http.web import tokens as token_pages
from service.http.web.errors import install_error_pages
from service.http.web.templating import STATIC_DIR, VENDOR_DIR

PAGE_ROUTERS: list[APIRouter] = [
    corpus.router, ask.router, drafts.router, history.router, citations.router, editor.router,
    evals.router, eval_questions.router, token_pages.router, matrix.router, regenerate.router,
]  # fmt: skip
_VENDOR = {
    "htmx": VENDOR_DIR / "htmx.org" / "dist",
    "htmx-ext-sse": VENDOR_DIR / "htmx-ext-sse" / "dist",
}


def install(app: FastAPI) -> None:
    """Add the pages to ``app`` (call after the app's own exception handlers are set)."""
    home = APIRouter()

    @home.get("/", include_in_schema=False)
    def index_page() -> RedirectResponse:
        return RedirectResponse("/corpus", status_code=307)

    for router in [home, signin.router, *PAGE_ROUTERS]:
        app.include_router(router, include_in_schema=False)
    # Vendor files are served from the npm packages (installed by `make install`).
    for name, folder in _VENDOR.items():
        app.mount(f"/static/vendor/{name}", StaticFiles(directory=folder, check_dir=False))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_pages(app)
