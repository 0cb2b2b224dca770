"""Leg length and pelvis (docs/clinical-rules.md, pelvis and leg length)."""

from __future__ import annotations

import pytest

from myomap.clinical.explain import EngineInputError
from myomap.clinical.posture import leg_length_interpret

EQUAL_TRUE = {"left": 880, "right": 880}


def test_functional_leg_length_gets_no_lift():
    result = leg_length_interpret(
        {"true_length_mm": EQUAL_TRUE, "apparent_length_mm": {"left": 921, "right": 912}}
    )
    assert result["kind"] == "functional" and result["lift"] is None
    assert result["short_side"] == "right" and result["difference_mm"] == 9
    assert "No lift" in result["advice"]


def test_a_positive_supine_to_long_sit_alone_is_functional():
    result = leg_length_interpret({"supine_to_long_sit": {"left": "long_to_short"}})
    assert result["kind"] == "functional" and result["lift"] is None


def test_block_test_of_8_mm_is_structural_with_a_graded_lift_on_the_short_side():
    result = leg_length_interpret({"block_test": {"mm": 8, "short_side": "left"}})
    assert result["kind"] == "structural"
    assert result["lift"]["side"] == "left"
    assert result["lift"]["start_mm"] == 4 and result["lift"]["target_mm"] == 8


def test_imaging_outranks_the_block_test():
    result = leg_length_interpret(
        {"imaging": {"mm": 12, "short_side": "right"}, "block_test": {"mm": 3}}
    )
    assert result["kind"] == "structural" and result["difference_mm"] == 12


def test_a_large_difference_needs_an_external_build_up():
    result = leg_length_interpret({"imaging": {"mm": 22, "short_side": "right"}})
    assert "external sole build-up" in result["lift"]["note"]


def test_tape_only_true_difference_is_structural_suspected_without_a_lift():
    result = leg_length_interpret({"true_length_mm": {"left": 870, "right": 878}})
    assert result["kind"] == "structural_suspected" and result["lift"] is None
    assert "block test" in result["advice"]


def test_torsion_and_a_structural_difference_together_are_mixed_and_torsion_comes_first():
    result = leg_length_interpret(
        {
            "block_test": {"mm": 6, "short_side": "right"},
            "supine_to_long_sit": {"right": "short_to_long"},
        }
    )
    assert result["kind"] == "mixed"
    assert result["lift"]["note"].startswith("Correct the pelvic torsion")


def test_differences_under_5_mm_are_none():
    result = leg_length_interpret(
        {"true_length_mm": EQUAL_TRUE, "apparent_length_mm": {"left": 900, "right": 897}}
    )
    assert result["kind"] == "none" and result["lift"] is None


def test_pelvic_palpation_tests_carry_a_low_reliability_note_with_kappa():
    result = leg_length_interpret(
        {"pelvic_tests": {"standing_flexion": "left", "seated_flexion": "negative"}}
    )
    texts = " ".join(n["text"] for n in result["reliability_notes"])
    assert "kappa 0.08-0.32" in texts and "kappa 0.01" in texts
    assert all(n["reliability"] == "low" for n in result["reliability_notes"])


def test_a_structural_measure_needs_its_short_side():
    with pytest.raises(EngineInputError) as error:
        leg_length_interpret({"block_test": {"mm": 9}})
    assert error.value.field == "block_test.short_side"


def test_an_unknown_long_sit_result_names_the_allowed_values():
    with pytest.raises(EngineInputError) as error:
        leg_length_interpret({"supine_to_long_sit": {"left": "longer"}})
    assert error.value.field == "supine_to_long_sit.left" and "no_change" in error.value.message
