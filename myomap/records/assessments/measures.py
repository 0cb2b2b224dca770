"""Questionnaires: one save per instrument (scored by the engine, stored with the score and its
kb_version), and change against the initial assessment with the MCID (docs/clinical-rules.md,
measures)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.clinical.engine import answers_score, change_run
from myomap.clinical.explain import EngineInputError
from myomap.clinical.measures import INSTRUMENTS, change_measures
from myomap.errors import ValidationFailed
from myomap.inputs import LINE_MAX
from myomap.records.assessments.selectors import assessment_baseline, assessment_get_for_user
from myomap.records.assessments.services import engine_refusal, section_store, severity_result_for
from myomap.records.models import Assessment

__all__ = ["INSTRUMENTS", "assessment_measure_changes", "assessment_measure_save", "measure_score"]


def measure_score(instrument: str, answers: Any) -> dict:
    """The engine's score for one instrument's stored answers, with the records' limit on the
    length of a PSFS activity name."""
    return answers_score(instrument, answers, name_max=LINE_MAX)


def assessment_measure_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, instrument: str, answers: Any
) -> Assessment:
    """Store one questionnaire's answers and score; the ODI also refreshes severity, which reads
    its percent."""
    if instrument not in INSTRUMENTS:
        raise ValidationFailed({"instrument": [f"must be one of {', '.join(INSTRUMENTS)}"]})
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    try:
        score = measure_score(instrument, answers)
    except EngineInputError as exc:
        raise engine_refusal(exc, instrument) from None
    with transaction.atomic():
        assessment.measures_input = {**assessment.measures_input, instrument: answers}
        assessment.scores = {**assessment.scores, instrument: score}
        fields = ["measures_input", "scores"]
        if instrument == "odi" and assessment.severity_input:
            assessment.severity_result = severity_result_for(assessment, assessment.severity_input)
            fields.append("severity_result")
        return section_store(actor, assessment, f"measures.{instrument}", fields)


def assessment_measure_changes(assessment: Assessment) -> dict[str, dict]:
    """For a re-assessment: instrument → {baseline, follow_up, change result} against the
    episode's initial assessment, for every instrument scored in both."""
    baseline = assessment_baseline(assessment)
    if baseline is None:
        return {}
    changes = {}
    for instrument, measure in change_measures().items():
        before = (baseline.scores or {}).get(instrument) or {}
        after = (assessment.scores or {}).get(instrument) or {}
        if before.get("scored") and after.get("scored"):
            result = change_run(measure, before["score"], after["score"])
            changes[instrument] = {
                "baseline": before["score"],
                "follow_up": after["score"],
                "result": result,
                "baseline_on": baseline.assessed_on,
            }
    return changes
