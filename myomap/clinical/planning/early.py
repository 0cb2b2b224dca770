"""Stages 1–3: relieve spasm, restore flexibility, restore biomechanics (SPEC §5.7 rules 2, 5,
6 and 7). Each item is chosen from this client's findings, never from a generic list."""

from __future__ import annotations

from myomap.clinical.assessment import MuscleFinding
from myomap.clinical.planning import catalogue
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, Goal, PlanDraft
from myomap.clinical.planning.make import (
    add_exercise,
    add_technique,
    muscle_label,
    place_loading_exercise,
)

DEEP_STABILISERS = ("transversus_abdominis", "multifidus_rotatores_lumbar")
TORSION_STAGES = ("relieve_spasm", "restore_flexibility", "restore_biomechanics")


def _name(m: MuscleFinding) -> str:
    return muscle_label(m.muscle, m.side)


def build_relieve_spasm(ctx: PlanContext, draft: PlanDraft) -> None:
    stage = draft.stages["relieve_spasm"]
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
            )
            _friction(ctx, draft, m)
        elif m.trigger_point == "active":
            reason = (
                f"Active trigger point recorded in {_name(m)} but its referral was not reproduced: "
                "re-palpate and treat if the client's familiar pain is reproduced."
            )
            add_technique(
                draft,
                stage,
                "ischemic_compression",
                rule="plan.r2.unconfirmed_active",
                reason=reason,
                muscle=m.muscle,
                side=m.side,
            )
        if m.trigger_point == "latent" and not m.confirmed_trigger_point:
            add_technique(
                draft,
                stage,
                "ischemic_compression",
                rule="plan.r2.latent_before_stretch",
                reason=f"Latent trigger point in {_name(m)}: release it before lengthening "
                "so it does not limit range.",
                muscle=m.muscle,
                side=m.side,
            )
        if m.spasm is True:
            add_technique(
                draft,
                stage,
                "soft_tissue_release",
                rule="plan.r3.relieve_spasm_first",
                reason=f"{_name(m)} is in spasm: release it before any loading.",
                muscle=m.muscle,
                side=m.side,
            )
    if ctx.spasm_muscles:
        add_technique(
            draft,
            stage,
            "heat_therapy",
            rule="plan.r6.heat_allowed",
            reason="Heat eases muscle spasm and is allowed in every episode phase.",
        )
    if ctx.duration == "acute" or ctx.spasm_muscles:
        add_technique(
            draft,
            stage,
            "gentle_mobility_drills",
            rule="plan.r6.gentle_mobility",
            reason="Gentle mobility keeps the client moving while spasm settles.",
        )
    stage.goals += _spasm_goals(ctx)


def _spasm_goals(ctx: PlanContext) -> list[Goal]:
    source = catalogue.source_key("order")
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
    return goals


def _friction(ctx: PlanContext, draft: PlanDraft, m: MuscleFinding) -> None:
    """Deep cross-fibre friction on a confirmed trigger point's taut band, never in an acute
    episode (rule 6); when the onset date is unknown an acute episode cannot be ruled out."""
    source = catalogue.source_key("acute_friction")
    if ctx.duration in ("acute", None):
        why = (
            "the episode is acute" if ctx.duration == "acute" else "the episode duration is unknown"
        )
        draft.block(
            Blocked(
                "cross_fiber_friction",
                f"No deep cross-fibre friction: {why} (not in the acute inflammatory stage).",
                "plan.r6.acute_no_friction",
                source,
                m.muscle,
                m.side,
            )
        )
        return
    for stage_id in ("relieve_spasm", "restore_flexibility"):
        if catalogue.technique_allowed_in("cross_fiber_friction", stage_id):
            add_technique(
                draft,
                draft.stages[stage_id],
                "cross_fiber_friction",
                rule="plan.r6.friction_when_not_acute",
                muscle=m.muscle,
                side=m.side,
                reason=f"Cross-fibre friction across the taut band of {_name(m)} "
                f"({ctx.duration} episode), within tolerance.",
            )
            return


def build_restore_flexibility(ctx: PlanContext, draft: PlanDraft) -> None:
    for m in ctx.muscles:
        if m.shortened is True:
            _lengthen(ctx, draft, m)


def _lengthen(ctx: PlanContext, draft: PlanDraft, m: MuscleFinding) -> None:
    stage = draft.stages["restore_flexibility"]
    add_technique(
        draft,
        stage,
        "active_isolated_stretching",
        rule="plan.r7.shortened_lengthened",
        reason=f"{_name(m)} is shortened: lengthen it with Active Isolated Stretching.",
        muscle=m.muscle,
        side=m.side,
    )
    options = catalogue.exercises_for("lengthens", m.muscle, stage.id)
    if not options:
        draft.undecided.append(
            f"home lengthening exercise for {_name(m)}: none in the knowledge base"
        )
        return
    add_exercise(
        stage,
        options[0],
        rule="plan.r7.shortened_lengthened",
        muscle=m.muscle,
        side=m.side,
        reason=f"{_name(m)} is shortened: this exercise lengthens it.",
    )
    stage.goals.append(
        Goal(
            f"Restore the length of {_name(m)}.",
            "plan.r7.shortened_lengthened",
            catalogue.source_key("exercise_from_findings"),
        )
    )


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


def _motor_control(ctx: PlanContext, draft: PlanDraft, m: MuscleFinding) -> None:
    """The most specific motor-control exercise for a weak muscle that loads no muscle in
    spasm (rule 3); the ones passed over are listed in `blocked`."""
    stage = draft.stages["restore_biomechanics"]
    for exercise_id in catalogue.exercises_for("strengthens", m.muscle, stage.id):
        if exercise_id in {e.exercise for e in stage.exercises}:
            return
        reason = f"{_name(m)} is weak: train its control before loading it."
        if place_loading_exercise(
            ctx,
            draft,
            stage,
            exercise_id,
            rule="plan.r7.weak_motor_control",
            muscle=m.muscle,
            side=m.side,
            reason=reason,
        ):
            return


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
    source = catalogue.source_key("lld")
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
        Goal(text, "plan.r13.possible_asymmetry", catalogue.source_key("pelvic_reliability"))
    )
