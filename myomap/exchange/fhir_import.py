"""FHIR import: a Bundle exported by Myomap (`fhir_export`) recreated in the importing
clinician's clinic, all or nothing. Every resource is validated by its R4B model first;
clients and episodes go through the same services as the pages (validation and audit); the
assessment's stored engine results, the plan versions and the notes are recreated as they
were, so a signed note stays signed — with its original author and time kept as provenance,
since that person has no account in this clinic."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.api.models import ImportedProvenance
from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.interop.care_plan import plan_fields_from
from myomap.interop.common import FhirInvalid, fhir_validate, ref_id
from myomap.interop.condition import episode_fields_from_condition
from myomap.interop.decisions import (
    decision_fields_from,
    is_progress_decision,
    is_referral,
    referral_fields_from,
)
from myomap.interop.encounter import session_fields_from
from myomap.interop.episode_of_care import episode_status_from
from myomap.interop.observation import finding_fields_from, observation_kind, pain_entry_from
from myomap.interop.patient import client_fields_from_patient
from myomap.interop.procedure import technique_fields_from
from myomap.interop.questionnaire_response import assessment_fields_from
from myomap.records.episodes import episode_create, episode_status_set
from myomap.records.episodes.summary import episode_summaries_refresh
from myomap.records.models import (
    Addendum,
    Assessment,
    AssessmentKind,
    Client,
    FindingSide,
    MuscleFinding,
    PainMapEntry,
    Plan,
    ProgressDecision,
    ProposalDecision,
    ProposalKind,
    RedFlagAction,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.painmap import pain_entries_clean
from myomap.records.services import client_create
from myomap.records.sessions.services import NOTE_FIELDS, ROW_FIELDS
from myomap.records.sessions.validate import session_note_clean


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed({field: [message]})


def _resources(bundle: object) -> dict[str, list[dict]]:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise _refuse("resourceType", "Send a FHIR Bundle (resourceType: Bundle).")
    by_type: dict[str, list[dict]] = defaultdict(list)
    for index, entry in enumerate(bundle.get("entry") or []):
        resource = (entry or {}).get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            raise _refuse(f"entry.{index}", "Each entry needs a resource.")
        try:
            valid = fhir_validate(resource)
        except FhirInvalid as exc:
            raise _refuse(f"entry.{index}.{exc.field}", exc.message) from None
        by_type[valid["resourceType"]].append(valid)
    if not by_type.get("Patient"):
        raise _refuse("entry", "The bundle holds no Patient.")
    return by_type


def _assessment(actor: Actor, episode, fields: dict) -> Assessment:
    if fields["kind"] not in AssessmentKind.values:
        raise _refuse("QuestionnaireResponse.kind", f"Unknown assessment kind {fields['kind']!r}.")
    results = fields["engine_results"] or {}
    # Assessed at the clinic it came from: the row names nobody here (the bundle does not say
    # who assessed), and the provenance says it was imported and by whom.
    assessment = Assessment.objects.create(
        clinic=actor.clinic, episode=episode, kind=fields["kind"], number=fields["number"],
        assessed_on=fields["assessed_on"], created_by=None,
        triage_input=fields["triage_input"] or {}, measures_input=fields["measures_input"],
        severity_input=fields["severity_input"] or {}, posture_input=fields["posture_input"] or {},
        triage_result=results.get("triage_result"), scores=results.get("scores") or {},
        severity_result=results.get("severity_result"),
        leg_length_result=results.get("leg_length_result"),
        reasoning_result=results.get("reasoning_result"),
    )  # fmt: skip
    _imported(actor, "assessment", assessment.pk, {})
    audit_object(
        actor,
        AuditAction.CREATE,
        "assessment",
        assessment,
        {"episode": str(episode.pk), "imported": True},
    )
    return assessment


def _imported(actor: Actor, object_type: str, object_id, original: dict) -> None:
    ImportedProvenance.objects.create(
        clinic=actor.clinic, object_type=object_type, object_id=object_id,
        original=original, imported_by=actor.user,
    )  # fmt: skip


def _finding(assessment: Assessment, fields: dict) -> MuscleFinding:
    if fields.get("muscle") not in get_kb().muscles or fields.get("side") not in FindingSide.values:
        raise _refuse("Observation.bodySite", f"Unknown muscle or side: {fields}.")
    return MuscleFinding.objects.create(assessment=assessment, **fields)


def _session(actor: Actor, episode, plan: Plan, fields: dict, rows: list[dict]) -> None:
    note = {**fields["note"], "seen_on": fields["seen_on"], "techniques": rows}
    cleaned = session_note_clean(note, plan_output=plan.output)
    session = TreatmentSession(
        clinic=actor.clinic, episode=episode, plan=plan, number=fields["number"]
    )
    for name in NOTE_FIELDS:
        setattr(session, name, cleaned[name])
    session.save()
    TechniqueApplied.objects.bulk_create(
        TechniqueApplied(session=session, position=i, **{k: row[k] for k in ROW_FIELDS})
        for i, row in enumerate(cleaned["techniques"])
    )
    original = {"author": fields["author"], "signed_by": fields["signed_by"] or "",
                "signed_at": fields["signed_at"] or ""}  # fmt: skip
    if fields["signed_at"]:
        # Signed as it was signed: the original time; the signer lives in the provenance.
        session.signed_at = datetime.fromisoformat(fields["signed_at"])
        session.save(update_fields=["signed_at"])
    _imported(actor, "session", session.pk, original)
    for item in fields["addenda"]:
        addendum = Addendum.objects.create(session=session, text=item["text"], author=actor.user)
        _imported(actor, "addendum", addendum.pk, {"author": item["author"], "at": item["at"]})
    audit_object(
        actor,
        AuditAction.CREATE,
        "session",
        session,
        {"episode": str(episode.pk), "number": session.number, "imported": True},
    )


def _referral(actor: Actor, assessments: dict, fields: dict) -> None:
    assessment = assessments.get(fields.pop("assessment_ref") or "")
    try:
        on = date.fromisoformat(str(fields.pop("referred_on") or ""))
    except ValueError:
        raise _refuse("ServiceRequest.authoredOn", "A referral needs its date.") from None
    if assessment is None or not fields["referred_to"]:
        raise _refuse("ServiceRequest", "A referral names no assessment or no destination.")
    recorded_by = fields.pop("recorded_by")
    # Recorded at the clinic it came from, not by the importer: the row names nobody here and
    # the provenance keeps who did (as the notes' own author columns stay empty).
    action = RedFlagAction.objects.create(assessment=assessment, referred_on=on,
                                          recorded_by=None, **fields)  # fmt: skip
    _imported(actor, "red_flag_action", action.pk, {"recorded_by": recorded_by})
    audit_object(actor, AuditAction.CREATE, "red_flag_action", action, {"imported": True})


def _decision(actor: Actor, episodes: dict, fields: dict) -> None:
    episode = episodes.get(fields.pop("episode_ref") or "")
    decided_at = fields.pop("decided_at")
    if episode is None or fields["decision"] not in ProposalDecision.values:
        raise _refuse("Observation", "A progress decision names no episode or no decision.")
    if fields["kind"] not in ProposalKind.values or not isinstance(fields["at_session"], int):
        raise _refuse("Observation.component", "A progress decision lacks its proposal.")
    decided_by = fields.pop("decided_by")
    # The row needs an account, so it holds the importer's; the provenance says the decision
    # was imported and who made it, and pages and exports show that person.
    made = ProgressDecision.objects.create(clinic=actor.clinic, episode=episode,
                                           decided_by=actor.user, **fields)  # fmt: skip
    if decided_at:  # the original time, not the import's
        ProgressDecision.objects.filter(pk=made.pk).update(
            decided_at=datetime.fromisoformat(decided_at)
        )
    _imported(
        actor,
        "progress_decision",
        made.pk,
        {"decided_by": decided_by, "decided_at": decided_at or ""},
    )
    audit_object(actor, AuditAction.CREATE, "progress_decision", made, {"imported": True})


def bundle_import(*, actor: Actor, bundle: object) -> list[Client]:
    """Recreate every Patient of the bundle (with its episodes, assessments, findings, plans and
    notes) in the actor's clinic. Refused whole, naming the entry, if anything is invalid."""
    actor.require_clinical()
    found = _resources(bundle)
    with transaction.atomic():
        clients: dict[str, Client] = {}
        for patient in found["Patient"]:
            clients[patient["id"]] = client_create(
                actor=actor, data=client_fields_from_patient(patient)
            )
        conditions = {c["id"]: c for c in found.get("Condition", [])}
        episodes = {}
        for resource in found.get("EpisodeOfCare", []):
            condition = conditions.get(
                ref_id((resource.get("diagnosis") or [{}])[0].get("condition"))
            )
            client = clients.get(ref_id(resource.get("patient")) or "")
            if condition is None or client is None:
                raise _refuse(
                    "EpisodeOfCare", f"Episode {resource['id']} lacks its Patient or Condition."
                )
            episode = episode_create(
                actor=actor, client_id=client.pk, data=episode_fields_from_condition(condition)
            )
            status, note = episode_status_from(resource)
            if (status, note) != ("active", ""):
                episode = episode_status_set(
                    actor=actor, episode_id=episode.pk, data={"status": status, "status_note": note}
                )
            episodes[resource["id"]] = episode
        assessments = {}
        for resource in found.get("QuestionnaireResponse", []):
            fields = assessment_fields_from(resource)
            owner = episodes.get(fields.pop("episode_ref"))
            if owner is None:
                raise _refuse(
                    "QuestionnaireResponse", f"{resource['id']} names no episode of the bundle."
                )
            assessments[resource["id"]] = _assessment(actor, owner, fields)
        for resource in found.get("ServiceRequest", []):
            if is_referral(resource):
                _referral(actor, assessments, referral_fields_from(resource))
        for resource in found.get("Observation", []):
            if is_progress_decision(resource):
                continue  # after the sessions it decided on, below
            kind = observation_kind(resource)
            assessment = assessments.get(ref_id((resource.get("derivedFrom") or [{}])[0]) or "")
            if kind == "score" or assessment is None:
                continue  # scores are recomputed from the answers' stored results
            if kind == "pain-region":
                for entry in pain_entries_clean([pain_entry_from(resource)]):
                    PainMapEntry.objects.create(assessment=assessment, **entry)
            else:
                _finding(assessment, finding_fields_from(resource))
        plans = {}
        for resource in found.get("CarePlan", []):
            assessment = assessments.get(ref_id((resource.get("supportingInfo") or [{}])[0]) or "")
            if assessment is None:
                raise _refuse("CarePlan", f"{resource['id']} names no assessment of the bundle.")
            fields = plan_fields_from(resource)
            plans[resource["id"]] = Plan.objects.create(
                clinic=actor.clinic, episode=assessment.episode, assessment=assessment,
                created_by=None, **fields,
            )  # fmt: skip
            _imported(actor, "plan", plans[resource["id"]].pk, {})
        rows: dict[str, list[dict]] = defaultdict(list)
        for resource in found.get("Procedure", []):
            rows[ref_id(resource.get("encounter")) or ""].append(technique_fields_from(resource))
        for resource in found.get("Encounter", []):
            fields = session_fields_from(resource)
            seen_in = episodes.get(ref_id((resource.get("episodeOfCare") or [{}])[0]) or "")
            plan = plans.get(fields["plan_ref"])
            if seen_in is None or plan is None:
                raise _refuse(
                    "Encounter", f"{resource['id']} names no episode or plan of the bundle."
                )
            ordered = sorted(rows[resource["id"]], key=lambda row: row["position"])
            techniques = [{k: v for k, v in row.items() if k != "position"} for row in ordered]
            _session(actor, seen_in, plan, fields, techniques)
        for resource in found.get("Observation", []):
            if is_progress_decision(resource):
                _decision(actor, episodes, decision_fields_from(resource))
        # Plans, notes and decisions were written here past the services that keep each
        # episode's Today summary current: store them now, in the import's transaction.
        episode_summaries_refresh(actor=actor, episode_ids=[e.pk for e in episodes.values()])
        audit_record(
            actor=actor, action=AuditAction.CREATE, object_type="fhir_import",
            detail={"patients": len(clients), "resources": sum(map(len, found.values()))},
        )  # fmt: skip
    return list(clients.values())
