"""Server-side sign-in sessions: a cookie names a row here, and without the row it is dead.

Starlette's signed cookie alone cannot be revoked (a copy keeps working until it
expires), so the cookie carries a random session secret and the database keeps its
SHA-256. Signing out deletes the row; disabling an account or changing its password
deletes every row of that user, so every copy of every cookie stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import DateTime, ForeignKey, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.db import Base


class SessionRow(Base):
    """A live sign-in session, stored as the SHA-256 of the secret in its cookie."""

    __tablename__ = "user_sessions"

    secret_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(
        ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def secret_hash(secret: str) -> str:
    """The stored form of a session secret or API token (unguessable, so a fast hash is safe)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class SessionStore:
    """Starts, looks up and ends sign-in sessions."""

    def __init__(self, sessions: sessionmaker[Session], max_age_s: int = 8 * 3600) -> None:
        self._sessions = sessions
        self.max_age_s = max_age_s

    def start(self, username: str) -> str:
        """A new session of ``username``; returns the secret the cookie carries."""
        secret = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            session.add(
                SessionRow(
                    secret_hash=secret_hash(secret),
                    username=username,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        return secret

    def username_of(self, secret: str) -> str | None:
        """Whose session ``secret`` is, or None if it was ended or has expired."""
        if not secret:
            return None
        with self._sessions() as session:
            row = session.get(SessionRow, secret_hash(secret))
            if row is None:
                return None
            started = row.created_at.replace(tzinfo=row.created_at.tzinfo or dt.UTC)
            expired = dt.datetime.now(dt.UTC) - started > dt.timedelta(seconds=self.max_age_s)
            return None if expired else row.username

    def end(self, secret: str) -> None:
        """End one session (signing out); unknown secrets are ignored."""
        with self._sessions.begin() as session:
            session.execute(delete(SessionRow).where(SessionRow.secret_hash == secret_hash(secret)))

    def end_all(self, username: str) -> int:
        """End every session of ``username`` (disabled, or a new password); how many."""
        with self._sessions.begin() as session:
            result = session.execute(delete(SessionRow).where(SessionRow.username == username))
            return int(getattr(result, "rowcount", 0) or 0)
