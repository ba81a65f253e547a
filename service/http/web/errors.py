"""Friendly error pages and partials for the web routes; the JSON API keeps its JSON errors."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from service.errors import BriefingError
from service.http.errors import json_error, json_validation_error, status_for
from service.http.web.templating import is_fragment_request, render

Handler = Callable[[Request, Exception], Awaitable[Response]]
ApiHandler = Callable[[Request, Any], Awaitable[Response] | Response]
_API_PREFIXES = ("/api", "/healthz", "/static", "/docs", "/openapi.json", "/redoc")
_TITLES = {400: "Bad request", 404: "Not found", 405: "Not allowed", 409: "Conflict",
           413: "Too large", 415: "Unsupported file type", 422: "Check your input"}  # fmt: skip


def error_page(request: Request, status_code: int, message: str) -> Response:
    """The error as a page, or as a partial for htmx, with ``status_code``."""
    title = _TITLES.get(status_code, "Something went wrong")
    context = {"status_code": status_code, "title": title, "message": message}
    return render(request, "error.html", context, status_code=status_code)


def install_error_pages(app: FastAPI) -> None:
    """Wrap the app's handlers: web paths get HTML, API paths what they got before."""

    async def briefing_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BriefingError)
        status, headers = status_for(exc)
        if status == 401:
            return _to_signin(request, str(exc))
        response = error_page(request, status, str(exc))
        response.headers.update(headers)
        return response

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_page(request, exc.status_code, str(exc.detail))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_page(request, 422, describe_validation(exc))

    app.add_exception_handler(BriefingError, _web_only(briefing_error, json_error))
    app.add_exception_handler(HTTPException, _web_only(http_error, http_exception_handler))
    app.add_exception_handler(
        RequestValidationError, _web_only(validation_error, json_validation_error)
    )


def _to_signin(request: Request, message: str) -> Response:
    """A page asks the browser to sign in; htmx is told to go there too."""
    target = "/signin?" + urlencode({"next": request.url.path})
    if is_fragment_request(request):
        response = error_page(request, 401, message)
        response.headers["HX-Redirect"] = target
        return response
    return RedirectResponse(target, status_code=303)


def describe_validation(exc: RequestValidationError) -> str:
    """The first problem of a request as ``field: message``."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"] if part not in ("body", "query", "path"))
    return f"{field}: {first['msg']}" if field else str(first["msg"])


def _web_only(web: Handler, api: ApiHandler) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(_API_PREFIXES):
            return await _call(api, request, exc)
        return await web(request, exc)

    return handler


async def _call(handler: ApiHandler, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    return await result if inspect.isawaitable(result) else result
