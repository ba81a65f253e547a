"""One's account: what one's role may do, one's quotas and what is in use, and one's own
API tokens: list them, issue one (shown once) and revoke any at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import AfterValidator

from service.http.auth import AuthState
from service.http.web.roles import role_table
from service.http.web.session import WebUser
from service.http.web.templating import go_to, render
from service.text.labels import clean_label

router = APIRouter()


@router.get("/account/tokens")
def tokens_page(*, request: Request, user: WebUser, issued: str = "") -> Response:
    """The signed-in user's tokens (never their secrets) and the issue form."""
    state: AuthState | None = getattr(request.app.state, "auth", None)
    tokens = state.users.tokens(user.username) if state else []
    context = {
        "tokens": tokens,
        "issued": issued,
        "role": user.role,
        "roles": role_table(user),
        "usage": request.app.state.jobs.quotas.usage(user.username),
    }
    return render(request, "tokens.html", context)


@router.post("/account/tokens")
def issue(
    *,
    request: Request,
    user: WebUser,
    name: Annotated[str, Form(min_length=1, max_length=128), AfterValidator(clean_label)],
) -> Response:
    """Issue a token; the page shows its secret this once."""
    state: AuthState = request.app.state.auth
    token = state.users.issue_token(user.username, name)
    state.audit.record(user.username, "token_issued", detail=name)
    return tokens_page(request=request, user=user, issued=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(*, request: Request, user: WebUser, token_id: str) -> Response:
    """Revoke one of one's own tokens (404 for any other id)."""
    state: AuthState = request.app.state.auth
    state.users.revoke_token(user.username, token_id)
    state.audit.record(user.username, "token_revoked", detail=token_id[:16])
    return go_to(request, "/account/tokens")
