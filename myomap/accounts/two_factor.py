"""A person's second factor: the authenticator app (TOTP, django-otp) and the printed backup
codes. The account pages call these; the devices themselves are django-otp's models."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def totp_device_pending(user) -> TOTPDevice | None:
    """The authenticator being enrolled (scanned but not yet confirmed with a code), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def totp_device_pending_or_new(user) -> TOTPDevice:
    """The authenticator to show for enrolment: the pending one, so a reload shows the same QR
    code, or a new one."""
    return totp_device_pending(user) or TOTPDevice.objects.create(
        user=user, name="Authenticator", confirmed=False
    )


def totp_device_confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def backup_codes_renew(user) -> list[str]:
    """A new set of backup codes; the old set stops working. The codes are returned once, to be
    shown once: only django-otp's stored tokens remain."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
