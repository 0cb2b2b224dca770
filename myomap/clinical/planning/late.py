"""Stages 4–5: build strength, build endurance (SPEC §5.7 rules 3 and 7).

Rule 3 is enforced here and nowhere else: an exercise that loads a muscle recorded in spasm is
never placed in a stage; it goes to `blocked` with the reason, and the plan is re-built at the
reassessment once the spasm has resolved.
"""

from __future__ import annotations

from myomap.clinical.planning import catalogue
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, Goal, PlanDraft, Stage
from myomap.clinical.planning.make import add_exercise, strengthens_any

LOADING_OCCUPATIONS = ("manual", "athlete")
# Rule 7: manual work and sport get progressive loading with the kettlebell swing (SPEC §2.11–12).
LOADING_EXERCISES = ("kettlebell_swing",)


def _name(muscle: str, side: str | None = None) -> str:
    label = muscle.replace("_", " ")
    return f"{label} ({side})" if side else label


def block_for_spasm(ctx: PlanContext, draft: PlanDraft, exercise_id: str, loaded: set[str]) -> None:
    names = ", ".join(_name(m) for m in sorted(loaded))
    draft.block(
        Blocked(
            exercise_id,
            f"Not prescribed: it loads {names}, which is in spasm; strengthening a muscle in spasm "
            "delays relief. Reassess once the spasm has gone.",
            "plan.r3.no_strengthening_in_spasm",
            catalogue.source_key("order"),
        )
    )


def place_loading_exercise(
    ctx: PlanContext, draft: PlanDraft, stage: Stage, exercise_id: str, **item: str | None
) -> bool:
    """Add an exercise unless it strengthens a muscle in spasm (rule 3)."""
    loaded = strengthens_any(exercise_id, ctx.spasm_muscles)
    if loaded:
        block_for_spasm(ctx, draft, exercise_id, loaded)
        return False
    add_exercise(stage, exercise_id, **item)
    return True


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
    for exercise_id in options:
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
        _desk_exercises(ctx, draft, stage)
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


def _desk_exercises(ctx: PlanContext, draft: PlanDraft, stage: Stage) -> None:
    """A desk worker's endurance work: the KB's sitting-posture drill when it has one."""
    for exercise_id, entry in catalogue.posture_exercises():
        place_loading_exercise(
            ctx,
            draft,
            stage,
            exercise_id,
            rule="plan.r7.occupation_desk",
            reason=f"Desk work: {entry.name.lower()} for sustained sitting.",
        )
