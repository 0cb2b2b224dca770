"""The assessment document (myomap/clinical/assessment.py) built from stored data (what `engine
plan` reads), the reasoning summary over it, and the red-flag hard stop (docs/clinical-rules.md,
triage)."""

from __future__ import annotations

from myomap.clinical.assessment import ENGINE_FINDING_FLAGS
from myomap.clinical.engine import document_check, reasoning_run
from myomap.clinical.explain import EngineInputError, kb_version
from myomap.clinical.kb import BLOCKING_URGENCIES
from myomap.records.models import Assessment


def _measures(assessment: Assessment) -> dict:
    # The plan document knows NPRS, ODI, STarT Back and PSFS; RMDQ and FABQ are stored and
    # scored but not part of it (the schema forbids unknown keys).
    stored = assessment.measures_input or {}
    measures: dict = {}
    for key in ("nprs", "odi", "start_back"):
        if stored.get(key) is not None:
            measures[key] = stored[key]
    if stored.get("psfs"):
        measures["psfs"] = [activity["rating"] for activity in stored["psfs"]]
    return measures


def _pain_map(assessment: Assessment) -> list[dict]:
    # The pain map belongs to the body chart (PainMapEntry, related_name "pain_entries"); read it
    # when that model exists, so this module does not depend on it being installed.
    entries = getattr(assessment, "pain_entries", None)
    if entries is None:
        return []
    pain_map = []
    for entry in entries.all():
        item = {"region": entry.region}
        for key in ("intensity", "quality"):
            value = getattr(entry, key, None)
            if value not in (None, ""):
                item[key] = value
        pain_map.append(item)
    return pain_map


def _muscles(assessment: Assessment) -> list[dict]:
    return [
        {
            "muscle": finding.muscle,
            "side": finding.side,
            "trigger_point": finding.trigger_point,
            **{flag: getattr(finding, flag) for flag in ENGINE_FINDING_FLAGS},
        }
        for finding in assessment.muscle_findings.all()
    ]


def assessment_document_build(assessment: Assessment) -> dict:
    """The assessment document (myomap/clinical/assessment.py) from what is stored. Sections not yet
    assessed are left empty, which the engine reads as "not assessed", never as "normal"."""
    episode = assessment.episode
    client = episode.client
    triage = assessment.triage_input or {}
    return {
        "client": {"age": client.age, "sex": client.sex, "occupation": client.occupation},
        "episode": {
            "onset": episode.onset_date.isoformat(),
            "on": assessment.assessed_on.isoformat(),
            "recurrent": episode.recurrent,
        },
        "triage": {
            "findings": list(triage.get("findings", [])),
            "onset_age": triage.get("onset_age"),
            "duration_weeks": triage.get("duration_weeks"),
        },
        "measures": _measures(assessment),
        "severity": dict(assessment.severity_input or {}),
        "pain_map": _pain_map(assessment),
        "posture": dict(assessment.posture_input or {}),
        "muscles": _muscles(assessment),
        **_precautions(assessment),
    }


def _precautions(assessment: Assessment) -> dict:
    # Imported here: the precautions module imports the section services, which import this one.
    from myomap.records.assessments.precautions import precautions_document, profile_scope

    stored = assessment.precautions_input or {}
    default = "" if stored.get("clinician_scope") else profile_scope(assessment)
    return precautions_document(stored, default_scope=default)


def assessment_reasoning(assessment: Assessment) -> dict | None:
    """The engine's causal chain and five elements over the current document, with the
    kb_version; None when the document cannot be read (it is validated on every save, so this
    only happens if the knowledge base dropped an id that was stored earlier)."""
    try:
        parsed = document_check(assessment_document_build(assessment))
    except EngineInputError:
        return None
    result = reasoning_run(parsed)
    result.setdefault("kb_version", kb_version())
    return result


def assessment_plan_blocker(assessment: Assessment) -> str | None:
    """The red-flag hard stop (docs/clinical-rules.md, triage): while an emergency or urgent triage
    has no recorded action, the referral action text (which blocks plan generation); None
    otherwise."""
    triage = assessment.triage_result or {}
    if triage.get("urgency") not in BLOCKING_URGENCIES:
        return None
    if assessment.red_flag_actions.all():
        return None
    actions = [
        concern["action"]
        for concern in triage.get("concerns", [])
        if concern.get("urgency") in BLOCKING_URGENCIES
    ]
    return " ".join(dict.fromkeys(actions)) or "Refer for medical assessment before treatment."
