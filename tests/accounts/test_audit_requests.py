"""Per request: one audit event for everything a page read, and a trace of each refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_page_that_reads_several_objects_writes_one_audit_event(
    people, planned_episode, browser_as
):
    web = browser_as(people.colleague)
    before = AuditEvent.objects.count()
    assert web.get(reverse("episode_detail", args=[planned_episode.pk])).status_code == 200
    [event] = AuditEvent.objects.order_by("id")[before:]
    assert event.action == "read"
    assert (event.object_type, event.object_id) == ("episode", str(planned_episode.pk))
    assert len(event.detail["objects"]) > 1
    assert event.detail["path"] == reverse("episode_detail", args=[planned_episode.pk])


def test_another_clinics_client_is_refused_and_the_probe_is_audited(
    people, client_record, browser_as
):
    response = browser_as(people.outsider).get(reverse("client_detail", args=[client_record.pk]))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="refused")
    assert (event.user, event.clinic, event.object_type, event.object_id) == (
        people.outsider,
        people.other_clinic,
        "client",
        str(client_record.pk),
    )
    assert event.detail["status"] == 404


def test_front_desk_refused_a_clinical_page_is_audited(people, planned_episode, browser_as):
    url = reverse("episode_progress", args=[planned_episode.pk])
    assert browser_as(people.front_desk).get(url).status_code == 403
    event = AuditEvent.objects.get(action="refused")
    assert (event.user, event.detail["status"]) == (people.front_desk, 403)


def test_the_real_client_address_behind_a_trusted_proxy_is_audited(
    people, client_record, client, settings
):
    settings.MYOMAP_TRUSTED_PROXIES = 1
    client.force_login(people.owner)
    client.get(
        reverse("client_detail", args=[client_record.pk]),
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
        REMOTE_ADDR="127.0.0.1",
    )
    event = AuditEvent.objects.get(action="read")
    assert event.remote_addr == "203.0.113.7"  # the proxy's entry, not the client's claim


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(
    people, client_record, client, settings
):
    settings.MYOMAP_TRUSTED_PROXIES = 0
    client.force_login(people.owner)
    client.get(
        reverse("client_detail", args=[client_record.pk]),
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        REMOTE_ADDR="192.0.2.10",
    )
    assert AuditEvent.objects.get(action="read").remote_addr == "192.0.2.10"
