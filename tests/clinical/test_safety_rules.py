"""Radicular pathway, pelvic asymmetry, leg-length lifts, severity and axial SpA consequences."""

from __future__ import annotations

from myomap.clinical.planning import plan_build
from myomap.clinical.posture import leg_length_interpret
from myomap.clinical.severity import severity_classify
from tests.clinical.plan_cases import all_items, items, minimal, muscle

RADICULAR = minimal(
    client={"age": 45, "occupation": "manual"},
    triage={"findings": ["radicular_pain", "stable_mild_neuro_deficit"]},
    pain_map=[
        {"region": "buttock_mid_r", "intensity": 6},
        {"region": "calf_posterior_r", "quality": "numbness"},
    ],
    muscles=[
        muscle("piriformis", trigger_point="active", referral_reproduced=True, shortened=True),
        muscle("semitendinosus_semimembranosus", shortened=True),
    ],
)


def test_a_radicular_presentation_gets_a_neurological_recheck_at_every_visit():
    recheck = plan_build(RADICULAR)["neurological_recheck"]
    assert recheck["every_visit"] is True
    ids = {i["id"] for i in recheck["items"]}
    assert {"dermatomes", "myotomes", "reflexes", "straight_leg_raise", "slump"} <= ids
    assert {e["urgency"] for e in recheck["escalation"]} == {"emergency_same_day"}


def test_numbness_below_the_knee_alone_switches_the_pathway_on():
    document = minimal(pain_map=[{"region": "foot_dorsum_l", "quality": "tingling"}])
    assert plan_build(document)["neurological_recheck"] is not None
    assert plan_build(minimal())["neurological_recheck"] is None


def test_a_radicular_plan_has_no_provocative_neural_tension_stretch_even_when_added():
    added = {
        "action": "add",
        "item": "strap_hamstring_stretch",
        "stage": "restore_flexibility",
        "reason": "tight hamstrings",
    }
    plan = plan_build({**RADICULAR, "overrides": [added]})
    exercises = {e["exercise"] for e in all_items(plan, "exercises")}
    assert not {"strap_hamstring_stretch", "ais_hamstrings"} & exercises
    assert any(
        b["item"] == "strap_hamstring_stretch" and b["precaution"] == "radicular"
        for b in plan["blocked"]
    )
    assert plan["overrides"][0]["applied"] is False


def test_a_radicular_plan_has_no_sustained_deep_pressure_over_the_sciatic_course():
    plan = plan_build(RADICULAR)
    deep = {"ischemic_compression", "deep_tissue_massage", "cross_fiber_friction"}
    assert not [
        t
        for t in all_items(plan, "techniques")
        if t["muscle"] == "piriformis" and t["technique"] in deep
    ]
    gentle = [t for t in all_items(plan, "techniques") if t["muscle"] == "piriformis"]
    assert any("radiating" in m["text"] for t in gentle for m in t.get("modifications", []))


def test_a_radicular_plan_carries_cauda_equina_safety_netting_and_a_longer_course():
    plan = plan_build(RADICULAR)
    assert any("both legs" in s["advice"] for s in plan["safety_netting"])
    assert plan["expected_course"]["longer_expected"] is True
    assert "radicular" in " ".join(plan["expected_course"]["because"])


def test_numbness_with_a_motor_deficit_makes_nerve_root_involvement_likely():
    elements = plan_build(RADICULAR)["reasoning"]["five_elements"]
    nerve = next(e for e in elements if e["id"] == "nerve_compression")
    assert nerve["status"] == "likely" and "Nerve-root involvement is likely" in nerve["text"]


def test_every_plan_carries_safety_netting():
    plan = plan_build(minimal())
    assert plan["safety_netting"] and all(s["source"] for s in plan["safety_netting"])


# --- pelvic asymmetry (rule 13) ------------------------------------------------------------


def test_one_positive_torsion_finding_is_possible_asymmetry_and_drives_nothing():
    plan = plan_build(
        minimal(posture={"pelvic_torsion": True}, clinician={"scope": "physiotherapist"})
    )
    techniques = {t["technique"] for t in all_items(plan, "techniques")}
    assert "joint_mobilization" not in techniques and "pelvic_control_drills" not in techniques
    gate = [
        c
        for s in plan["stages"]
        for c in s["exit_criteria"]
        if c["id"] == "pelvic_torsion_corrected"
    ]
    assert all(c.get("already_met") for c in gate)  # no stage waits for it
    goals = [g["rule"] for g in items(plan, "restore_biomechanics", "goals")]
    assert "plan.r13.possible_asymmetry" in goals


def test_a_provocation_cluster_beside_asymmetry_counts_as_torsion():
    posture = {"pelvic_torsion": True, "sij_provocation_positive": 3}
    plan = plan_build(minimal(posture=posture, clinician={"scope": "physiotherapist"}))
    assert "joint_mobilization" in {t["technique"] for t in all_items(plan, "techniques")}
    gate = [
        c
        for s in plan["stages"]
        for c in s["exit_criteria"]
        if c["id"] == "pelvic_torsion_corrected"
    ]
    assert gate and not any(c.get("already_met") for c in gate)


def test_an_apparent_difference_with_a_positive_long_sit_counts_as_torsion():
    posture = {
        "true_length_mm": {"left": 880, "right": 880},
        "apparent_length_mm": {"left": 921, "right": 912},
        "supine_to_long_sit": {"right": "short_to_long"},
    }
    plan = plan_build(minimal(posture=posture))
    targets = {t.get("target") for t in all_items(plan, "techniques")}
    assert "pelvis (low-force muscle energy technique)" in targets


def test_asymmetry_with_a_confirmed_structural_difference_is_not_torsion():
    posture = {
        "pelvic_torsion": True,
        "block_test": {"mm": 9, "short_side": "left"},
        "true_length_mm": {"left": 870, "right": 880},
    }
    plan = plan_build(minimal(posture=posture, clinician={"scope": "physiotherapist"}))
    assert "joint_mobilization" not in {t["technique"] for t in all_items(plan, "techniques")}
    goals = " ".join(g["text"] for s in plan["stages"] for g in s["goals"])
    assert "explained by the structure" in goals


def test_a_block_test_contradicting_equal_tape_lengths_must_be_confirmed_before_a_lift():
    result = leg_length_interpret(
        {
            "block_test": {"mm": 7, "short_side": "left"},
            "true_length_mm": {"left": 880, "right": 880},
        }
    )
    assert result["kind"] == "structural_suspected" and result["lift"] is None
    assert "before any lift" in result["contradictions"][0]


def test_every_lift_carries_the_under_reading_and_exception_notes():
    lift = leg_length_interpret({"block_test": {"mm": 8, "short_side": "left"}})["lift"]
    assert "under-reads" in lift["measurement_note"]["text"]
    assert "exception" in lift["exception_note"]["text"]


# --- severity and axial spondyloarthritis ------------------------------------------------------


def test_difficulty_with_prolonged_sitting_alone_is_mild():
    # Corrected rule: it used to make the level moderate.
    result = severity_classify(
        {"pain_pattern": "occasional", "difficulties": ["prolonged_sitting"]}
    )
    assert result["level"] == "mild"
    assert result["criteria"] == ["difficulty with prolonged sitting only"]


def test_lifting_standing_or_bending_still_make_it_moderate():
    for difficulty in ("lifting", "prolonged_standing", "repeated_bending"):
        result = severity_classify({"difficulties": ["prolonged_sitting", difficulty]})
        assert result["level"] == "moderate"


THREE_FEATURES = minimal(
    client={"age": 30},
    triage={
        "findings": ["onset_before_35", "buttock_pain", "improves_with_movement"],
        "onset_age": 28,
        "duration_weeks": 30,
    },
    posture={"pelvic_torsion": True, "sij_provocation_positive": 4},
    clinician={"scope": "physiotherapist"},
)


def test_suspected_axial_spa_forbids_forceful_sij_and_spinal_mobilisation():
    plan = plan_build(THREE_FEATURES)
    assert plan["urgency"] == "routine_review"
    assert "joint_mobilization" not in {t["technique"] for t in all_items(plan, "techniques")}
    assert any(b.get("precaution") == "axial_spondyloarthritis" for b in plan["blocked"])


def test_suspected_axial_spa_adds_the_eye_bowel_and_joint_safety_net():
    advice = " ".join(s["advice"] for s in plan_build(THREE_FEATURES)["safety_netting"])
    assert "eye" in advice and "bowel" in advice and "joints" in advice


def test_the_home_programme_carries_the_plans_client_safety_netting_only():
    from datetime import date

    from myomap.handouts.programme import home_programme_build

    plan = plan_build(RADICULAR)
    handout = home_programme_build(
        plan_output=plan,
        stage_id="relieve_spasm",
        prescribed=None,
        clinic_name="Clinic",
        client_name="Client",
        therapist_name="Therapist",
        issued_on=date(2026, 11, 21),
    )
    text = " ".join(handout["safety_netting"]["items"])
    assert "your foot starts to drop" in text
    assert "Give written cauda equina information" not in text


def test_constant_rest_pain_that_movement_does_not_ease_prompts_a_red_flag_re_screen():
    document = minimal(severity={"pain_pattern": "constant", "eases_with_movement": False})
    prompts = plan_build(document)["rescreen_prompts"]
    assert prompts and "re-screen red flags" in prompts[0]["text"]
    eased = minimal(severity={"pain_pattern": "constant", "eases_with_movement": True})
    assert plan_build(eased)["rescreen_prompts"] == []
