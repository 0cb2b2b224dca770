"""Logins, logouts and failed logins go into the audit trail like any other access."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from myomap.accounts.actor import actor_for_user
from myomap.accounts.audit import audit_record
from myomap.accounts.client_address import client_address
from myomap.accounts.models import AuditAction
from myomap.errors import Forbidden


def _remote_addr(request) -> str | None:
    return client_address(request)


def _audit_user_event(action: str, request, user) -> None:
    try:
        actor = actor_for_user(user, remote_addr=_remote_addr(request))
    except Forbidden:
        actor = None
    audit_record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=str(user.pk),
        username=user.get_username(),
        remote_addr=_remote_addr(request),
    )


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    _audit_user_event(AuditAction.LOGIN, request, user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        _audit_user_event(AuditAction.LOGOUT, request, user)


@receiver(user_login_failed)
def audit_login_failure(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="user",
        username=str(credentials.get("username", ""))[:150],
        remote_addr=_remote_addr(request),
    )


def audit_log_start(sender, using="default", **kwargs) -> None:
    """After migrate (a new installation): write the genesis record if the log has none."""
    from django.db import connections

    from myomap.accounts.audit import audit_genesis_ensure

    if using != "default":
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "accounts_auditevent"
            )
        }
    if "seq" in columns:  # not after a partial migrate to an older schema
        audit_genesis_ensure()
