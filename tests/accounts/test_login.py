"""Login, lockout and the audit trail of authentication."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_the_login_page_is_served(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200 and b"Log in to Myomap" in response.content


@pytest.mark.django_db
def test_a_clinician_logs_in_and_lands_on_the_clinic_dashboard(client, people):
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="login", username="sam").exists()


def test_front_desk_logs_in_and_lands_on_the_client_list(client, people):
    data = {"username": "priya", "password": PASSWORD}
    response = client.post(reverse("login"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("client_list")


@pytest.mark.django_db
def test_ten_bad_passwords_lock_the_login(client, people):
    for _ in range(10):
        client.post(reverse("login"), {"username": "sam", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Login locked" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", username="sam").count() >= 10


@pytest.mark.django_db
def test_nine_bad_passwords_do_not_lock_the_login(client, people):
    for _ in range(9):
        client.post(reverse("login"), {"username": "sam", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_logging_out_needs_a_post_and_ends_the_session(client, people):
    client.force_login(people.colleague)
    client.post(reverse("logout"))
    assert client.get(reverse("client_list")).status_code == 302


@pytest.mark.django_db
def test_a_user_without_a_clinic_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user(username="loner", password=PASSWORD)
    client.force_login(user)
    assert client.get(reverse("client_list")).status_code == 403
