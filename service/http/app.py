"""FastAPI app factory; the lifespan opens the index (and loads the embedder) once."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from service import __version__
from service.accounts.audit import AuditLog
from service.accounts.ratelimit import RateLimiter
from service.accounts.sessions import SessionStore
from service.accounts.users import UserStore, ensure_first_admin
from service.config import Settings, get_settings
from service.corpus.index import Index
from service.errors import BriefingError, InvalidRequestError
from service.http import web
from service.http.api import ask, check, corpus, documents, drafts, evals, jobs, session
from service.http.auth import AuthState, load_secret_key
from service.http.errors import json_error
from service.http.guards import RequestGuards
from service.http.headers import SecurityHeadersMiddleware
from service.jobs.kinds import Services
from service.jobs.queue import JobQueue
from service.jobs.quotas import quotas_for
from service.jobs.service import JobService
from service.jobs.store import JobStore
from service.jobs.worker import Workers
from service.papers.service import DraftService
from service.wiring import build_answerer


def create_app(settings: Settings | None = None, index: Index | None = None) -> FastAPI:
    """Build the app; ``index`` lets tests share an already opened index."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = index or Index.open(settings)
        warm_up = getattr(opened.embedder, "warm_up", None)
        if warm_up is not None:
            warm_up()
        app.state.settings = settings
        app.state.index = opened
        app.state.answerer = build_answerer(opened, settings)
        app.state.drafts = DraftService.open(opened, settings, app.state.answerer)
        app.state.auth = _auth_state(opened, settings)
        queue = JobQueue(settings)
        quotas = quotas_for(opened.sessions, settings)
        app.state.jobs = JobService(JobStore(opened.sessions), queue, quotas)
        workers = None
        if settings.embedded_worker:  # `make run` needs no separate worker
            services = Services(opened, app.state.drafts, settings, quotas)
            workers = Workers(services, queue, embedded=True)
            workers.start()
        try:
            yield
        finally:
            if workers is not None:
                workers.stop()

    app = FastAPI(title="Briefing Desk", version=__version__, lifespan=lifespan)
    app.include_router(corpus.router)
    app.include_router(ask.router)
    app.include_router(check.router)
    app.include_router(drafts.router)
    app.include_router(session.router)
    app.include_router(jobs.router)
    app.include_router(documents.router)
    app.include_router(evals.router)
    app.add_exception_handler(BriefingError, json_error)
    # Added first, so it runs inside the session middleware and reads the session.
    app.add_middleware(RequestGuards, settings=settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=load_secret_key(settings),
        session_cookie="briefing_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    web.install(app)  # the htmx pages; after the handlers it wraps for HTML errors
    return app


def _first_admin(users: UserStore, password: str | None) -> None:
    """Create ``admin`` when no admin exists, and say so on stderr (the server starts
    either way: an admin can be added from the CLI)."""
    try:
        shown_once = ensure_first_admin(users, password)
    except InvalidRequestError as exc:
        print(f"briefing: {exc}", file=sys.stderr, flush=True)
        return
    if shown_once:
        # Printed once, never stored in clear: the only way to learn it.
        print(
            f"briefing: no admin yet: created user 'admin' with password {shown_once}",
            file=sys.stderr,
            flush=True,
        )


def _auth_state(index: Index, settings: Settings) -> AuthState:
    users = UserStore(index.sessions, settings.token_days)
    if settings.auth == "on":
        admin_password = settings.admin_password
        _first_admin(users, admin_password.get_secret_value() if admin_password else None)
    db = index.sessions  # limits live in the database: every app server shares them
    return AuthState(
        users=users,
        sessions=SessionStore(db, settings.session_max_age_s),
        audit=AuditLog(db),
        logins=RateLimiter(db, "login", settings.login_failures_allowed, 60.0),
        user_logins=RateLimiter(db, "login-user", settings.login_failures_per_user, 60.0),
        llm_calls=RateLimiter(db, "llm", settings.llm_requests_per_minute, 60.0),
    )
