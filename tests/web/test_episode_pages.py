"""Episode pages are clinical: members who see clinical records get them, the front desk and
other clinics do not, and every read and write is audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.models import Episode
from tests import factories


def clinical_urls(client_record, episode) -> list[str]:
    return [
        reverse("episode_new", args=[client_record.pk]),
        reverse("episode_detail", args=[episode.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_clinicians_and_owners_open_episode_pages(people, client_record, episode, browser_as, who):
    browser = browser_as(getattr(people, who))
    for url in clinical_urls(client_record, episode):
        assert browser.get(url).status_code == 200


@pytest.mark.django_db
def test_front_desk_cannot_reach_clinical_pages(people, client_record, episode, browser_as):
    browser = browser_as(people.front_desk)
    for url in clinical_urls(client_record, episode):
        assert browser.get(url).status_code == 403
    response = browser.post(
        reverse("episode_new", args=[client_record.pk]),
        {"onset_date": "2026-01-01", "complaint": "x"},
    )
    assert response.status_code == 403
    assert Episode.objects.count() == 1


@pytest.mark.django_db
def test_front_desk_sees_no_clinical_block_on_the_client_page(
    people, client_record, episode, browser_as
):
    html = browser_as(people.front_desk).get(reverse("client_detail", args=[client_record.pk]))
    assert "Episodes of care" not in html.content.decode()
    assert "gardening" not in html.content.decode()


@pytest.mark.django_db
def test_a_clinician_of_another_clinic_gets_404_for_the_episode(
    people, client_record, episode, browser_as
):
    browser = browser_as(people.outsider)
    for url in clinical_urls(client_record, episode):
        assert browser.get(url).status_code == 404
    response = browser.post(reverse("episode_status", args=[episode.pk]), {"status": "discharged"})
    assert response.status_code == 404
    episode.refresh_from_db()
    assert episode.status == "active"


@pytest.mark.django_db
def test_opening_an_episode_shows_its_duration_class(people, client_record, browser_as):
    browser = browser_as(people.colleague)
    onset = (date.today() - timedelta(days=100)).isoformat()
    response = browser.post(
        reverse("episode_new", args=[client_record.pk]),
        {"onset_date": onset, "complaint": "Low back pain, worse sitting", "recurrent": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "chronic" in html and "100 days" in html
    episode = Episode.objects.get()
    assert episode.recurrent and episode.clinic == people.clinic
    assert AuditEvent.objects.filter(action="create", object_id=str(episode.pk)).exists()


@pytest.mark.django_db
def test_a_future_onset_date_is_refused_and_nothing_is_saved(people, client_record, browser_as):
    response = browser_as(people.colleague).post(
        reverse("episode_new", args=[client_record.pk]),
        {"onset_date": "2999-01-01", "complaint": "Pain"},
    )
    assert "Onset date: Onset date cannot be in the future" in response.content.decode()
    assert not Episode.objects.exists()


@pytest.mark.django_db
def test_reading_an_episode_is_audited(people, episode, browser_as):
    browser_as(people.owner).get(reverse("episode_detail", args=[episode.pk]))
    assert AuditEvent.objects.filter(action="read", object_id=str(episode.pk)).exists()


@pytest.mark.django_db
def test_an_unknown_status_is_refused_with_the_field_named(people, episode, browser_as):
    response = browser_as(people.colleague).post(
        reverse("episode_status", args=[episode.pk]), {"status": "cured"}, follow=True
    )
    assert "status: Select a valid choice" in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == "active"


@pytest.mark.django_db
def test_the_client_line_names_each_value_it_shows(owner, people, browser_as):
    # "Ruth Castellano, 70 · Other" read as a sex: the age and the occupation say what they are.
    client = factories.make_client(owner, occupation="other")
    episode = factories.make_episode(owner, client)
    assessment = factories.make_assessment(owner, episode)
    web = browser_as(people.owner)
    pages = [
        reverse("episode_detail", args=[episode.pk]),
        reverse("assessment_step", args=[assessment.pk, "red-flags"]),
    ]
    for url in pages:
        html = web.get(url).content.decode()
        assert f"Maria Okafor, age {client.age} · occupation: other" in html, url
        assert f", {client.age} · Other" not in html, url
