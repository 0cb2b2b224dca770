"""Reads of assessments, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.errors import NotFound
from myomap.records.models import Assessment, AssessmentKind, Episode, MuscleFinding


def _assessments_of(actor: Actor) -> QuerySet[Assessment]:
    return Assessment.objects.filter(clinic=actor.clinic)


def assessment_get_for_user(
    *, actor: Actor, assessment_id: uuid.UUID | str, audit: bool = True
) -> Assessment:
    """One assessment with its episode, client, findings and red-flag actions loaded, so a
    page built from it costs the same number of queries however many findings it holds."""
    actor.require_clinical()
    queryset = (
        _assessments_of(actor)
        .select_related("episode", "episode__client", "created_by")
        .prefetch_related(
            Prefetch("muscle_findings", queryset=MuscleFinding.objects.order_by("created_at")),
            "red_flag_actions__recorded_by",
        )
    )
    try:
        assessment = queryset.get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError) as exc:
        raise NotFound("No such assessment.") from exc
    if audit:
        audit_object(actor, AuditAction.READ, "assessment", assessment)
    return assessment


def assessment_list_for_episode(*, actor: Actor, episode: Episode) -> list[Assessment]:
    actor.require_clinical()
    assessments = list(
        _assessments_of(actor)
        .filter(episode=episode)
        .select_related("created_by")
        .prefetch_related("red_flag_actions")
    )
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="assessment",
        detail={"episode": str(episode.pk), "count": len(assessments)},
    )
    return assessments


def assessment_baseline(assessment: Assessment) -> Assessment | None:
    """The episode's initial assessment that a re-assessment is compared with (no audit: it is
    read only as part of the re-assessment the actor already opened)."""
    if assessment.kind != AssessmentKind.REASSESSMENT:
        return None
    return (
        Assessment.objects.filter(
            clinic_id=assessment.clinic_id,
            episode_id=assessment.episode_id,
            kind=AssessmentKind.INITIAL,
        )
        .order_by("number")
        .first()
    )
