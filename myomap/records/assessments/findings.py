"""Palpation findings, one row per muscle and side (docs/clinical-rules.md, referral ranking)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.assessment import FINDING_FLAGS
from myomap.clinical.kb import get_kb
from myomap.errors import Conflict, NotFound, ValidationFailed
from myomap.inputs import REASON_MAX, text_clean
from myomap.records.assessments.document import assessment_reasoning
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.models import (
    Assessment,
    FindingSide,
    MuscleFinding,
    Sensation,
    TriggerPointState,
)


def _choice(data: dict, field: str, allowed: list[str], default: str | None = None) -> str:
    value = data.get(field) or default
    if value not in allowed:
        listed = ", ".join(allowed) if len(allowed) <= 12 else f"one of {len(allowed)} KB ids"
        raise ValidationFailed({field: [f"{field} must be one of {listed}; got {value!r}"]})
    return value


def _tenderness(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if str(number) != str(value).strip() or not 0 <= number <= 3:
        raise ValidationFailed({"tenderness": [f"tenderness must be 0 to 3; got {value!r}"]})
    return number


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """The finding's fields, checked; booleans left out mean "not found"."""
    sensation = data.get("referral_sensation") or ""
    if sensation:
        _choice(data, "referral_sensation", Sensation.values)
    return {
        "trigger_point": _choice(data, "trigger_point", TriggerPointState.values, "none"),
        **{flag: bool(data.get(flag)) for flag in FINDING_FLAGS},
        "referral_sensation": sensation,
        "tenderness": _tenderness(data.get("tenderness")),
        "note": text_clean(data.get("note"), "note", REASON_MAX),
    }


def _changed(actor: Actor, assessment: Assessment, action: str, finding: MuscleFinding) -> None:
    # Findings feed the reasoning summary; refresh the stored one in the same transaction.
    assessment.reasoning_result = assessment_reasoning(assessment)
    assessment.save(update_fields=["reasoning_result", "updated_at"])
    audit_object(
        actor,
        action,
        "muscle_finding",
        finding,
        {"assessment": str(assessment.pk), "muscle": finding.muscle, "side": finding.side},
    )


def muscle_finding_add(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
) -> MuscleFinding:
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    muscle = _choice(data, "muscle", sorted(get_kb().muscles))
    side = _choice(data, "side", FindingSide.values)
    fields = _clean(data)
    if assessment.muscle_findings.filter(muscle=muscle, side=side).exists():
        raise Conflict({"muscle": ["already recorded on this side; edit that finding"]})
    with transaction.atomic():
        finding = MuscleFinding.objects.create(
            assessment=assessment, muscle=muscle, side=side, **fields
        )
        # The prefetched list is stale now; reasoning reads the rows afresh.
        assessment = assessment_get_for_user(actor=actor, assessment_id=assessment.pk, audit=False)
        _changed(actor, assessment, AuditAction.CREATE, finding)
    return finding


def _finding_of(actor: Actor, assessment_id, finding_id) -> tuple[Assessment, MuscleFinding]:
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    for finding in assessment.muscle_findings.all():
        if str(finding.pk) == str(finding_id):
            return assessment, finding
    raise NotFound("No such finding.")


def muscle_finding_update(
    *, actor: Actor, assessment_id: uuid.UUID | str, finding_id: uuid.UUID | str, data: dict
) -> MuscleFinding:
    assessment, finding = _finding_of(actor, assessment_id, finding_id)
    fields = _clean(data)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(finding, key, value)
        finding.save()
        _changed(actor, assessment, AuditAction.UPDATE, finding)
    return finding


def muscle_finding_delete(
    *, actor: Actor, assessment_id: uuid.UUID | str, finding_id: uuid.UUID | str
) -> None:
    assessment, finding = _finding_of(actor, assessment_id, finding_id)
    with transaction.atomic():
        finding.delete()
        assessment = assessment_get_for_user(actor=actor, assessment_id=assessment.pk, audit=False)
        _changed(actor, assessment, AuditAction.DELETE, finding)
