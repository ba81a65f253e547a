"""``briefing user ...``: accounts and API tokens, managed on the server's machine."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from service.cli.support import domain_errors, fail, open_index, out

user_app = typer.Typer(
    help="Manage accounts (roles: viewer, analyst, reviewer, admin) and API tokens."
)


def _users() -> Any:
    from service.accounts.audit import AuditLog
    from service.accounts.users import UserStore

    index = open_index()
    return UserStore(index.sessions, index.settings.token_days), AuditLog(index.sessions)


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Lower-case name, 2-64 characters.")],
    role: Annotated[str, typer.Option(help="viewer | analyst | reviewer | admin")] = "analyst",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account. Without --password-stdin a random password is printed once."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(18)
    users, audit = _users()
    with domain_errors():
        users.add(username, role, password)
    audit.record("cli", "user_added", username, role)
    if not password_stdin:
        out.print(
            f"created {username} ({role}); password (shown once): {password}",
            markup=False,
            highlight=False,
        )
    else:
        out.print(f"created {username} ({role})", markup=False, highlight=False)


@user_app.command("list")
def list_users() -> None:
    """Every account with its role and state."""
    users, _ = _users()
    table = Table("user", "role", "state", "created")
    for user in users.list():
        state = "disabled" if user.disabled else "active"
        table.add_row(user.username, user.role, state, f"{user.created_at:%Y-%m-%d}")
    out.print(table)


@user_app.command("disable")
def disable(username: Annotated[str, typer.Argument()]) -> None:
    """Disable an account: its sessions end and its API tokens are revoked at once."""
    _set_disabled(username, True)


@user_app.command("enable")
def enable(username: Annotated[str, typer.Argument()]) -> None:
    """Re-enable a disabled account (its old sessions and tokens stay revoked)."""
    _set_disabled(username, False)


def _set_disabled(username: str, disabled: bool) -> None:
    users, audit = _users()
    with domain_errors():
        revoked = users.set_disabled(username, disabled)
    audit.record("cli", "user_disabled" if disabled else "user_enabled", username)
    if revoked:
        audit.record("cli", "token_revoked", username, f"{revoked} on disable")
    out.print(f"{username} {'disabled' if disabled else 'enabled'}", markup=False)


@user_app.command("token")
def token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="Where the token will be used.")] = "cli",
) -> None:
    """Issue an API token (sent as ``Authorization: Bearer ...``); printed once."""
    users, audit = _users()
    with domain_errors():
        issued = users.issue_token(username, name)
    audit.record("cli", "token_issued", username, name)
    print(issued)


@user_app.command("tokens")
def tokens(username: Annotated[str, typer.Argument()]) -> None:
    """List a user's API tokens (id, name, issued, expires); the secrets are never stored."""
    users, _ = _users()
    table = Table("id", "name", "issued", "expires")
    for info in users.tokens(username):
        table.add_row(
            info.token_id,
            info.name,
            f"{info.created_at:%Y-%m-%d %H:%M}",
            f"{info.expires_at:%Y-%m-%d %H:%M}",
        )
    out.print(table)


@user_app.command("revoke-token")
def revoke_token(
    username: Annotated[str, typer.Argument()],
    token_id: Annotated[str, typer.Argument(help="The id `briefing user tokens` shows.")],
) -> None:
    """Revoke one API token at once."""
    users, audit = _users()
    with domain_errors():
        users.revoke_token(username, token_id)
    audit.record("cli", "token_revoked", username, token_id[:16])
    out.print(f"revoked token {token_id[:16]} of {username}", markup=False, highlight=False)


@user_app.command("password")
def password(
    username: Annotated[str, typer.Argument()],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Set a new password (random and printed once without --password-stdin); every
    session of the account ends and every API token is revoked."""
    new = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(18)
    users, audit = _users()
    with domain_errors():
        revoked = users.set_password(username, new)
    audit.record("cli", "password_changed", username)
    if revoked:
        audit.record("cli", "token_revoked", username, f"{revoked} on password change")
    shown = "" if password_stdin else f"; new password (shown once): {new}"
    out.print(
        f"password of {username} changed, sessions ended, tokens revoked{shown}",
        markup=False,
        highlight=False,
    )


@user_app.command("quota")
def quota(
    username: Annotated[str, typer.Argument()],
    jobs: Annotated[
        int | None, typer.Option("--jobs", help="Jobs queued or running at once.")
    ] = None,
    chunks: Annotated[
        int | None, typer.Option("--chunks-per-hour", help="Chunks ingested per hour.")
    ] = None,
    evals: Annotated[
        int | None, typer.Option("--eval-runs-per-hour", help="Eval runs started per hour.")
    ] = None,
    default: Annotated[
        bool, typer.Option("--default", help="Back to the server's defaults (BRIEFING_QUOTA_*).")
    ] = False,
) -> None:
    """Show an account's quotas and what is in use; with options, set them (at least 1:
    a quota can be raised or lowered, never switched off)."""
    from service.jobs.quotas import quotas_for

    users, audit = _users()
    if username not in {u.username for u in users.list()}:
        fail(f"username '{username}': no such user")
    index = open_index()
    quotas = quotas_for(index.sessions, index.settings)
    changes = {"active_jobs": jobs, "chunks_per_hour": chunks, "eval_runs_per_hour": evals}
    if default:
        changes = dict.fromkeys(changes)
    else:
        changes = {name: value for name, value in changes.items() if value is not None}
    if changes:
        with domain_errors():
            quotas.set_limits(username, **changes)
        audit.record("cli", "quota_changed", username, str(quotas.limits(username)))
    usage = quotas.usage(username)
    table = Table("limit", "in use", "allowed")
    table.add_row("jobs queued or running", str(usage.active_jobs), str(usage.limits.active_jobs))
    table.add_row("chunks ingested, last hour", f"{usage.chunks_last_hour:,}",
                  f"{usage.limits.chunks_per_hour:,}")  # fmt: skip
    table.add_row("eval runs, last hour", str(usage.eval_runs_last_hour),
                  str(usage.limits.eval_runs_per_hour))  # fmt: skip
    out.print(table)
