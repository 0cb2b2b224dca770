"""Writes of assessments: create, and one save per section. Each save validates its section with
the engine (so the stored document is always one the planner accepts), stores the input and the
engine result with its kb_version, refreshes the reasoning summary, and audits — atomically, so
a refused section changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import (
    document_check,
    posture_interpret,
    section_check,
    severity_run,
    triage_run,
)
from myomap.clinical.explain import EngineInputError
from myomap.errors import ValidationFailed
from myomap.records.assessments.document import assessment_document_build, assessment_reasoning
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.episodes import episode_get_for_user
from myomap.records.episodes.summary import episode_summary_refresh
from myomap.records.locks import episode_lock
from myomap.records.models import Assessment, AssessmentKind
from myomap.today import clinic_today


def engine_refusal(exc: EngineInputError, prefix: str) -> ValidationFailed:
    """The engine's refusal as a ValidationFailed naming the field (prefixed by section)."""
    field = f"{prefix}.{exc.field}" if exc.field else prefix
    return ValidationFailed({field: [exc.message]})


def _check_document(assessment: Assessment, section: str) -> None:
    """The whole document must still parse after this section changed (unknown ids, ranges)."""
    try:
        document_check(assessment_document_build(assessment))
    except EngineInputError as exc:
        raise ValidationFailed({exc.field or section: [exc.message]}) from None


def section_store(
    actor: Actor, assessment: Assessment, section: str, fields: list[str]
) -> Assessment:
    _check_document(assessment, section)
    assessment.reasoning_result = assessment_reasoning(assessment)
    assessment.save(update_fields=[*fields, "reasoning_result", "updated_at"])
    audit_object(actor, AuditAction.UPDATE, "assessment", assessment, {"section": section})
    return assessment


# Stored on a new re-assessment: the previous PSFS activity names, to be rated again.
PSFS_ACTIVITIES = "psfs_activities"


def assessment_create(
    *,
    actor: Actor,
    episode_id: uuid.UUID | str,
    assessed_on: date | None = None,
    kind: str | None = None,
) -> Assessment:
    """A new assessment for the episode: the first is the initial assessment, later ones are
    re-assessments unless `kind` says otherwise."""
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    if kind is not None and kind not in AssessmentKind.values:
        raise ValidationFailed({"kind": [f"must be one of {', '.join(AssessmentKind.values)}"]})
    with transaction.atomic():
        episode_lock(episode.pk)  # the next number is read after any concurrent save commits
        last = episode.assessments.aggregate(last=Max("number"))["last"] or 0
        # Imported here: the safety module reads assessments through this package.
        from myomap.records.sessions.safety import precautions_carried_forward

        carried = precautions_carried_forward(episode) if last else {}
        assessment = Assessment.objects.create(
            clinic=actor.clinic,
            episode=episode,
            kind=kind or (AssessmentKind.INITIAL if last == 0 else AssessmentKind.REASSESSMENT),
            number=last + 1,
            assessed_on=assessed_on or clinic_today(),
            created_by=actor.user,
            precautions_input=carried,
        )
        carried = _carry_over(assessment, _previous(episode, last)) if last else {}
        # Stored from the start (a re-assessment carries findings over), so pages only read it.
        assessment.reasoning_result = assessment_reasoning(assessment)
        assessment.save(update_fields=["reasoning_result"])
        audit_object(
            actor,
            AuditAction.CREATE,
            "assessment",
            assessment,
            {"episode": str(episode.pk), "kind": assessment.kind, **carried},
        )
        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return assessment


def _previous(episode, number: int) -> Assessment:
    return (
        Assessment.objects.filter(clinic=episode.clinic, episode=episode, number=number)
        .prefetch_related("muscle_findings", "pain_entries")
        .get()
    )


def _carry_over(assessment: Assessment, previous: Assessment) -> dict:
    """A re-assessment starts from the previous findings for the clinician to update: the
    posture and leg-length examination, the pain map, the palpation findings and the PSFS
    activities (their ratings are asked again). The red-flag screen, the questionnaires and
    severity are never carried over: they must be asked afresh."""
    from myomap.records.models import MuscleFinding, PainMapEntry

    assessment.posture_input = dict(previous.posture_input or {})
    assessment.leg_length_result = previous.leg_length_result
    activities = [row["activity"] for row in (previous.measures_input or {}).get("psfs") or []]
    if activities:
        assessment.measures_input = {PSFS_ACTIVITIES: activities}
    assessment.save(update_fields=["posture_input", "leg_length_result", "measures_input"])
    findings = [
        MuscleFinding(
            **{
                f.name: getattr(finding, f.name)
                for f in MuscleFinding._meta.concrete_fields
                if f.name not in ("id", "assessment", "created_at", "updated_at")
            },
            assessment=assessment,
        )
        for finding in previous.muscle_findings.all()
    ]
    MuscleFinding.objects.bulk_create(findings)
    entries = [
        PainMapEntry(
            assessment=assessment,
            region=entry.region,
            intensity=entry.intensity,
            quality=entry.quality,
        )
        for entry in previous.pain_entries.all()
    ]
    PainMapEntry.objects.bulk_create(entries)
    return {
        "carried_from": previous.number,
        "findings": len(findings),
        "pain_regions": len(entries),
    }


def _section_save(
    actor: Actor,
    assessment_id: uuid.UUID | str,
    section: str,
    fields: tuple[str, str],
    compute: Callable[[Assessment], tuple[dict, dict]],
) -> Assessment:
    """Store one section's input and the engine's result (`fields`: where each goes) from
    `compute(assessment)`; an engine refusal names the field under the section, nothing saved."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    try:
        stored, result = compute(assessment)
    except EngineInputError as exc:
        raise engine_refusal(exc, section) from None
    with transaction.atomic():
        setattr(assessment, fields[0], stored)
        setattr(assessment, fields[1], result)
        return section_store(actor, assessment, section, list(fields))


def _entered(section: str, data: dict[str, Any], empty: tuple) -> dict:
    """A section's input with empty answers left out, after its keys were checked (a misspelt key
    is refused even when its value is empty, never silently dropped)."""
    section_check(section, data)
    return {key: value for key, value in data.items() if value not in empty}


def assessment_red_flags_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
) -> Assessment:
    """The red-flag screen: `{findings: [ids], onset_age?, duration_weeks?}`; age and sex come
    from the client record."""
    screen = {
        "findings": list(data.get("findings") or []),
        "onset_age": data.get("onset_age"),
        "duration_weeks": data.get("duration_weeks"),
    }

    def compute(assessment: Assessment) -> tuple[dict, dict]:
        client = assessment.episode.client
        return screen, triage_run({"age": client.age, "sex": client.sex, **screen})

    with transaction.atomic():  # the screen is an input of the episode's state (its summary)
        assessment = _section_save(
            actor, assessment_id, "red_flags", ("triage_input", "triage_result"), compute
        )
        episode_summary_refresh(actor=actor, episode_id=assessment.episode_id)
    return assessment


def severity_result_for(assessment: Assessment, inputs: dict) -> dict:
    odi = (assessment.scores or {}).get("odi") or {}
    with_odi = {**inputs, "odi": odi["score"]} if odi.get("scored") else inputs
    return severity_run(with_odi)


def assessment_severity_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
) -> Assessment:
    """Severity inputs (docs/clinical-rules.md, severity); the ODI percent, when scored, is added by
    the service."""

    def compute(assessment: Assessment) -> tuple[dict, dict]:
        inputs = _entered("severity", data, (None, ""))
        return inputs, severity_result_for(assessment, inputs)

    return _section_save(
        actor, assessment_id, "severity", ("severity_input", "severity_result"), compute
    )


def assessment_posture_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
) -> Assessment:
    """Pelvic torsion tests and leg-length measurements (docs/clinical-rules.md, pelvis and leg
    length), interpreted by the engine."""

    def compute(assessment: Assessment) -> tuple[dict, dict]:
        inputs = _entered("posture", data, (None, "", {}))
        return inputs, posture_interpret(inputs)

    return _section_save(
        actor, assessment_id, "posture", ("posture_input", "leg_length_result"), compute
    )
