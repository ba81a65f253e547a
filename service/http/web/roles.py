"""What each role may do, said where an action is unavailable and on the account page."""

from __future__ import annotations

from service.accounts.users import PERMISSIONS, ROLES, User

# (what, permission) in the order the account page lists them.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("Search the corpus and read drafts shared with you", "read"),
    ("Ask questions", "ask"),
    ("Upload documents (they start unreviewed)", "upload"),
    ("Flag a document for review", "flag"),
    ("Draft, edit, regenerate, export and share papers", "draft"),
    ("Run eval suites", "eval"),
    ("Mark documents reviewed or unreviewed (never your own upload)", "review"),
    ("Replace a document already in the corpus", "corpus"),
    ("Manage users", "users"),
)
WHY = {
    "upload": "uploads go into the corpus that answers cite",
    "draft": "drafts are written and changed by analysts",
    "eval": "eval runs use the answering backend",
    "review": "papers cite reviewed sources, so someone other than the uploader vouches",
    "corpus": "replacing a document changes text that existing citations point into",
}


def role_table(user: User) -> list[tuple[str, str, bool]]:
    """``(action, lowest role, whether user may)`` for the account page."""
    return [(what, PERMISSIONS[p], user.can(p)) for what, p in ACTIONS]


def unavailable(user: User, permission: str) -> str:
    """Why ``user`` cannot do ``permission`` ("" when they can): the role it needs,
    the role they have, the reason and who can help."""
    if user.can(permission):
        return ""
    needed = PERMISSIONS[permission]
    roles = [role for role in ROLES if ROLES.index(role) >= ROLES.index(needed)]
    above = " or ".join(filter(None, (", ".join(roles[:-1]), roles[-1])))
    reason = f" ({WHY[permission]})" if permission in WHY else ""
    return (
        f"This needs the {above} role{reason}; you are signed in as {user.username}, "
        f"a {user.role}. An admin can give you an account with that role."
    )
