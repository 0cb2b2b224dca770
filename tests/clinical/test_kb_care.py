"""Exercises, techniques and stages of the clinical knowledge base."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import get_kb

SEED_TECHNIQUES = [  # SPEC 5.7
    "ischemic_compression",
    "cross_fiber_friction",
    "myofascial_release",
    "deep_tissue_massage",
    "active_isolated_stretching",
    "heat_therapy",
    "gentle_mobility_drills",
    "soft_tissue_release",
    "joint_mobilization",
    "neuromuscular_reeducation",
    "pelvic_control_drills",
    "shockwave",
]
SEED_EXERCISES = [  # SPEC 5.7
    "dead_bug",
    "bird_dog",
    "side_plank",
    "glute_bridge",
    "hip_thrust",
    "squat",
    "romanian_deadlift",
    "kettlebell_swing",
    "hip_flexor_stretch",
]


@pytest.mark.parametrize("technique_id", SEED_TECHNIQUES)
def test_every_seed_technique_is_present(technique_id):
    assert technique_id in get_kb().techniques


@pytest.mark.parametrize("exercise_id", SEED_EXERCISES)
def test_every_seed_exercise_is_present(exercise_id):
    assert exercise_id in get_kb().exercises


def test_every_muscle_has_a_lengthening_and_a_strengthening_exercise():
    kb = get_kb()
    for muscle_id in kb.muscles:
        assert kb.exercises_for(muscle_id, action="lengthens"), muscle_id
        assert kb.exercises_for(muscle_id, action="strengthens"), muscle_id


def test_the_five_stages_come_in_the_order_of_rehabilitation():
    assert get_kb().stage_ids == [
        "relieve_spasm",
        "restore_flexibility",
        "restore_biomechanics",
        "build_strength",
        "build_endurance",
    ]


def test_every_stage_has_goals_and_exit_criteria():
    for stage in get_kb().stages:
        assert stage.goals and stage.exit_criteria, stage.id


def test_strengthening_exercises_never_appear_in_the_spasm_stage():
    for exercise in get_kb().exercises.values():
        if exercise.strengthens:
            assert "relieve_spasm" not in exercise.stages, exercise.id


def test_ischaemic_compression_is_dosed_30_to_90_seconds_at_about_5_to_7_of_10():
    dose = {d.parameter: d for d in get_kb().techniques["ischemic_compression"].dose}
    assert (dose["hold"].range.min, dose["hold"].range.max) == (30, 90)
    assert (dose["discomfort_0_10"].range.min, dose["discomfort_0_10"].range.max) == (5, 7)
    assert dose["discomfort_0_10"].confidence == "low"


def test_the_seed_pressure_in_pounds_is_shown_as_a_claim_without_trial_support():
    claims = get_kb().techniques["ischemic_compression"].practice_claims
    assert any("lb" in c.claim and "no trial" in c.support for c in claims)


def test_deep_friction_is_contraindicated_in_an_acute_episode():
    ids = {c.id for c in get_kb().techniques["cross_fiber_friction"].contraindications}
    assert "acute_episode" in ids


def test_active_isolated_stretching_holds_two_seconds_for_8_to_10_repetitions():
    dose = {d.parameter: d.range for d in get_kb().techniques["active_isolated_stretching"].dose}
    assert (dose["hold"].min, dose["hold"].max) == (1.5, 2)
    assert (dose["repetitions"].min, dose["repetitions"].max) == (8, 10)


def test_every_technique_has_an_evidence_grade():
    for technique in get_kb().techniques.values():
        assert technique.evidence.grade, technique.id


def test_exercise_doses_without_a_source_say_the_clinician_sets_them():
    for exercise in get_kb().exercises.values():
        dose = exercise.dose
        if dose.repetitions is None and dose.hold is None:
            assert "clinician sets" in (dose.note or ""), exercise.id
