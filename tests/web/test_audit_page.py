"""The owner's audit log page: only owners, only their clinic's events, filters that refuse a
bad value naming it, CSV export, and the verification of the whole chain on request."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_owner(people):
    from tests.factories import make_member

    return make_member("oona", people.other_clinic, Role.OWNER)


@pytest.mark.parametrize("name", ["audit_log", "audit_log_csv"])
@pytest.mark.parametrize("who", ["colleague", "front_desk"])
def test_the_audit_log_is_for_owners_only(people, browser_as, name, who):
    assert browser_as(getattr(people, who)).get(reverse(name)).status_code == 403


def test_the_verify_button_is_for_owners_only(people, browser_as):
    assert browser_as(people.colleague).post(reverse("audit_log_verify")).status_code == 403


def test_an_owner_sees_their_clinics_events_and_not_another_clinics(
    people, other_owner, client_record, browser_as
):
    browser_as(people.colleague).get(reverse("client_detail", args=[client_record.pk]))
    browser_as(other_owner).get(reverse("client_list"))
    page = browser_as(people.owner).get(reverse("audit_log")).content.decode()
    assert "sam" in page
    assert "oona" not in page
    theirs = browser_as(other_owner).get(reverse("audit_log")).content.decode()
    assert "sam" not in theirs


def test_filtering_by_client_finds_reads_of_the_client_and_their_episodes(
    people, planned_episode, browser_as
):
    web = browser_as(people.colleague)
    web.get(reverse("episode_detail", args=[planned_episode.pk]))
    web.get(reverse("client_list"))
    response = browser_as(people.owner).get(
        reverse("audit_log"),
        {"client": str(planned_episode.client_id), "user": people.colleague.pk},
    )
    events = response.context["events"]
    assert events and all(e.user == people.colleague for e in events)
    assert all(e.object_type != "client" or e.object_id for e in events)  # the list is not in
    assert any(e.object_id == str(planned_episode.pk) for e in events)


@pytest.mark.parametrize(
    ("field", "value"), [("client", "not-a-uuid"), ("action", "steal"), ("from", "yesterday")]
)
def test_a_bad_filter_is_refused_naming_the_field(people, browser_as, field, value):
    response = browser_as(people.owner).get(reverse("audit_log"), {field: value})
    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()


def test_the_csv_export_lists_the_filtered_events_and_is_itself_audited(
    people, client_record, browser_as
):
    browser_as(people.colleague).get(reverse("client_detail", args=[client_record.pk]))
    response = browser_as(people.owner).get(reverse("audit_log_csv"), {"action": "read"})
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "at", "username"]
    assert {row[3] for row in rows[1:]} == {"read"}
    assert AuditEvent.objects.filter(action="export", object_type="audit_log").exists()


def test_verifying_shows_the_chain_is_intact(people, client_record, browser_as):
    from myomap.accounts.audit import audit_checkpoint_write

    audit_checkpoint_write()  # the installation's anchor, as `myomap init` leaves it
    web = browser_as(people.owner)
    web.get(reverse("client_detail", args=[client_record.pk]))
    page = web.post(reverse("audit_log_verify"), follow=True).content.decode()
    assert "Audit log intact" in page


def test_verifying_a_tampered_log_shows_the_break(people, client_record, browser_as):
    from django.db import connection

    from myomap.accounts.audit import audit_checkpoint_write
    from myomap.accounts.audit_triggers import audit_triggers_drop

    audit_checkpoint_write()
    web = browser_as(people.owner)
    web.get(reverse("client_detail", args=[client_record.pk]))
    audit_triggers_drop(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET username = 'x' WHERE action = 'read'")
    page = web.post(reverse("audit_log_verify"), follow=True).content.decode()
    assert "Audit log BROKEN" in page
