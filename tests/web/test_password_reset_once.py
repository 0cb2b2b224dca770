"""The forgotten-password form sends one email per form token: a double click or a resent
request sends once, and the answer is the same page whether or not the address has an
account."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from myomap.web.models import FormSubmission


@pytest.fixture
def sam(people):
    people.colleague.email = "sam@example.org"
    people.colleague.save()
    return people.colleague


def _token(client) -> str:
    page = client.get(reverse("password_reset")).content.decode()
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the reset form carries no one-time token"
    return found.group(1)


@pytest.mark.django_db
def test_the_same_reset_form_sent_twice_sends_one_email(sam, client):
    token = _token(client)
    first = client.post(reverse("password_reset"), {"email": sam.email, "form_token": token})
    again = client.post(reverse("password_reset"), {"email": sam.email, "form_token": token})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [sam.email]


@pytest.mark.django_db
def test_two_reset_forms_are_two_requests(sam, client):
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": sam.email, "form_token": _token(client)})
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_unknown_address_claims_nothing_and_answers_the_same(sam, client):
    token = str(uuid.uuid4())
    for _ in range(2):
        answer = client.post(
            reverse("password_reset"), {"email": "nobody@example.org", "form_token": token}
        )
        assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    assert not mail.outbox and not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_a_reset_token_that_is_not_a_uuid_is_refused_naming_it(sam, client):
    answer = client.post(reverse("password_reset"), {"email": sam.email, "form_token": "x"})
    assert answer.status_code == 400 and b"form_token" in answer.content
    assert not mail.outbox


@pytest.mark.django_db
def test_a_reset_without_a_token_still_sends(sam, client):
    client.post(reverse("password_reset"), {"email": sam.email})
    assert len(mail.outbox) == 1
