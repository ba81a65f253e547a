"""Accounts: argon2 passwords, roles, disabling, API tokens, the first-run admin."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.accounts.users import (
    LOCAL_USER,
    TokenRow,
    User,
    UserRow,
    UserStore,
    ensure_first_admin,
)
from service.errors import InvalidRequestError

PASSWORD = "correct horse battery"


def test_add_then_authenticate_only_with_the_right_password(
    sessions: sessionmaker[Session],
) -> None:
    users = UserStore(sessions)
    assert users.add("ana", "analyst", PASSWORD) == User("ana", "analyst")
    assert users.authenticate("ana", PASSWORD) == User("ana", "analyst")
    assert users.authenticate("ana", PASSWORD + "!") is None
    assert users.authenticate("nobody", PASSWORD) is None
    with sessions() as session:
        stored = session.scalars(select(UserRow.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        ("Ana Smith", "analyst", PASSWORD, "username 'Ana Smith'"),
        ("ana", "owner", PASSWORD, "role 'owner': must be one of viewer, analyst, reviewer, admin"),
        ("ana", "analyst", "short", "password: at least"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(
    sessions: sessionmaker[Session], username: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        UserStore(sessions).add(username, role, password)
    assert UserStore(sessions).count() == 0


def test_duplicate_names_are_refused(sessions: sessionmaker[Session]) -> None:
    users = UserStore(sessions)
    users.add("ana", "analyst", PASSWORD)
    with pytest.raises(InvalidRequestError, match="username 'ana': already exists"):
        users.add("ana", "viewer", PASSWORD)
    assert [u.role for u in users.list()] == ["analyst"]


def test_roles_grant_what_they_reach() -> None:
    viewer, analyst = User("v", "viewer"), User("a", "analyst")
    assert viewer.can("read") and not viewer.can("draft")
    assert analyst.can("ask") and analyst.can("draft") and not analyst.can("corpus")
    assert LOCAL_USER.can("corpus") and LOCAL_USER.can("users")


def test_a_disabled_user_cannot_sign_in_or_use_a_token(sessions: sessionmaker[Session]) -> None:
    users = UserStore(sessions)
    users.add("ana", "analyst", PASSWORD)
    token = users.issue_token("ana", "laptop")
    assert users.user_for_token(token) == User("ana", "analyst")
    users.set_disabled("ana")
    assert users.authenticate("ana", PASSWORD) is None
    assert users.user_for_token(token) is None
    assert users.active("ana") is None
    users.set_disabled("ana", False)
    # Disabling revoked the token: re-enabling does not revive it (issue 28, item 4).
    assert users.user_for_token(token) is None and users.tokens("ana") == []
    assert users.authenticate("ana", PASSWORD) == User("ana", "analyst")


def test_tokens_are_stored_only_as_hashes(sessions: sessionmaker[Session]) -> None:
    users = UserStore(sessions)
    users.add("ana", "analyst", PASSWORD)
    token = users.issue_token("ana")
    with sessions() as session:
        hashes = session.scalars(select(TokenRow.token_hash)).all()
    assert len(hashes) == 1 and token not in hashes[0]
    assert users.user_for_token(token + "x") is None


def test_first_admin_is_made_once_with_a_shown_random_password(
    sessions: sessionmaker[Session],
) -> None:
    users = UserStore(sessions)
    shown = ensure_first_admin(users, None)
    assert shown and users.authenticate("admin", shown) == User("admin", "admin")
    assert ensure_first_admin(users, "another password") is None
    assert users.count() == 1


def test_first_admin_is_made_when_only_other_roles_exist(
    sessions: sessionmaker[Session],
) -> None:
    # Users added from the CLI before the first `serve` used to leave the server with no admin
    # and BRIEFING_ADMIN_PASSWORD silently ignored.
    users = UserStore(sessions)
    users.add("ann", "analyst", PASSWORD)
    assert ensure_first_admin(users, PASSWORD) is None
    assert users.authenticate("admin", PASSWORD) == User("admin", "admin")
    assert ensure_first_admin(users, None) is None and users.count() == 2


def test_no_first_admin_when_the_name_admin_has_another_role(
    sessions: sessionmaker[Session],
) -> None:
    users = UserStore(sessions)
    users.add("admin", "viewer", PASSWORD)
    with pytest.raises(InvalidRequestError, match="belongs to a viewer: make one with"):
        ensure_first_admin(users, PASSWORD)
    assert users.count() == 1


def test_first_admin_takes_the_configured_password(sessions: sessionmaker[Session]) -> None:
    users = UserStore(sessions)
    assert ensure_first_admin(users, PASSWORD) is None
    assert users.authenticate("admin", PASSWORD) == User("admin", "admin")


def test_a_token_name_loses_bidi_controls_and_refuses_nul(
    sessions: sessionmaker[Session],
) -> None:
    users = UserStore(sessions)
    users.add("ana", "analyst", PASSWORD)
    users.issue_token("ana", "\u202elaptop")
    assert [t.name for t in users.tokens("ana")] == ["laptop"]
    with pytest.raises(InvalidRequestError, match="name: contains a NUL"):
        users.issue_token("ana", "lap\x00top")


def test_a_password_change_revokes_every_token(sessions: sessionmaker[Session]) -> None:
    # A stolen session could mint a token that survived the victim's password reset.
    users = UserStore(sessions)
    users.add("ana", "analyst", PASSWORD)
    tokens = [users.issue_token("ana", "laptop"), users.issue_token("ana", "stolen")]
    assert users.set_password("ana", PASSWORD + " again") == 2
    assert [users.user_for_token(t) for t in tokens] == [None, None]
    assert users.tokens("ana") == []


def test_a_token_expires_after_the_configured_days(sessions: sessionmaker[Session]) -> None:
    users = UserStore(sessions, token_days=30)
    users.add("ana", "analyst", PASSWORD)
    token = users.issue_token("ana", "laptop")
    (info,) = users.tokens("ana")
    assert info.expires_at - info.created_at == dt.timedelta(days=30)
    assert users.user_for_token(token) == User("ana", "analyst")
    with sessions.begin() as session:  # thirty days and a second later
        row = session.scalars(select(TokenRow)).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert users.user_for_token(token) is None
