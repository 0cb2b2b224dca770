"""Personal API tokens: an owner issues one to a staff member of their clinic (shown once),
lists and revokes them; each request presents it and is counted against a per-token rate
limit. Every issue and revoke is audited."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction, Membership
from myomap.api.models import ApiRateWindow, ApiToken
from myomap.errors import ApplicationError, NotFound, ValidationFailed
from myomap.inputs import strict_int

TOKEN_PREFIX = "mym_"
MAX_DAYS = 365
DEFAULT_DAYS = 90


class RateLimited(ApplicationError):
    status_code = 429


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the only time the full token exists outside the client's hands


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise ValidationFailed(
            {"days": [f"days must be a whole number from 1 to {MAX_DAYS}; got {value!r}"]}
        )
    return value


def token_issue(
    *, actor: Actor, user_id: int | str, name: str, days: int = DEFAULT_DAYS
) -> IssuedToken:
    """A new token for an active member of the owner's own clinic, expiring after `days`."""
    actor.require_owner()
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed({"name": ["Name the token (1 to 100 characters), e.g. 'reports'."]})
    days = _days(days)
    try:
        membership = Membership.objects.select_related("user").get(
            clinic=actor.clinic, user_id=strict_int(user_id), user__is_active=True
        )
    except (Membership.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such active staff member in this clinic.") from exc
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            clinic=actor.clinic,
            user=membership.user,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            token_hash=token_hash(secret),
            created_by=actor.user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_object(
            actor,
            AuditAction.CREATE,
            "api_token",
            token,
            {"user": membership.user.get_username(), "days": days},
        )
    return IssuedToken(token=token, secret=secret)


def token_list_for_owner(*, actor: Actor) -> list[ApiToken]:
    actor.require_owner()
    tokens = list(ApiToken.objects.filter(clinic=actor.clinic).select_related("user"))
    audit_record(
        actor=actor, action=AuditAction.LIST, object_type="api_token", detail={"count": len(tokens)}
    )
    return tokens


def token_revoke(*, actor: Actor, token_id: uuid.UUID | str) -> ApiToken:
    actor.require_owner()
    try:
        token = ApiToken.objects.get(clinic=actor.clinic, pk=token_id)
    except (ApiToken.DoesNotExist, ValueError) as exc:
        raise NotFound("No such token.") from exc
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_object(actor, AuditAction.DELETE, "api_token", token)
    return token


def _count_request(token: ApiToken, now) -> int:
    """This request's number within the token's current one-minute window (atomic across
    processes: an UPDATE … SET count = count + 1 on one row)."""
    window = now.replace(second=0, microsecond=0)
    updated = ApiRateWindow.objects.filter(token=token, window_start=window).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ApiRateWindow.objects.create(token=token, window_start=window, count=1)
        except IntegrityError:  # another worker created the window first
            ApiRateWindow.objects.filter(token=token, window_start=window).update(
                count=F("count") + 1
            )
        # Old windows are of no further use; keep the table to a row or two per token.
        ApiRateWindow.objects.filter(token=token, window_start__lt=window).delete()
    return ApiRateWindow.objects.get(token=token, window_start=window).count


def token_authenticate(secret: str, *, remote_addr: str | None = None) -> Actor | None:
    """The Actor a presented token acts as, or None: unknown, revoked, expired, a deactivated
    user, or a user no longer in the clinic the token was issued for all get nothing."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__membership", "user__membership__clinic")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    membership = getattr(token.user, "membership", None)
    if membership is None or membership.clinic_id != token.clinic_id:
        return None
    limit = settings.MYOMAP_API_RATE_PER_MINUTE
    if _count_request(token, now) > limit:
        raise RateLimited(f"Rate limit of {limit} requests a minute reached for this token.")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Actor(membership=membership, remote_addr=remote_addr)
