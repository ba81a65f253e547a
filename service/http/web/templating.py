"""Templates (autoescaped Jinja2 under web/templates) and the full-page-or-fragment rule.

Every page template extends ``layout``: the whole page for a plain request, and a
bare wrapper for an htmx request (``HX-Request``), so a link or form works without
JavaScript and htmx swaps in just the content.
"""

from __future__ import annotations

from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from service import __version__
from service.http.web.session import csrf_token, signed_in_as
from service.package_data import web_dir
from service.text.language import language_of

WEB_DIR = web_dir()
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
VENDOR_DIR = WEB_DIR / "node_modules"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,  # every value is escaped: documents, questions and edits are never markup
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
# A note is worded in the question's language or in English: its lang attribute says which.
_environment.filters["language"] = language_of
templates = Jinja2Templates(env=_environment)


def is_fragment_request(request: Request) -> bool:
    """True for htmx requests, which want a fragment rather than a whole page."""
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """``template`` as a whole page, or as a fragment for htmx."""
    layout = "bare.html" if is_fragment_request(request) else "layout.html"
    values = {
        "layout": layout,
        "version": __version__,
        "nav": _nav(request),
        "csrf": csrf_token(request),
        "username": signed_in_as(request),
        **(context or {}),
    }
    return templates.TemplateResponse(
        request, template, values, status_code=status_code, headers=headers
    )


def go_to(request: Request, url: str) -> Response:
    """Send the browser to ``url``: ``HX-Redirect`` for htmx, a 303 otherwise."""
    if is_fragment_request(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def render_string(template: str, context: dict[str, Any]) -> str:
    """A partial template rendered to a string (for server-sent events)."""
    return _environment.get_template(template).render(context)


def _nav(request: Request) -> str:
    path = request.url.path
    for section in ("corpus", "ask", "drafts", "evals"):
        if path.startswith(f"/{section}"):
            return section
    return ""
