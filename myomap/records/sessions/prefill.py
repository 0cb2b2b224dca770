"""What a new session note starts with (docs/clinical-rules.md, session notes: defaults from the
plan): the stage in force, its techniques with the knowledge base's dose ranges, its exercises, the
plan's aftercare, and the re-examination carried over from the last note (or from the assessment for
the first one), so an unchanged finding needs no typing and a changed one is one click."""

from __future__ import annotations

from datetime import date

from myomap.clinical.dosing import DOSE_FIELDS, protocol_ranges
from myomap.records.models import Assessment, Plan, TreatmentSession

EXAM_FROM_FINDINGS = {
    "muscles_in_spasm": "spasm",
    "muscles_shortened": "shortened",
    "muscles_weak": "weak",
}


def _stage(plan: Plan, stage_id: str | None) -> dict:
    stages = plan.output.get("stages") or []
    return next((s for s in stages if s["id"] == stage_id), stages[0] if stages else {})


def _last_doses(previous: TreatmentSession | None) -> dict[tuple[str, str, str], dict]:
    """The doses of the previous note's technique rows, by (technique, muscle, side)."""
    if previous is None:
        return {}
    return {
        (row.technique, row.muscle, row.side): {
            name: getattr(row, name) for name in DOSE_FIELDS if getattr(row, name) is not None
        }
        for row in previous.techniques.all()
    }


def _technique_rows(stage: dict, previous: TreatmentSession | None) -> list[dict]:
    last = _last_doses(previous)
    rows = []
    for item in stage.get("techniques", []):
        ranges: dict = {}
        for found in protocol_ranges(item["technique"]):  # the first-session range comes first
            ranges.setdefault(found.field, found)
        key = (item["technique"], item.get("muscle") or "", item.get("side") or "")
        rows.append(
            {
                "technique": item["technique"],
                "muscle": key[1],
                "side": key[2],
                "applied": "",  # a suggestion: the clinician ticks what was done
                # The dose used last time for the same technique on the same muscle carries
                # over (a 120 s hold stays 120 s); otherwise the low end of each protocol
                # range, a value the clinician confirms or changes, never one outside it.
                **{field: r.low for field, r in ranges.items()},
                **last.get(key, {}),
            }
        )
    return rows


def _exercise_rows(stage: dict, programme: list) -> list[dict]:
    """The home programme carried over (exercises given and not stopped, with the last dose
    written), then the stage's exercises not yet given."""
    rows = [{"exercise": item.exercise, "dose": item.dose} for item in programme]
    given = {row["exercise"] for row in rows}
    for planned in stage.get("exercises", []):
        if planned["exercise"] not in given:
            given.add(planned["exercise"])
            rows.append({"exercise": planned["exercise"], "dose": ""})
    return rows


def _exam_from_assessment(assessment: Assessment) -> dict:
    findings = list(assessment.muscle_findings.all())
    exam: dict = {
        field: [{"muscle": f.muscle, "side": f.side} for f in findings if getattr(f, flag)]
        for field, flag in EXAM_FROM_FINDINGS.items()
    }
    exam["trigger_points"] = [
        {"muscle": f.muscle, "side": f.side, "released": False}
        for f in findings
        if f.referral_reproduced
    ]
    return exam


def _exam_from_session(session: TreatmentSession) -> dict:
    return {
        "muscles_in_spasm": session.muscles_in_spasm,
        "muscles_shortened": session.muscles_shortened,
        "muscles_weak": session.muscles_weak,
        # Released last time is not the same as gone: it is re-checked today.
        "trigger_points": [{**t, "released": False} for t in session.trigger_points or []]
        if session.trigger_points is not None
        else None,
    }


def session_note_defaults(
    *,
    plan: Plan,
    stage_id: str | None,
    previous: TreatmentSession | None,
    today: date,
    programme: list | None = None,
) -> dict:
    """`programme`: the episode state's home programme (`ProgrammeItem`s)."""
    stage = _stage(plan, stage_id)
    exam = _exam_from_session(previous) if previous else _exam_from_assessment(plan.assessment)
    return {
        "seen_on": today.isoformat(),
        "stage": stage.get("id", ""),
        "red_flag_rescreen": "",
        "techniques": _technique_rows(stage, previous),
        "exercises": _exercise_rows(stage, programme or []),
        "aftercare": [a["id"] for a in plan.output.get("aftercare", [])],
        "criteria_met": [],
        "pelvis_level": None,
        **exam,
    }
