"""The owner's clinic pages and everyone's account pages: who may reach what (owner, clinician,
front desk, another clinic's owner), inviting staff by a one-time link, roles, deactivation,
the last owner, and two-factor resets."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from myomap.accounts.models import AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_owner(people):
    from tests.factories import make_member

    return make_member("oona", people.other_clinic, Role.OWNER)


def _membership(user) -> Membership:
    return Membership.objects.get(user=user)


OWNER_PAGES = ["clinic_details", "staff_list"]


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_owner_pages_open_for_the_owner(people, browser_as, name):
    assert browser_as(people.owner).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", OWNER_PAGES)
@pytest.mark.parametrize("who", ["colleague", "front_desk"])
def test_owner_pages_are_refused_to_clinicians_and_front_desk(people, browser_as, name, who):
    assert browser_as(getattr(people, who)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "action", ["staff_member", "staff_role", "staff_active", "staff_two_factor"]
)
def test_another_clinics_owner_cannot_see_or_change_our_staff(
    people, other_owner, browser_as, action
):
    member = _membership(people.colleague)
    web = browser_as(other_owner)
    url = reverse(action, args=[member.pk])
    response = web.get(url) if action == "staff_member" else web.post(url, {"role": "owner"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.role == Role.CLINICIAN and member.user.is_active


@pytest.mark.parametrize(
    "action", ["staff_role", "staff_active", "staff_two_factor", "staff_password_link"]
)
def test_a_clinician_cannot_change_staff(people, browser_as, action):
    member = _membership(people.front_desk)
    response = browser_as(people.colleague).post(
        reverse(action, args=[member.pk]), {"role": "owner"}
    )
    assert response.status_code == 403
    assert _membership(people.front_desk).role == Role.FRONT_DESK


def test_the_staff_list_shows_only_our_clinic(people, other_owner, browser_as):
    page = browser_as(people.owner).get(reverse("staff_list")).content.decode()
    assert "sam" in page and "priya" in page
    assert "otto" not in page and "oona" not in page


def test_the_owner_invites_a_clinician_who_sets_a_password_from_a_one_time_link(
    people, browser_as, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_as(people.owner).post(
            reverse("staff_list"),
            {"email": "Nia@Example.org", "full_name": "Nia Clark", "role": "clinician"},
        )
    assert response.status_code == 200
    link = re.search(r"http://testserver(/password/[^<\s]+)", response.content.decode()).group(1)
    [email] = mail.outbox
    assert email.to == ["nia@example.org"] and link in email.body
    nia = get_user_model().objects.get(username="nia@example.org")
    assert not nia.has_usable_password()
    assert _membership(nia).clinic == people.clinic and _membership(nia).role == Role.CLINICIAN

    client.logout()
    form = client.get(link, follow=True)
    assert b"Choose your password" in form.content
    set_url = form.redirect_chain[-1][0]
    new = "a-long-new-password-77"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    logged_in = client.post(reverse("login"), {"username": "nia@example.org", "password": new})
    assert logged_in.status_code == 302
    client.logout()
    # The link works once.
    assert b"no longer works" in client.get(link, follow=True).content


def test_inviting_an_address_with_an_account_is_refused_naming_the_field(people, browser_as):
    response = browser_as(people.owner).post(
        reverse("staff_list"), {"email": "new@example.org", "role": "clinician"}
    )
    assert response.status_code == 200
    response = browser_as(people.owner).post(
        reverse("staff_list"), {"email": "new@example.org", "role": "clinician"}
    )
    assert b"already has a Myomap account" in response.content
    assert get_user_model().objects.filter(username="new@example.org").count() == 1


def test_an_unknown_role_is_refused(people, browser_as):
    member = _membership(people.colleague)
    browser_as(people.owner).post(reverse("staff_role", args=[member.pk]), {"role": "admin"})
    assert _membership(people.colleague).role == Role.CLINICIAN


def test_the_owner_changes_a_role(people, browser_as):
    member = _membership(people.front_desk)
    browser_as(people.owner).post(reverse("staff_role", args=[member.pk]), {"role": "clinician"})
    assert _membership(people.front_desk).role == Role.CLINICIAN
    assert AuditEvent.objects.filter(object_type="staff", action="update").exists()


def test_the_last_owner_cannot_be_demoted_or_deactivated(people, browser_as):
    member = _membership(people.owner)
    web = browser_as(people.owner)
    page = web.post(reverse("staff_role", args=[member.pk]), {"role": "clinician"}, follow=True)
    assert b"last owner" in page.content
    web.post(reverse("staff_active", args=[member.pk]), {"active": "0"})
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.role == Role.OWNER and member.user.is_active


def test_with_a_second_owner_the_first_may_step_down(people, browser_as):
    browser_as(people.owner).post(
        reverse("staff_role", args=[_membership(people.colleague).pk]), {"role": "owner"}
    )
    browser_as(people.owner).post(
        reverse("staff_role", args=[_membership(people.owner).pk]), {"role": "clinician"}
    )
    assert _membership(people.owner).role == Role.CLINICIAN


def test_a_deactivated_user_is_signed_out_at_once(people, browser_as, client):
    from django.test import Client

    theirs = Client()
    theirs.force_login(people.colleague)
    assert theirs.get(reverse("client_list")).status_code == 200
    browser_as(people.owner).post(
        reverse("staff_active", args=[_membership(people.colleague).pk]), {"active": "0"}
    )
    response = theirs.get(reverse("client_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_owner_resets_a_colleagues_two_factor(people, browser_as):
    TOTPDevice.objects.create(user=people.colleague, name="phone", confirmed=True)
    browser_as(people.owner).post(
        reverse("staff_two_factor", args=[_membership(people.colleague).pk])
    )
    assert not TOTPDevice.objects.filter(user=people.colleague).exists()


def test_the_owner_edits_the_clinic_details(people, browser_as):
    data = {
        "name": "Harbourside Clinic",
        "address": "1 Quay Street",
        "phone": "0123 456789",
        "letterhead": "Harbourside Clinic · 1 Quay Street",
        "time_zone": "Europe/London",
    }
    assert browser_as(people.owner).post(reverse("clinic_details"), data).status_code == 302
    people.clinic.refresh_from_db()
    assert (people.clinic.name, people.clinic.time_zone) == ("Harbourside Clinic", "Europe/London")


def test_an_unknown_time_zone_is_refused_naming_the_field(people, browser_as):
    data = {"name": "Harbourside", "time_zone": "Mars/Olympus"}
    response = browser_as(people.owner).post(reverse("clinic_details"), data)
    assert response.status_code == 400 and b"Time zone" in response.content
    people.clinic.refresh_from_db()
    assert people.clinic.time_zone == ""


def test_requiring_two_factor_needs_the_owners_own_authenticator_first(people, browser_as):
    data = {"name": "Harbourside", "time_zone": "UTC", "require_two_factor": "on"}
    response = browser_as(people.owner).post(reverse("clinic_details"), data)
    assert b"your own account first" in response.content
    people.clinic.refresh_from_db()
    assert not people.clinic.require_two_factor


@pytest.mark.parametrize("who", ["owner", "colleague", "front_desk"])
def test_everyone_edits_their_own_profile(people, browser_as, who):
    user = getattr(people, who)
    data = {
        "profession": "Physiotherapist",
        "registration_number": "PH123456",
        "scope_of_practice": "physiotherapist",
    }
    assert browser_as(user).post(reverse("account"), data).status_code == 302
    member = _membership(user)
    assert (member.registration_number, member.scope_of_practice) == ("PH123456", "physiotherapist")


def test_an_unknown_scope_of_practice_is_refused(people, browser_as):
    response = browser_as(people.colleague).post(
        reverse("account"), {"scope_of_practice": "surgeon"}
    )
    assert response.status_code == 400
    assert _membership(people.colleague).scope_of_practice == ""


def test_a_user_without_a_clinic_sees_why_and_can_log_out(db, client):
    user = get_user_model().objects.create_user(username="lonely", password="x-long-password-1")
    client.force_login(user)
    page = client.get(reverse("home"))
    assert page.status_code == 403
    assert b"no clinic has added you" in page.content
    assert b'action="/logout/"' in page.content
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # to the login page


def test_a_password_reset_request_never_says_whether_the_address_exists(people, client):
    people.colleague.email = "sam@example.org"
    people.colleague.save()
    known = client.post(reverse("password_reset"), {"email": "sam@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    def main(response) -> str:
        page = response.content.decode()
        return page[page.index("<main") : page.index("</main>")]

    assert main(known) == main(unknown)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.org"]


def test_a_reset_link_expires(people, client, settings):
    from myomap.accounts.staff import password_link_path

    settings.PASSWORD_RESET_TIMEOUT = -1
    link = password_link_path(people.colleague)
    assert b"no longer works" in client.get(link, follow=True).content


def test_the_password_change_page_works(people, client):
    from tests.factories import PASSWORD

    client.force_login(people.colleague)
    new = "another-long-password-9"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    people.colleague.refresh_from_db()
    assert people.colleague.check_password(new)


def test_pages_show_times_in_the_clinics_time_zone(people, client_record, browser_as):
    import zoneinfo

    from django.utils import timezone

    people.clinic.time_zone = "Pacific/Auckland"
    people.clinic.save()
    web = browser_as(people.owner)
    web.get(reverse("client_detail", args=[client_record.pk]))
    response = web.get(reverse("audit_log"))
    event = response.context["events"][0]
    here = timezone.localtime(event.at, zoneinfo.ZoneInfo("Pacific/Auckland"))
    utc = timezone.localtime(event.at, zoneinfo.ZoneInfo("UTC"))
    page = response.content.decode()
    assert here.strftime("%d %b %Y %H:%M:%S") in page
    assert utc.strftime("%d %b %Y %H:%M:%S") not in page


def test_the_owner_sends_a_new_set_password_link_that_works_once(
    people, browser_as, client, django_capture_on_commit_callbacks
):
    people.colleague.email = "sam@example.org"
    people.colleague.save()
    member = _membership(people.colleague)
    with django_capture_on_commit_callbacks(execute=True):
        page = browser_as(people.owner).post(reverse("staff_password_link", args=[member.pk]))
    assert b"A new set-password link for sam" in page.content
    link = re.search(r"http://testserver(/password/[^<\s]+)", page.content.decode()).group(1)
    [email] = mail.outbox
    assert email.to == ["sam@example.org"] and link in email.body
    client.logout()
    assert b"Choose your password" in client.get(link, follow=True).content
