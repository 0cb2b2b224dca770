"""FHIR R4 export and import: a demo client's bundle validates with the fhir.resources R4B
models; imported into a second clinic and exported again it is the same bundle apart from ids;
signed notes stay signed with their original author and time."""

from __future__ import annotations

import json
import re

import pytest

from myomap.interop.common import fhir_validate

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _without_ids(bundle: dict) -> str:
    """The bundle with every record id replaced by its order of first appearance."""
    text = json.dumps(bundle, sort_keys=True)
    seen: dict[str, str] = {}
    return UUID.sub(lambda m: seen.setdefault(m.group(0), f"id-{len(seen)}"), text)


@pytest.fixture
def demo_client(demo_clinic):
    from myomap.accounts.models import Membership, Role
    from myomap.records.models import Client, TreatmentSession

    clinic = demo_clinic
    owner = Membership.objects.get(clinic=clinic, role=Role.OWNER).user
    # The demo client with the most signed notes: the richest record.
    session = (
        TreatmentSession.objects.filter(clinic=clinic, signed_at__isnull=False)
        .order_by("-number")
        .first()
    )
    return owner, Client.objects.get(pk=session.episode.client_id)


def test_a_demo_clients_bundle_validates_with_the_r4b_models(demo_client, actor_of):
    from fhir.resources.R4B.bundle import Bundle

    from myomap.exchange.fhir_export import client_bundle_for_user

    owner, client = demo_client
    bundle = client_bundle_for_user(actor=actor_of(owner), client_id=client.pk)
    Bundle.model_validate(bundle)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "EpisodeOfCare", "Condition", "QuestionnaireResponse", "Observation",
            "CarePlan", "Encounter", "Procedure"} <= kinds  # fmt: skip
    for entry in bundle["entry"]:
        assert fhir_validate(entry["resource"]) == entry["resource"]
    codes = {c["code"] for e in bundle["entry"] for c in
             (e["resource"].get("code") or {}).get("coding", [])}  # fmt: skip
    assert "72514-3" in codes  # NPRS by LOINC


def test_export_import_export_is_identical_apart_from_ids(demo_client, people, actor_of):
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import TreatmentSession

    owner, client = demo_client
    first = client_bundle_for_user(actor=actor_of(owner), client_id=client.pk)
    importer = actor_of(people.outsider)
    [imported] = bundle_import(actor=importer, bundle=first)
    assert imported.clinic == people.other_clinic and imported.pk != client.pk
    second = client_bundle_for_user(actor=importer, client_id=imported.pk)
    assert _without_ids(second) == _without_ids(first)
    signed = TreatmentSession.objects.filter(clinic=people.other_clinic, signed_at__isnull=False)
    originals = TreatmentSession.objects.filter(episode__client=client, signed_at__isnull=False)
    assert sorted(s.signed_at for s in signed) == sorted(s.signed_at for s in originals)
    assert signed.exists()


def test_imported_episodes_have_current_today_summaries(demo_client, people, actor_of):
    """The import writes plans and notes past the services; it stores the episodes' Today
    summaries itself, so the first Today after an import reads them instead of recomputing."""
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.episodes.state import episode_overview, episode_states_of_clinic
    from myomap.records.models import Episode, EpisodeSummary

    owner, client = demo_client
    bundle = client_bundle_for_user(actor=actor_of(owner), client_id=client.pk)
    [imported] = bundle_import(actor=actor_of(people.outsider), bundle=bundle)
    episodes = list(Episode.objects.filter(client=imported))
    assert episodes
    for state in episode_states_of_clinic(clinic_id=people.other_clinic.pk, episodes=episodes):
        summary = EpisodeSummary.objects.get(episode=state.episode)
        assert summary.is_current
        assert summary.overview == episode_overview(state).to_json()


def test_an_invalid_bundle_is_refused_whole_naming_the_entry(people, actor_of):
    from myomap.errors import ValidationFailed
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import Client

    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "a", "gender": "female",
                      "name": [{"family": "X", "given": ["Y"]}], "birthDate": "1980-01-01"}},
        {"resource": {"resourceType": "Patient", "birthDate": "not a date"}},
    ]}  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        bundle_import(actor=actor_of(people.owner), bundle=bundle)
    assert refused.value.field.startswith("entry.1")
    assert not Client.objects.exists()


def test_the_front_desk_cannot_export_or_import(people, actor_of, client_record):
    from myomap.errors import Forbidden
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import

    with pytest.raises(Forbidden):
        client_bundle_for_user(actor=actor_of(people.front_desk), client_id=client_record.pk)
    with pytest.raises(Forbidden):
        bundle_import(actor=actor_of(people.front_desk), bundle={})


def test_snomed_ct_codes_appear_only_when_the_clinic_has_opted_in(
    people, actor_of, episode, settings
):
    from myomap.exchange.fhir_export import client_bundle_for_user

    def condition() -> dict:
        bundle = client_bundle_for_user(actor=actor_of(people.owner), client_id=episode.client_id)
        [found] = [
            e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition"
        ]
        return found["code"]

    assert condition() == {"text": episode.complaint}
    settings.MYOMAP_FHIR_SNOMED = True
    assert condition()["coding"][0]["code"] == "279039007"


def test_the_mapping_functions_do_not_import_django():
    import subprocess
    import sys

    modules = ["patient", "episode_of_care", "condition", "questionnaire_response",
               "observation", "care_plan", "service_request", "encounter", "procedure"]  # fmt: skip
    code = "; ".join(f"import myomap.interop.{m}" for m in modules)
    code += "; import sys; assert not any(n.startswith('django') for n in sys.modules), 'django'"
    subprocess.run([sys.executable, "-c", code], check=True)


def _decided_and_referred(people, planned_episode):
    from datetime import date

    from myomap.records.models import Assessment, ProgressDecision, RedFlagAction

    assessment = Assessment.objects.get(episode=planned_episode)
    RedFlagAction.objects.create(
        assessment=assessment, urgency="emergency_same_day", referred_to="Emergency department",
        referred_on=date(2026, 11, 3), note="Phoned ahead.", recorded_by=people.owner,
    )  # fmt: skip
    ProgressDecision.objects.create(
        clinic=people.clinic, episode=planned_episode, kind="advance", at_session=2,
        proposal={"advance_to": "restore_flexibility"}, decision="declined",
        reason="Spasm still present on palpation.", decided_by=people.owner,
    )  # fmt: skip


def test_progress_decisions_and_red_flag_referrals_are_exported_and_read_back(
    people, actor_of, planned_episode
):
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import ProgressDecision, RedFlagAction

    _decided_and_referred(people, planned_episode)
    bundle = client_bundle_for_user(actor=actor_of(people.owner),
                                    client_id=planned_episode.client_id)  # fmt: skip
    resources = [entry["resource"] for entry in bundle["entry"]]
    for resource in resources:
        assert fhir_validate(resource) == resource
    [decision] = [r for r in resources if r["resourceType"] == "Observation"
                  and r["code"]["coding"][0]["code"] == "progress-decision"]  # fmt: skip
    assert decision["valueCodeableConcept"]["coding"][0]["code"] == "declined"
    assert decision["note"] == [{"text": "Spasm still present on palpation."}]
    assert decision["focus"] == [{"reference": f"EpisodeOfCare/{planned_episode.pk}"}]
    [referral] = [r for r in resources if r["resourceType"] == "ServiceRequest"
                  and r["category"][0]["coding"][0]["code"] == "3457005"]  # fmt: skip
    assert referral["performer"] == [{"display": "Emergency department"}]
    assert referral["priority"] == "stat" and referral["authoredOn"] == "2026-11-03"
    assert referral["reasonCode"][0]["text"] == "emergency, same day"

    importer = actor_of(people.outsider)
    [imported] = bundle_import(actor=importer, bundle=bundle)
    again = client_bundle_for_user(actor=importer, client_id=imported.pk)
    assert _without_ids(again) == _without_ids(bundle)
    mine = {"clinic": people.other_clinic}
    assert ProgressDecision.objects.filter(**mine).get().reason.startswith("Spasm still")
    assert RedFlagAction.objects.filter(assessment__clinic=people.other_clinic).count() == 1


def test_a_progress_decision_without_its_episode_is_refused_whole(
    people, actor_of, planned_episode
):
    from myomap.errors import ValidationFailed
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import Client

    _decided_and_referred(people, planned_episode)
    bundle = client_bundle_for_user(actor=actor_of(people.owner),
                                    client_id=planned_episode.client_id)  # fmt: skip
    for entry in bundle["entry"]:
        if entry["resource"].get("focus"):
            entry["resource"]["focus"] = [{"reference": "EpisodeOfCare/unknown"}]
    with pytest.raises(ValidationFailed):
        bundle_import(actor=actor_of(people.outsider), bundle=bundle)
    assert not Client.objects.filter(clinic=people.other_clinic).exists()


def test_imported_decisions_and_referrals_name_who_made_them_not_the_importer(
    people, actor_of, planned_episode, browser_as
):
    """The importer is not credited with another clinic's decisions: the rows keep provenance
    that they were imported and who made them, the progress page names that person, and a
    re-export carries them on."""
    from myomap.api.models import ImportedProvenance
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import ProgressDecision, RedFlagAction

    _decided_and_referred(people, planned_episode)
    bundle = client_bundle_for_user(actor=actor_of(people.owner),
                                    client_id=planned_episode.client_id)  # fmt: skip
    resources = [entry["resource"] for entry in bundle["entry"]]
    [decision] = [r for r in resources if r["resourceType"] == "Observation"
                  and r["code"]["coding"][0]["code"] == "progress-decision"]  # fmt: skip
    assert decision["performer"] == [{"display": "olivia"}]
    [referral] = [r for r in resources if r["resourceType"] == "ServiceRequest"
                  and r["category"][0]["coding"][0]["code"] == "3457005"]  # fmt: skip
    assert referral["requester"] == {"display": "olivia"}

    importer = actor_of(people.outsider)
    [imported] = bundle_import(actor=importer, bundle=bundle)
    action = RedFlagAction.objects.get(assessment__clinic=people.other_clinic)
    assert action.recorded_by is None  # not the importer
    made = ProgressDecision.objects.get(clinic=people.other_clinic)
    kept = {
        p.object_type: p
        for p in ImportedProvenance.objects.filter(object_id__in=[action.pk, made.pk])
    }
    assert kept["red_flag_action"].original == {"recorded_by": "olivia"}
    assert kept["progress_decision"].original["decided_by"] == "olivia"
    assert {p.imported_by for p in kept.values()} == {people.outsider}

    page = browser_as(people.outsider).get(f"/episodes/{made.episode_id}/progress/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "olivia (imported by Otto)" in html

    again = client_bundle_for_user(actor=importer, client_id=imported.pk)
    assert _without_ids(again) == _without_ids(bundle)
    assert '"display": "otto"' not in json.dumps(again)


def test_imported_notes_plans_and_assessments_never_name_the_importer_as_their_author(
    demo_client, people, actor_of, browser_as
):
    from myomap.api.models import ImportedProvenance
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import Addendum, Assessment, Plan, TreatmentSession
    from myomap.records.sessions.services import addendum_add

    owner, client = demo_client
    signed = TreatmentSession.objects.filter(episode__client=client, signed_at__isnull=False)
    addendum_add(actor=actor_of(owner), session_id=signed.first().pk, text="Phoned: better.")
    bundle = client_bundle_for_user(actor=actor_of(owner), client_id=client.pk)
    [imported] = bundle_import(actor=actor_of(people.outsider), bundle=bundle)
    mine = {"episode__client": imported}
    assert not Assessment.objects.filter(**mine, created_by=people.outsider).exists()
    assert not Plan.objects.filter(**mine, created_by=people.outsider).exists()
    kinds = set(
        ImportedProvenance.objects.filter(clinic=people.other_clinic).values_list(
            "object_type", flat=True
        )
    )
    assert {"assessment", "plan", "session", "addendum"} <= kinds

    note = TreatmentSession.objects.get(episode__client=imported, addenda__text="Phoned: better.")
    assert Addendum.objects.get(session=note).author == people.outsider  # the row needs one
    page = browser_as(people.outsider).get(f"/sessions/{note.pk}/").content.decode()
    original = signed.first()
    writer, signer = original.created_by.get_username(), original.signed_by.get_username()
    assert f"written by {writer} at the clinic it came from (imported by Otto)" in page
    assert f"by {signer} (imported)" in page  # signed by the original signer
    assert f"— {owner.get_username()} (imported by Otto)" in page  # the addendum's author


def test_one_clients_export_reads_only_that_clients_import_history(demo_client, people, actor_of):
    """A single client's bundle looks up the provenance of that client's rows only, not every
    imported row of the clinic (which grows with the clinic's import history)."""
    from myomap.exchange.fhir_export import _provenance, client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import TreatmentSession

    owner, client = demo_client
    bundle = client_bundle_for_user(actor=actor_of(owner), client_id=client.pk)
    importer = actor_of(people.outsider)
    first = bundle_import(actor=importer, bundle=bundle)[0]
    second = bundle_import(actor=importer, bundle=bundle)[0]
    whole_clinic = _provenance(importer)
    of_first = _provenance(importer, first)
    notes_of = {
        c: set(TreatmentSession.objects.filter(episode__client=c).values_list("pk", flat=True))
        for c in (first, second)
    }
    assert notes_of[first] and {pk for kind, pk in of_first if kind == "session"} == notes_of[first]
    assert not {pk for _, pk in of_first} & notes_of[second]
    assert set(of_first) < set(whole_clinic)
    assert all(whole_clinic[key] == value for key, value in of_first.items())
