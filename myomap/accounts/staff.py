"""Running a clinic: create it with its owner, invite staff, change roles, deactivate, reset a
colleague's two-factor devices, edit the clinic's details. Owner-only (except `clinic_create`,
which is the command line's) and audited. A clinic always keeps at least one active owner."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import user_has_device

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction, Clinic, Membership, Role, ScopeOfPractice
from myomap.errors import NotFound, ValidationFailed

User = get_user_model()


def _email_clean(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception as exc:
        raise ValidationFailed(
            {"email": ["Enter an email address such as sam@example.org."]}
        ) from exc
    if User.objects.filter(username=email).exists():
        raise ValidationFailed({"email": ["This address already has a Myomap account."]})
    return email


def _role_clean(role: str) -> str:
    if role not in Role.values:
        allowed = ", ".join(Role.values)
        raise ValidationFailed({"role": [f"Choose one of: {allowed}; got {role!r}."]})
    return role


def _user_create(email: str, full_name: str):
    given, _, family = (full_name or "").strip().partition(" ")
    user = User(username=email, email=email, first_name=given[:150], last_name=family[:150])
    # No password until the person sets one from their link.
    user.set_unusable_password()
    user.save()
    return user


def password_link_path(user) -> str:
    """The one-time set-password path: Django's reset token, which stops working once the
    password is set (the token covers the password hash) or after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _invite_send(user, link: str, clinic: Clinic) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        subject=f"Your Myomap account at {clinic.name}",
        message=(
            f"An account has been made for you at {clinic.name}.\n\n"
            f"Set your password here (the link works once, for {hours} hours):\n{link}\n\n"
            f"Your username is {user.username}.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def clinic_create(*, name: str, owner_email: str, owner_name: str = "") -> tuple[Clinic, Any]:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed({"name": ["Give the clinic a name of 1 to 200 characters."]})
    email = _email_clean(owner_email)
    clinic = Clinic.objects.create(name=name)
    owner = _user_create(email, owner_name)
    membership = Membership.objects.create(user=owner, clinic=clinic, role=Role.OWNER)
    audit_record(
        actor=Actor(membership=membership),
        action=AuditAction.CREATE,
        object_type="clinic",
        object_id=str(clinic.pk),
        detail={"via": "command line", "owner": email},
    )
    return clinic, owner


def staff_list_for_user(*, actor: Actor) -> list[Membership]:
    actor.require_owner()
    return list(
        Membership.objects.filter(clinic=actor.clinic)
        .select_related("user")
        .order_by("-user__is_active", "role", "user__username")
    )


def _member_of_clinic(actor: Actor, membership_id) -> Membership:
    actor.require_owner()
    try:
        return Membership.objects.select_related("user").get(pk=membership_id, clinic=actor.clinic)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise NotFound("No such staff member.") from exc


def staff_get_for_user(*, actor: Actor, membership_id) -> Membership:
    return _member_of_clinic(actor, membership_id)


@transaction.atomic
def staff_invite(
    *, actor: Actor, email: str, role: str, full_name: str = "", base_url: str
) -> tuple[Membership, str]:
    """Make the account and email the one-time set-password link; return it too, so the owner
    can hand it over when the clinic has no email set up."""
    actor.require_owner()
    email = _email_clean(email)
    role = _role_clean(role)
    user = _user_create(email, full_name)
    membership = Membership.objects.create(user=user, clinic=actor.clinic, role=role)
    link = base_url.rstrip("/") + password_link_path(user)
    audit_object(actor, AuditAction.CREATE, "staff", membership, {"email": email, "role": role})
    transaction.on_commit(lambda: _invite_send(user, link, actor.clinic))
    return membership, link


@transaction.atomic
def staff_password_link_new(
    *, actor: Actor, membership_id, base_url: str
) -> tuple[Membership, str]:
    """A fresh one-time set-password link for a colleague (a lost or expired invitation),
    emailed and returned like the first."""
    membership = _member_of_clinic(actor, membership_id)
    user = membership.user
    if not user.is_active:
        raise ValidationFailed({"active": ["Reactivate the account first."]})
    link = base_url.rstrip("/") + password_link_path(user)
    _staff_audit(actor, membership, {"password_link": "sent"})
    transaction.on_commit(lambda: _invite_send(user, link, actor.clinic))
    return membership, link


def _staff_audit(actor: Actor, membership: Membership, detail: dict) -> None:
    audit_object(actor, AuditAction.UPDATE, "staff", membership, detail)


def _last_owner_guard(membership: Membership, field: str, message: str) -> None:
    """The clinic always keeps one active owner: refuse a change that would remove the last."""
    if membership.role == Role.OWNER and not _other_active_owners(membership):
        raise ValidationFailed({field: [message]})


def _other_active_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(clinic=membership.clinic, role=Role.OWNER, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def staff_role_change(*, actor: Actor, membership_id, role: str) -> Membership:
    membership = _member_of_clinic(actor, membership_id)
    role = _role_clean(role)
    if role != Role.OWNER:
        _last_owner_guard(
            membership, "role", "The clinic's last owner cannot be given another role."
        )
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _staff_audit(actor, membership, {"role": [before, role]})
    return membership


@transaction.atomic
def staff_active_set(*, actor: Actor, membership_id, active: bool) -> Membership:
    """Deactivate (or reactivate) an account. A deactivated user's sessions end at once: the
    authentication backend refuses inactive users on every request."""
    membership = _member_of_clinic(actor, membership_id)
    if not active:
        _last_owner_guard(membership, "active", "The clinic's last owner cannot be deactivated.")
    user = membership.user
    user.is_active = active
    user.save(update_fields=["is_active"])
    _staff_audit(actor, membership, {"active": active})
    return membership


@transaction.atomic
def staff_two_factor_reset(*, actor: Actor, membership_id) -> Membership:
    """Remove a colleague's authenticator and backup codes (a lost phone); they enrol again at
    their next login."""
    from django_otp import devices_for_user

    membership = _member_of_clinic(actor, membership_id)
    for device in list(devices_for_user(membership.user, confirmed=None)):
        device.delete()
    _staff_audit(actor, membership, {"two_factor": "reset"})
    return membership


CLINIC_FIELDS = {"name": 200, "address": 500, "phone": 40, "letterhead": 1000, "time_zone": 64}


@transaction.atomic
def clinic_details_save(*, actor: Actor, data: dict) -> Clinic:
    actor.require_owner()
    clinic = Clinic.objects.select_for_update().get(pk=actor.clinic.pk)
    errors: dict[str, list[str]] = {}
    values = {}
    for name, limit in CLINIC_FIELDS.items():
        value = str(data.get(name, "") or "").strip()
        if len(value) > limit:
            errors[name] = [f"At most {limit} characters (got {len(value)})."]
        values[name] = value
    if not values["name"]:
        errors["name"] = ["The clinic needs a name."]
    if values["time_zone"] and values["time_zone"] not in zoneinfo.available_timezones():
        errors["time_zone"] = ["Choose a time zone such as Europe/London or UTC."]
    require = bool(data.get("require_two_factor"))
    if require and not clinic.require_two_factor and not user_has_device(actor.user):
        errors["require_two_factor"] = [
            "Set up two-factor authentication for your own account first."
        ]
    if errors:
        raise ValidationFailed(errors)
    changed = sorted(k for k, v in values.items() if getattr(clinic, k) != v)
    for key, value in values.items():
        setattr(clinic, key, value)
    if require != clinic.require_two_factor:
        changed.append("require_two_factor")
    clinic.require_two_factor = require
    clinic.save()
    audit_object(actor, AuditAction.UPDATE, "clinic", clinic, {"changed": changed})
    return clinic


PROFILE_FIELDS = {"profession": 100, "registration_number": 60}


@transaction.atomic
def membership_profile_save(*, actor: Actor, data: dict) -> Membership:
    """The signed-in person's own profession, registration number and scope of practice."""
    membership = Membership.objects.select_for_update().get(pk=actor.membership.pk)
    errors: dict[str, list[str]] = {}
    for name, limit in PROFILE_FIELDS.items():
        value = str(data.get(name, "") or "").strip()
        if len(value) > limit:
            errors[name] = [f"At most {limit} characters (got {len(value)})."]
        setattr(membership, name, value)
    scope = str(data.get("scope_of_practice", "") or "")
    if scope and scope not in ScopeOfPractice.values:
        allowed = ", ".join(ScopeOfPractice.values)
        errors["scope_of_practice"] = [f"Choose one of: {allowed}; got {scope!r}."]
    if errors:
        raise ValidationFailed(errors)
    membership.scope_of_practice = scope
    membership.save()
    _staff_audit(actor, membership, {"profile": sorted(PROFILE_FIELDS) + ["scope_of_practice"]})
    return membership
