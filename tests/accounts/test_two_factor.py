"""The second factor's functions on their own (myomap/accounts/two_factor.py): one pending
authenticator per person until it is confirmed, and backup codes that replace the last set and
are each good once. The pages' flows are in tests/web/test_two_factor.py."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from myomap.accounts.two_factor import (
    BACKUP_CODES,
    backup_codes_renew,
    totp_device_confirm,
    totp_device_pending,
    totp_device_pending_or_new,
)

pytestmark = pytest.mark.django_db


def test_a_pending_authenticator_is_found_and_shown_again_not_renewed(people):
    assert totp_device_pending(people.owner) is None
    shown = totp_device_pending_or_new(people.owner)
    assert shown.user == people.owner and not shown.confirmed and shown.name == "Authenticator"
    assert totp_device_pending(people.owner) == shown
    # A reload shows the same QR code: the same device, with the same key.
    again = totp_device_pending_or_new(people.owner)
    assert again.pk == shown.pk and again.key == shown.key
    assert TOTPDevice.objects.filter(user=people.owner).count() == 1


def test_a_pending_authenticator_is_each_persons_own(people):
    mine = totp_device_pending_or_new(people.owner)
    theirs = totp_device_pending_or_new(people.colleague)
    assert mine.pk != theirs.pk and mine.key != theirs.key
    assert totp_device_pending(people.colleague) == theirs
    assert totp_device_pending(people.front_desk) is None


def test_confirming_ends_the_pending_state_and_a_later_enrolment_is_new(people):
    device = totp_device_pending_or_new(people.owner)
    totp_device_confirm(device)
    device.refresh_from_db()
    assert device.confirmed
    assert totp_device_pending(people.owner) is None
    # Enrolling again (a new phone) shows a new device; the confirmed one is left as it is.
    fresh = totp_device_pending_or_new(people.owner)
    assert fresh.pk != device.pk and not fresh.confirmed
    device.refresh_from_db()
    assert device.confirmed


def test_backup_codes_are_a_confirmed_set_of_distinct_codes(people):
    codes = backup_codes_renew(people.owner)
    assert len(codes) == BACKUP_CODES == len(set(codes))
    device = StaticDevice.objects.get(user=people.owner)
    assert device.confirmed and device.name == "Backup codes"
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(codes)


def test_renewed_backup_codes_replace_the_old_set_and_leave_others_alone(people):
    old = backup_codes_renew(people.owner)
    theirs = backup_codes_renew(people.colleague)
    new = backup_codes_renew(people.owner)
    assert StaticDevice.objects.filter(user=people.owner).count() == 1
    device = StaticDevice.objects.get(user=people.owner)
    stored = set(device.token_set.values_list("token", flat=True))
    assert stored == set(new) and not stored & (set(old) - set(new))
    assert not device.verify_token(next(c for c in old if c not in new))
    colleague = StaticDevice.objects.get(user=people.colleague)
    assert set(colleague.token_set.values_list("token", flat=True)) == set(theirs)


def test_a_backup_code_works_once(people):
    codes = backup_codes_renew(people.owner)
    device = StaticDevice.objects.get(user=people.owner)
    assert device.verify_token(codes[0])
    assert not device.verify_token(codes[0])
    assert StaticToken.objects.filter(device=device).count() == BACKUP_CODES - 1
