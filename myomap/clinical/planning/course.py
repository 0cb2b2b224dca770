"""What surrounds the stages: aftercare (rule 9), the reassessment schedule (rule 10), the
expected course with its evidence grade, and the communication note for high STarT Back risk."""

from __future__ import annotations

from myomap.clinical.kb import lookups
from myomap.clinical.planning.context import PlanContext

REASSESS_AT_SESSIONS = [3, 5]  # docs/clinical-rules.md, progress

# After every session (docs/clinical-rules.md, plan rules). The ids stay; the words fit the client's
# work.
AFTERCARE = [
    {"advice": "Drink water through the rest of the day.", "id": "drink_water"},
    {"advice": "Walk lightly, at an easy pace, later the same day.", "id": "light_walking"},
    {"advice": "Avoid heavy lifting for 24 hours.", "id": "no_heavy_lifting_24h"},
]
LIFTING_BY_OCCUPATION = {
    "manual": "For the next 24 hours keep to lighter work: avoid your heaviest lifts, and ask "
    "for lighter or modified duties for the day if you can.",
    "athlete": "For the next 24 hours keep to easy activity: no heavy lifting and no hard "
    "training session; an easy walk is fine.",
    "desk": "Avoid heavy lifting for 24 hours; keep up your movement breaks at work.",
}
AFTERCARE_EVIDENCE = {
    "grade": "low",
    "text": "Practice advice from the method's pages, not tested in trials; staying active "
    "after treatment is in line with the guidelines.",
}


def aftercare(occupation: str | None = None) -> list[dict]:
    source = lookups.source_key("aftercare")
    items = []
    for item in AFTERCARE:
        advice = item["advice"]
        if item["id"] == "no_heavy_lifting_24h":
            advice = LIFTING_BY_OCCUPATION.get(occupation or "", advice)
        items.append(
            {
                **item,
                "advice": advice,
                "every_session": True,
                "rule": "plan.r9.aftercare",
                "source": source,
                "evidence": dict(AFTERCARE_EVIDENCE),
            }
        )
    return items


def reassessment() -> dict:
    return {
        "sessions": list(REASSESS_AT_SESSIONS),
        "what": "NPRS against baseline (clinically important: 2 points or 30 %), ODI or PSFS, "
        "trigger points and pelvic landmarks; red flags are re-screened every visit.",
        "rule": "plan.r10.reassess",
        "source": lookups.source_key("mcid"),
    }


def longer_course_reasons(ctx: PlanContext) -> list[str]:
    reasons = []
    if ctx.duration == "chronic":
        reasons.append("the episode is chronic")
    if ctx.severity and ctx.severity["level"] == "severe":
        reasons.append("the presentation is severe")
    if ctx.assessment.episode.recurrent is True:
        reasons.append("the episode is recurrent")
    if ctx.high_risk:
        reasons.append("STarT Back risk is high")
    # Imported here: the precaution module imports this package's item factories.
    from myomap.clinical.planning.precautions import radicular_course_note

    if radicular_course_note(ctx):
        reasons.append("the presentation is radicular (nerve-root symptoms recover more slowly)")
    return reasons


def _low_risk_course(ctx: PlanContext) -> bool:
    return ctx.risk == "low" and not longer_course_reasons(ctx)


def expected_course(ctx: PlanContext) -> dict:
    """The method's 3–5 sessions claim, with its grade: it comes from practitioner pages, not
    trials; cohort data agree only that most improvement comes in the first six weeks."""
    longer = longer_course_reasons(ctx)
    if longer:
        summary = (
            f"Expect a longer course than the typical 3–5 sessions because {', '.join(longer)}; "
            "plan to move to a maintenance plan with periodic trigger-point checks."
        )
    elif _low_risk_course(ctx):
        summary = (
            "Low STarT Back risk: advice, reassurance and the home programme may be all that is "
            "needed; one or two sessions, with a review at the second."
        )
    else:
        summary = "Most clients improve clearly within 3–5 sessions."
    from myomap.clinical.planning.precautions import radicular_course_note

    radicular = radicular_course_note(ctx)
    if radicular:
        summary = f"{summary} {radicular}"
    evidence = {
        "grade": "low",
        "text": "The 3–5 session figure is a practitioner claim, not a trial result. "
        "Cohort studies show most improvement in the first six weeks, slower after, "
        "and persistent pain takes longer.",
        "sources": [
            lookups.source_key("expected_course"),
            lookups.source_key("natural_history"),
        ],
    }
    if not longer and _low_risk_course(ctx):
        evidence = {
            "grade": "moderate",
            "text": "In the STarT Back trial the low-risk group usually had a single session of "
            "assessment, advice and reassurance; the 1–2 session figure is derived from it.",
            "sources": [lookups.source_key("matched_care"), "NG59"],
        }
    return {
        "typical_sessions": {"min": 1, "max": 2}
        if evidence["grade"] == "moderate"
        else {"min": 3, "max": 5},
        "longer_expected": bool(longer),
        "because": longer,
        "summary": summary,
        "evidence": evidence,
        "rule": "plan.expected_course",
    }


def approach_note(ctx: PlanContext) -> dict | None:
    """STarT Back high risk (psychosocial subscale 4 or 5) → psychologically informed approach.
    Yellow flags shape how care is delivered; they are never a reason to withhold it."""
    if not ctx.high_risk:
        return None
    return {
        "approach": "psychologically_informed",
        "text": "STarT Back high risk: use a psychologically informed approach. Explain the pain "
        "in plain terms, address fear of movement and worry directly, agree graded "
        "activity goals, and keep exercise at the centre of care. This guides "
        "communication and support; it is not a reason to refuse or delay treatment.",
        "consider": "If psychosocial obstacles persist, a combined physical and psychological "
        "programme (guideline recommendation) alongside exercise.",
        "rule": "plan.start_back_high",
        "sources": [lookups.source_key("start_back"), lookups.source_key("guideline_package")],
    }


def massage_evidence_note() -> dict:
    return {
        "text": "Massage and trigger-point techniques may give short-term relief; the evidence "
        "is low quality, so guidelines use them only alongside exercise and advice to "
        "stay active, which is why every plan carries exercises.",
        "grade": "low",
        "sources": ["FURLAN-2015", lookups.source_key("guideline_package")],
    }
