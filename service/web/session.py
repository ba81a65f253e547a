"""Who is using the web pages. One function, so that auth (later) changes one place."""

from __future__ import annotations

from fastapi import Request

LOCAL_AUTHOR = "local"


def current_author(request: Request) -> str:
    """The author recorded on versions saved from this request."""
    user = getattr(request.state, "user", None)  # set by an auth dependency, once there is one
    return str(user) if user else LOCAL_AUTHOR
