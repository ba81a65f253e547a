"""Who is using the web pages: the API's users, cookie sessions and CSRF tokens.

Pages take ``WebUser`` (any signed-in user; the local user when ``BRIEFING_AUTH=off``)
and check the permission they need with ``require``; every POST form carries the
session's CSRF token (a hidden field, and htmx sends it as a header).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.accounts.users import User
from service.errors import ForbiddenError
from service.http.auth import SESSION_CSRF, SESSION_USER, AuthState, current_user

WebUser = Annotated[User, Depends(current_user)]


def require(user: User, permission: str) -> User:
    """``user`` if their role has ``permission``; else ``ForbiddenError`` (403)."""
    if not user.can(permission):
        raise ForbiddenError(f"the {user.role} role cannot do this ({permission})")
    return user


def spend_llm_call(request: Request, user: User) -> None:
    """Count an LLM-backed request (ask, draft, regenerate) against the user's rate limit."""
    require(user, "ask")
    state: AuthState | None = getattr(request.app.state, "auth", None)
    if state is not None:
        state.llm_calls.hit(user.username, "LLM-backed requests")


def csrf_token(request: Request) -> str:
    """The session's CSRF token for forms ("" without a session)."""
    return str(request.session.get(SESSION_CSRF, "")) if "session" in request.scope else ""


def signed_in_as(request: Request) -> str:
    """The signed-in user's name for the page header ("" when nobody is)."""
    return str(request.session.get(SESSION_USER, "")) if "session" in request.scope else ""
