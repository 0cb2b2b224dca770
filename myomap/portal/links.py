"""Staff side of the portal: create, send, list and revoke links. Every function takes the
acting member and stays inside their clinic; creating and revoking are audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import segno
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.errors import NotFound, ValidationFailed
from myomap.inputs import strict_int
from myomap.portal.models import PortalLink, PortalPurpose
from myomap.portal.tokens import digest, token_new
from myomap.records.models import Client, Episode, EpisodeStatus
from myomap.records.selectors import client_get_for_user

MAX_DAYS = 30


@dataclass(frozen=True)
class IssuedLink:
    """A new link and its address. The address exists only here: it is shown once (and
    emailed), never stored."""

    link: PortalLink
    url: str
    emailed: bool

    @property
    def qr_svg_data_uri(self) -> str:
        return segno.make(self.url, error="m").svg_data_uri(scale=4, dark="#111", light="#fff")


def link_url(token: str) -> str:
    # The token travels in the query string, so request logs and audit paths (which record
    # the path only) never hold it.
    return f"{settings.MYOMAP_BASE_URL.rstrip('/')}{reverse('portal_open')}?t={token}"


def _days(value: object) -> int:
    if value in (None, ""):
        return settings.MYOMAP_PORTAL_LINK_DAYS
    try:
        days = strict_int(value)
    except ValueError:
        days = None
    if days is None or not 1 <= days <= MAX_DAYS:
        raise ValidationFailed({"days": [f"Valid for (days) must be a whole number 1–{MAX_DAYS}."]})
    return days


def _purpose(value: object) -> str:
    if value not in PortalPurpose.values:
        allowed = ", ".join(PortalPurpose.values)
        raise ValidationFailed({"purpose": [f"Purpose must be one of: {allowed}."]})
    return str(value)


def _current_episode(client: Client) -> Episode | None:
    # The newest open episode; the front desk may send a link without seeing the episode.
    return (
        Episode.objects.filter(client=client, status=EpisodeStatus.ACTIVE)
        .order_by("-onset_date", "-created_at")
        .first()
    )


def portal_link_create(
    *,
    actor: Actor,
    client_id: uuid.UUID | str,
    purpose: object,
    days: object = None,
    send_email: bool = False,
) -> IssuedLink:
    client = client_get_for_user(actor=actor, client_id=client_id)
    purpose = _purpose(purpose)
    valid_days = _days(days)
    if send_email and not client.email:
        raise ValidationFailed(
            {"send_email": ["The client has no email address on record; show the QR code."]}
        )
    token = token_new()
    with transaction.atomic():
        link = PortalLink.objects.create(
            clinic=actor.clinic,
            client=client,
            episode=_current_episode(client),
            purpose=purpose,
            token_hash=digest(token),
            created_by=actor.user,
            expires_at=timezone.now() + timedelta(days=valid_days),
            sent_to=client.email if send_email else "",
        )
        audit_object(
            actor,
            AuditAction.CREATE,
            "portal_link",
            link,
            {
                "client": str(client.pk),
                "purpose": purpose,
                "days": valid_days,
                "emailed": send_email,
            },
        )
    url = link_url(token)
    if send_email:
        _send(link, client, url)
    return IssuedLink(link=link, url=url, emailed=send_email)


def _send(link: PortalLink, client: Client, url: str) -> None:
    clinic = link.clinic.name
    expires = timezone.localtime(link.expires_at).strftime("%d %B %Y")
    body = (
        f"Hello {client.given_name},\n\n"
        f"{clinic} has sent you a private link: {link.get_purpose_display().lower()}.\n\n"
        f"{url}\n\n"
        "You will be asked for your date of birth before anything is shown. "
        f"The link works until {expires}. Please do not forward it.\n\n"
        f"If you did not expect this message, contact {clinic}.\n"
    )
    send_mail(f"{clinic}: your link", body, None, [client.email])


def portal_link_list_for_client(*, actor: Actor, client: Client) -> list[PortalLink]:
    if client.clinic_id != actor.clinic.pk:
        raise NotFound("No such client.")
    return list(PortalLink.objects.filter(clinic=actor.clinic, client=client)[:20])


def portal_link_revoke(*, actor: Actor, link_id: uuid.UUID | str) -> PortalLink:
    with transaction.atomic():
        link = (
            PortalLink.objects.select_for_update().filter(clinic=actor.clinic, pk=link_id).first()
        )
        if link is None:
            raise NotFound("No such portal link.")
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = actor.user
            link.save(update_fields=["revoked_at", "revoked_by"])
            link.sessions.all().delete()  # an open portal page ends at its next request
            audit_object(
                actor,
                AuditAction.UPDATE,
                "portal_link",
                link,
                {"revoked": True, "client": str(link.client_id)},
            )
    return link


def link_state(link: PortalLink) -> str:
    """In words, for the staff list: active, expired, revoked or paused (too many tries)."""
    now = timezone.now()
    if link.revoked_at:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    if link.locked_until and link.locked_until > now:
        return "paused"
    return "active"
