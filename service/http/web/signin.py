"""Sign in and out from the pages: the API's ``sign_in`` (rate limits, audit, fresh session)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator

from service.errors import NotAuthenticatedError
from service.http.auth import sign_in, sign_out
from service.http.web.templating import render
from service.text.labels import refuse_nul

router = APIRouter()


@router.get("/signin")
def signin_page(*, request: Request, next: Annotated[str, Query()] = "/corpus") -> Response:
    """The sign-in form (straight on when auth is off)."""
    if request.app.state.settings.auth == "off":
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "signin.html", {"next": safe_next(next), "error": ""})


@router.post("/signin")
def signin(
    *,
    request: Request,
    username: Annotated[str, Form(max_length=64), AfterValidator(refuse_nul)],
    password: Annotated[str, Form(max_length=1024), AfterValidator(refuse_nul)],
    next: Annotated[str, Form()] = "/corpus",
) -> Response:
    """Check the password and start a session; wrong credentials show the form again (401)."""
    try:
        sign_in(request, username, password)
    except NotAuthenticatedError as exc:
        context = {"next": safe_next(next), "error": str(exc)}
        return render(request, "signin.html", context, status_code=401)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/signout")
def signout(*, request: Request) -> Response:
    """End the session server-side and audit it (the Origin check guards it from other
    sites; a forged sign-out could do no more than sign the caller out)."""
    sign_out(request)
    return RedirectResponse("/signin", status_code=303)


def safe_next(target: str) -> str:
    """Only a path on this site, so a crafted link cannot send a signed-in user elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/corpus"
