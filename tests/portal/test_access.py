"""Portal access: links open only while valid, only after the date of birth, for one client;
refusals reveal nothing; tries are limited and audited; the token reaches no store or log."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from myomap.accounts.models import AuditEvent
from myomap.portal.links import portal_link_revoke
from myomap.portal.models import PortalLink, PortalSession
from tests.factories import OTHER_CLIENT, make_client, staff_actor

pytestmark = pytest.mark.django_db

ENDED = "This link cannot be opened"


def _other_client(people):
    return make_client(staff_actor(people.owner), **OTHER_CLIENT)


def test_valid_link_opens_after_date_of_birth(client, issue_link, portal_in):
    link, token = issue_link()
    assert client.get("/p/").status_code == 404  # nothing before the link is opened
    opened = client.get("/p/open", {"t": token})
    assert opened["Location"] == "/p/confirm"
    assert opened["Referrer-Policy"] == "no-referrer"
    # Opened but not confirmed: every portal page goes back to the check.
    assert client.get("/p/")["Location"] == "/p/confirm"
    page = client.get("/p/confirm")
    assert b"Confirm your date of birth" in page.content
    assert b"Maria" not in page.content  # not even the name before the check
    confirmed = client.post("/p/confirm", {"dob_day": "12", "dob_month": "3", "dob_year": "1984"})
    assert confirmed["Location"] == "/p/"
    home = client.get("/p/", follow=True)
    assert home.status_code == 200
    assert "no-store" in home["Cache-Control"]


def test_token_is_stored_hashed_and_never_raw(client, issue_link, portal_in):
    link, token = issue_link()
    portal_in(token)
    client.get("/p/", follow=True)
    client.get("/p/open", {"t": token + "x"})
    link.refresh_from_db()
    assert token not in link.token_hash and len(link.token_hash) == 64
    for event in AuditEvent.objects.all():
        assert token not in str(event.detail) and token not in event.object_id
    from myomap.portal.models import PortalSession

    for session in PortalSession.objects.all():
        assert token not in session.key_hash
    assert token not in client.cookies["myomap_portal"].value


@pytest.mark.parametrize("state", ["expired", "revoked", "forged", "unknown"])
def test_refused_links_reveal_nothing(client, people, actor_of, issue_link, state):
    link, token = issue_link()
    if state == "expired":
        PortalLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif state == "revoked":
        portal_link_revoke(actor=actor_of(people.colleague), link_id=link.pk)
    elif state == "forged":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    else:
        from myomap.portal.tokens import token_new

        token = token_new()
    response = client.get("/p/open", {"t": token})
    assert response.status_code == 404
    assert ENDED.encode() in response.content
    for secret in (b"Maria", b"Okafor", b"1984", b"Harbourside"):
        assert secret not in response.content
    assert "myomap_portal" not in response.cookies or not response.cookies["myomap_portal"].value
    assert PortalSession.objects.count() == 0
    refused = AuditEvent.objects.filter(action="refused", object_type="portal_link").last()
    assert refused is not None and refused.detail["reason"] in {
        "expired",
        "revoked",
        "bad_signature",
        "unknown",
    }


def test_revoking_ends_an_open_portal_session(client, people, actor_of, issue_link, portal_in):
    link, token = issue_link()
    portal_in(token)
    assert client.get("/p/", follow=True).status_code == 200
    portal_link_revoke(actor=actor_of(people.owner), link_id=link.pk)
    response = client.get("/p/")
    assert response.status_code == 404 and ENDED.encode() in response.content


def test_expiry_ends_an_open_portal_session(client, issue_link, portal_in):
    link, token = issue_link()
    portal_in(token)
    PortalLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/p/")
    assert response.status_code == 404 and b"Maria" not in response.content


def test_other_clients_date_of_birth_does_not_open(client, people, issue_link):
    other = _other_client(people)
    link, token = issue_link()
    client.get("/p/open", {"t": token})
    # The other client's birthday is just a wrong date for this link.
    wrong = client.post("/p/confirm", {"dob_day": "1", "dob_month": "7", "dob_year": "1990"})
    assert wrong.status_code == 400
    assert b"does not match" in wrong.content
    assert b"Tomasz" not in wrong.content and b"Maria" not in wrong.content
    assert client.get("/p/")["Location"] == "/p/confirm"
    assert other.pk  # unused otherwise


def test_date_of_birth_tries_are_limited_per_link(client, settings, issue_link):
    settings.MYOMAP_PORTAL_DOB_ATTEMPTS = 3
    link, token = issue_link()
    client.get("/p/open", {"t": token})
    for _ in range(2):
        assert (
            client.post(
                "/p/confirm", {"dob_day": "1", "dob_month": "1", "dob_year": "2000"}
            ).status_code
            == 400
        )
    locked = client.post("/p/confirm", {"dob_day": "1", "dob_month": "1", "dob_year": "2000"})
    assert locked.status_code == 429
    assert b"Too many tries" in locked.content
    # Now even the right date does not open it, in this browser or another.
    right = {"dob_day": "12", "dob_month": "3", "dob_year": "1984"}
    assert client.post("/p/confirm", right).status_code == 429
    from django.test import Client

    other_browser = Client()
    other_browser.get("/p/open", {"t": token})
    assert other_browser.post("/p/confirm", right).status_code == 429
    assert other_browser.get("/p/")["Location"] == "/p/confirm"
    failures = AuditEvent.objects.filter(action="login_failed", object_type="portal_link")
    assert failures.count() == 5
    assert all(e.username.startswith("client:") and e.user_id is None for e in failures)
    # After the pause, the right date opens it.
    PortalLink.objects.filter(pk=link.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert other_browser.post("/p/confirm", right).status_code == 302


def test_malformed_date_names_the_field_and_does_not_count(client, issue_link):
    link, token = issue_link()
    client.get("/p/open", {"t": token})
    response = client.post("/p/confirm", {"dob_day": "3x", "dob_month": "13", "dob_year": "1984"})
    assert response.status_code == 400
    assert b"Day must be a number from 1 to 31" in response.content
    assert b"Month must be a number from 1 to 12" in response.content
    link.refresh_from_db()
    assert link.failed_attempts == 0
    nul = client.post("/p/confirm", {"dob_day": "1\x00", "dob_month": "1", "dob_year": "1984"})
    assert nul.status_code == 400


def test_portal_session_is_not_a_staff_session(client, people, issue_link, portal_in):
    link, token = issue_link()
    portal_in(token)
    assert client.get("/clients/").status_code == 302  # staff pages still ask for a login
    cookie = client.cookies["myomap_portal"]
    assert cookie["path"] == "/p/" and cookie["httponly"]
    assert "sessionid" not in client.cookies or not client.cookies["sessionid"].value


def test_staff_login_does_not_open_the_portal(client, people, issue_link):
    issue_link()
    client.force_login(people.owner)
    response = client.get("/p/")
    assert response.status_code == 404


def test_portal_reads_are_audited_with_the_client_as_actor(
    client, issue_link, portal_in, client_record
):
    link, token = issue_link()
    portal_in(token)
    client.get("/p/", follow=True)
    events = AuditEvent.objects.filter(username=f"client:{client_record.pk}")
    actions = set(events.values_list("action", flat=True))
    assert {"create", "login", "read"} <= actions
    assert all(e.clinic_id == client_record.clinic_id and e.user_id is None for e in events)


def test_leaving_ends_the_session(client, issue_link, portal_in):
    link, token = issue_link()
    portal_in(token)
    left = client.post("/p/leave")
    assert b"You have left" in left.content
    assert client.get("/p/").status_code == 404


def test_token_never_in_logs(client, issue_link, caplog):
    from myomap.portal.logging import RedactPortalTokens

    link, token = issue_link()
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s',
        (f"GET /p/open?t={token} HTTP/1.1", "302"),
        None,
    )
    RedactPortalTokens().filter(record)
    assert token not in record.getMessage() and "t=[redacted]" in record.getMessage()
    with caplog.at_level(logging.INFO):
        client.get("/p/open", {"t": token + "x"})  # refused: Django logs the 404
    assert token not in caplog.text


def test_staff_create_email_and_qr(client, people, client_record):
    client_record.email = "maria@example.org"
    client_record.save()
    client.force_login(people.front_desk)  # the front desk sends links too
    page = client.get(f"/clients/{client_record.pk}/portal-links/")
    assert page.status_code == 200
    created = client.post(
        f"/clients/{client_record.pk}/portal-links/",
        {
            "purpose": "pre_visit",
            "days": "3",
            "send_email": "on",
            "form_token": "7a7e1f5e-9d37-4c55-9c59-0b8f5d1d9a01",
        },
    )
    assert created.status_code == 200
    assert b"data:image/svg+xml" in created.content
    assert len(mail.outbox) == 1 and "/p/open?t=" in mail.outbox[0].body
    link = PortalLink.objects.get()
    assert link.sent_to == "maria@example.org"
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)
    again = client.post(
        f"/clients/{client_record.pk}/portal-links/",
        {
            "purpose": "pre_visit",
            "days": "3",
            "send_email": "on",
            "form_token": "7a7e1f5e-9d37-4c55-9c59-0b8f5d1d9a01",
        },
    )
    assert again.status_code == 302 and PortalLink.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purpose": "spa_day"}, b"Purpose must be one of"),
        ({"purpose": "pre_visit", "days": "31"}, b"Valid for (days) must be a whole number 1"),
        ({"purpose": "pre_visit", "days": "\xb2"}, b"Valid for (days)"),
        ({"purpose": "pre_visit", "send_email": "on"}, b"no email address on record"),
    ],
)
def test_staff_create_refuses_bad_input(client, people, client_record, data, field):
    client.force_login(people.owner)
    response = client.post(f"/clients/{client_record.pk}/portal-links/", data)
    assert response.status_code == 400 and field in response.content
    assert PortalLink.objects.count() == 0


def test_other_clinic_cannot_create_or_revoke(client, people, issue_link, client_record):
    link, _ = issue_link()
    client.force_login(people.outsider)
    assert client.get(f"/clients/{client_record.pk}/portal-links/").status_code == 404
    assert client.post(f"/portal-links/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_owner_sees_client_actions_in_the_audit_trail(
    client, people, issue_link, portal_in, client_record
):
    from django.test import Client

    link, token = issue_link()
    portal_in(token)
    client.get("/p/", follow=True)
    owner = Client()
    owner.force_login(people.owner)
    page = owner.get(f"/clinic/audit/?client={client_record.pk}")
    assert page.status_code == 200
    assert f"client:{client_record.pk}" in page.content.decode()
