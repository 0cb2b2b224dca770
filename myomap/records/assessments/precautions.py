"""The "Health and precautions" section of an assessment: conditions and medicines in plain
words, the anticoagulant / antiplatelet question asked explicitly, pregnancy and its weeks,
and the clinician's scope of practice (docs/precautions.md). Validated through the engine's own
assessment schema, stored atomically, audited like every section."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import section_store

ANTICOAGULANT = "anticoagulant_therapy"
SCOPES = ("massage_nmt", "physiotherapist", "chiropractor_osteopath")
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


def precautions_document(stored: dict) -> dict:
    """The engine document's `precautions` and `clinician` parts from the stored section."""
    if not stored:
        return {}
    body: dict[str, Any] = {"precautions": {"findings": list(stored.get("findings") or [])}}
    if stored.get("gestation_weeks") is not None:
        body["precautions"]["gestation_weeks"] = stored["gestation_weeks"]
    if stored.get("clinician_scope"):
        body["clinician"] = {"scope": stored["clinician_scope"]}
    return body
