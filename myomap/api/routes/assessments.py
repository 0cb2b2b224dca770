"""Assessments with their sections, pain map and palpation findings, and plans (generate, edit
with a reason, versions): the same services as the assessment, body-chart and plan pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from myomap.api.edge import ERRORS, actor_of
from myomap.api.routes.records import PageQuery, page_of
from myomap.api.schemas import (
    AssessmentIn,
    AssessmentOut,
    AssessmentPage,
    FindingIn,
    FindingList,
    FindingOut,
    FindingUpdateIn,
    MeasureIn,
    PainMapIn,
    PainMapOut,
    PlanEditIn,
    PlanOut,
    PlanPage,
    RedFlagsIn,
    SectionIn,
)
from myomap.clinical.measures import Instrument
from myomap.records.assessments.findings import (
    muscle_finding_add,
    muscle_finding_delete,
    muscle_finding_update,
)
from myomap.records.assessments.measures import assessment_measure_save
from myomap.records.assessments.selectors import (
    assessment_get_for_user,
    assessment_list_for_episode,
)
from myomap.records.assessments.services import (
    assessment_create,
    assessment_posture_save,
    assessment_red_flags_save,
    assessment_severity_save,
)
from myomap.records.episodes import episode_get_for_user
from myomap.records.models import Assessment, Plan
from myomap.records.painmap import assessment_pain_map_save, pain_map_candidates, pain_map_marked
from myomap.records.plans.services import (
    plan_edit,
    plan_generate,
    plan_get_for_user,
    plan_list_for_episode,
)

router = Router(tags=["assessments and plans"])


def _fresh(request: HttpRequest, assessment: Assessment) -> Assessment:
    # Services return the row they saved; re-read without a second audit event.
    return assessment_get_for_user(
        actor=actor_of(request), assessment_id=assessment.pk, audit=False
    )


def _section_saved(request: HttpRequest, assessment_id: uuid.UUID, save, payload) -> Assessment:
    """Save one assessment section through its service and return the assessment as stored."""
    data = payload.model_dump()
    return _fresh(request, save(actor=actor_of(request), assessment_id=assessment_id, data=data))


@router.get(
    "/episodes/{episode_id}/assessments",
    response={200: AssessmentPage, **ERRORS},
    summary="An episode's assessments",
)
def assessments_list(request: HttpRequest, episode_id: uuid.UUID, paging: Query[PageQuery]):
    actor = actor_of(request)
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    assessments = assessment_list_for_episode(actor=actor, episode=episode)
    return page_of(assessments, paging)


@router.post(
    "/episodes/{episode_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Start an assessment",
)
def assessments_create(request: HttpRequest, episode_id: uuid.UUID, payload: AssessmentIn):
    assessment = assessment_create(
        actor=actor_of(request),
        episode_id=episode_id,
        assessed_on=payload.assessed_on,
        kind=payload.kind,
    )
    return Status(201, assessment)


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="An assessment",
)
def assessments_get(request: HttpRequest, assessment_id: uuid.UUID):
    return assessment_get_for_user(actor=actor_of(request), assessment_id=assessment_id)


@router.put(
    "/assessments/{assessment_id}/red-flags",
    response={200: AssessmentOut, **ERRORS},
    summary="Save the red-flag screen",
)
def assessments_red_flags(request: HttpRequest, assessment_id: uuid.UUID, payload: RedFlagsIn):
    return _section_saved(request, assessment_id, assessment_red_flags_save, payload)


@router.put(
    "/assessments/{assessment_id}/severity",
    response={200: AssessmentOut, **ERRORS},
    summary="Save the severity section",
)
def assessments_severity(request: HttpRequest, assessment_id: uuid.UUID, payload: SectionIn):
    return _section_saved(request, assessment_id, assessment_severity_save, payload)


@router.put(
    "/assessments/{assessment_id}/posture",
    response={200: AssessmentOut, **ERRORS},
    summary="Save pelvis and leg-length findings",
)
def assessments_posture(request: HttpRequest, assessment_id: uuid.UUID, payload: SectionIn):
    return _section_saved(request, assessment_id, assessment_posture_save, payload)


@router.put(
    "/assessments/{assessment_id}/measures/{instrument}",
    response={200: AssessmentOut, **ERRORS},
    summary="Save one questionnaire",
)
def assessments_measure(
    request: HttpRequest, assessment_id: uuid.UUID, instrument: Instrument, payload: MeasureIn
):
    saved = assessment_measure_save(
        actor=actor_of(request),
        assessment_id=assessment_id,
        instrument=instrument,
        answers=payload.answers,
    )
    return _fresh(request, saved)


def _pain_map(assessment: Assessment) -> dict:
    marked = pain_map_marked(assessment)
    return {
        "entries": [{"region": region, **entry} for region, entry in marked.items()],
        "candidates": pain_map_candidates(marked),
    }


@router.get(
    "/assessments/{assessment_id}/pain-map",
    response={200: PainMapOut, **ERRORS},
    summary="The pain drawing and candidate muscles",
)
def pain_map_get(request: HttpRequest, assessment_id: uuid.UUID):
    return _pain_map(assessment_get_for_user(actor=actor_of(request), assessment_id=assessment_id))


@router.put(
    "/assessments/{assessment_id}/pain-map",
    response={200: PainMapOut, **ERRORS},
    summary="Replace the pain drawing",
)
def pain_map_put(request: HttpRequest, assessment_id: uuid.UUID, payload: PainMapIn):
    saved = assessment_pain_map_save(
        actor=actor_of(request),
        assessment_id=assessment_id,
        entries=[entry.model_dump() for entry in payload.entries],
    )
    return _pain_map(saved)


@router.get(
    "/assessments/{assessment_id}/findings",
    response={200: FindingList, **ERRORS},
    summary="Palpation findings",
)
def findings_list(request: HttpRequest, assessment_id: uuid.UUID):
    assessment = assessment_get_for_user(actor=actor_of(request), assessment_id=assessment_id)
    return {"items": list(assessment.muscle_findings.all())}


@router.post(
    "/assessments/{assessment_id}/findings",
    response={201: FindingOut, **ERRORS},
    summary="Record a palpation finding",
)
def findings_add(request: HttpRequest, assessment_id: uuid.UUID, payload: FindingIn):
    finding = muscle_finding_add(
        actor=actor_of(request), assessment_id=assessment_id, data=payload.model_dump()
    )
    return Status(201, finding)


@router.put(
    "/assessments/{assessment_id}/findings/{finding_id}",
    response={200: FindingOut, **ERRORS},
    summary="Edit a palpation finding",
)
def findings_update(
    request: HttpRequest, assessment_id: uuid.UUID, finding_id: uuid.UUID, payload: FindingUpdateIn
):
    return muscle_finding_update(
        actor=actor_of(request),
        assessment_id=assessment_id,
        finding_id=finding_id,
        data=payload.model_dump(),
    )


@router.delete(
    "/assessments/{assessment_id}/findings/{finding_id}",
    response={204: None, **ERRORS},
    summary="Remove a palpation finding",
)
def findings_delete(request: HttpRequest, assessment_id: uuid.UUID, finding_id: uuid.UUID):
    muscle_finding_delete(
        actor=actor_of(request), assessment_id=assessment_id, finding_id=finding_id
    )
    return Status(204, None)


def _plan(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "episode_id": plan.episode_id,
        "assessment_id": plan.assessment_id,
        "version": plan.version,
        "origin": plan.origin,
        "status": plan.status,
        "kb_version": plan.kb_version,
        "overrides": plan.overrides,
        "output": plan.output,
        "created_at": plan.created_at,
    }


@router.post(
    "/assessments/{assessment_id}/plans",
    response={201: PlanOut, **ERRORS},
    summary="Generate a plan version from the assessment",
)
def plans_generate(request: HttpRequest, assessment_id: uuid.UUID):
    return Status(201, _plan(plan_generate(actor=actor_of(request), assessment_id=assessment_id)))


@router.get(
    "/episodes/{episode_id}/plans",
    response={200: PlanPage, **ERRORS},
    summary="An episode's plan versions",
)
def plans_list(request: HttpRequest, episode_id: uuid.UUID, paging: Query[PageQuery]):
    actor = actor_of(request)
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    plans = plan_list_for_episode(actor=actor, episode=episode)
    return page_of(plans, paging, _plan)


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="A plan version")
def plans_get(request: HttpRequest, plan_id: uuid.UUID):
    return _plan(plan_get_for_user(actor=actor_of(request), plan_id=plan_id))


@router.post(
    "/plans/{plan_id}/edits",
    response={201: PlanOut, **ERRORS},
    summary="Edit a plan (new version, with a reason)",
)
def plans_edit(request: HttpRequest, plan_id: uuid.UUID, payload: PlanEditIn):
    plan = plan_edit(
        actor=actor_of(request),
        plan_id=plan_id,
        override=payload.override.model_dump(),
        reason=payload.reason,
    )
    return Status(201, _plan(plan))
