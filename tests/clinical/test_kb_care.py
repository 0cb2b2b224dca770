"""Exercises, techniques and stages of the clinical knowledge base."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import get_kb

SEED_TECHNIQUES = [  # the plan rules' techniques
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
SEED_EXERCISES = [  # the plan rules' exercises
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


def _dose_lines(technique_id: str, profile: str) -> dict:
    lines = get_kb().techniques[technique_id].dose
    return {d.parameter: d for d in lines if d.applies_to in ("all", profile)}


def test_ischaemic_compression_is_dosed_30_to_90_seconds_at_about_5_to_7_of_10():
    dose = _dose_lines("ischemic_compression", "standard")
    assert (dose["hold"].range.min, dose["hold"].range.max) == (30, 90)
    assert (dose["discomfort_0_10"].range.min, dose["discomfort_0_10"].range.max) == (5, 7)
    assert dose["discomfort_0_10"].confidence == "low"


def test_gentle_compression_is_threshold_level_on_fewer_points_with_its_sources():
    dose = _dose_lines("ischemic_compression", "gentle")
    assert dose["discomfort_0_10"].range.max == 3
    assert "client" in dose["discomfort_0_10"].text
    assert (dose["points"].range.min, dose["points"].range.max) == (2, 3)
    assert {"SIMONS-1999", "HILL-2011"} <= {k for d in dose.values() for k in d.sources}


def test_cross_fibre_friction_has_no_muscle_progression_and_is_never_on_the_iliopsoas():
    friction = get_kb().techniques["cross_fiber_friction"]
    progression = next(d for d in friction.dose if d.parameter == "progression")
    assert "never for muscle trigger points" in progression.text
    assert progression.confidence == "low"
    assert {"iliopsoas", "over_nerves_or_vessels", "trigger_point_only"} <= {
        c.id for c in friction.contraindications
    }


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


def test_every_exercise_the_planner_selects_has_a_sourced_starting_dose_and_progression():
    for exercise in get_kb().exercises.values():
        if not exercise.planner_selects:
            continue
        dose = exercise.dose
        amount = (dose.sets, dose.repetitions, dose.hold, dose.duration, dose.scheme)
        assert any(value is not None for value in amount), exercise.id
        assert dose.frequency and dose.progression, exercise.id
        assert dose.sources and dose.confidence, exercise.id


def test_an_exercise_the_planner_never_selects_says_who_sets_its_dose():
    for exercise in get_kb().exercises.values():
        if not exercise.planner_selects:
            assert "therapist" in (exercise.dose.note or "") or exercise.dose.frequency


def test_every_exercise_tells_the_client_when_to_stop():
    for exercise in get_kb().exercises.values():
        assert exercise.stop_if and all(
            line.startswith(("Stop", "Cut", "Get")) for line in exercise.stop_if
        ), exercise.id


EMG_MAPPINGS = [
    # (exercise, muscle it trains, muscle it does not) from the EMG sources in the KB
    ("dead_bug", "transversus_abdominis", "quadratus_lumborum"),
    ("side_plank", "quadratus_lumborum", "multifidus_rotatores_lumbar"),
    ("bird_dog", "multifidus_rotatores_lumbar", "quadratus_lumborum"),
    ("glute_bridge", "gluteus_maximus", "multifidus_rotatores_lumbar"),
]


@pytest.mark.parametrize(("exercise_id", "trains", "not_trains"), EMG_MAPPINGS)
def test_the_strengthens_mapping_follows_the_emg_sources(exercise_id, trains, not_trains):
    entry = get_kb().exercises[exercise_id]
    assert trains in entry.strengthens
    assert not_trains not in entry.strengthens
    emg = {"EKSTROM-2007", "McGILL-1996", "CALLAGHAN-1998", "EMAMI-2015", "CONTRERAS-2015"}
    assert emg & set(entry.sources)


def test_the_prone_press_up_lengthens_no_muscle_it_is_a_directional_preference_test():
    entry = get_kb().exercises["prone_press_up"]
    assert entry.lengthens == [] and entry.kind == "mobility"


def test_the_swing_needs_the_deadlift_which_needs_the_hinge_drill():
    kb = get_kb()
    assert kb.exercises["kettlebell_swing"].requires == ["romanian_deadlift"]
    assert kb.exercises["romanian_deadlift"].requires == ["hip_hinge_drill"]
    assert {"older_adult", "severe", "high_risk", "acute"} <= set(
        kb.exercises["kettlebell_swing"].not_for
    )
