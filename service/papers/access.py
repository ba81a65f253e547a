"""Who may see and change which draft.

A draft is private to its owner unless shared with named users or with everyone
("*"). Someone it is not shared with is told it does not exist (404), so ids cannot
be probed; someone it is shared with but whose role cannot edit gets a 403.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ForeignKey, String, delete, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from service.accounts.users import User, UserRow
from service.db import Base
from service.errors import DraftNotFoundError, ForbiddenError, InvalidRequestError
from service.papers.store import DraftRow

EVERYONE = "*"


class DraftShareRow(Base):
    """One grant: a draft shared with a user, or with everyone."""

    __tablename__ = "draft_shares"

    draft_id: Mapped[str] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    grantee: Mapped[str] = mapped_column(String(64), primary_key=True)


class DraftAccess:
    """Checks and changes who a draft is shared with."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def check(self, user: User, draft_id: str, need: Literal["read", "edit"]) -> str:
        """The draft's owner; raises ``DraftNotFoundError`` if ``user`` may not see the draft,
        ``ForbiddenError`` if they may see it but not do ``need``."""
        with self._sessions() as session:
            owner = session.scalar(select(DraftRow.owner).where(DraftRow.id == draft_id))
            granted = session.scalar(
                select(DraftShareRow.grantee).where(
                    DraftShareRow.draft_id == draft_id,
                    DraftShareRow.grantee.in_([user.username, EVERYONE]),
                )
            )
        if owner is None or (owner != user.username and granted is None):
            raise DraftNotFoundError(draft_id)
        if need == "edit" and not user.can("draft"):
            raise ForbiddenError(f"draft {draft_id}: the {user.role} role cannot edit drafts")
        return owner

    def visible_ids(self, user: User) -> set[str]:
        """Ids of every draft ``user`` owns or that is shared with them or everyone."""
        shared = select(DraftShareRow.draft_id).where(
            DraftShareRow.grantee.in_([user.username, EVERYONE])
        )
        query = select(DraftRow.id).where(
            or_(DraftRow.owner == user.username, DraftRow.id.in_(shared))
        )
        with self._sessions() as session:
            return set(session.scalars(query))

    def share(self, user: User, draft_id: str, grantees: list[str]) -> list[str]:
        """Replace the draft's grants (owner only); unknown users are refused by name."""
        owner = self.check(user, draft_id, "read")
        if owner != user.username:
            raise ForbiddenError(f"draft {draft_id}: only its owner {owner} can share it")
        names = sorted(set(grantees) - {owner})
        with self._sessions.begin() as session:
            query = select(UserRow.username).where(UserRow.username.in_(names))
            known = {*session.scalars(query), EVERYONE}
            unknown = [n for n in names if n not in known]
            if unknown:
                raise InvalidRequestError(f"share: no such user(s) {', '.join(unknown)}")
            session.execute(delete(DraftShareRow).where(DraftShareRow.draft_id == draft_id))
            session.add_all(DraftShareRow(draft_id=draft_id, grantee=n) for n in names)
        return names

    def grantees(self, draft_id: str) -> list[str]:
        """Who the draft is shared with (``*`` for everyone)."""
        with self._sessions() as session:
            query = select(DraftShareRow.grantee).where(DraftShareRow.draft_id == draft_id)
            return sorted(session.scalars(query))
