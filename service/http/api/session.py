"""Sign in and out (cookie sessions) and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from service.errors import NotAuthenticatedError
from service.http.auth import SESSION_CSRF, SESSION_USER, AuthState, CurrentUser

router = APIRouter(prefix="/api")


class Credentials(BaseModel):
    """A sign-in attempt."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class TokenRequest(BaseModel):
    """A label for a new API token (where it will be used)."""

    name: str = Field(default="cli", min_length=1, max_length=128)


def sign_in(request: Request, username: str, password: str) -> dict[str, Any]:
    """Check the password (rate-limited per user and address), start a fresh session and
    audit the attempt; returns the user and the session's CSRF token. The web sign-in
    form calls this too."""
    state: AuthState = request.app.state.auth
    address = request.client.host if request.client else "?"
    key = f"{username}|{address}"
    state.logins.check(key, "sign-in")
    user = state.users.authenticate(username, password)
    if user is None:
        state.logins.hit(key, "sign-in")
        state.audit.record(username, "login_failed", detail=address)
        raise NotAuthenticatedError("wrong user name or password")
    state.logins.reset(key)
    request.session.clear()  # a new session on every sign-in: no fixation
    request.session.update({SESSION_USER: user.username, SESSION_CSRF: secrets.token_urlsafe(32)})
    state.audit.record(user.username, "login", detail=address)
    return {"username": user.username, "role": user.role,
            "csrf_token": request.session[SESSION_CSRF]}  # fmt: skip


@router.post("/session")
def login(request: Request, body: Credentials) -> dict[str, Any]:
    """Sign in; sets the session cookie. Send ``csrf_token`` back as ``X-CSRF-Token``."""
    return sign_in(request, body.username, body.password)


@router.get("/session")
def whoami(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The signed-in user and the session's CSRF token."""
    return {"username": user.username, "role": user.role,
            "csrf_token": request.session.get(SESSION_CSRF, "")}  # fmt: skip


@router.delete("/session", status_code=204)
def logout(request: Request, user: CurrentUser) -> None:
    """Sign out: the cookie is emptied."""
    request.session.clear()
    request.app.state.auth.audit.record(user.username, "logout")


@router.post("/tokens", status_code=201)
def issue_token(request: Request, body: TokenRequest, user: CurrentUser) -> dict[str, str]:
    """A new API token for the caller, shown once (only its hash is kept)."""
    state: AuthState = request.app.state.auth
    token = state.users.issue_token(user.username, body.name)
    state.audit.record(user.username, "token_issued", detail=body.name)
    return {"token": token, "name": body.name}
