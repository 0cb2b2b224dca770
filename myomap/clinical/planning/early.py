"""Stages 1–3: relieve spasm, restore flexibility, restore biomechanics (docs/clinical-rules.md,
plan rules 2, 5, 6, 7 and 12). Each item is chosen from this client's findings, never from a generic
list; the client activities every plan starts with are in `active`."""

from __future__ import annotations

from myomap.clinical.assessment import MuscleFinding
from myomap.clinical.kb import get_kb, lookups
from myomap.clinical.planning.choose import choose_and_place
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, Check, Goal, PlanDraft
from myomap.clinical.planning.make import add_technique, muscle_label

DEEP_STABILISERS = ("transversus_abdominis", "multifidus_rotatores_lumbar")
TORSION_STAGES = ("relieve_spasm", "restore_flexibility", "restore_biomechanics")
AIS_TECHNIQUE = "active_isolated_stretching"


def _name(m: MuscleFinding) -> str:
    return muscle_label(m.muscle, m.side)


def _gentle_prefix(ctx: PlanContext) -> str:
    return (
        "Gentle dose, threshold-level and client-controlled, because "
        f"{' and '.join(ctx.irritability_reasons)} (SIMONS-1999, HOU2002, HILL-2011): "
    )


def build_relieve_spasm(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["relieve_spasm"]
    profile = "gentle" if ctx.gentle else "standard"
    for m in ctx.muscles:
        if m.confirmed_trigger_point:
            reason = (
                f"Confirmed {m.trigger_point} trigger point in {_name(m)}: the referral was "
                "reproduced on palpation, so it is treated in stage 1."
            )
            add_technique(
                draft,
                stage,
                "ischemic_compression",
                rule="plan.r2.confirmed_trigger_point",
                reason=reason,
                muscle=m.muscle,
                side=m.side,
                profile=profile,
                dose_prefix=_gentle_prefix(ctx) if ctx.gentle else "",
            )
        elif m.trigger_point != "none":
            _check(stage, m)
        if m.spasm is True:
            gentle = (
                " Gentle, broad pressure within comfort, as for compression." if ctx.gentle else ""
            )
            add_technique(
                draft,
                stage,
                "soft_tissue_release",
                rule="plan.r3.relieve_spasm_first",
                reason=f"{_name(m)} is in spasm: release it before any loading.{gentle}",
                muscle=m.muscle,
                side=m.side,
            )
    if ctx.spasm_muscles:
        add_technique(
            draft,
            stage,
            "heat_therapy",
            rule="plan.r6.heat_allowed",
            reason="Heat eases pain and muscle guarding and is allowed in every episode phase"
            + (
                " (its short-term benefit is shown in acute and subacute pain; in chronic pain the "
                "evidence is lacking, so use it only if it helps this client move)."
                if ctx.duration == "chronic"
                else "."
            ),
        )
    if ctx.duration == "acute" or ctx.spasm_muscles:
        add_technique(
            draft,
            stage,
            "gentle_mobility_drills",
            rule="plan.r6.gentle_mobility",
            reason="Gentle mobility keeps the client moving while spasm settles.",
        )
    _no_friction_on_trigger_points(ctx, draft)
    stage.goals += _spasm_goals(ctx)


def _check(stage, m: MuscleFinding) -> None:
    """A trigger point whose referral was not reproduced is not compressed by default: it may
    not be part of this complaint (a latent one often is not)."""
    if m.trigger_point == "latent":
        text = (
            f"Latent trigger point in {_name(m)} that did not reproduce the complaint: check it "
            "and treat only if it turns out to be relevant (it reproduces the familiar pain or "
            "limits the stretch)."
        )
        rule = "plan.r2.latent_check_only"
    else:
        text = (
            f"Active trigger point recorded in {_name(m)} but its referral was not reproduced: "
            "re-palpate, and treat it if the client's familiar pain is reproduced."
        )
        rule = "plan.r2.unconfirmed_check"
    stage.checks.append(Check(m.muscle, m.side, text, rule, "SIMONS-1999"))


def _spasm_goals(ctx: PlanContext) -> list[Goal]:
    source = lookups.source_key("order")
    goals = []
    if ctx.spasm_muscles:
        names = ", ".join(sorted(_name(m) for m in ctx.muscles if m.spasm is True))
        goals.append(Goal(f"Relieve spasm in {names}.", "plan.r3.relieve_spasm_first", source))
    confirmed = [_name(m) for m in ctx.muscles if m.confirmed_trigger_point]
    if confirmed:
        goals.append(
            Goal(
                f"Deactivate the confirmed trigger points: {', '.join(confirmed)}.",
                "plan.r2.confirmed_trigger_point",
                source,
            )
        )
    if confirmed and ctx.gentle and len(confirmed) > 3:
        goals.append(
            Goal(
                f"{len(confirmed)} confirmed points and a gentle dose of 2-3 points per visit: "
                "spread them over the stage-1 visits, the ones that reproduce the main complaint "
                "first.",
                "plan.manual_dose_by_irritability",
                "HILL-2011",
            )
        )
    return goals


def _no_friction_on_trigger_points(ctx: PlanContext, draft: PlanDraft) -> None:
    """Deep cross-fibre friction treats a located tendon or ligament lesion, not a trigger
    point, so it is never planned from trigger-point findings. In an acute episode (or when
    the onset is unknown) rule 6 forbids it anyway, and says so."""
    if not any(m.confirmed_trigger_point for m in ctx.muscles):
        return
    if ctx.duration in ("acute", None):
        why = (
            "the episode is acute" if ctx.duration == "acute" else "the episode duration is unknown"
        )
        draft.block(
            Blocked(
                "cross_fiber_friction",
                f"No deep cross-fibre friction: {why} (not in the acute inflammatory stage).",
                "plan.r6.acute_no_friction",
                lookups.source_key("acute_friction"),
            )
        )
        return
    draft.block(
        Blocked(
            "cross_fiber_friction",
            "Not planned: cross-fibre friction treats a tendon, ligament or muscle-belly lesion "
            "found by selective tissue tension testing, not a trigger point; the clinician may "
            "add it for such a lesion (never over nerves or vessels, never on the iliopsoas).",
            "plan.friction_lesion_only",
            lookups.source_key("friction_indication"),
        )
    )


def build_restore_flexibility(ctx: PlanContext, draft: PlanDraft) -> None:
    for m in ctx.muscles:
        if m.shortened is True:
            _lengthen(ctx, draft, m)


def _lengthen(ctx: PlanContext, draft: PlanDraft, m: MuscleFinding) -> None:
    """One lengthening item per method and muscle: Active Isolated Stretching in the clinic and
    a static stretch at home (never AIS twice). A low-risk client's plan is self-management
    led, so the home stretch alone."""
    stage = draft.stages["restore_flexibility"]
    in_clinic = ctx.risk != "low"
    if in_clinic:
        add_technique(
            draft,
            stage,
            AIS_TECHNIQUE,
            rule="plan.r7.shortened_lengthened",
            reason=f"{_name(m)} is shortened: lengthen it with Active Isolated Stretching.",
            muscle=m.muscle,
            side=m.side,
        )
    goal = Goal(
        f"Restore the length of {_name(m)}.",
        "plan.r7.shortened_lengthened",
        lookups.source_key("exercise_from_findings"),
    )
    for existing in stage.exercises:
        # One home stretch can serve two shortened muscles on the same side (the hamstrings).
        if existing.side == m.side and m.muscle in existing.lengthens:
            if _name(m) not in existing.also_for:
                existing.also_for.append(_name(m))
            stage.goals.append(goal)
            return
    options = lookups.exercises_for("lengthens", m.muscle, stage.id)
    ais_home = {ex for ex in options if ex.startswith("ais_")} if in_clinic else set()
    item = choose_and_place(
        ctx,
        draft,
        stage,
        options=options,
        muscle=m.muscle,
        side=m.side,
        role="lengthens",
        rule="plan.r7.shortened_lengthened",
        exclude=ais_home,
        reason=lambda ex: (
            f"{_name(m)} is shortened: a home stretch that lengthens it"
            + (" (Active Isolated Stretching is done in the clinic)." if in_clinic else ".")
        ),
    )
    if item is None:
        draft.undecided.append(
            f"home lengthening exercise for {_name(m)}: none in the knowledge base"
        )
        return
    stage.goals.append(goal)


def build_restore_biomechanics(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["restore_biomechanics"]
    weak_deep = [m for m in ctx.muscles if m.weak is True and m.muscle in DEEP_STABILISERS]
    for m in weak_deep:
        add_technique(
            draft,
            stage,
            "neuromuscular_reeducation",
            rule="plan.r7.weak_stabiliser",
            reason=f"{_name(m)} is weak or inhibited: re-train its activation first.",
            muscle=m.muscle,
            side=m.side,
        )
    if not weak_deep and ctx.assessment.severity.weakness is True:
        add_technique(
            draft,
            stage,
            "neuromuscular_reeducation",
            rule="plan.r7.reported_weakness",
            reason="Core or back weakness was reported: re-train deep trunk activation "
            "(transversus abdominis, multifidus) and test them specifically.",
        )
    for m in ctx.muscles:
        if m.weak is True and m.spasm is not True:
            _motor_control(ctx, draft, m)
    if {"lifting", "repeated_bending"} & ctx.demands:
        _hinge_pattern(ctx, draft)


def _motor_control(ctx: PlanContext, draft: PlanDraft, m: MuscleFinding) -> None:
    """The best-scoring control exercise for a weak muscle; an exercise already in the stage
    that trains the muscle covers it (one item per purpose)."""
    stage = draft.stages["restore_biomechanics"]
    for existing in stage.exercises:
        if m.muscle in lookups.exercise(existing.exercise).primary:
            label = _name(m)
            if existing.for_muscle != m.muscle and label not in existing.also_for:
                existing.also_for.append(label)
            return
    choose_and_place(
        ctx,
        draft,
        stage,
        options=lookups.exercises_for("strengthens", m.muscle, stage.id),
        muscle=m.muscle,
        side=m.side,
        role="strengthens",
        rule="plan.r7.weak_motor_control",
        reason=lambda ex: f"{_name(m)} is weak: train its control at low load before loading it.",
    )


def _hinge_pattern(ctx: PlanContext, draft: PlanDraft) -> None:
    """Lifting or repeated bending in the client's difficulties or work: learn the hip hinge
    here, as an option for lifting and the prerequisite of any loaded hinge later."""
    stage = draft.stages["restore_biomechanics"]
    if "hip_hinge_drill" in {e.exercise for e in stage.exercises}:
        return
    choose_and_place(
        ctx,
        draft,
        stage,
        options=("hip_hinge_drill",),
        muscle=None,
        side=None,
        role="strengthens",
        rule="plan.r7.function_hinge",
        reason=lambda ex: (
            "Lifting or repeated bending matters to this client: learn the hip "
            "hinge at bodyweight first (an option for lifting, and the step before any loaded "
            "hinge)."
        ),
    )


def add_torsion_work(ctx: PlanContext, draft: PlanDraft) -> None:
    """Rule 5: torsion correction is a goal of stages 1–3 and is retested every session.
    Rule 13: only a torsion that counts does this; one low-reliability finding is "possible
    pelvic asymmetry" and asymmetry explained by a structural difference is not torsion."""
    status = ctx.torsion_status
    if status in ("possible", "explained"):
        _asymmetry_note(draft, status)
        return
    if not ctx.torsion:
        return
    source = lookups.source_key("lld")
    for stage_id in TORSION_STAGES:
        draft.stages[stage_id].goals.append(
            Goal(
                "Correct the pelvic torsion; retest pelvic landmarks and leg length every session.",
                "plan.r5.pelvic_torsion",
                source,
            )
        )
    add_technique(
        draft,
        draft.stages["relieve_spasm"],
        "joint_mobilization",
        rule="plan.r5.pelvic_torsion",
        target="pelvis and sacroiliac joints",
        reason="Pelvic torsion counted (pain-provocation cluster, or apparent leg-length "
        "difference with a positive supine-to-long-sit): mobilise the pelvis and SI joints "
        "within the clinician's scope of practice; judge it by symptoms and function.",
    )
    add_technique(
        draft,
        draft.stages["relieve_spasm"],
        "post_isometric_relaxation",
        rule="plan.r13.met_for_pelvic_asymmetry",
        target="pelvis (low-force muscle energy technique)",
        reason="Muscle energy technique is the manual tool for pelvic asymmetry in the NMT and "
        "osteopathic manuals (MITCHELL-2001); a Cochrane review found low-quality evidence and no "
        "clear benefit (FRANKE-2015): keep it low force and brief, judged by symptoms.",
    )
    add_technique(
        draft,
        draft.stages["restore_biomechanics"],
        "pelvic_control_drills",
        rule="plan.r5.pelvic_torsion",
        target="pelvis",
        reason="Pelvic torsion recorded: train pelvic control so the correction holds.",
    )


def _asymmetry_note(draft: PlanDraft, status: str) -> None:
    if status == "explained":
        text = (
            "Pelvic asymmetry with a confirmed structural leg-length difference: the asymmetry "
            "is explained by the structure and is not treated as torsion."
        )
    else:
        text = (
            "Possible pelvic asymmetry (one low-reliability palpation finding; asymmetry is "
            "common without pain): not a treatment target by itself and no stage waits for it. "
            "If the symptoms fit, test the SIJ pain-provocation cluster (3 or more of 6)."
        )
    draft.stages["restore_biomechanics"].goals.append(
        Goal(text, "plan.r13.possible_asymmetry", lookups.source_key("pelvic_reliability"))
    )


def confirmed_points_left_out(ctx: PlanContext, draft: PlanDraft) -> None:
    """After the precautions: a confirmed trigger point that no stage-1 technique reaches any more
    (its pressure work is avoided for this client) is not a goal to deactivate by hand. The goal
    names only the points still treated, and each point left out says why, so the therapist is
    never asked to deactivate a point the plan forbids pressing."""
    stage = draft.stages["relieve_spasm"]
    treated = {(t.muscle, t.side) for t in stage.techniques}
    confirmed = [m for m in ctx.muscles if m.confirmed_trigger_point]
    left_out = [m for m in confirmed if (m.muscle, m.side) not in treated]
    if not left_out:
        return
    kept = [_name(m) for m in confirmed if (m.muscle, m.side) in treated]
    instead: list[Goal] = []
    if kept:
        instead.append(
            Goal(
                f"Deactivate the confirmed trigger points: {', '.join(kept)}.",
                "plan.r2.confirmed_trigger_point",
                lookups.source_key("order"),
            )
        )
    for m in left_out:
        block = next(
            (b for b in draft.blocked if (b.muscle, b.side) == (m.muscle, m.side) and b.precaution),
            None,
        )
        why = f" ({_precaution_label(block.precaution)})" if block and block.precaution else ""
        instead.append(
            Goal(
                f"Confirmed trigger point in {_name(m)}: not pressed, because its pressure work "
                f"is left out for this client{why}; see 'Left out on purpose' for what to do "
                "instead.",
                "plan.r2.confirmed_left_out",
                block.source if block else lookups.source_key("order"),
            )
        )
    goals: list[Goal] = []
    for goal in stage.goals:
        if goal.rule == "plan.r2.confirmed_trigger_point":
            goals += instead
        else:
            goals.append(goal)
    stage.goals = goals


def _precaution_label(precaution_id: str) -> str:
    book = get_kb().precautions
    entry = book.precautions.get(precaution_id) or book.pathways.get(precaution_id)
    return entry.label if entry else precaution_id.replace("_", " ")
