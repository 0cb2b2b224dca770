"""The clinician's side of the pre-visit answers: the "client-reported" panel of an
assessment, accepting parts of it into the assessment (through the assessment's own services),
and the red-flag banner on Today. Scoped to the acting member's clinic and clinical role;
every read and write audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import triage_run
from myomap.clinical.kb import get_kb, urgency_words
from myomap.errors import NotFound, ValidationFailed
from myomap.portal.models import PreVisitAnswers, PreVisitStatus
from myomap.portal.previsit.questions import ANTICOAGULANT, NO, PREGNANCY, UNSURE, YES
from myomap.portal.previsit.services import LICENSED, OBJECT, finding_label
from myomap.records.assessments.measures import assessment_measure_save, measure_score
from myomap.records.assessments.precautions import TEXT_LIMIT, assessment_precautions_save
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import assessment_red_flags_save
from myomap.records.models import Assessment
from myomap.records.painmap import (
    assessment_pain_map_save,
    pain_map_candidates,
    pain_map_marked,
)

PARTS = ("red_flags", "health", "nprs", "psfs", *LICENSED, "pain")
PART_LABELS = {
    "red_flags": "Warning-sign answers into the red-flag screen",
    "health": "Health answers into health and precautions",
    "nprs": "Pain score (NPRS)",
    "psfs": "Activities (PSFS)",
    "pain": "Pain drawing into the body chart",
    **{i: f"{get_kb().instruments[i].name} answers" for i in LICENSED},
}
TODAY_LIMIT = 20


def _submitted_for(actor: Actor):
    actor.require_clinical()
    return PreVisitAnswers.objects.filter(
        clinic=actor.clinic, status=PreVisitStatus.SUBMITTED
    ).select_related("client", "episode", "accepted_by")


def _red_flag_summary(answers: PreVisitAnswers) -> dict:
    said_yes = [f for f, v in answers.red_flags.items() if v == YES]
    unsure = [f for f, v in answers.red_flags.items() if v == UNSURE]
    client = answers.client
    triage = (
        triage_run({"age": client.age, "sex": client.sex, "findings": said_yes})
        if said_yes
        else None
    )
    return {
        "yes": [finding_label(f) for f in said_yes],
        "unsure": [finding_label(f) for f in unsure],
        "urgency": triage["urgency"] if triage else None,
        "urgency_words": capfirst(urgency_words(triage["urgency"])) if triage else "",
        "concerns": [c["condition"] for c in triage["concerns"]] if triage else [],
    }


def _health_summary(health: dict) -> dict:
    if not health:
        return {}
    answers = health.get("answers") or {}
    return {
        "pregnant": health.get("pregnant"),
        "gestation_weeks": health.get("gestation_weeks"),
        "anticoagulant": health.get("anticoagulant"),
        "yes": [finding_label(p) for p, v in answers.items() if v == YES],
        "unsure": [finding_label(p) for p, v in answers.items() if v == UNSURE],
        "conditions": health.get("conditions", ""),
        "medications": health.get("medications", ""),
    }


def _pain_summary(pain: list[dict]) -> tuple[list[dict], dict | None]:
    regions = get_kb().regions
    rows = [
        {**e, "label": regions[e["region"]].label if e["region"] in regions else e["region"]}
        for e in pain
    ]
    marked = {e["region"]: e for e in pain if e["region"] in regions}
    return rows, pain_map_candidates(marked)


def client_reported_for_assessment(*, actor: Actor, assessment: Assessment) -> dict | None:
    """The newest sent answers that belong with this assessment (same episode, or sent before
    the client had one), not accepted into another assessment; None when there are none."""
    answers = (
        _submitted_for(actor)
        .filter(client_id=assessment.episode.client_id)
        .filter(Q(episode__isnull=True) | Q(episode_id=assessment.episode_id))
        .filter(Q(accepted_into__isnull=True) | Q(accepted_into=assessment))
        .order_by("-submitted_at")
        .first()
    )
    if answers is None:
        return None
    audit_object(actor, AuditAction.READ, OBJECT, answers)
    pain_rows, candidates = _pain_summary(answers.pain)
    return {
        "answers": answers,
        "red_flags": _red_flag_summary(answers),
        "health": _health_summary(answers.health),
        "pain": pain_rows,
        "candidates": candidates,
        "measures": [
            {
                "id": i,
                "name": get_kb().instruments[i].name,
                "score": measure_score(i, answers.measures[i]),
            }
            for i in LICENSED
            if i in answers.measures
        ],
        "parts": [
            {
                "id": part,
                "label": PART_LABELS[part],
                "available": _has(answers, part),
                "accepted": part in answers.accepted_parts,
            }
            for part in PARTS
        ],
    }


def _has(answers: PreVisitAnswers, part: str) -> bool:
    if part in LICENSED:
        return part in answers.measures
    return bool(getattr(answers, part) if part != "nprs" else answers.nprs is not None)


def _joined(existing: str, client_text: str, field: str) -> str:
    if not client_text or client_text in existing:
        return existing
    text = (existing + "\n" if existing else "") + f"Client-reported: {client_text}"
    if len(text) > TEXT_LIMIT:
        raise ValidationFailed(
            {
                f"health.{field}": [
                    f"with the client's words this would pass the limit of {TEXT_LIMIT} "
                    "characters; shorten it in Health and precautions first."
                ]
            }
        )
    return text


def _health_input(assessment: Assessment, health: dict) -> dict:
    stored = dict(assessment.precautions_input or {})
    findings = list(stored.get("findings") or [])
    answers = health.get("answers") or {}
    findings += [p for p, v in answers.items() if v == YES]
    if health.get("pregnant") == YES:
        findings.append(PREGNANCY)
    # Never weaker than either side: a "yes" from the client or the record stands.
    sides = {stored.get("anticoagulant"), health.get("anticoagulant")}
    if YES in sides or ANTICOAGULANT in findings:
        anticoagulant = YES
        findings.append(ANTICOAGULANT)
    elif NO in sides:
        anticoagulant = NO
    else:
        raise ValidationFailed(
            {
                "health.anticoagulant": [
                    "the client was not sure whether they take a blood thinner: ask them and "
                    "record it in Health and precautions, then accept the health answers."
                ]
            }
        )
    return {
        "findings": list(dict.fromkeys(findings)),
        "gestation_weeks": stored.get("gestation_weeks") or health.get("gestation_weeks"),
        "conditions": _joined(
            stored.get("conditions") or "", health.get("conditions", ""), "conditions"
        ),
        "medications": _joined(
            stored.get("medications") or "", health.get("medications", ""), "medications"
        ),
        "anticoagulant": anticoagulant,
        "clinician_scope": stored.get("clinician_scope"),
    }


def _apply(actor: Actor, assessment: Assessment, answers: PreVisitAnswers, part: str) -> None:
    if part == "red_flags":
        stored = assessment.triage_input or {}
        said_yes = [f for f, v in answers.red_flags.items() if v == YES]
        findings = list(dict.fromkeys([*(stored.get("findings") or []), *said_yes]))
        assessment_red_flags_save(
            actor=actor,
            assessment_id=assessment.pk,
            data={
                "findings": findings,
                "onset_age": stored.get("onset_age"),
                "duration_weeks": stored.get("duration_weeks"),
            },
        )
    elif part == "health":
        assessment_precautions_save(
            actor=actor, assessment_id=assessment.pk, data=_health_input(assessment, answers.health)
        )
    elif part in ("nprs", "psfs"):
        assessment_measure_save(
            actor=actor,
            assessment_id=assessment.pk,
            instrument=part,
            answers=getattr(answers, part),
        )
    elif part in LICENSED:
        assessment_measure_save(
            actor=actor,
            assessment_id=assessment.pk,
            instrument=part,
            answers=answers.measures[part],
        )
    else:
        # The clinician's own marks stay; the client's drawing fills the regions not marked.
        marked = pain_map_marked(assessment)
        entries = [{"region": r, **e} for r, e in marked.items()]
        entries += [e for e in answers.pain if e["region"] not in marked]
        assessment_pain_map_save(actor=actor, assessment_id=assessment.pk, entries=entries)


def previsit_accept(
    *,
    actor: Actor,
    assessment_id: uuid.UUID | str,
    answers_id: uuid.UUID | str,
    parts: Iterable[str],
) -> PreVisitAnswers:
    """Copy the chosen parts into the assessment, all or nothing; each goes through the
    assessment's own service, so it is validated, scored and audited as if typed there."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    chosen = [p for p in PARTS if p in set(parts)]
    unknown = set(parts) - set(PARTS)
    if unknown or not chosen:
        raise ValidationFailed({"parts": [f"Choose one or more of: {', '.join(PARTS)}."]})
    with transaction.atomic():
        answers = (
            _submitted_for(actor)
            .select_for_update(of=("self",))
            .filter(pk=answers_id, client_id=assessment.episode.client_id)
            .filter(Q(episode__isnull=True) | Q(episode_id=assessment.episode_id))
            .filter(Q(accepted_into__isnull=True) | Q(accepted_into=assessment))
            .first()
        )
        if answers is None:
            raise NotFound("No such client-reported answers for this assessment.")
        for part in chosen:
            if not _has(answers, part):
                raise ValidationFailed(
                    {"parts": [f"The client did not answer: {PART_LABELS[part]}."]}
                )
            _apply(actor, assessment, answers, part)
            assessment.refresh_from_db()
        answers.accepted_into = assessment
        answers.accepted_by = actor.user
        answers.accepted_at = answers.accepted_at or timezone.now()
        answers.accepted_parts = list(dict.fromkeys([*answers.accepted_parts, *chosen]))
        answers.save(
            update_fields=[
                "accepted_into",
                "accepted_by",
                "accepted_at",
                "accepted_parts",
                "updated_at",
            ]
        )
        audit_object(
            actor,
            AuditAction.UPDATE,
            OBJECT,
            answers,
            {"accepted_into": str(assessment.pk), "parts": chosen},
        )
    return answers


def client_reported_red_flags_today(*, actor: Actor) -> list[dict[str, Any]]:
    """Sent answers with a warning sign answered "yes" that no clinician has reviewed yet:
    Today shows them before the visit, whoever's caseload the client is on."""
    if not actor.sees_clinical:
        return []
    pending = (
        _submitted_for(actor)
        .filter(reports_red_flag=True, accepted_at__isnull=True)
        .order_by("-submitted_at")[:TODAY_LIMIT]
    )
    rows = [
        {
            "answers": answers,
            "client": answers.client,
            "episode": answers.episode,
            **_red_flag_summary(answers),
        }
        for answers in pending
    ]
    for row in rows:
        audit_object(actor, AuditAction.LIST, OBJECT, row["answers"])
    return rows


def client_reported_step_extra(request, actor: Actor, assessment: Assessment) -> dict:
    """The assessment step pages' extra context for the client-reported panel (the template
    `portal/clinician/_client_reported.html` reads `client_reported`)."""
    return {"client_reported": client_reported_for_assessment(actor=actor, assessment=assessment)}
