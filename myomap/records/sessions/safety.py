"""A visit's safety check (docs/precautions.md): "any change in health or medication?" with the
precautions it adds or removes, and, for radicular plans, the neurological re-check whose worse
result escalates with the knowledge base's red-flag urgency and stops treatment like a new red
flag until a re-assessment records it."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.kb import get_kb, urgency_words
from myomap.errors import Forbidden, ValidationFailed
from myomap.inputs import strict_int
from myomap.records.episodes.summary import episode_summary_refresh
from myomap.records.models import (
    Assessment,
    Episode,
    NeuroResult,
    SessionSafetyCheck,
    TreatmentSession,
)
from myomap.records.sessions.selectors import session_get_for_user

TEXT_LIMIT = 2000
WORSE_RULE = "progressive_neuro_deficit"  # the KB rule a worsening deficit meets


def _recheck(session: TreatmentSession) -> dict | None:
    return (session.plan.output or {}).get("neurological_recheck")


def _text(value: Any, field: str, errors: dict) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        errors[field] = ["must not contain NUL characters"]
    elif len(text) > TEXT_LIMIT:
        errors[field] = [f"at most {TEXT_LIMIT} characters, got {len(text)}"]
    return text


def _ids(values: Any, field: str, errors: dict) -> list[str]:
    known = get_kb().precautions.precautions
    ids = [str(v) for v in values or []]
    unknown = [i for i in ids if i not in known]
    if unknown:
        errors[field] = [f"unknown precaution {unknown[0]!r}; allowed: {', '.join(known)}"]
    return list(dict.fromkeys(ids))


def _escalation(session: TreatmentSession, neuro: dict[str, str]) -> dict | None:
    if NeuroResult.WORSE not in neuro.values():
        return None
    rules = {rule.id: rule for rule in get_kb().red_flags.rules}
    rule = rules[WORSE_RULE]
    worse = [item for item, result in neuro.items() if result == NeuroResult.WORSE]
    return {
        "rule": rule.id,
        "condition": rule.condition,
        "urgency": rule.urgency,
        "action": rule.action,
        "worse": worse,
        "sources": list(rule.sources),
    }


def _whole(raw: Any) -> int | None:
    try:  # strictly: "²".isdigit() is true but int("²") fails
        return strict_int(raw)
    except ValueError:
        return None


def safety_check_clean(session: TreatmentSession, data: dict[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    answer = data.get("health_changed")
    if answer not in ("yes", "no"):
        errors["health_changed"] = ["Answer yes or no: any change in health or medication?"]
    cleaned: dict[str, Any] = {
        "health_changed": answer == "yes",
        "health_note": _text(data.get("health_note"), "health_note", errors),
        "precautions_added": _ids(data.get("precautions_added"), "precautions_added", errors),
        "precautions_removed": _ids(data.get("precautions_removed"), "precautions_removed", errors),
        "neuro_note": _text(data.get("neuro_note"), "neuro_note", errors),
    }
    weeks = data.get("gestation_weeks")
    if weeks in (None, ""):
        cleaned["gestation_weeks"] = None
    elif (number := _whole(weeks)) is None or not 0 <= number <= 45:
        errors["gestation_weeks"] = [f"weeks of pregnancy must be 0 to 45, got {weeks!r}"]
    else:
        cleaned["gestation_weeks"] = number
    if answer == "yes" and not (
        cleaned["health_note"] or cleaned["precautions_added"] or cleaned["precautions_removed"]
    ):
        errors["health_note"] = ["Say what changed (and tick any precaution it adds)."]
    recheck = _recheck(session)
    neuro: dict[str, str] = {}
    if recheck:
        for item in recheck["items"]:
            result = data.get(f"neuro_{item['id']}") or NeuroResult.NOT_DONE
            if result not in NeuroResult.values:
                errors[f"neuro_{item['id']}"] = [
                    f"{item['label']}: allowed {', '.join(NeuroResult.values)}"
                ]
            neuro[item["id"]] = result
        if all(v == NeuroResult.NOT_DONE for v in neuro.values()):
            errors["neuro"] = ["Radicular plan: record the neurological re-check for this visit."]
    cleaned["neuro"] = neuro
    if errors:
        raise ValidationFailed(errors)
    cleaned["escalation"] = _escalation(session, neuro)
    return cleaned


def session_safety_check_save(
    *, actor: Actor, session_id: uuid.UUID | str, data: dict[str, Any]
) -> SessionSafetyCheck:
    """Record (or correct, while the note is a draft) the visit's safety check."""
    session = session_get_for_user(actor=actor, session_id=session_id, audit=False)
    if session.is_signed or session.created_by_id != actor.user.pk:
        raise Forbidden("Only the author of a draft note can record its safety check.")
    cleaned = safety_check_clean(session, data)
    with transaction.atomic():
        check, created = SessionSafetyCheck.objects.update_or_create(
            session=session,
            defaults={**cleaned, "clinic": actor.clinic, "created_by": actor.user},
        )
        audit_object(
            actor,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            "session_safety_check",
            check,
            {"session": str(session.pk), "escalated": bool(cleaned["escalation"])},
        )
        episode_summary_refresh(actor=actor, episode_id=session.episode_id)
    return check


def safety_stop(episode: Episode) -> str:
    """A worse neurological re-check stops treatment until a later assessment (whose red-flag
    screen records the finding) exists. The message, or ""."""
    check = (
        SessionSafetyCheck.objects.filter(session__episode=episode, escalation__isnull=False)
        .select_related("session")
        .order_by("-session__number")
        .first()
    )
    if check is None:
        return ""
    later = Assessment.objects.filter(
        episode=episode, assessed_on__gte=check.session.seen_on, created_at__gt=check.updated_at
    ).exists()
    if later:
        return ""
    escalation = check.escalation or {}
    return (
        f"Treatment is stopped: the neurological re-check at session {check.session.number} was "
        f"worse ({escalation.get('condition')}, {urgency_words(escalation.get('urgency'))}): "
        f"{escalation.get('action')} Record it in a re-assessment's red-flag screen."
    )


def safety_sign_refusal(session: TreatmentSession) -> str:
    """A note whose re-check escalated records the escalation, not a treatment."""
    check = SessionSafetyCheck.objects.filter(session=session).first()
    if check is None or not check.escalation or not session.techniques.exists():
        return ""
    return (
        "The neurological re-check was worse, which stops treatment: remove the techniques "
        "(record what was done about the escalation) before signing."
    )


def episode_precautions_in_force(episode: Episode) -> list[str]:
    """The latest assessment's precautions, with later visits' additions and removals."""
    latest = Assessment.objects.filter(episode=episode).order_by("-number").first()
    found = list(((latest.precautions_input or {}) if latest else {}).get("findings") or [])
    checks = SessionSafetyCheck.objects.filter(session__episode=episode)
    if latest is not None:
        checks = checks.filter(updated_at__gt=latest.updated_at)
    for check in checks.order_by("session__number"):
        found += [p for p in check.precautions_added if p not in found]
        found = [p for p in found if p not in check.precautions_removed]
    return found


def precautions_carried_forward(episode: Episode) -> dict:
    """A re-assessment's Health section starts from the previous one with the visits' changes
    applied, so a medicine started between assessments is not lost (the clinician reviews it)."""
    latest = Assessment.objects.filter(episode=episode).order_by("-number").first()
    stored = dict((latest.precautions_input or {}) if latest else {})
    if not stored and not SessionSafetyCheck.objects.filter(session__episode=episode).exists():
        return {}
    stored["findings"] = episode_precautions_in_force(episode)
    checks = SessionSafetyCheck.objects.filter(session__episode=episode)
    weeks = [c.gestation_weeks for c in checks.order_by("session__number") if c.gestation_weeks]
    if weeks:
        stored["gestation_weeks"] = weeks[-1]
    if "pregnancy" not in stored["findings"]:
        stored.pop("gestation_weeks", None)
    if "anticoagulant_therapy" in stored["findings"]:
        stored["anticoagulant"] = "yes"
    return stored


def safety_panel(session: TreatmentSession) -> dict:
    """What the note page's safety panel shows."""
    check = SessionSafetyCheck.objects.filter(session=session).first()
    book = get_kb().precautions.precautions
    in_force = episode_precautions_in_force(session.episode)
    planned = {
        p["id"] for p in ((session.plan.output or {}).get("precautions") or {}).get("in_force", [])
    }
    return {
        "session": session,
        "check": check,
        "recheck": _recheck(session),
        "neuro_choices": NeuroResult.choices,
        "precaution_choices": [(p.id, p.label) for p in book.values()],
        "in_force": [(p, book[p].label) for p in in_force if p in book],
        "not_in_plan": [book[p].label for p in in_force if p in book and p not in planned],
        "editable": not session.is_signed,
    }
