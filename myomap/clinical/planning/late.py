"""Stages 4–5: build strength, build endurance (docs/clinical-rules.md, plan rules 3 and 7).

Rule 3 is enforced through `make.place_loading_exercise` and `choose.choose_and_place`: an
exercise that loads a muscle recorded in spasm is never placed in a stage; it goes to `blocked`
with the reason, and the plan is re-built at the reassessment once the spasm has resolved.

Stage 4 progresses stage 3 (the harder variant of the same target, never the same drill);
stage 5 progresses stage 4 to an endurance dose (a progressive-loading dose for manual work and
sport) and adds what the client's work or sport needs.
"""

from __future__ import annotations

from myomap.clinical.assessment import MuscleFinding
from myomap.clinical.kb import lookups
from myomap.clinical.planning.choose import choose_and_place
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, ExerciseItem, Goal, PlanDraft, Stage
from myomap.clinical.planning.make import add_exercise, place_loading_exercise
from myomap.clinical.planning.make import muscle_label as _name
from myomap.clinical.planning.selection import rank

LOADING_OCCUPATIONS = ("manual", "athlete")
CARRIED_KINDS = ("strengthen", "functional", "endurance", "motor_control")


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
                    lookups.source_key("order"),
                    m.muscle,
                    m.side,
                )
            )
            continue
        _strengthen(ctx, draft, stage, m)
    if ctx.assessment.severity.weakness is True and not any(m.weak for m in ctx.muscles):
        stage.goals.append(
            Goal(
                "Weakness was reported but no muscle was tested weak: test the trunk and hip "
                "muscles before choosing strengthening exercises.",
                "plan.r7.exercises_from_findings",
                lookups.source_key("exercise_from_findings"),
            )
        )


def _earlier_item(draft: PlanDraft, stage_id: str, muscle: str) -> ExerciseItem | None:
    return next(
        (e for e in draft.stages[stage_id].exercises if muscle in e.strengthens),
        None,
    )


def _strengthen(ctx: PlanContext, draft: PlanDraft, stage: Stage, m: MuscleFinding) -> None:
    label = _name(m.muscle, m.side)
    goal = Goal(
        f"Strengthen {label}.",
        "plan.r7.weak_strengthened",
        lookups.source_key("exercise_from_findings"),
    )
    for existing in stage.exercises:
        if existing.for_muscle and m.muscle in lookups.exercise(existing.exercise).primary:
            if existing.for_muscle != m.muscle and label not in existing.also_for:
                existing.also_for.append(label)
            stage.goals.append(goal)
            return
    before = _earlier_item(draft, "restore_biomechanics", m.muscle)
    options = lookups.exercises_for("strengthens", m.muscle, stage.id)
    previous = lookups.exercise(before.exercise) if before else None
    if previous is not None:
        options = (*previous.progression, *options)
    item = choose_and_place(
        ctx,
        draft,
        stage,
        options=options,
        muscle=m.muscle,
        side=m.side,
        role="strengthens",
        rule="plan.r7.weak_strengthened",
        # Never the same drill as stage 3, for this muscle or another (a stage moves on).
        exclude={e.exercise for e in draft.stages["restore_biomechanics"].exercises},
        progression_of=before.exercise if before else None,
        min_load=previous.load_level if previous else 1,
        reason=lambda ex: (
            f"{label} is weak or inhibited: this exercise strengthens it"
            + (f", a harder step on from {before.exercise.replace('_', ' ')}." if before else ".")
        ),
    )
    if item is not None:
        stage.goals.append(goal)
    elif not options:
        draft.undecided.append(f"strengthening exercise for {label}: none in the KB")
    else:
        draft.undecided.append(
            f"strengthening exercise for {label}: every candidate loads a muscle in spasm or "
            "is ruled out for this client; choose it at the reassessment"
        )


def _endurance_use(ctx: PlanContext) -> str:
    """Stage 5 dose: progressive loading toward work or sport for manual workers and athletes
    who can take it; the muscular-endurance dose otherwise."""
    if ctx.occupation in LOADING_OCCUPATIONS and not (
        ctx.older_adult or ctx.severe or ctx.high_risk
    ):
        return "strength_novice"
    return "endurance"


def _carry_forward(ctx: PlanContext, draft: PlanDraft, stage: Stage) -> None:
    """Each stage-4 exercise moves on: its harder variant where one fits this client, or the
    same exercise at the endurance (or progressive-loading) dose."""
    loading = _endurance_use(ctx)
    for item in list(draft.stages["build_strength"].exercises):
        entry = lookups.exercise(item.exercise)
        if entry.kind not in CARRIED_KINDS:
            continue
        ranked = [
            c
            for c in rank(
                ctx,
                entry.progression,
                muscle=item.for_muscle,
                role="strengthens",
                stage_id=stage.id,
                progression_of=item.exercise,
            )
            if c.usable
        ]
        chosen = item.exercise
        for candidate in ranked:
            if place_loading_exercise(
                ctx,
                draft,
                stage,
                candidate.exercise,
                rule="plan.r7.progress_to_endurance",
                reason=f"Progression of {item.exercise.replace('_', ' ')}: same target, a harder "
                "variant, at the stage-5 dose.",
                muscle=item.for_muscle,
                side=item.side,
                use=_stage5_use(candidate.exercise, loading),
            ):
                chosen = candidate.exercise
                break
        if chosen != item.exercise:
            _keep_also_for(stage, chosen, item)
        else:
            carried = add_exercise(
                stage,
                item.exercise,
                rule="plan.r7.progress_to_endurance",
                reason="Carried on from stage 4 at the stage-5 dose (endurance, or progressive "
                "loading toward work or sport).",
                muscle=item.for_muscle,
                side=item.side,
                use=_stage5_use(item.exercise, loading),
            )
            carried.also_for = list(item.also_for)


def _keep_also_for(stage: Stage, exercise_id: str, item: ExerciseItem) -> None:
    placed = next(e for e in stage.exercises if e.key == (exercise_id, item.for_muscle, item.side))
    placed.also_for = list(dict.fromkeys([*placed.also_for, *item.also_for]))


def _stage5_use(exercise_id: str, loading: str) -> str | None:
    """Resistance exercises move to the endurance (or progressive-loading) dose; holds keep
    their own scheme, which builds endurance by adding repetitions."""
    return loading if lookups.exercise(exercise_id).dose.use == "strength_start" else None


def build_endurance(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["build_endurance"]
    _carry_forward(ctx, draft, stage)
    source = lookups.source_key("occupation")
    occupation = ctx.occupation
    if occupation == "desk":
        _goals(
            stage,
            "plan.r7.occupation_desk",
            source,
            "Sitting posture on the sit bones, with a set-up reviewed at the workstation "
            "(a comfort measure; evidence that workstation changes help symptoms is very low "
            "certainty).",
            "Movement breaks through the working day.",
            "Ergonomic review of the desk, chair and screen.",
        )
        add_exercise(
            stage,
            "movement_breaks",
            rule="plan.r7.occupation_desk",
            reason="Desk work: movement breaks as a lasting habit.",
        )
    elif occupation == "manual":
        _manual(ctx, draft, stage, source)
    elif occupation == "athlete":
        _athlete(ctx, draft, stage, source)
    else:
        what = "not recorded" if occupation is None else "'other'"
        psfs = ctx.assessment.measures.psfs
        scored = (
            f" (scored {', '.join(f'{s:g}' for s in psfs)} out of 10 at assessment)" if psfs else ""
        )
        stage.goals.append(
            Goal(
                f"Occupation {what}: graded practice of the activities the client named on the "
                f"Patient-Specific Functional Scale{scored}, building toward their own goals.",
                "plan.r7.occupation_other",
                source,
            )
        )
    add_exercise(
        stage,
        "walking_programme",
        rule="plan.r7.endurance_walking",
        reason="Build general endurance toward 150 minutes a week of moderate activity.",
    )
    stage.goals.append(
        Goal("Keep core strength and mobility as an ongoing habit.", "plan.r7.prevention", source)
    )


def _goals(stage: Stage, rule: str, source: str, *texts: str) -> None:
    stage.goals.extend(Goal(text, rule, source) for text in texts)


def _manual(ctx: PlanContext, draft: PlanDraft, stage: Stage, source: str) -> None:
    _goals(
        stage,
        "plan.r7.occupation_manual",
        source,
        "Progressive loading toward the demands of the client's work.",
        "Lifting and manual-handling practice as graded exposure to the real work tasks.",
        "Return to work with modified duties or phased hours while loading builds, agreed "
        "with the workplace.",
    )
    place_loading_exercise(
        ctx,
        draft,
        stage,
        "lifting_practice",
        rule="plan.r7.occupation_manual",
        reason="Manual work: practise the work's lifts with graded loads (capacity building, "
        "not a 'correct technique' rule).",
    )
    _swing(ctx, draft, stage, "Manual work: ballistic hip-hinge loading for heavy work.")


def _athlete(ctx: PlanContext, draft: PlanDraft, stage: Stage, source: str) -> None:
    _goals(
        stage,
        "plan.r7.occupation_athlete",
        source,
        "Progressive loading toward the demands of the client's sport.",
        "Sport-specific drills that rehearse the sport's movements.",
    )
    add_exercise(
        stage,
        "walk_run_programme",
        rule="plan.r7.occupation_athlete",
        reason="Sport that involves running: a graded walk-run return, with entry criteria "
        "and a rule for when not to progress.",
    )
    _swing(ctx, draft, stage, "Sport: ballistic hip-hinge loading for power.")


def _swing(ctx: PlanContext, draft: PlanDraft, stage: Stage, reason: str) -> None:
    entry = lookups.exercise("kettlebell_swing")
    ruled_out = sorted(set(entry.not_for) & ctx.client_states)
    if ruled_out:
        words = {
            "older_adult": "an older adult",
            "severe": "a severe presentation",
            "high_risk": "high STarT Back risk",
            "acute": "an acute episode",
            "radicular": "a radicular (nerve-root) presentation",
        }
        draft.block(
            Blocked(
                "kettlebell_swing",
                "No kettlebell swing: a ballistic hinge (about 3,200 N of L4/L5 compression "
                f"with a 16 kg bell) is not for {', '.join(words[s] for s in ruled_out)}; "
                "progressive loading uses the exercises above instead.",
                "plan.r7.swing_not_for_client",
                lookups.source_key("hinge"),
            )
        )
        return
    place_loading_exercise(
        ctx,
        draft,
        stage,
        "kettlebell_swing",
        rule=f"plan.r7.occupation_{ctx.occupation}",
        reason=reason + " Only after the hinge drill and a good Romanian deadlift.",
        use="strength_start",
    )
