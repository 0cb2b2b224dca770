"""The "Health and precautions" section of an assessment: conditions and medicines in plain
words, the anticoagulant / antiplatelet question asked explicitly, pregnancy and its weeks,
and the clinician's scope of practice (docs/precautions.md). Validated through the engine's own
assessment schema, stored atomically, audited like every section."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.models import Membership, ScopeOfPractice
from myomap.errors import ValidationFailed
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import section_store

ANTICOAGULANT = "anticoagulant_therapy"
SCOPES = tuple(ScopeOfPractice.values)  # one vocabulary with the clinician's profile
TEXT_LIMIT = 2000


def _text(data: dict, key: str, errors: dict) -> str:
    value = str(data.get(key) or "").strip()
    if "\x00" in value:
        errors[f"health.{key}"] = ["must not contain NUL characters"]
    elif len(value) > TEXT_LIMIT:
        errors[f"health.{key}"] = [f"at most {TEXT_LIMIT} characters, got {len(value)}"]
    return value


def precautions_clean(data: dict[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    findings = [str(f) for f in data.get("findings") or []]
    answer = data.get("anticoagulant")
    if answer not in ("yes", "no"):
        errors["health.anticoagulant"] = [
            "Answer yes or no: does the client take an anticoagulant or antiplatelet medicine?"
        ]
    elif answer == "yes" and ANTICOAGULANT not in findings:
        findings.append(ANTICOAGULANT)
    elif answer == "no" and ANTICOAGULANT in findings:
        errors["health.anticoagulant"] = [
            "The answer is no but anticoagulant therapy is ticked: correct one of them."
        ]
    scope = data.get("clinician_scope") or None
    if scope is not None and scope not in SCOPES:
        errors["health.clinician_scope"] = [f"must be one of: {', '.join(SCOPES)}"]
    cleaned = {
        "findings": list(dict.fromkeys(findings)),
        "gestation_weeks": data.get("gestation_weeks"),
        "conditions": _text(data, "conditions", errors),
        "medications": _text(data, "medications", errors),
        "anticoagulant": answer,
        "clinician_scope": scope,
    }
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def assessment_precautions_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, data: dict[str, Any]
):
    """Store the section; the whole document is re-checked by the engine (unknown ids, weeks
    without pregnancy) before anything is saved."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    cleaned = precautions_clean(data)
    with transaction.atomic():
        assessment.precautions_input = cleaned
        return section_store(actor, assessment, "health", ["precautions_input"])


def profile_scope(assessment) -> str:
    """The scope of practice on the assessing clinician's profile (their membership of the
    assessment's clinic), or "" when none is recorded."""
    if assessment.created_by_id is None:
        return ""
    scope = (
        Membership.objects.filter(user_id=assessment.created_by_id, clinic_id=assessment.clinic_id)
        .values_list("scope_of_practice", flat=True)
        .first()
    )
    return scope or ""


def precautions_document(stored: dict, *, default_scope: str = "") -> dict:
    """The engine document's `precautions` and `clinician` parts from the stored section. The
    scope chosen in the section wins; without one, the clinician's profile scope applies (and
    without that, the engine's most restrictive default)."""
    if not stored:
        return {"clinician": {"scope": default_scope}} if default_scope else {}
    body: dict[str, Any] = {"precautions": {"findings": list(stored.get("findings") or [])}}
    if stored.get("gestation_weeks") is not None:
        body["precautions"]["gestation_weeks"] = stored["gestation_weeks"]
    scope = stored.get("clinician_scope") or default_scope
    if scope:
        body["clinician"] = {"scope": scope}
    return body
