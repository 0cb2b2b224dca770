"""Client side of the portal's access: open a link, confirm the date of birth (attempts limited
per link and audited), and find the verified portal session of a request.

What a refused link reveals: nothing. An unknown, forged, expired or revoked token, or another
link's session, all give the same answer; only the audit trail says which it was."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from myomap.accounts.actor import ClientActor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.errors import ValidationFailed
from myomap.inputs import strict_int
from myomap.portal.models import PortalLink, PortalSession
from myomap.portal.tokens import digest, session_key_digest, session_key_new, token_digest
from myomap.records.models import Client, Episode

PORTAL = "portal"  # the audit username of an access that no link could be tied to


class LinkRefused(Exception):
    """The link cannot be used (unknown, expired, revoked, or its session ended)."""


@dataclass(frozen=True)
class PortalAccess:
    """What a portal view may act on: one client, through one link, as that client."""

    link: PortalLink
    client: Client
    session: PortalSession
    actor: ClientActor

    @property
    def episode(self) -> Episode | None:
        return self.link.episode

    @property
    def purpose(self) -> str:
        return self.link.purpose


def client_actor(link: PortalLink, remote_addr: str | None) -> ClientActor:
    return ClientActor(
        client_id=link.client_id, clinic=link.clinic, link_id=link.pk, remote_addr=remote_addr
    )


def _refuse(reason: str, remote_addr: str | None, link: PortalLink | None = None) -> None:
    audit_record(
        actor=client_actor(link, remote_addr) if link else None,
        action=AuditAction.REFUSED,
        object_type="portal_link",
        object_id=str(link.pk) if link else "",
        detail={"reason": reason},
        username=PORTAL,
        remote_addr=remote_addr,
    )
    raise LinkRefused(reason)


def _usable(link: PortalLink) -> str | None:
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= timezone.now():
        return "expired"
    return None


def portal_link_open(*, token: str, remote_addr: str | None) -> str:
    """Start a portal session for a valid link; returns the session key for the cookie."""
    token_hash = token_digest(token)
    if token_hash is None:
        _refuse("bad_signature", remote_addr)
    link = PortalLink.objects.select_related("clinic").filter(token_hash=token_hash).first()
    if link is None:
        _refuse("unknown", remote_addr)
    assert link is not None
    reason = _usable(link)
    if reason:
        _refuse(reason, remote_addr, link)
    key = session_key_new()
    now = timezone.now()
    idle = timedelta(seconds=settings.MYOMAP_PORTAL_SESSION_SECONDS)
    with transaction.atomic():
        # Mail scanners open links too: the link's ended sessions go as a new one starts.
        PortalSession.objects.filter(link=link, last_seen_at__lt=now - idle).delete()
        PortalSession.objects.create(link=link, key_hash=digest(key), last_seen_at=now)
        PortalLink.objects.filter(pk=link.pk).update(last_opened_at=now)
        audit_object(
            client_actor(link, remote_addr),
            AuditAction.CREATE,
            "portal_session",
            link,
            {"opened": True},
        )
    return key


def portal_session_find(*, key: str | None, remote_addr: str | None) -> PortalSession:
    """The live session of a cookie (verified or not); LinkRefused otherwise."""
    key_hash = session_key_digest(key) if key else None
    if key_hash is None:
        raise LinkRefused("no_session")
    session = (
        PortalSession.objects.select_related(
            "link", "link__clinic", "link__client", "link__episode"
        )
        .filter(key_hash=key_hash)
        .first()
    )
    if session is None:
        raise LinkRefused("no_session")
    now = timezone.now()
    idle = timedelta(seconds=settings.MYOMAP_PORTAL_SESSION_SECONDS)
    if session.last_seen_at + idle <= now:
        session.delete()
        raise LinkRefused("session_ended")
    reason = _usable(session.link)
    if reason:
        session.delete()
        _refuse(reason, remote_addr, session.link)
    PortalSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return session


def portal_access_for(session: PortalSession, remote_addr: str | None) -> PortalAccess:
    link = session.link
    return PortalAccess(
        link=link, client=link.client, session=session, actor=client_actor(link, remote_addr)
    )


def link_locked_until(link: PortalLink) -> datetime.datetime | None:
    if link.locked_until and link.locked_until > timezone.now():
        return link.locked_until
    return None


def _birth_date(data) -> datetime.date:
    parts: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name, label, low, high in (
        ("dob_day", "Day", 1, 31),
        ("dob_month", "Month", 1, 12),
        ("dob_year", "Year", 1900, 2100),
    ):
        raw = (data.get(name) or "").strip()
        try:
            value = strict_int(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            errors[name] = [f"{label} must be a number from {low} to {high}."]
        else:
            parts[name] = value
    if errors:
        raise ValidationFailed(errors)
    try:
        return datetime.date(parts["dob_year"], parts["dob_month"], parts["dob_day"])
    except ValueError as exc:
        raise ValidationFailed({"dob_day": ["That date does not exist."]}) from exc


class DobLocked(Exception):
    def __init__(self, until: datetime.datetime):
        super().__init__("locked")
        self.until = until


def portal_dob_confirm(*, session: PortalSession, data, remote_addr: str | None) -> bool:
    """Check the date of birth for this session's link. True when it matches (the session is
    then verified); False for a wrong date; DobLocked once the link's tries are used up.
    A malformed date is a ValidationFailed and does not count as a try."""
    born = _birth_date(data)
    actor = client_actor(session.link, remote_addr)
    limit = settings.MYOMAP_PORTAL_DOB_ATTEMPTS
    with transaction.atomic():
        link = (
            PortalLink.objects.select_for_update().select_related("client").get(pk=session.link_id)
        )
        until = link_locked_until(link)
        if until:
            # Recorded, and nothing else: the answer is the same whatever date was sent.
            audit_object(actor, AuditAction.LOGIN_FAILED, "portal_link", link, {"reason": "locked"})
        elif born == link.client.date_of_birth:
            link.failed_attempts = 0
            link.save(update_fields=["failed_attempts"])
            PortalSession.objects.filter(pk=session.pk).update(verified_at=timezone.now())
            audit_object(
                actor, AuditAction.LOGIN, "portal_link", link, {"date_of_birth": "confirmed"}
            )
            return True
        else:
            until = _count_failure(link, actor, limit)
    if until:
        raise DobLocked(until)
    return False


def _count_failure(link: PortalLink, actor: ClientActor, limit: int) -> datetime.datetime | None:
    PortalLink.objects.filter(pk=link.pk).update(failed_attempts=F("failed_attempts") + 1)
    link.refresh_from_db(fields=["failed_attempts"])
    detail: dict = {"reason": "date_of_birth", "attempt": link.failed_attempts}
    until = None
    if link.failed_attempts >= limit:
        until = timezone.now() + timedelta(minutes=settings.MYOMAP_PORTAL_LOCKOUT_MINUTES)
        link.locked_until, link.failed_attempts = until, 0
        link.save(update_fields=["locked_until", "failed_attempts"])
        detail["locked_until"] = until.isoformat()
    audit_object(actor, AuditAction.LOGIN_FAILED, "portal_link", link, detail)
    return until


def portal_session_end(*, session: PortalSession, remote_addr: str | None) -> None:
    actor = client_actor(session.link, remote_addr)
    with transaction.atomic():
        PortalSession.objects.filter(pk=session.pk).delete()
        audit_record(
            actor=actor,
            action=AuditAction.LOGOUT,
            object_type="portal_link",
            object_id=str(session.link_id),
        )


def portal_client_get(access: PortalAccess) -> Client:
    """The client's own record, as the portal shows it (name only); audited as their read."""
    audit_object(access.actor, AuditAction.READ, "client", access.client)
    return access.client
