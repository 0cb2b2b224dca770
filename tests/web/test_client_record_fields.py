"""The client record's address, GP, emergency contact and consents, with who recorded the
consent to treatment (the letter to the GP that uses them: test_handout_pages)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from myomap.records.models import Client

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "given_name": "Maria",
        "family_name": "Okafor",
        "date_of_birth": "1984-03-12",
        "sex": "female",
        "occupation": "desk",
        "address": "4 Harbour Row\nPortsmouth",
        "emergency_contact": "Ade Okafor (husband) 07700 900123",
        "gp_name": "Dr Asha Patel",
        "gp_practice": "Quayside Surgery\n2 Dock Road",
        "consent_treatment_on": date.today().isoformat(),
        "consent_communications": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["front_desk", "colleague"])
def test_registering_a_client_records_gp_contact_and_consent_with_who_recorded_it(
    people, browser_as, who
):
    user = getattr(people, who)
    assert browser_as(user).post(reverse("client_new"), _form()).status_code == 302
    client = Client.objects.get()
    assert (client.gp_name, client.emergency_contact) == (
        "Dr Asha Patel",
        "Ade Okafor (husband) 07700 900123",
    )
    assert client.consent_treatment_on == date.today()
    assert client.consent_treatment_recorded_by == user
    assert client.consent_communications
    page = browser_as(user).get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "Quayside Surgery" in page and "recorded by" in page


def test_consent_dated_in_the_future_is_refused_naming_the_field(people, browser_as):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = browser_as(people.front_desk).post(
        reverse("client_new"), _form(consent_treatment_on=tomorrow)
    )
    assert response.status_code == 200
    assert b"Consent cannot be dated in the future" in response.content
    assert not Client.objects.exists()


def test_the_recorder_of_consent_cannot_be_set_from_the_form(people, browser_as):
    browser_as(people.front_desk).post(
        reverse("client_new"), _form(consent_treatment_recorded_by=str(people.owner.pk))
    )
    assert Client.objects.get().consent_treatment_recorded_by == people.front_desk
