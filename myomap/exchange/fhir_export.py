"""FHIR export: a client (or every client of the clinic) as a Bundle of R4 resources, each
validated by its fhir.resources R4B model on the way out. Clinical roles only; audited as one
EXPORT per client."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.api.models import ImportedProvenance
from myomap.clinical.kb import get_kb, urgency_words
from myomap.interop.care_plan import care_plan_from
from myomap.interop.common import ext_json, fhir_validate
from myomap.interop.condition import condition_from_episode
from myomap.interop.decisions import progress_decision_observation, referral_request
from myomap.interop.encounter import encounter_from
from myomap.interop.episode_of_care import episode_of_care_from
from myomap.interop.observation import (
    finding_observation,
    pain_region_observation,
    score_observations,
)
from myomap.interop.patient import patient_from_client
from myomap.interop.procedure import procedure_from
from myomap.interop.questionnaire_response import questionnaire_response_from
from myomap.interop.service_request import exercise_requests
from myomap.records.models import (
    Addendum,
    Assessment,
    Client,
    Episode,
    MuscleFinding,
    Plan,
    ProgressDecision,
    ProposalDecision,
    ProposalKind,
    RedFlagAction,
    TreatmentSession,
)
from myomap.records.selectors import client_get_for_user


def _names() -> dict[str, dict[str, str]]:
    kb = get_kb()
    return {
        "stages": {s.id: s.name for s in kb.stages},
        "exercises": {e.id: e.name for e in kb.exercises.values()},
        "things": {
            **{t.id: t.name for t in kb.techniques.values()},
            **{m.id: m.name for m in kb.muscles.values()},
        },
        "muscles": {m.id: m.name for m in kb.muscles.values()},
        "regions": {r.id: r.label for r in kb.regions.values()},
        "decisions": {**dict(ProposalDecision.choices), **dict(ProposalKind.choices)},
    }


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def _client_resources(client: Client, names: dict, provenance: dict) -> list[dict]:
    cid = str(client.pk)
    snomed = getattr(settings, "MYOMAP_FHIR_SNOMED", False)
    resources = [patient_from_client(client)]
    episodes = Episode.objects.filter(clinic=client.clinic, client=client).order_by(
        "onset_date", "created_at"
    )
    for episode in episodes:
        resources += [condition_from_episode(episode, snomed=snomed), episode_of_care_from(episode)]
        assessments = Assessment.objects.filter(episode=episode).prefetch_related(
            "pain_entries",
            Prefetch("muscle_findings", queryset=MuscleFinding.objects.order_by("muscle", "side")),
        )
        for assessment in assessments:
            qr = questionnaire_response_from(assessment, cid)
            qr["extension"].append(_results_extension(assessment))
            resources.append(qr)
            resources += score_observations(assessment, cid)
            for entry in assessment.pain_entries.all():
                label = names["regions"].get(entry.region, entry.region)
                resources.append(pain_region_observation(entry, assessment, cid, label))
            for finding in assessment.muscle_findings.all():
                muscle = names["muscles"].get(finding.muscle, finding.muscle)
                resources.append(finding_observation(finding, assessment, cid, muscle))
            for action in (
                RedFlagAction.objects.filter(assessment=assessment)
                .select_related("recorded_by")
                .order_by("referred_on", "recorded_at")
            ):
                by = _made_by(provenance, "red_flag_action", action, "recorded_by")
                resources.append(referral_request(action, cid, urgency_words(action.urgency), by))
        plans = list(Plan.objects.filter(episode=episode).order_by("assessment__number", "version"))
        for plan in plans:
            resources.append(care_plan_from(plan, cid, names["stages"], plan is plans[-1]))
            resources += exercise_requests(plan, cid, names["exercises"])
        sessions = (
            TreatmentSession.objects.filter(episode=episode)
            .select_related("created_by", "signed_by")
            .prefetch_related(
                "techniques",
                Prefetch("addenda", queryset=Addendum.objects.select_related("author")),
            )
        )
        for session in sessions:
            resources += _session_resources(session, cid, names, provenance)
        for decision in (
            ProgressDecision.objects.filter(episode=episode)
            .select_related("decided_by")
            .order_by("at_session", "decided_at")
        ):
            by = _made_by(provenance, "progress_decision", decision, "decided_by")
            resources.append(progress_decision_observation(decision, cid, names["decisions"], by))
    return resources


def _made_by(provenance: dict, object_type: str, row, field: str) -> str:
    """Who made the row: the original person for an imported one, else the account's name."""
    kept = provenance.get((object_type, row.pk))
    return kept.get(field, "") if kept else _username(getattr(row, field))


def _results_extension(assessment: Assessment) -> dict:
    # The engine results as stored, each with the kb_version that produced it.
    return ext_json("engine-results", {
        "triage_result": assessment.triage_result, "scores": assessment.scores,
        "severity_result": assessment.severity_result,
        "leg_length_result": assessment.leg_length_result,
        "reasoning_result": assessment.reasoning_result,
    })  # fmt: skip


def _session_resources(session, cid: str, names: dict, provenance: dict) -> list[dict]:
    original = provenance.get(("session", session.pk))
    if original:
        authors = {key: original.get(key) or "" for key in ("author", "signed_by", "signed_at")}
        authors["created_by"] = authors.pop("author")
    else:
        authors = {
            "created_by": _username(session.created_by),
            "signed_by": _username(session.signed_by),
            "signed_at": session.signed_at.isoformat() if session.signed_at else "",
        }
    addenda = []
    for addendum in session.addenda.all():
        kept = provenance.get(("addendum", addendum.pk))
        addenda.append({
            "text": addendum.text,
            "author": kept["author"] if kept else _username(addendum.author),
            "at": kept["at"] if kept else addendum.created_at.isoformat(),
        })  # fmt: skip
    resources = [encounter_from(session, cid, authors, addenda)]
    for row in session.techniques.all():
        resources.append(procedure_from(row, session, cid, names["things"]))
    return resources


def _bundle(resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": fhir_validate(resource)} for resource in resources],
    }


def _provenance(actor: Actor, client: Client | None = None) -> dict:
    """(object type, id) → who made an imported row at the clinic it came from: every imported
    row of the clinic, or with `client` only that client's notes, addenda, decisions and
    referral records (one query either way), so one client's export does not read the whole
    clinic's import history."""
    found = ImportedProvenance.objects.filter(clinic=actor.clinic)
    if client is not None:
        found = found.filter(
            Q(object_id__in=TreatmentSession.objects.filter(episode__client=client).values("pk"))
            | Q(object_id__in=Addendum.objects.filter(session__episode__client=client).values("pk"))
            | Q(object_id__in=ProgressDecision.objects.filter(episode__client=client).values("pk"))
            | Q(
                object_id__in=RedFlagAction.objects.filter(
                    assessment__episode__client=client
                ).values("pk")
            )
        )
    return {(p.object_type, p.object_id): p.original for p in found}


def client_bundle_for_user(*, actor: Actor, client_id: uuid.UUID | str) -> dict:
    """One client's whole record as a FHIR Bundle (`Patient/{id}/$everything`)."""
    actor.require_clinical()
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    bundle = _bundle(_client_resources(client, _names(), _provenance(actor, client)))
    audit_object(
        actor,
        AuditAction.EXPORT,
        "client",
        client,
        {"format": "fhir", "resources": len(bundle["entry"])},
    )
    return bundle


def clinic_bundle_for_user(*, actor: Actor) -> dict:
    """Every client of the actor's clinic in one Bundle (each client audited as exported)."""
    actor.require_clinical()
    names, provenance = _names(), _provenance(actor)
    resources: list[Any] = []
    for client in Client.objects.filter(clinic=actor.clinic).order_by(
        "family_name", "given_name", "pk"
    ):
        resources += _client_resources(client, names, provenance)
        audit_object(actor, AuditAction.EXPORT, "client", client, {"format": "fhir"})
    return _bundle(resources)
