"""Reads of assessments, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from myomap.accounts.actor import Actor
from myomap.records.models import Assessment, AssessmentKind, Episode, MuscleFinding
from myomap.records.scoped import record_get_audited, record_list_audited


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
    return record_get_audited(
        queryset, assessment_id, actor=actor, object_type="assessment", audit=audit
    )


def assessment_list_for_episode(*, actor: Actor, episode: Episode) -> list[Assessment]:
    actor.require_clinical()
    return record_list_audited(
        _assessments_of(actor)
        .filter(episode=episode)
        .select_related("created_by")
        .prefetch_related("red_flag_actions"),
        actor=actor,
        object_type="assessment",
        detail={"episode": str(episode.pk)},
    )


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
