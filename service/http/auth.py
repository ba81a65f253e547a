"""Who is calling: API tokens or signed session cookies, CSRF on cookie requests, roles,
and rate limits. ``BRIEFING_AUTH=off`` (loopback only) makes everyone the local user.

Cookie sessions are Starlette's signed cookies (HttpOnly, SameSite=Lax, optionally
Secure) carrying a session secret that must name a live row of ``user_sessions``:
signing out, disabling the account or changing its password deletes the row, so the
cookie dies server-side. The account is re-read on every request. Bearer tokens are
not ambient credentials, so token requests skip the CSRF check.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from service.accounts.audit import AuditLog
from service.accounts.ratelimit import RateLimiter
from service.accounts.sessions import SessionStore
from service.accounts.users import LOCAL_USER, User, UserStore
from service.config import Settings
from service.errors import ForbiddenError, NotAuthenticatedError
from service.http.addresses import client_address

SESSION_USER, SESSION_CSRF, SESSION_ID = "user", "csrf", "sid"
CSRF_HEADER, CSRF_FIELD = "x-csrf-token", "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class AuthState:
    """What the auth dependencies need; built once by the app's lifespan."""

    users: UserStore
    sessions: SessionStore
    audit: AuditLog
    logins: RateLimiter
    user_logins: RateLimiter
    llm_calls: RateLimiter


def load_secret_key(settings: Settings) -> str:
    """``BRIEFING_SECRET_KEY``, or a random key kept in ``data_dir/secret_key`` (mode 0600,
    created once, so sessions survive restarts)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


async def current_user(request: Request) -> User:
    """The calling user; 401 without valid credentials, 403 on a cookie request whose
    CSRF token is missing or wrong."""
    user, by_cookie = identify(request)
    if by_cookie and request.method not in SAFE_METHODS:
        await _check_csrf(request)
    return user


def identify(request: Request) -> tuple[User, bool]:
    """Who sent ``request`` and whether by session cookie (else a token or auth off);
    ``NotAuthenticatedError`` without valid credentials. Reads headers only, never the body."""
    settings: Settings = request.app.state.settings
    if settings.auth == "off":
        return LOCAL_USER, False
    state: AuthState = request.app.state.auth
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = state.users.user_for_token(header[7:].strip())
        if user is None:
            raise NotAuthenticatedError("API token is invalid or its user is disabled")
        return user, False
    session = request.session if "session" in request.scope else {}
    username = state.sessions.username_of(str(session.get(SESSION_ID, "")))
    user = state.users.active(username) if username else None
    if user is None:
        raise NotAuthenticatedError("sign in first (session cookie or Authorization: Bearer)")
    return user, True


async def _check_csrf(request: Request) -> None:
    expected = request.session.get(SESSION_CSRF, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get(CSRF_FIELD, ""))
    if not expected or not secrets.compare_digest(str(sent), str(expected)):
        raise ForbiddenError("CSRF token missing or wrong; reload the page and try again")


CurrentUser = Annotated[User, Depends(current_user)]


def _requiring(permission: str) -> object:
    async def dependency(user: CurrentUser) -> User:
        if not user.can(permission):
            raise ForbiddenError(f"the {user.role} role cannot do this ({permission})")
        return user

    return Depends(dependency)


def _llm_budget(request: Request, user: Annotated[User, _requiring("ask")]) -> User:
    state: AuthState | None = getattr(request.app.state, "auth", None)
    if state is not None:
        state.llm_calls.hit(user.username, "LLM-backed requests")
    return user


Reader = Annotated[User, _requiring("read")]
Analyst = Annotated[User, _requiring("draft")]
Uploader = Annotated[User, _requiring("upload")]
Admin = Annotated[User, _requiring("users")]
Reviewer = Annotated[User, _requiring("review")]
"""A reviewer or admin: marks sources reviewed or unreviewed (never their own upload)."""
Flagger = Annotated[User, _requiring("flag")]
"""An analyst or above: may ask for a document to be reviewed."""
Curator = Annotated[User, _requiring("corpus")]
"""A user who may add and remove corpus documents (admins, as on the corpus pages)."""
LLMUser = Annotated[User, Depends(_llm_budget)]
"""An analyst within the per-user LLM rate limit (ask, draft, regenerate)."""


def sign_in(request: Request, username: str, password: str) -> dict[str, Any]:
    """Check the password (rate-limited per user and address, and per user from any
    address), start a fresh server-side session and audit the attempt; returns the user
    and the session's CSRF token. ``POST /api/session`` and the sign-in page call this."""
    state: AuthState = request.app.state.auth
    address = client_address(request, request.app.state.settings)
    key = f"{username}|{address}"
    state.logins.check(key, "sign-in")
    state.user_logins.check(username, "sign-in")
    user = state.users.authenticate(username, password)
    if user is None:
        state.logins.hit(key, "sign-in")
        state.user_logins.hit(username, "sign-in")
        state.audit.record(username, "login_failed", detail=address)
        raise NotAuthenticatedError("wrong user name or password")
    state.logins.reset(key)
    sign_out(request)  # a new session on every sign-in: no fixation
    request.session.update(
        {
            SESSION_USER: user.username,
            SESSION_CSRF: secrets.token_urlsafe(32),
            SESSION_ID: state.sessions.start(user.username),
        }
    )
    state.audit.record(user.username, "login", detail=address)
    return {
        "username": user.username,
        "role": user.role,
        "csrf_token": request.session[SESSION_CSRF],
    }


def sign_out(request: Request) -> str | None:
    """End the caller's session server-side and empty the cookie; audits ``logout`` and
    returns the user name when a live session was ended (the API and the page call this)."""
    state: AuthState | None = getattr(request.app.state, "auth", None)
    secret = str(request.session.get(SESSION_ID, ""))
    username = state.sessions.username_of(secret) if state and secret else None
    if state is not None and secret:
        state.sessions.end(secret)
    request.session.clear()
    if state is not None and username:
        state.audit.record(
            username, "logout", detail=client_address(request, request.app.state.settings)
        )
    return username
