"""Red-flag vocabulary and rules, the named evaluators, and the outcome instruments."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import KbError, evaluate_rule, get_kb, load_kb
from tests.clinical.test_kb_helpers import copy_kb, replace_in

SPEC_FINDINGS = """bladder_dysfunction_new bowel_dysfunction_new saddle_sensory_change_new
sexual_dysfunction_new bilateral_leg_symptoms progressive_neuro_deficit severe_neuro_deficit
radicular_pain stable_mild_neuro_deficit history_of_cancer unexplained_weight_loss
night_pain_persistent failure_to_improve_4_weeks thoracic_pain systemically_unwell fever
iv_drug_use immunosuppression recent_infection recent_spinal_procedure diabetes major_trauma
minor_trauma osteoporosis long_term_corticosteroids structural_deformity sudden_severe_pain
pain_relieved_by_lying pulsatile_abdominal_mass abdominal_and_back_pain collapse_or_presyncope
smoker onset_before_35 waking_second_half_of_night buttock_pain improves_with_movement
improves_with_nsaids_48h family_history_spa arthritis_history enthesitis_history
psoriasis_history hla_b27_positive""".split()


def _rule(rule_id):
    return next(rule for rule in get_kb().red_flags.rules if rule.id == rule_id)


def test_the_finding_vocabulary_is_exactly_that_of_spec_6_2():
    assert set(get_kb().red_flags.findings) == set(SPEC_FINDINGS)


def test_any_new_bladder_change_raises_cauda_equina_as_an_emergency():
    rule = _rule("cauda_equina")
    assert rule.urgency == "emergency_same_day"
    assert evaluate_rule(rule, {"findings": ["bladder_dysfunction_new"]}) == [
        "bladder_dysfunction_new"
    ]


def test_age_over_50_alone_does_not_raise_possible_malignancy():
    assert evaluate_rule(_rule("possible_malignancy"), {"age": 62, "findings": []}) is None


def test_two_malignancy_features_raise_an_urgent_concern():
    matched = evaluate_rule(
        _rule("possible_malignancy"), {"age": 62, "findings": ["unexplained_weight_loss"]}
    )
    assert matched == ["age>50", "unexplained_weight_loss"]


def test_infection_needs_fever_or_being_unwell_plus_a_risk_factor():
    rule = _rule("spinal_infection")
    assert evaluate_rule(rule, {"findings": ["diabetes"]}) is None
    assert evaluate_rule(rule, {"findings": ["fever", "diabetes"]}) == ["fever", "diabetes"]


def test_axial_spondyloarthritis_with_three_features_needs_hla_b27():
    rule = _rule("axial_spondyloarthritis")
    facts = {
        "onset_age": 30,
        "duration_weeks": 20,
        "findings": ["buttock_pain", "improves_with_movement", "psoriasis_history"],
    }
    assert evaluate_rule(rule, facts) is None
    facts["findings"].append("hla_b27_positive")
    assert evaluate_rule(rule, facts) is not None


def test_a_missing_number_never_matches():
    assert evaluate_rule(_rule("axial_spondyloarthritis"), {"findings": SPEC_FINDINGS}) is None


def test_a_rule_naming_an_unknown_finding_fails_at_load(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "red_flags.yaml",
        "when: {all_of: [major_trauma]}",
        "when: {all_of: [major_trauuma]}",
    )
    with pytest.raises(KbError) as caught:
        load_kb(folder)
    error = caught.value
    assert (error.file, error.entry, error.field) == (
        "red_flags.yaml",
        "fracture_major_trauma",
        "when.all_of.0",
    )


def test_a_rule_naming_an_unknown_evaluator_fails_at_load(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder, "red_flags.yaml", "when: {all_of: [major_trauma]}", "when: {eval: [major_trauma]}"
    )
    with pytest.raises(KbError, match="unknown evaluator 'eval'"):
        load_kb(folder)


def test_the_six_instruments_are_present():
    assert set(get_kb().instruments) == {"odi", "rmdq", "start_back", "nprs", "psfs", "fabq"}


def test_licensed_instruments_ship_no_wording_and_name_the_wording_setting():
    for instrument_id in ("odi", "start_back"):
        licence = get_kb().instruments[instrument_id].licence
        assert not licence.wording_shipped and licence.wording_setting


def test_odi_has_ten_sections_in_spec_order_and_five_bands():
    odi = get_kb().instruments["odi"]
    assert [item.id for item in odi.items] == [
        "pain_intensity",
        "personal_care",
        "lifting",
        "walking",
        "sitting",
        "standing",
        "sleeping",
        "sex_life",
        "social_life",
        "travelling",
    ]
    assert [band.upper for band in odi.bands] == [20, 40, 60, 80, 100]
    assert odi.mcid.absolute == 10 and odi.min_answered == 8


def test_fabq_subscales_use_the_published_items():
    subscales = {s.id: s.items for s in get_kb().instruments["fabq"].subscales}
    assert subscales["physical_activity"] == ["item_02", "item_03", "item_04", "item_05"]
    assert len(subscales["work"]) == 7
