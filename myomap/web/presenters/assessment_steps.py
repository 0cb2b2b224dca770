"""The assessment as a list of steps: which section partials each step page holds, which saved
section belongs to which step, and how complete each step is (read from what is stored, never by
running the engine). Red flags come first; a fired red flag is shown on every step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from myomap.web.forms.questionnaires import INSTRUMENT_ORDER


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    partials: tuple[str, ...]
    # The sections (`assessment_section` names) whose forms live on this step.
    sections: tuple[str, ...] = ()


# The order a questionnaire page comes in: the short pain ratings first.
MEASURE_PARTIALS = {name: f"assessments/_measure_{name}.html" for name in INSTRUMENT_ORDER}

STEPS: tuple[Step, ...] = (
    Step(
        "red-flags",
        "Red flags",
        ("portal/clinician/_client_reported.html", "assessments/_red_flags.html"),
        ("red_flags",),
    ),
    Step("health", "Health", ("assessments/_health.html",), ("health",)),
    Step("measures", "Questionnaires", (), INSTRUMENT_ORDER),
    Step("severity", "Severity", ("assessments/_severity.html",), ("severity",)),
    Step("posture", "Posture", ("assessments/_posture.html",), ("posture",)),
    Step("body-chart", "Body chart", ("assessments/_body_chart_step.html",)),
    Step("palpation", "Palpation", ("assessments/_findings.html",), ("findings",)),
    Step("candidates", "Candidate muscles", ("assessments/_candidates_step.html",)),
    Step("reasoning", "Reasoning", ("assessments/_reasoning.html",)),
    Step("plan", "Plan", ("assessments/_plan_step.html",)),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
SECTION_STEP = {
    **{section: step.slug for step in STEPS for section in step.sections},
    "red_flag_action": "red-flags",
}

# Extra context for one step's partials: slug → functions (request, actor, assessment) -> dict.
# Another part of the application that adds a partial to a step registers its context here.
StepExtra = Callable[..., dict]
STEP_EXTRAS: dict[str, list[StepExtra]] = {}


def step_url(assessment_id, slug: str, instrument: str | None = None) -> str:
    if slug == "measures" and instrument:
        return reverse("assessment_measure_step", args=[assessment_id, instrument])
    return reverse("assessment_step", args=[assessment_id, slug])


def section_url(assessment_id, section: str) -> str:
    """The step page that holds a section's form."""
    slug = SECTION_STEP[section]
    return step_url(assessment_id, slug, section if section in INSTRUMENT_ORDER else None)


def _scored(assessment) -> set[str]:
    return {name for name in INSTRUMENT_ORDER if (assessment.scores or {}).get(name)}


def _any_value(stored: dict | None) -> bool:
    return any(value not in (None, "", [], {}) for value in (stored or {}).values())


def _reasoning_found(result: dict | None) -> bool:
    statements = [*(result or {}).get("causal_chain", []), *(result or {}).get("five_elements", [])]
    return any(s.get("status") != "not_assessed" for s in statements)


def step_states(
    assessment, *, blocker: str | None, pain_marked: bool, plan_count: int
) -> dict[str, tuple[str, str]]:
    """Step slug → (state, words): state is done, partial, todo or stop."""
    triage = assessment.triage_result or {}
    scored = _scored(assessment)
    if blocker:
        red_flags = ("stop", "Red flag: act now")
    elif any(c.get("urgency") != "none" for c in triage.get("concerns", [])):
        red_flags = ("stop", "Red flag found")
    elif triage.get("concerns"):
        red_flags = ("partial", "Flag noted")
    elif assessment.triage_result is not None:
        red_flags = ("done", "Screened")
    else:
        red_flags = ("todo", "Not screened")

    def recorded(done: bool, todo: str = "Not recorded") -> tuple[str, str]:
        return ("done", "Recorded") if done else ("todo", todo)

    if len(scored) == len(INSTRUMENT_ORDER):
        measures = ("done", "All scored")
    elif scored:
        measures = ("partial", f"{len(scored)} of {len(INSTRUMENT_ORDER)} scored")
    else:
        measures = ("todo", "None scored")
    findings = len(assessment.muscle_findings.all())
    if blocker:
        plan = ("stop", "Stopped by red flag")
    elif plan_count:
        plan = ("done", f"{plan_count} version{'s' if plan_count > 1 else ''}")
    else:
        plan = ("todo", "Not generated")
    return {
        "red-flags": red_flags,
        "health": recorded(_any_value(assessment.precautions_input)),
        "measures": measures,
        "severity": recorded(assessment.severity_result is not None),
        "posture": recorded(_any_value(assessment.posture_input)),
        "body-chart": recorded(pain_marked, "Nothing marked"),
        "palpation": (
            ("done", f"{findings} finding{'s' if findings != 1 else ''}")
            if findings
            else ("todo", "None yet")
        ),
        "candidates": ("done", "Ranked") if pain_marked else ("todo", "Needs a drawing"),
        "reasoning": (
            ("done", "Ready")
            if _reasoning_found(assessment.reasoning_result)
            else ("todo", "Waits for findings")
        ),
        "plan": plan,
    }


def step_nav(assessment, current: str, states: dict[str, tuple[str, str]]) -> list[dict]:
    return [
        {
            "slug": step.slug,
            "number": number,
            "title": step.title,
            "url": step_url(assessment.pk, step.slug),
            "state": states[step.slug][0],
            "words": states[step.slug][1],
            "current": step.slug == current,
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def measure_nav(assessment, current: str | None, instruments) -> list[dict]:
    scores = assessment.scores or {}
    return [
        {
            "id": name,
            "name": instruments[name].name,
            "url": step_url(assessment.pk, "measures", name),
            "scored": name in scores,
            "current": name == current,
        }
        for name in INSTRUMENT_ORDER
    ]


def neighbours(current: str, instrument: str | None = None) -> tuple[dict | None, dict | None]:
    """The previous and next page (slug, instrument, title) in the walk through the steps, the
    questionnaires one by one."""
    walk: list[tuple[str, str | None, str]] = []
    for step in STEPS:
        if step.slug == "measures":
            walk += [("measures", name, "") for name in INSTRUMENT_ORDER]
        else:
            walk.append((step.slug, None, step.title))
    here = walk.index((current, instrument, "" if instrument else STEP_BY_SLUG[current].title))
    before = walk[here - 1] if here > 0 else None
    after = walk[here + 1] if here + 1 < len(walk) else None
    return _page(before), _page(after)


def _page(entry) -> dict | None:
    if entry is None:
        return None
    slug, instrument, title = entry
    return {"slug": slug, "instrument": instrument, "title": title}
