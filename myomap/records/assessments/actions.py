"""What the clinician did after an emergency or urgent red-flag result (docs/clinical-rules.md,
triage). Recording it lifts the hard stop and marks the episode referred."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.clinical.kb import BLOCKING_URGENCIES
from myomap.errors import ValidationFailed
from myomap.inputs import REASON_MAX, text_clean
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.episodes.summary import episode_summary_refresh
from myomap.records.models import EpisodeStatus, RedFlagAction
from myomap.today import clinic_today


def _action_fields(data: dict[str, Any]) -> tuple[str, date, str]:
    referred_to = str(data.get("referred_to") or "").strip()
    if not referred_to or len(referred_to) > 200:
        raise ValidationFailed(
            {"referred_to": ["say where the client was referred (1 to 200 characters)"]}
        )
    referred_on = data.get("referred_on")
    if isinstance(referred_on, str):
        try:
            referred_on = date.fromisoformat(referred_on)
        except ValueError:
            referred_on = None
    if not isinstance(referred_on, date) or referred_on > clinic_today():
        raise ValidationFailed({"referred_on": ["a date (YYYY-MM-DD), today or earlier"]})
    return referred_to, referred_on, text_clean(data.get("note"), "note", REASON_MAX)


def red_flag_action_record(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
) -> RedFlagAction:
    """Record where and when the client was referred; the episode becomes `referred`."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    if assessment.urgency not in BLOCKING_URGENCIES:
        raise ValidationFailed(
            {
                "urgency": [
                    "a referral is recorded only after an emergency or urgent red-flag result"
                ]
            }
        )
    referred_to, referred_on, note = _action_fields(data)
    with transaction.atomic():
        action = RedFlagAction.objects.create(
            assessment=assessment,
            urgency=assessment.urgency,
            referred_to=referred_to,
            referred_on=referred_on,
            note=note,
            recorded_by=actor.user,
        )
        episode = assessment.episode
        episode.status = EpisodeStatus.REFERRED
        episode.status_note = f"Referred to {referred_to} on {referred_on:%d %b %Y}."
        episode.save(update_fields=["status", "status_note", "updated_at"])
        for object_type, object_id, detail in (
            ("red_flag_action", action.pk, {"assessment": str(assessment.pk)}),
            ("episode", episode.pk, {"status": episode.status}),
        ):
            audit_record(
                actor=actor,
                action=AuditAction.CREATE
                if object_type == "red_flag_action"
                else AuditAction.UPDATE,
                object_type=object_type,
                object_id=str(object_id),
                detail=detail,
            )
        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return action
