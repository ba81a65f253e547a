"""Sign in and out (cookie sessions) and API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from service.http.api.schemas import IssuedToken, SessionUser, TokenInfo
from service.http.auth import SESSION_CSRF, AuthState, CurrentUser, sign_in, sign_out
from service.text.labels import Label, NulFree

router = APIRouter(prefix="/api")


class Credentials(BaseModel):
    """A sign-in attempt."""

    username: NulFree = Field(min_length=1, max_length=64)
    password: NulFree = Field(min_length=1, max_length=1024)


class TokenRequest(BaseModel):
    """A label for a new API token (where it will be used)."""

    # Cleaned here, so that the answer and the audit log show the name as stored.
    name: Label = Field(default="cli", min_length=1, max_length=128)


@router.post("/session", response_model=SessionUser)
def login(request: Request, body: Credentials) -> dict[str, Any]:
    """Sign in; sets the session cookie. Send ``csrf_token`` back as ``X-CSRF-Token``."""
    return sign_in(request, body.username, body.password)


@router.get("/session", response_model=SessionUser)
def whoami(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The signed-in user and the session's CSRF token."""
    return {
        "username": user.username,
        "role": user.role,
        "csrf_token": request.session.get(SESSION_CSRF, ""),
    }


@router.delete("/session", status_code=204)
def logout(request: Request, _user: CurrentUser) -> None:
    """Sign out: the session ends server-side (a copy of the cookie no longer works)."""
    sign_out(request)


@router.post("/tokens", status_code=201, response_model=IssuedToken)
def issue_token(request: Request, body: TokenRequest, user: CurrentUser) -> dict[str, str]:
    """A new API token for the caller, shown once (only its hash is kept)."""
    state: AuthState = request.app.state.auth
    token = state.users.issue_token(user.username, body.name)
    state.audit.record(user.username, "token_issued", detail=body.name)
    return {"token": token, "name": body.name}


@router.get("/tokens", response_model=list[TokenInfo])
def list_tokens(request: Request, user: CurrentUser) -> list[dict[str, str]]:
    """The caller's API tokens: id, name, when issued and when they expire (never the
    secret)."""
    state: AuthState = request.app.state.auth
    return [
        {
            "id": t.token_id,
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
        }
        for t in state.users.tokens(user.username)
    ]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(request: Request, token_id: str, user: CurrentUser) -> None:
    """Revoke one of the caller's tokens at once (404 if they hold none with that id)."""
    state: AuthState = request.app.state.auth
    state.users.revoke_token(user.username, token_id)
    state.audit.record(user.username, "token_revoked", detail=token_id[:16])
