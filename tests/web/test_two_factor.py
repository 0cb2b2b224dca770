"""Two-factor sign-in: enrolment with a QR code and a TOTP code, backup codes, the owner's
switch enforced on every clinical and admin page; idle sessions ending; the lockout seeing the
real client address behind a trusted proxy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _login(client, username: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **extra)


def _enrol(client) -> TOTPDevice:
    """Open the enrolment page (which creates the device) and confirm it with a code."""
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(confirmed=False)
    codes = client.post(reverse("two_factor_confirm"), {"token": _code(device)})
    assert b"backup codes" in codes.content
    device.refresh_from_db()
    return device


def _clinical_pages(people, planned_episode) -> list[str]:
    client_id = planned_episode.client_id
    return [
        reverse("home"),
        reverse("client_list"),
        reverse("client_detail", args=[client_id]),
        reverse("episode_detail", args=[planned_episode.pk]),
        reverse("episode_progress", args=[planned_episode.pk]),
        reverse("session_outstanding"),
        reverse("clinic_details"),
        reverse("staff_list"),
        reverse("account"),
    ]


@pytest.fixture
def two_factor_required(people):
    people.clinic.require_two_factor = True
    people.clinic.save()
    return people.clinic


def test_a_password_only_session_reaches_only_the_enrolment_page(
    people, planned_episode, two_factor_required, client
):
    assert _login(client, "sam").status_code == 302
    for url in _clinical_pages(people, planned_episode):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor")), url
    assert client.get(reverse("two_factor")).status_code == 200


def test_after_enrolling_the_session_reaches_the_clinical_pages(
    people, planned_episode, two_factor_required, client
):
    _login(client, "sam")
    _enrol(client)
    for url in _clinical_pages(people, planned_episode)[:6]:
        assert client.get(url).status_code == 200, url


def test_a_wrong_enrolment_code_is_refused(people, two_factor_required, client):
    _login(client, "sam")
    client.get(reverse("two_factor"))
    client.post(reverse("two_factor_confirm"), {"token": "000000"})
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_an_enrolled_user_must_give_a_code_at_each_login_even_without_the_clinic_switch(
    people, planned_episode, client
):
    _login(client, "sam")
    device = _enrol(client)
    client.post(reverse("logout"))
    _login(client, "sam")
    blocked = client.get(reverse("client_list"))
    assert blocked["Location"].startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"token": "123456", "next": "/clients/"})
    assert b"did not match" in refused.content
    # A fresh code (the last one was used at enrolment and cannot be replayed).
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.save()
    passed = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": "/clients/"}
    )
    assert passed["Location"] == "/clients/"
    assert client.get(reverse("client_list")).status_code == 200


def test_a_backup_code_signs_in_once(people, client):
    _login(client, "sam")
    _enrol(client)
    code = StaticToken.objects.first().token
    client.post(reverse("logout"))
    _login(client, "sam")
    assert client.post(reverse("two_factor_verify"), {"token": code}).status_code == 302
    assert client.get(reverse("client_list")).status_code == 200
    client.post(reverse("logout"))
    _login(client, "sam")
    assert b"did not match" in client.post(reverse("two_factor_verify"), {"token": code}).content


def test_the_owner_turns_on_the_switch_after_enrolling(people, client):
    _login(client, "olivia")
    _enrol(client)
    data = {"name": "Harbourside", "time_zone": "UTC", "require_two_factor": "on"}
    assert client.post(reverse("clinic_details"), data).status_code == 302
    people.clinic.refresh_from_db()
    assert people.clinic.require_two_factor


def test_after_an_owner_reset_the_colleague_enrols_again(people, two_factor_required, client):
    from myomap.accounts.staff import staff_two_factor_reset
    from myomap.web.http.access import actor_for_user

    _login(client, "sam")
    _enrol(client)
    client.post(reverse("logout"))
    staff_two_factor_reset(
        actor=actor_for_user(people.owner), membership_id=people.colleague.membership.pk
    )
    _login(client, "sam")
    first = client.get(reverse("home"), follow=True)
    assert first.redirect_chain[-1][0].startswith(reverse("two_factor"))


def test_an_idle_session_ends(people, client, settings):
    settings.MYOMAP_SESSION_IDLE_SECONDS = 1800
    _login(client, "sam")
    assert client.get(reverse("client_list")).status_code == 200
    session = client.session
    session["myomap_last_seen"] -= 1801  # as if the last request was 30 min 1 s ago
    session.save()
    response = client.get(reverse("client_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("client_list")).status_code == 302


def test_an_active_session_ends_at_its_absolute_lifetime(people, client, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    _login(client, "sam")
    session = client.session
    session["myomap_started"] -= 8 * 3600 + 1  # logged in 8 h 1 s ago
    session.save()
    assert client.get(reverse("client_list")).status_code == 302


def test_behind_a_trusted_proxy_the_lockout_counts_per_real_address(people, client, settings):
    settings.MYOMAP_TRUSTED_PROXIES = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.66", "REMOTE_ADDR": "10.0.0.1"}
    for _ in range(10):
        client.post(reverse("login"), {"username": "sam", "password": "wrong"}, **attacker)
    assert _login(client, "sam", **attacker).status_code == 429
    # The same proxy, another client: not locked out by the attacker's failures.
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "REMOTE_ADDR": "10.0.0.1"}
    assert _login(client, "sam", **other).status_code == 302
