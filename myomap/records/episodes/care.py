"""Writes that change where an episode stands, outside a session note: stopping a home
exercise, discharging (to maintenance or fully) and reopening. Each needs a reason, is
validated in full first and audited in the same transaction (docs/episode-state.md)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.errors import ValidationFailed
from myomap.records.episodes.state import episode_state_get
from myomap.records.episodes.summary import episode_summary_refresh
from myomap.records.models import EpisodeStatus, ExerciseStop
from myomap.today import clinic_today

REASON_MIN = 3
REASON_MAX = 2000
DISCHARGE_TO = {
    EpisodeStatus.MAINTENANCE: "Discharged to maintenance",
    EpisodeStatus.DISCHARGED: "Discharged",
}


def _reason(raw: Any, errors: dict[str, list[str]], field: str = "reason") -> str:
    text = str(raw or "").strip()
    if len(text) < REASON_MIN:
        errors[field] = [f"Write the reason (at least {REASON_MIN} characters)."]
    elif len(text) > REASON_MAX or "\x00" in text:
        errors[field] = [f"At most {REASON_MAX} characters of plain text."]
    return text


def _date(raw: Any, field: str, errors: dict[str, list[str]], *, required: bool) -> date | None:
    if raw in (None, ""):
        if required:
            errors[field] = ["A date (YYYY-MM-DD) is required."]
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors[field] = [f"{str(raw)[:40]!r} is not a date (YYYY-MM-DD)."]
        return None


def exercise_stop(
    *, actor: Actor, episode_id: uuid.UUID | str, exercise: str, reason: str
) -> ExerciseStop:
    """Take an exercise off the home programme, with the reason."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    errors: dict[str, list[str]] = {}
    given = {item.exercise for item in state.programme}
    if exercise not in given:
        names = ", ".join(item.name for item in state.programme) or "none"
        errors["exercise"] = [f"Not on the home programme; on it: {names}."]
    text = _reason(reason, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        stop = ExerciseStop.objects.create(
            clinic=actor.clinic,
            episode=state.episode,
            exercise=exercise,
            after_session=state.next_number - 1,
            reason=text,
            stopped_by=actor.user,
        )
        audit_object(
            actor,
            AuditAction.CREATE,
            "exercise_stop",
            stop,
            {"episode": str(state.episode.pk), "exercise": exercise},
        )
    return stop


def episode_discharge(*, actor: Actor, episode_id: uuid.UUID | str, data: dict[str, Any]):
    """Discharge an active episode to maintenance or fully, with a date (not after today), a
    reason and the clinician's confirmation; to maintenance, optionally the next check date."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    episode = state.episode
    errors: dict[str, list[str]] = {}
    if episode.status != EpisodeStatus.ACTIVE:
        errors["status"] = [
            f"Only an active episode can be discharged; this one is "
            f"{episode.get_status_display().lower()}."
        ]
    to = data.get("to", "")
    if to not in DISCHARGE_TO:
        errors["to"] = [f"Allowed: {', '.join(DISCHARGE_TO)}."]
    today = clinic_today()
    on = _date(data.get("discharged_on"), "discharged_on", errors, required=True)
    if on is not None and on > today:
        errors["discharged_on"] = ["The discharge date cannot be after today."]
    if on is not None and state.last_seen is not None and on < state.last_seen:
        errors["discharged_on"] = [
            f"The discharge date cannot be before the last visit ({state.last_seen:%-d %b %Y})."
        ]
    check_on = _date(data.get("maintenance_check_on"), "maintenance_check_on", errors,
                     required=False)  # fmt: skip
    if check_on is not None and to != EpisodeStatus.MAINTENANCE:
        errors["maintenance_check_on"] = ["A maintenance check is set only for maintenance."]
    if check_on is not None and on is not None and check_on <= on:
        errors["maintenance_check_on"] = ["The check must be after the discharge date."]
    text = _reason(data.get("reason"), errors)
    if data.get("confirm") not in ("on", "yes", True):
        errors["confirm"] = ["Tick to confirm the discharge."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        episode.status = to
        episode.discharged_on = on
        episode.discharge_reason = text
        episode.maintenance_check_on = check_on
        episode.status_note = f"{DISCHARGE_TO[to]} on {on:%-d %b %Y}: {text}"
        episode.save()
        audit_object(
            actor,
            AuditAction.UPDATE,
            "episode",
            episode,
            {"status": to, "discharged_on": on.isoformat() if on else None},
        )
        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return episode


def episode_reopen(*, actor: Actor, episode_id: uuid.UUID | str, reason: str):
    """Reopen a discharged, maintenance or referred episode for treatment, with a reason. The
    discharge facts stay on the record."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    episode = state.episode
    errors: dict[str, list[str]] = {}
    if episode.status == EpisodeStatus.ACTIVE:
        errors["status"] = ["The episode is already active."]
    text = _reason(reason, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        was = episode.get_status_display().lower()
        episode.status = EpisodeStatus.ACTIVE
        episode.reopen_reason = text
        episode.maintenance_check_on = None
        episode.status_note = f"Reopened (was {was}) on {clinic_today():%-d %b %Y}: {text}"
        episode.save()
        audit_object(
            actor, AuditAction.UPDATE, "episode", episode, {"status": "active", "reopened": True}
        )
        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return episode


def maintenance_check_set(*, actor: Actor, episode_id: uuid.UUID | str, check_on: Any):
    """Set the next maintenance check of a maintenance episode (after a check visit)."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    episode = state.episode
    errors: dict[str, list[str]] = {}
    if episode.status != EpisodeStatus.MAINTENANCE:
        errors["status"] = ["Only a maintenance episode has maintenance checks."]
    on = _date(check_on, "maintenance_check_on", errors, required=True)
    if on is not None and on <= clinic_today():
        errors["maintenance_check_on"] = ["The next check must be after today."]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        episode.maintenance_check_on = on
        episode.save(update_fields=["maintenance_check_on", "updated_at"])
        audit_object(
            actor,
            AuditAction.UPDATE,
            "episode",
            episode,
            {"maintenance_check_on": on.isoformat() if on else None},
        )
    return episode
