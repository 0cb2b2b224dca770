"""Client pages: scoping across clinics, front-desk limits, validation, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.models import Client

VALID = {
    "given_name": "Ada",
    "family_name": "Quist",
    "date_of_birth": "1979-06-01",
    "sex": "female",
    "occupation": "manual",
    "phone": "",
    "email": "",
    "notes": "",
}


def page_urls(client_record) -> list[str]:
    return [
        reverse("client_detail", args=[client_record.pk]),
        reverse("client_edit", args=[client_record.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "colleague", "front_desk"])
def test_members_of_the_clinic_can_open_the_client_pages(people, client_record, browser_as, who):
    browser = browser_as(getattr(people, who))
    for url in page_urls(client_record):
        assert browser.get(url).status_code == 200


@pytest.mark.django_db
def test_a_clinician_of_another_clinic_gets_404_for_the_client(people, client_record, browser_as):
    browser = browser_as(people.outsider)
    for url in page_urls(client_record):
        assert browser.get(url).status_code == 404
    response = browser.post(reverse("client_edit", args=[client_record.pk]), VALID)
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.given_name == "Maria"


@pytest.mark.django_db
def test_a_clinician_of_another_clinic_never_sees_the_client_in_lists_or_search(
    people, client_record, browser_as
):
    browser = browser_as(people.outsider)
    assert "Okafor, Maria" not in browser.get(reverse("client_list")).content.decode()
    assert "Okafor, Maria" not in browser.get(reverse("client_list") + "?q=Okafor").content.decode()


@pytest.mark.django_db
def test_search_finds_a_client_by_given_or_family_name(people, client_record, browser_as):
    browser = browser_as(people.colleague)
    assert "Okafor, Maria" in browser.get(reverse("client_list") + "?q=okaf").content.decode()
    assert (
        "Okafor, Maria" in browser.get(reverse("client_list") + "?q=maria+okafor").content.decode()
    )
    assert "Okafor, Maria" not in browser.get(reverse("client_list") + "?q=zed").content.decode()


@pytest.mark.django_db
def test_live_search_returns_only_the_results_fragment(people, client_record, browser_as):
    browser = browser_as(people.colleague)
    html = browser.get(reverse("client_list") + "?q=oka", HTTP_HX_REQUEST="true").content.decode()
    assert "Okafor" in html and "<html" not in html


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, client_record):
    for url in [reverse("client_list"), *page_urls(client_record)]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_registering_a_client_puts_it_in_the_users_clinic(people, browser_as):
    browser = browser_as(people.front_desk)
    response = browser.post(reverse("client_new"), VALID)
    created = Client.objects.get(family_name="Quist")
    assert response.status_code == 302 and created.clinic == people.clinic


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "Date of birth: Date of birth cannot be in the future"),
        ("given_name", "   ", "Given name: This field is required"),
        ("occupation", "astronaut", "Occupation: Select a valid choice"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(people, browser_as, field, value, message):
    browser = browser_as(people.colleague)
    response = browser.post(reverse("client_new"), {**VALID, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Nothing was saved" in html
    assert not Client.objects.filter(family_name="Quist").exists()


@pytest.mark.django_db
def test_viewing_a_client_writes_a_read_audit_event(people, client_record, browser_as):
    browser_as(people.colleague).get(reverse("client_detail", args=[client_record.pk]))
    event = AuditEvent.objects.get(action="read", object_id=str(client_record.pk))
    assert event.user == people.colleague and event.clinic == people.clinic
    assert event.remote_addr == "127.0.0.1"


@pytest.mark.django_db
def test_editing_a_client_writes_an_update_audit_event_with_changed_fields(
    people, client_record, browser_as
):
    data = {
        **VALID,
        "given_name": "Mariam",
        "family_name": "Okafor",
        "date_of_birth": "1984-03-12",
        "occupation": "desk",
    }
    browser_as(people.owner).post(reverse("client_edit", args=[client_record.pk]), data)
    event = AuditEvent.objects.get(action="update", object_id=str(client_record.pk))
    assert "given_name" in event.detail["fields"]
    client_record.refresh_from_db()
    assert client_record.given_name == "Mariam"


@pytest.mark.django_db
def test_a_failed_edit_changes_nothing(people, client_record, browser_as):
    browser_as(people.owner).post(
        reverse("client_edit", args=[client_record.pk]), {**VALID, "date_of_birth": "2999-01-01"}
    )
    client_record.refresh_from_db()
    assert client_record.given_name == "Maria"
    assert not AuditEvent.objects.filter(action="update").exists()
