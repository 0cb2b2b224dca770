"""`myomap token create | list | revoke`: personal API tokens from the command line, issued in
the name of the clinic's owner (audited as theirs), for installations scripted without a
browser. The token is printed once."""

from __future__ import annotations

import typer

from myomap.cli.server import _check_database, _django_setup

token_app = typer.Typer(help="Personal API tokens (see docs/api.md).", no_args_is_help=True)


def _owner_actor(username: str | None, member_username: str | None):
    from django.contrib.auth import get_user_model

    from myomap.accounts.actor import actor_for_user
    from myomap.accounts.models import Membership, Role

    if username:
        owner = get_user_model().objects.filter(username=username).first()
        if owner is None:
            raise typer.BadParameter(f"no user {username!r}", param_hint="--owner")
        membership = Membership.objects.filter(user=owner, role=Role.OWNER).first()
    else:
        member = Membership.objects.filter(user__username=member_username).first()
        if member is None:
            raise typer.BadParameter(f"no staff member {member_username!r}", param_hint="--user")
        membership = (
            Membership.objects.filter(clinic=member.clinic, role=Role.OWNER, user__is_active=True)
            .order_by("pk")
            .first()
        )
    if membership is None:
        raise typer.BadParameter("the clinic has no active owner to issue it", param_hint="--owner")
    return actor_for_user(membership.user)


@token_app.command("create")
def create(
    user: str = typer.Option(..., "--user", help="Username of the staff member it acts as."),
    name: str = typer.Option(..., "--name", help="What the token is for."),
    days: int = typer.Option(90, "--days", help="Days until it expires (1-365)."),
    owner: str = typer.Option(None, "--owner", help="Issuing owner (default: the clinic's)."),
) -> None:
    """Issue a token and print it (once)."""
    _django_setup()
    _check_database()
    from django.contrib.auth import get_user_model

    from myomap.api.tokens import token_issue
    from myomap.errors import ApplicationError

    actor = _owner_actor(owner, user)
    member = get_user_model().objects.filter(username=user).first()
    try:
        issued = token_issue(actor=actor, user_id=member.pk if member else 0, name=name, days=days)
    except ApplicationError as exc:
        typer.echo(f"Refused: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(issued.secret)
    typer.echo(
        f"Token {issued.token.pk} for {user}, expires {issued.token.expires_at:%Y-%m-%d}. "
        "Shown only now.",
        err=True,
    )


@token_app.command("list")
def list_tokens(owner: str = typer.Option(..., "--owner", help="Username of the owner.")) -> None:
    """The clinic's tokens: id, member, name, expiry, last use, state."""
    _django_setup()
    _check_database()
    from myomap.api.tokens import token_list_for_owner

    for t in token_list_for_owner(actor=_owner_actor(owner, None)):
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        state = "revoked" if t.revoked_at else "active"
        typer.echo(f"{t.pk}  {t.user.get_username():<12} {t.name:<20} "
                   f"expires {t.expires_at:%Y-%m-%d}  used {used}  {state}")  # fmt: skip


@token_app.command("revoke")
def revoke(
    token_id: str = typer.Argument(..., help="The token's id (from `myomap token list`)."),
    owner: str = typer.Option(..., "--owner", help="Username of the owner."),
) -> None:
    """Revoke a token: it stops working at once."""
    _django_setup()
    _check_database()
    from myomap.api.tokens import token_revoke
    from myomap.errors import ApplicationError

    try:
        token = token_revoke(actor=_owner_actor(owner, None), token_id=token_id)
    except ApplicationError as exc:
        typer.echo(f"Refused: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"Revoked {token.name} ({token.pk}).")
