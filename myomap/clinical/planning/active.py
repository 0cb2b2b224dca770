"""Active care from the first visit (plan rule 12) and STarT Back matched care.

Every plan that allows treatment gives the client something to do, with a dose, in stage 1:
pain education, staying active, and walking (graded activity instead for high STarT Back risk),
plus movement breaks for desk work or sitting difficulty. The stage order stays the emphasis of
treatment; what waits is loading a muscle in spasm, not activity. docs/active-care.md says why.
"""

from __future__ import annotations

from myomap.clinical.kb import lookups
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.course import longer_course_reasons
from myomap.clinical.planning.items import Goal, PlanDraft
from myomap.clinical.planning.make import add_exercise

RULE = "plan.r12.active_from_first_visit"


def add_first_visit_activities(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["relieve_spasm"]
    add_exercise(
        stage,
        "pain_education",
        rule=RULE,
        reason="Advice and reassurance at the first contact, for every risk group: what back "
        "pain is, that it usually improves, and that activity helps."
        + (" Central to care at high STarT Back risk." if ctx.high_risk else ""),
    )
    add_exercise(
        stage,
        "stay_active",
        rule=RULE,
        reason="Staying active beats bed rest; every plan starts with it.",
    )
    if ctx.high_risk:
        add_exercise(
            stage,
            "graded_activity",
            rule="plan.start_back_high.graded_activity",
            reason="High STarT Back risk: graded activity from the first visit, led by an agreed "
            "plan rather than by pain (walking is a good first choice).",
        )
    else:
        add_exercise(
            stage,
            "walking_programme",
            rule=RULE,
            reason="Walking from the first visit, starting below the current tolerance.",
        )
    if ctx.occupation == "desk" or "prolonged_sitting" in ctx.demands:
        add_exercise(
            stage,
            "movement_breaks",
            rule=RULE,
            reason="Desk work or sitting difficulty: break up long sitting from the first week.",
        )
    if ctx.occupation == "manual" and not ctx.high_risk:
        stage.goals.append(
            Goal(
                "Stay at work, or go back early, with modified duties while the spasm settles; "
                "agree them with the workplace.",
                "plan.r12.work_from_first_visit",
                lookups.source_key("return_to_work"),
            )
        )
    if ctx.high_risk and ctx.occupation:
        stage.goals.append(
            Goal(
                "Return-to-work plan from the first visit: early contact with the workplace, "
                "phased hours or modified duties agreed with the client.",
                "plan.start_back_high.return_to_work",
                lookups.source_key("return_to_work"),
            )
        )


def matched_care(ctx: PlanContext) -> dict:
    """How intensive care is, by STarT Back risk (Hill 2011; NICE NG59 first contact)."""
    sources = [lookups.source_key("matched_care"), "NG59"]
    if ctx.risk == "low":
        longer = longer_course_reasons(ctx)
        visits = "1-2 sessions (derived from the trial's low-risk arm, moderate confidence)"
        if longer:
            visits = (
                f"start with 1-2 sessions and review, since {' and '.join(longer)} "
                "(derived from the trial's low-risk arm, moderate confidence)"
            )
        return {
            "risk": "low",
            "pathway": "self_management",
            "text": "Low STarT Back risk: a short, self-management-led plan. Advice, "
            "reassurance and the home exercises carry it; keep hands-on work brief and use it "
            "to get the client moving (stretching is taught for home rather than done in the "
            "clinic). One or two sessions may be all that is needed; review at the second visit "
            "whether more is useful.",
            "visits": visits,
            "rule": "plan.start_back_low",
            "sources": sources,
        }
    if ctx.risk == "high":
        return {
            "risk": "high",
            "pathway": "psychologically_informed",
            "text": "High STarT Back risk: psychologically informed care. Graded activity and "
            "pain education from the first visit, gentle threshold-level manual pressure on "
            "fewer points, agreed activity goals and a return-to-work plan; exercise stays at "
            "the centre of care.",
            "options": [
                "A combined physical and psychological programme with a cognitive-behavioural "
                "approach (NICE NG59) if psychosocial obstacles persist or earlier care fails."
            ],
            "visits": "a longer course than the standard plan",
            "rule": "plan.start_back_high",
            "sources": sources,
        }
    text = "Medium STarT Back risk: the standard exercise-led plan, manual therapy as an adjunct."
    if ctx.risk is None:
        text = (
            "STarT Back not scored: the standard exercise-led plan is used; score it to match "
            "the intensity of care to the risk."
        )
    return {
        "risk": ctx.risk,
        "pathway": "standard",
        "text": text,
        "visits": "typical course",
        "rule": "plan.start_back_medium",
        "sources": sources,
    }
