"""Stages 4–5: build strength, build endurance (SPEC §5.7 rules 3 and 7).

Rule 3 is enforced here and nowhere else: an exercise that loads a muscle recorded in spasm is
never placed in a stage; it goes to `blocked` with the reason, and the plan is re-built at the
reassessment once the spasm has resolved.
"""

from __future__ import annotations

from myomap.clinical.planning import catalogue
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, Goal, PlanDraft, Stage
from myomap.clinical.planning.make import muscle_label as _name
from myomap.clinical.planning.make import place_loading_exercise

LOADING_OCCUPATIONS = ("manual", "athlete")
# Rule 7: manual work and sport get progressive loading with the kettlebell swing (SPEC §2.11–12).
LOADING_EXERCISES = ("kettlebell_swing",)


def build_strength(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["build_strength"]
    for m in ctx.muscles:
        if m.weak is not True:
            continue
        if m.spasm is True:
            draft.block(
                Blocked(
                    f"strengthening of {m.muscle}",
                    f"{_name(m.muscle, m.side)} is weak but in spasm: relieve the spasm first, "
                    "then reassess and add its strengthening exercise.",
                    "plan.r3.no_strengthening_in_spasm",
                    catalogue.source_key("order"),
                    m.muscle,
                    m.side,
                )
            )
            continue
        _strengthen(ctx, draft, stage, m.muscle, m.side)
    if ctx.assessment.severity.weakness is True and not any(m.weak for m in ctx.muscles):
        stage.goals.append(
            Goal(
                "Weakness was reported but no muscle was tested weak: test the trunk and hip "
                "muscles before choosing strengthening exercises.",
                "plan.r7.exercises_from_findings",
                catalogue.source_key("exercise_from_findings"),
            )
        )


def _strengthen(ctx: PlanContext, draft: PlanDraft, stage: Stage, muscle: str, side: str) -> None:
    options = catalogue.exercises_for("strengthens", muscle, stage.id)
    # Progress from stage 3: an exercise not already used for motor control comes first.
    used = {e.exercise for e in draft.stages["restore_biomechanics"].exercises}
    for exercise_id in sorted(options, key=lambda e: e in used):
        reason = f"{_name(muscle, side)} is weak or inhibited: this exercise strengthens it."
        if place_loading_exercise(
            ctx,
            draft,
            stage,
            exercise_id,
            rule="plan.r7.weak_strengthened",
            reason=reason,
            muscle=muscle,
            side=side,
        ):
            stage.goals.append(
                Goal(
                    f"Strengthen {_name(muscle, side)}.",
                    "plan.r7.weak_strengthened",
                    catalogue.source_key("exercise_from_findings"),
                )
            )
            return
    if not options:
        draft.undecided.append(f"strengthening exercise for {_name(muscle, side)}: none in the KB")


def build_endurance(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["build_endurance"]
    source = catalogue.source_key("occupation")
    occupation = ctx.occupation
    if occupation == "desk":
        for text in (
            "Sitting posture on the sit bones, with a set-up reviewed at the workstation.",
            "Movement breaks through the working day.",
            "Ergonomic review of the desk, chair and screen.",
        ):
            stage.goals.append(Goal(text, "plan.r7.occupation_desk", source))
    elif occupation in LOADING_OCCUPATIONS:
        for text in (
            "Progressive loading towards the demands of the client's work or sport.",
            "Dynamic drills that rehearse the work or sport movements.",
        ):
            stage.goals.append(Goal(text, f"plan.r7.occupation_{occupation}", source))
        for exercise_id in LOADING_EXERCISES:
            if catalogue.exercise(exercise_id) is not None:
                place_loading_exercise(
                    ctx,
                    draft,
                    stage,
                    exercise_id,
                    rule=f"plan.r7.occupation_{occupation}",
                    reason=f"{occupation.capitalize()} demands: progressive hip-hinge loading.",
                )
    else:
        what = "not recorded" if occupation is None else "'other'"
        stage.goals.append(
            Goal(
                f"Occupation {what}: progress the stage 4 exercises towards endurance and set "
                "activity goals with the client.",
                "plan.r7.occupation_other",
                source,
            )
        )
    stage.goals.append(
        Goal("Keep core strength and mobility as an ongoing habit.", "plan.r7.prevention", source)
    )
