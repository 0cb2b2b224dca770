"""The client's side of the pre-visit answers: read and save each part, then send. Scoped to
the one client of the portal access, audited with the client as actor; every save validates
the whole part first, so a refused form changes nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import triage_run
from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb
from myomap.errors import Conflict, ValidationFailed
from myomap.inputs import LINE_MAX, strict_int
from myomap.portal.access import PortalAccess
from myomap.portal.models import PreVisitAnswers, PreVisitStatus
from myomap.portal.previsit.questions import (
    ANSWERS,
    HEALTH_QUESTIONS,
    NO,
    RED_FLAG_QUESTIONS,
    YES,
)
from myomap.records.assessments.measures import measure_score
from myomap.records.assessments.services import engine_refusal
from myomap.records.painmap import pain_entries_clean, pain_entries_from_form

TEXT_MAX = 1000
OBJECT = "previsit_answers"
ANSWER_VALUES = tuple(value for value, _ in ANSWERS)
PSFS_MIN, PSFS_MAX = 3, 5
# The licensed questionnaires a client may answer here, when the clinic's wording is loaded.
LICENSED = ("odi", "rmdq", "start_back", "fabq")


def previsit_get(access: PortalAccess) -> PreVisitAnswers:
    """This link's answers (an empty draft, created the first time); audited as the client's
    read, or as the creation of the draft."""
    answers, created = PreVisitAnswers.objects.get_or_create(
        link=access.link,
        defaults={
            "clinic": access.link.clinic,
            "client": access.client,
            "episode": access.episode,
        },
    )
    audit_object(access.actor, AuditAction.CREATE if created else AuditAction.READ, OBJECT, answers)
    return answers


def _open_draft(access: PortalAccess) -> PreVisitAnswers:
    answers = PreVisitAnswers.objects.select_for_update().filter(
        link=access.link
    ).first() or PreVisitAnswers.objects.create(
        link=access.link,
        clinic=access.link.clinic,
        client=access.client,
        episode=access.episode,
    )
    if answers.status != PreVisitStatus.DRAFT:
        raise Conflict({"answers": ["These answers were already sent to your clinic."]})
    return answers


def _store(access: PortalAccess, part: str, values: dict[str, Any]) -> PreVisitAnswers:
    with transaction.atomic():
        answers = _open_draft(access)
        for name, value in values.items():
            setattr(answers, name, value)
        answers.save(update_fields=[*values, "updated_at"])
        audit_object(access.actor, AuditAction.UPDATE, OBJECT, answers, {"part": part})
    return answers


def _choice(data, name: str, errors: dict, allowed=ANSWER_VALUES) -> str | None:
    value = data.get(name) or ""
    if value not in allowed:
        words = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
        errors[name] = ["Choose " + ", ".join(words.get(a, a) for a in allowed) + "."]
        return None
    return value


def _text(data, name: str, label: str, errors: dict, limit: int = TEXT_MAX) -> str:
    value = str(data.get(name) or "").strip()
    if len(value) > limit:
        errors[name] = [f"{label}: at most {limit} characters (you wrote {len(value)})."]
    return value


def red_flags_clean(data) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for question in RED_FLAG_QUESTIONS:
        value = _choice(data, question.finding, errors)
        if value is not None:
            cleaned[question.finding] = value
    if errors:
        first = next(iter(errors))
        errors = {
            first: [f"Please answer every question ({len(errors)} not answered yet)."],
            **{k: v for k, v in errors.items() if k != first},
        }
        raise ValidationFailed(errors)
    return cleaned


def previsit_red_flags_save(access: PortalAccess, data) -> PreVisitAnswers:
    return _store(access, "red_flags", {"red_flags": red_flags_clean(data)})


def previsit_nprs_save(access: PortalAccess, data) -> PreVisitAnswers:
    raw = data.get("nprs", "")
    try:
        value: int | None = strict_int(raw)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 10:
        raise ValidationFailed({"nprs": ["Choose a number from 0 to 10."]})
    return _store(access, "nprs", {"nprs": value})


def psfs_clean(data) -> list[dict]:
    errors: dict[str, list[str]] = {}
    rows: list[dict] = []
    for i in range(PSFS_MAX):
        activity = _text(data, f"psfs_activity_{i}", f"Activity {i + 1}", errors, LINE_MAX)
        raw = str(data.get(f"psfs_rating_{i}") or "").strip()
        if not activity and not raw:
            continue
        if not activity:
            errors[f"psfs_activity_{i}"] = [f"Activity {i + 1}: say what the activity is."]
            continue
        try:
            rating: int | None = strict_int(raw)
        except ValueError:
            rating = None
        if rating is None or not 0 <= rating <= 10:
            errors[f"psfs_rating_{i}"] = [f"Activity {i + 1}: choose a number from 0 to 10."]
            continue
        rows.append({"activity": activity, "rating": rating})
    if not errors and len(rows) < PSFS_MIN:
        errors[f"psfs_activity_{len(rows)}"] = [
            f"Please name at least {PSFS_MIN} activities (you named {len(rows)})."
        ]
    if errors:
        raise ValidationFailed(errors)
    return rows


def previsit_psfs_save(access: PortalAccess, data) -> PreVisitAnswers:
    return _store(access, "psfs", {"psfs": psfs_clean(data)})


def health_clean(data, *, asks_pregnancy: bool) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {"answers": {}}
    if asks_pregnancy:
        cleaned["pregnant"] = _choice(data, "pregnant", errors, (YES, NO))
        weeks_raw = str(data.get("gestation_weeks") or "").strip()
        weeks = None
        if cleaned["pregnant"] == YES and weeks_raw:
            try:
                weeks = strict_int(weeks_raw)
            except ValueError:
                weeks = None
            if weeks is None or not 1 <= weeks <= 45:
                errors["gestation_weeks"] = ["Weeks of pregnancy: a whole number from 1 to 45."]
        cleaned["gestation_weeks"] = weeks
    cleaned["anticoagulant"] = _choice(data, "anticoagulant", errors)
    for question in HEALTH_QUESTIONS:
        value = _choice(data, question.finding, errors)
        if value is not None:
            cleaned["answers"][question.finding] = value
    cleaned["conditions"] = _text(data, "conditions", "Other health conditions", errors)
    cleaned["medications"] = _text(data, "medications", "Medicines", errors)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def asks_pregnancy(access: PortalAccess) -> bool:
    # Asked unless the record says male; the client's record, not a guess from the answers.
    return access.client.sex != "male"


def previsit_health_save(access: PortalAccess, data) -> PreVisitAnswers:
    cleaned = health_clean(data, asks_pregnancy=asks_pregnancy(access))
    return _store(access, "health", {"health": cleaned})


def previsit_pain_save(access: PortalAccess, data) -> PreVisitAnswers:
    entries = pain_entries_clean(pain_entries_from_form(data))
    if not entries:
        raise ValidationFailed({"regions": ["Tick at least one place where you feel pain."]})
    return _store(access, "pain", {"pain": entries})


def previsit_measure_save(access: PortalAccess, instrument: str, answers: Any) -> PreVisitAnswers:
    """Store one licensed questionnaire's answers (as the form's parser gives them), checked by
    the same scorer the assessment uses so that accepting them later cannot be refused."""
    if instrument not in LICENSED:
        raise ValidationFailed({"instrument": [f"Choose one of: {', '.join(LICENSED)}."]})
    try:
        measure_score(instrument, answers)
    except EngineInputError as exc:
        raise engine_refusal(exc, instrument) from None
    with transaction.atomic():
        draft = _open_draft(access)
        # Read and write under the one row lock, so two questionnaires sent at once both stay.
        return _store(access, instrument, {"measures": {**draft.measures, instrument: answers}})


def previsit_steps(answers: PreVisitAnswers) -> dict[str, bool]:
    """Which parts are answered (the overview's ticks)."""
    return {
        "red-flags": len(answers.red_flags) == len(RED_FLAG_QUESTIONS),
        "pain-score": answers.nprs is not None,
        "activities": bool(answers.psfs),
        "health": bool(answers.health),
        "drawing": bool(answers.pain),
        **{i: i in answers.measures for i in LICENSED},
    }


def previsit_submit(access: PortalAccess) -> PreVisitAnswers:
    """Send the answers to the clinic. The warning-sign questions must be answered; the rest may
    be left for the visit. Sending twice is refused (the answers are then the clinic's draft)."""
    with transaction.atomic():
        answers = _open_draft(access)
        if not previsit_steps(answers)["red-flags"]:
            raise ValidationFailed(
                {"red-flags": ["Please answer the warning-sign questions before sending."]}
            )
        said_yes = [f for f, v in answers.red_flags.items() if v == YES]
        answers.status = PreVisitStatus.SUBMITTED
        answers.submitted_at = timezone.now()
        answers.reports_red_flag = bool(said_yes)
        answers.save(update_fields=["status", "submitted_at", "reports_red_flag", "updated_at"])
        audit_object(
            access.actor,
            AuditAction.UPDATE,
            OBJECT,
            answers,
            {"submitted": True, "red_flags_yes": said_yes},
        )
    return answers


URGENT_LEVELS = ("emergency_same_day", "urgent")


def previsit_urgent_advice(access: PortalAccess, answers: PreVisitAnswers) -> str | None:
    """When the client's own "yes" answers reach an emergency or urgent red-flag rule, the
    knowledge base's safety-netting line to show them at once (not after the visit)."""
    said_yes = [f for f, v in answers.red_flags.items() if v == YES]
    if not said_yes:
        return None
    client = access.client
    urgency = triage_run({"age": client.age, "sex": client.sex, "findings": said_yes})["urgency"]
    if urgency not in URGENT_LEVELS:
        return None
    lines = get_kb().red_flags.safety_netting
    return lines[0] if urgency == "emergency_same_day" else lines[1]


def finding_label(finding: str) -> str:
    """The KB's clinical label of a red-flag finding or precaution (for the clinician)."""
    kb = get_kb()
    if finding in kb.red_flags.findings:
        return kb.red_flags.findings[finding].label
    precaution = kb.precautions.precautions.get(finding)
    return precaution.label if precaution else finding
