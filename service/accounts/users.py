"""Users, roles and API tokens.

Passwords are hashed with argon2id (argon2-cffi defaults). API tokens are 256-bit
random secrets shown once; only their SHA-256 is stored: a hash that fast is safe for a
secret that cannot be guessed, and lets a token be looked up by its hash.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.accounts.sessions import SessionRow
from service.db import Base
from service.errors import InvalidRequestError, NotFoundError
from service.text.labels import plain_label

Role = Literal["viewer", "analyst", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "reviewer", "admin")
# What each permission needs, as the lowest role that has it.
PERMISSIONS: dict[str, Role] = {
    "read": "viewer",  # search the corpus, read drafts shared with them
    "ask": "analyst",
    "upload": "analyst",  # add documents (they start unreviewed)
    "flag": "analyst",  # ask for a document to be reviewed (again), nothing more
    "draft": "analyst",  # create, edit, regenerate, export, share own drafts
    "eval": "analyst",
    # Mark sources reviewed or unreviewed: what papers may cite. Never one's own upload
    # (corpus/review.py): separation of duties between who adds a source and who vouches.
    "review": "reviewer",
    "corpus": "admin",  # replace and remove documents
    "users": "admin",
}
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verified against when a username is unknown, so a miss costs what a hit costs.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserRow(Base):
    """An account: role, argon2 hash, and whether it may still sign in."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class TokenRow(Base):
    """An API token, stored as the SHA-256 of its secret."""

    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Every token expires (migration 0007 gave older ones created_at + TOKEN_DAYS).
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class User:
    """Who is asking, and what their role lets them do."""

    username: str
    role: Role

    def can(self, permission: str) -> bool:
        """Whether the role reaches the lowest role ``permission`` needs."""
        return ROLES.index(self.role) >= ROLES.index(PERMISSIONS[permission])


LOCAL_USER = User("local", "admin")
"""The single user of ``BRIEFING_AUTH=off`` (loopback only)."""


@dataclass(frozen=True)
class UserInfo:
    """A row of ``briefing user list``."""

    username: str
    role: str
    disabled: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class TokenInfo:
    """A row of ``briefing user tokens``: never the secret, an id to revoke it by."""

    token_id: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime


TOKEN_DAYS = 90  # how long a token lives unless BRIEFING_TOKEN_DAYS says otherwise
TOKEN_ID_CHARS = 16  # a prefix of the SHA-256: names a token without revealing anything


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserStore:
    """Accounts and tokens in the service database."""

    def __init__(self, sessions: sessionmaker[Session], token_days: int = TOKEN_DAYS) -> None:
        self._sessions = sessions
        self.token_days = token_days

    def add(self, username: str, role: str, password: str) -> User:
        """Create an account; bad names, roles, short passwords and duplicates are refused."""
        if not USERNAME.match(username):
            raise InvalidRequestError(
                f"username '{username}': use 2-64 of a-z 0-9 . _ -, starting with a letter"
            )
        if role not in ROLES:
            raise InvalidRequestError(f"role '{role}': must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise InvalidRequestError(f"password: at least {MIN_PASSWORD} characters")
        with self._sessions.begin() as session:
            if session.get(UserRow, username) is not None:
                raise InvalidRequestError(f"username '{username}': already exists")
            session.add(
                UserRow(
                    username=username,
                    role=role,
                    password_hash=_hasher.hash(password),
                    disabled=False,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        return User(username, role)

    def list(self) -> list[UserInfo]:
        """Every account, by name."""
        with self._sessions() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.username))
            return [UserInfo(r.username, r.role, r.disabled, r.created_at) for r in rows]

    def count(self) -> int:
        """How many accounts exist (zero means first run)."""
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(UserRow)) or 0

    def set_disabled(self, username: str, disabled: bool = True) -> int:
        """Disable (or re-enable) an account; disabling ends its sessions and revokes its
        tokens (re-enabling revives neither). Returns how many tokens were revoked."""
        with self._sessions.begin() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise InvalidRequestError(f"username '{username}': no such user")
            row.disabled = disabled
            if not disabled:
                return 0
            session.execute(delete(SessionRow).where(SessionRow.username == username))
            return _revoke_all(session, username)

    def set_password(self, username: str, password: str) -> int:
        """A new password; every session of the account ends and every token is revoked (a
        stolen session cannot leave a token behind). Returns how many tokens were revoked."""
        if len(password) < MIN_PASSWORD:
            raise InvalidRequestError(f"password: at least {MIN_PASSWORD} characters")
        with self._sessions.begin() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise InvalidRequestError(f"username '{username}': no such user")
            row.password_hash = _hasher.hash(password)
            session.execute(delete(SessionRow).where(SessionRow.username == username))
            return _revoke_all(session, username)

    def tokens(self, username: str) -> builtins.list[TokenInfo]:
        """The API tokens of ``username``, oldest first."""
        query = select(TokenRow).where(TokenRow.username == username).order_by(TokenRow.created_at)
        with self._sessions() as session:
            return [
                TokenInfo(
                    r.token_hash[:TOKEN_ID_CHARS], r.name, _utc(r.created_at), _utc(r.expires_at)
                )
                for r in session.scalars(query)
            ]

    def revoke_token(self, username: str, token_id: str) -> None:
        """Delete one of ``username``'s tokens by id; ``NotFoundError`` if they have none such
        (another user's token id is not found either)."""
        prefix = token_id[:TOKEN_ID_CHARS]
        if len(prefix) != TOKEN_ID_CHARS or not all(c in "0123456789abcdef" for c in prefix):
            raise NotFoundError(f"token {token_id[:40]!r}: not found")
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(TokenRow).where(
                    TokenRow.username == username, TokenRow.token_hash.startswith(prefix)
                )
            )
            matched = list(rows)
            if not matched:
                raise NotFoundError(f"token {prefix}: not found")
            for row in matched:
                session.delete(row)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if the password matches an enabled account, else None."""
        row = self._row(username)
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        return User(row.username, row.role)  # type: ignore[arg-type]

    def active(self, username: str) -> User | None:
        """The enabled user of that name (sessions are re-checked on every request)."""
        row = self._row(username)
        return None if row is None or row.disabled else User(row.username, row.role)  # type: ignore[arg-type]

    def issue_token(self, username: str, name: str = "cli") -> str:
        """A new API token for ``username``; the secret is returned once and never stored."""
        if self.active(username) is None:
            raise InvalidRequestError(f"username '{username}': no such enabled user")
        name = plain_label(name, "name")
        token = f"bd_{secrets.token_urlsafe(32)}"
        now = dt.datetime.now(dt.UTC)
        with self._sessions.begin() as session:
            session.add(
                TokenRow(
                    token_hash=_token_hash(token),
                    username=username,
                    name=name,
                    created_at=now,
                    expires_at=now + dt.timedelta(days=self.token_days),
                )
            )
        return token

    def user_for_token(self, token: str) -> User | None:
        """The enabled user a token belongs to, or None (unknown, revoked or expired)."""
        with self._sessions() as session:
            row = session.get(TokenRow, _token_hash(token))
            live = row is not None and _utc(row.expires_at) > dt.datetime.now(dt.UTC)
            username = row.username if row is not None and live else None
        return self.active(username) if username else None

    def _row(self, username: str) -> UserRow | None:
        with self._sessions() as session:
            return session.get(UserRow, username)


def ensure_first_admin(users: UserStore, password: str | None) -> str | None:
    """When no admin account exists (first run, or only analysts and viewers were added
    from the CLI before the first ``serve``), create ``admin`` with ``password`` or, if
    none is configured, with a random one that is returned so it can be shown once.
    ``InvalidRequestError`` (saying what to do) when the name ``admin`` is taken by an
    account of another role."""
    accounts = users.list()
    if any(account.role == "admin" for account in accounts):
        return None
    taken = next((a for a in accounts if a.username == "admin"), None)
    if taken is not None:
        raise InvalidRequestError(
            f"no admin account, and the name 'admin' belongs to a {taken.role}: "
            "make one with `briefing user add NAME --role admin`"
        )
    generated = None if password else secrets.token_urlsafe(18)
    users.add("admin", "admin", password or generated or "")
    return generated


def _revoke_all(session: Session, username: str) -> int:
    result = session.execute(delete(TokenRow).where(TokenRow.username == username))
    return int(getattr(result, "rowcount", 0) or 0)


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
