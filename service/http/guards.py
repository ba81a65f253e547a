"""Checks every request passes before any route reads its body: same-origin, signed in,
and within the body size of its route.

They run as ASGI middleware because FastAPI reads a body before it solves a route's
dependencies: an anonymous 150 MB JSON body was parsed (and a 60 MiB upload written to
disk) before the 401. Here the credentials are checked from the headers first, a
``Content-Length`` over the route's cap is refused at once, and a body without one is
counted as it streams and cut off at the cap.

State-changing requests from another site are refused by their ``Origin`` (or, without
one, ``Referer``): the CSRF token does not cover sign-in itself, and login CSRF signs a
victim's browser into the attacker's account.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import Settings
from service.errors import NotAuthenticatedError
from service.http.auth import SAFE_METHODS, identify

# Routes anyone may post to: signing in (and out, which only ends the caller's session).
OPEN_ROUTES = {("POST", "/api/session"), ("POST", "/signin"), ("POST", "/signout")}
UPLOAD_ROUTES = {"/corpus/upload", "/api/documents"}
_API_PREFIXES = ("/api", "/healthz")


class RequestGuards:
    """Pure ASGI middleware (inside the session middleware, so the session is readable)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse what fails a check; pass the rest on with a size-counting ``receive``."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        cap = body_cap(self.settings, request.url.path)
        await self.app(scope, _counting(receive, cap), send)

    def _refusal(self, request: Request) -> Response | None:
        declared = request.headers.get("content-length", "")
        cap = body_cap(self.settings, request.url.path)
        if declared.isdigit() and int(declared) > cap:
            return _error(request, 413, f"request body: over the {cap:,}-byte limit of this route")
        if request.method in SAFE_METHODS:
            return None
        foreign = foreign_origin(request, self.settings)
        if foreign is not None:
            return _error(request, 403, f"cross-site request refused (from {foreign[:100]})")
        if (request.method, request.url.path) in OPEN_ROUTES:
            return None
        try:
            identify(request)
        except NotAuthenticatedError as exc:
            return _unauthenticated(request, str(exc))
        return None


def body_cap(settings: Settings, path: str) -> int:
    """The largest body ``path`` accepts: uploads carry files, everything else is small."""
    return settings.max_upload_bytes if path in UPLOAD_ROUTES else settings.max_json_bytes


def foreign_origin(request: Request, settings: Settings) -> str | None:
    """The other site a request came from, or None when it is this site (or unstated,
    as from a command-line client that sends neither ``Origin`` nor ``Referer``)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:
        return None
    parts = urlsplit(origin)
    if origin == "null" or not parts.netloc:
        return origin  # opaque origins (sandboxed frames, data: URLs) are never this site
    own = {request.headers.get("host", "")}
    own |= {urlsplit(o.strip()).netloc for o in settings.allowed_origins.split(",") if o.strip()}
    return None if parts.netloc in own else f"{parts.scheme}://{parts.netloc}"


def _counting(receive: Receive, cap: int) -> Receive:
    """``receive`` that stops a body without ``Content-Length`` (chunked) at ``cap`` bytes."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                # An HTTPException reaches the app's handlers (JSON for the API, a page else).
                raise HTTPException(413, f"request body: over the {cap:,}-byte limit of this route")
        return message

    return counted


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith(_API_PREFIXES):
        return JSONResponse({"detail": message}, status_code=status)
    from service.http.web.errors import error_page  # the pages' look, without a cycle

    return error_page(request, status, message)


def _unauthenticated(request: Request, message: str) -> Response:
    if request.url.path.startswith(_API_PREFIXES):
        headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse({"detail": message}, status_code=401, headers=headers)
    target = "/signin?" + urlencode({"next": request.url.path})
    if request.headers.get("hx-request"):
        return JSONResponse({"detail": message}, status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
