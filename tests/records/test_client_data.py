"""A client's data on request: the whole record as a zip, and erasure that honours the clinic's
retention period — owner and clinician only, never the front desk, never another clinic."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest

from myomap.accounts.models import AuditEvent
from myomap.errors import ApplicationError, Forbidden, NotFound, ValidationFailed
from myomap.handouts.selectors import handout_pdfs_for_user
from myomap.records.client_data import (
    client_erase,
    client_export_for_user,
    client_last_care_on,
    clinic_retention_set,
)
from myomap.records.models import (
    Client,
    Episode,
    ErasureOutcome,
    ErasureRequest,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.sessions.services import addendum_add, session_create, session_sign
from tests.factories import session_note


@pytest.fixture
def treated(people, actor_of, planned_episode):
    """The planned episode with one signed session note and an addendum."""
    owner = actor_of(people.owner)
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    session_sign(actor=owner, session_id=session.pk)
    addendum_add(actor=owner, session_id=session.pk, text="Client phoned: much better.")
    return planned_episode


def _zip(export) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export.content))


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_owner_and_clinician_export_the_whole_record_as_a_zip(people, actor_of, treated, who):
    actor = actor_of(getattr(people, who))
    export = client_export_for_user(
        actor=actor, client_id=treated.client_id, letters=handout_pdfs_for_user
    )
    archive = _zip(export)
    names = archive.namelist()
    assert export.filename.startswith("record-okafor-") and export.filename.endswith(".zip")
    assert {"record.json", "record.fhir.json", "measures.csv", "README.txt"} <= set(names)
    fhir = json.loads(archive.read("record.fhir.json"))
    assert fhir["resourceType"] == "Bundle"
    assert any(e["resource"]["resourceType"] == "Patient" for e in fhir["entry"])
    assert any(name.startswith("letters/home-programme-") for name in names)
    assert any(name.startswith("letters/progress-report-") for name in names)
    for name in names:
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF")
    record = json.loads(archive.read("record.json"))
    assert record["client"]["family_name"] == "Okafor"
    (episode,) = record["episodes"]
    assert episode["complaint"].startswith("Right-sided")
    assert episode["assessments"][0]["muscle_findings"][0]["muscle"] == "quadratus_lumborum"
    assert episode["plans"] and episode["plans"][0]["output"]
    (session,) = episode["sessions"]
    assert session["signed_at"] and session["techniques"][0]["technique"]
    assert session["addenda"][0]["text"] == "Client phoned: much better."
    assert session["signed_by"] == "Olivia"  # people by name, not by database id
    rows = list(csv.DictReader(io.StringIO(archive.read("measures.csv").decode())))
    assert {"measure": "nprs", "score": "6"}.items() <= rows[0].items()
    assert [r["score"] for r in rows if r["measure"] == "nprs_before"] == ["6"]


def test_an_export_is_audited(people, actor_of, treated):
    client_export_for_user(
        actor=actor_of(people.colleague), client_id=treated.client_id, letters=handout_pdfs_for_user
    )
    event = AuditEvent.objects.filter(object_type="client_record").get()
    assert event.action == "export" and event.user == people.colleague
    assert event.object_id == str(treated.client_id)


def test_front_desk_can_neither_export_nor_erase(people, actor_of, treated):
    desk = actor_of(people.front_desk)
    with pytest.raises(Forbidden):
        client_export_for_user(
            actor=desk, client_id=treated.client_id, letters=handout_pdfs_for_user
        )
    with pytest.raises(Forbidden):
        client_erase(actor=desk, client_id=treated.client_id, confirm="Okafor")
    assert Client.objects.filter(pk=treated.client_id).exists()


def test_another_clinic_cannot_find_the_client_to_export_or_erase(people, actor_of, treated):
    outsider = actor_of(people.outsider)
    with pytest.raises(NotFound):
        client_export_for_user(
            actor=outsider, client_id=treated.client_id, letters=handout_pdfs_for_user
        )
    with pytest.raises(NotFound):
        client_erase(actor=outsider, client_id=treated.client_id, confirm="Okafor")


def test_only_the_owner_sets_the_retention_period_within_bounds(people, actor_of):
    with pytest.raises(Forbidden):
        clinic_retention_set(actor=actor_of(people.colleague), years=8)
    owner = actor_of(people.owner)
    for bad in ("", "eight", "0", "101", "7.5"):
        with pytest.raises(ValidationFailed) as refused:
            clinic_retention_set(actor=owner, years=bad)
        assert refused.value.field == "record_retention_years"
    clinic_retention_set(actor=owner, years="8")
    people.clinic.refresh_from_db()
    assert people.clinic.record_retention_years == 8


def test_no_erasure_while_the_clinic_has_no_retention_period(people, actor_of, treated):
    with pytest.raises(ApplicationError, match="retention period"):
        client_erase(actor=actor_of(people.owner), client_id=treated.client_id, confirm="Okafor")
    assert Client.objects.filter(pk=treated.client_id).exists()


def test_erasure_needs_the_family_name_typed_to_confirm(people, actor_of, treated):
    owner = actor_of(people.owner)
    clinic_retention_set(actor=owner, years=8)
    with pytest.raises(ValidationFailed) as refused:
        client_erase(actor=owner, client_id=treated.client_id, confirm="Okafo")
    assert refused.value.field == "confirm"
    assert not ErasureRequest.objects.exists()


def test_before_the_retention_period_ends_the_request_is_recorded_and_refused_with_the_date(
    people, actor_of, treated
):
    owner = actor_of(people.owner)
    clinic_retention_set(actor=owner, years=8)
    last = client_last_care_on(treated.client)
    assert last == date.today()
    result = client_erase(
        actor=actor_of(people.colleague), client_id=treated.client_id, confirm="okafor"
    )
    assert not result.erased
    assert result.possible_from == last.replace(year=last.year + 8)
    assert result.possible_from.strftime("%d %B %Y") in result.message
    request = ErasureRequest.objects.get()
    assert request.outcome == ErasureOutcome.REFUSED_RETENTION
    assert request.client_id == treated.client_id and request.requested_by == people.colleague
    assert TreatmentSession.objects.filter(episode=treated).exists()
    event = AuditEvent.objects.filter(object_type="erasure_request").get()
    assert event.detail["possible_from"] == result.possible_from.isoformat()


def test_after_the_retention_period_the_record_is_deleted_and_the_audit_keeps_no_personal_data(
    people, actor_of, treated
):
    owner = actor_of(people.owner)
    clinic_retention_set(actor=owner, years=1)
    client_id = treated.client_id
    audit_before = AuditEvent.objects.count()
    refused = client_erase(actor=owner, client_id=client_id, confirm="Okafor")
    later = refused.possible_from + timedelta(days=1)
    result = client_erase(actor=owner, client_id=client_id, confirm="Okafor", today=later)
    assert result.erased
    assert not Client.objects.filter(pk=client_id).exists()
    assert not Episode.objects.filter(client_id=client_id).exists()
    assert not TreatmentSession.objects.exists() and not TechniqueApplied.objects.exists()
    # Both requests remain, and neither points at the client any more.
    assert list(ErasureRequest.objects.values_list("outcome", "client_id")) == [
        (ErasureOutcome.REFUSED_RETENTION, None),
        (ErasureOutcome.ERASED, None),
    ]
    event = AuditEvent.objects.filter(object_type="erasure_request").order_by("-id").first()
    assert event.action == "delete" and event.detail["deleted"]["clients"] == 1
    written = json.dumps(event.detail) + event.object_id
    for personal in ("Okafor", "Maria", "1984", str(client_id)):
        assert personal not in written
    # The audit trail itself is never erased: it only grew, by the two requests.
    assert AuditEvent.objects.count() == audit_before + 2


def test_the_client_page_offers_export_and_erasure_to_clinicians_only(people, browser_as, treated):
    url = f"/clients/{treated.client_id}/"
    owner_page = browser_as(people.owner).get(url).content.decode()
    assert "Download the whole record" in owner_page
    assert "Retention period for clinical records" in owner_page  # the owner sets it here
    browser = browser_as(people.colleague)
    colleague_page = browser.get(url).content.decode()
    assert "Download the whole record" in colleague_page
    assert "Save retention period" not in colleague_page
    response = browser.get(f"/clients/{treated.client_id}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    desk = browser_as(people.front_desk)
    assert "Download the whole record" not in desk.get(url).content.decode()
    assert desk.get(f"/clients/{treated.client_id}/export/").status_code == 403
    post = desk.post(f"/clients/{treated.client_id}/erasure/", {"confirm": "Okafor"})
    assert post.status_code == 403
    outsider = browser_as(people.outsider)
    assert outsider.get(f"/clients/{treated.client_id}/export/").status_code == 404


def test_the_erasure_form_records_a_refusal_and_the_owner_form_sets_retention(
    people, browser_as, treated
):
    browser = browser_as(people.owner)
    response = browser.post("/clinic/retention/", {"years": "8", "client": treated.client_id})
    assert response.status_code == 302
    people.clinic.refresh_from_db()
    assert people.clinic.record_retention_years == 8
    response = browser.post(
        f"/clients/{treated.client_id}/erasure/", {"confirm": "Okafor"}, follow=True
    )
    page = response.content.decode()
    assert "Erasure refused for now" in page and "erasure becomes possible on" in page
    assert "Refused: the retention period has not ended" in page
    bad = browser.post(
        "/clinic/retention/", {"years": "0", "client": treated.client_id}, follow=True
    )
    assert "from 1 to 100" in bad.content.decode()


def test_a_client_list_search_is_audited_by_its_length_never_its_text(people, actor_of):
    from myomap.accounts.models import AuditEvent
    from myomap.records.selectors import client_list_for_user, client_page_for_user

    actor = actor_of(people.owner)
    client_list_for_user(actor=actor, search="Okafor")
    client_page_for_user(actor=actor, search="Maria Okafor")
    events = AuditEvent.objects.filter(action="list", object_type="client").order_by("at", "id")
    details = [event.detail for event in events]
    assert [d["search_length"] for d in details[-2:]] == [6, 12]
    assert all("Okafor" not in repr(d) and "search" not in d for d in details)
