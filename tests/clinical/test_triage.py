"""Red-flag triage (docs/clinical-rules.md, triage): every referral rule of the
knowledge base, run through the knowledge base's rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import URGENCY_ORDER, get_kb
from myomap.clinical.triage import triage_evaluate

FINDINGS = sorted(get_kb().red_flags.findings)


def triage(findings=(), age=40, **extra):
    return triage_evaluate({"age": age, "findings": list(findings), **extra})


def conditions(result):
    return {c["rule"] for c in result["concerns"]}


@pytest.mark.parametrize(
    "finding",
    ["bladder_dysfunction_new", "bowel_dysfunction_new", "saddle_sensory_change_new",
     "sexual_dysfunction_new", "bilateral_leg_symptoms"],
)  # fmt: skip
def test_any_one_cauda_equina_feature_is_an_emergency(finding):
    result = triage([finding])
    assert result["urgency"] == "emergency_same_day" and "cauda_equina" in conditions(result)
    concern = result["concerns"][0]
    assert concern["findings"] == [finding] and "emergency" in concern["action"].lower()


def test_cancer_history_with_new_neurology_is_cord_compression_emergency():
    result = triage(["history_of_cancer", "progressive_neuro_deficit"])
    assert result["urgency"] == "emergency_same_day"
    assert "metastatic_cord_compression" in conditions(result)


def test_cancer_history_with_night_pain_but_no_neurology_is_urgent_metastasis():
    result = triage(["history_of_cancer", "night_pain_persistent"])
    assert result["urgency"] == "urgent" and "spinal_metastasis" in conditions(result)


def test_two_malignancy_features_without_cancer_history_are_urgent():
    result = triage(["unexplained_weight_loss", "failure_to_improve_4_weeks"])
    assert result["urgency"] == "urgent" and "possible_malignancy" in conditions(result)


def test_age_over_50_counts_as_one_of_the_two_malignancy_features():
    assert triage(["night_pain_persistent"], age=51)["urgency"] == "urgent"
    assert triage(["night_pain_persistent"], age=50)["urgency"] == "none"


def test_fever_with_a_risk_factor_is_spinal_infection_emergency():
    result = triage(["fever", "iv_drug_use"])
    assert result["urgency"] == "emergency_same_day" and "spinal_infection" in conditions(result)


def test_major_trauma_is_a_fracture_emergency():
    assert triage(["major_trauma"])["urgency"] == "emergency_same_day"


def test_sudden_pain_with_osteoporosis_is_an_urgent_fragility_fracture():
    result = triage(["sudden_severe_pain", "osteoporosis"])
    assert result["urgency"] == "urgent" and "fragility_fracture" in conditions(result)


def test_progressive_neuro_deficit_is_an_emergency():
    result = triage(["progressive_neuro_deficit"])
    assert result["urgency"] == "emergency_same_day"


def test_pulsatile_abdominal_mass_is_an_aneurysm_emergency():
    result = triage(["pulsatile_abdominal_mass"], age=70)
    assert result["urgency"] == "emergency_same_day"
    assert "abdominal_aortic_aneurysm" in conditions(result)


def test_collapse_with_abdominal_and_back_pain_is_an_aneurysm_emergency():
    assert triage(["collapse_or_presyncope", "abdominal_and_back_pain"])["urgency"] == (
        "emergency_same_day"
    )


NG65_FOUR = [
    "onset_before_35",
    "waking_second_half_of_night",
    "buttock_pain",
    "improves_with_movement",
]


def test_four_ng65_features_with_early_onset_and_long_duration_is_routine_rheumatology():
    result = triage(NG65_FOUR, age=30, onset_age=28, duration_weeks=20)
    assert result["urgency"] == "routine_review"
    assert "axial_spondyloarthritis" in conditions(result)


def test_three_ng65_features_are_a_routine_gp_review_for_hla_b27():
    # Corrected rule: exactly three features used to give urgency "none"; NG65 asks the GP to
    # request HLA-B27, so it is a routine review.
    three = NG65_FOUR[:3]
    without = triage(three, age=30, onset_age=28, duration_weeks=20)
    assert without["urgency"] == "routine_review"
    assert conditions(without) == {"axial_spondyloarthritis_three_features"}
    assert "HLA-B27" in without["concerns"][0]["action"]
    assert "HLA-B27" in without["suggestions"][0]["text"]


def test_three_ng65_features_with_a_positive_hla_b27_are_a_rheumatology_referral_only():
    three = NG65_FOUR[:3]
    with_test = triage([*three, "hla_b27_positive"], age=30, onset_age=28, duration_weeks=20)
    assert with_test["urgency"] == "routine_review"
    assert conditions(with_test) == {"axial_spondyloarthritis"}


def test_ng65_does_not_apply_after_onset_at_45_or_before_three_months():
    assert triage(NG65_FOUR, age=60, onset_age=50, duration_weeks=20)["urgency"] != "routine_review"
    assert triage(NG65_FOUR, age=30, onset_age=28, duration_weeks=8)["urgency"] == "none"


def test_ng65_features_without_onset_age_say_what_was_not_assessed():
    result = triage(NG65_FOUR, age=30)
    assert result["urgency"] == "none" and "onset_age" in result["not_assessed"][0]


def test_stable_radiculopathy_is_not_referred_but_gets_safety_netting():
    result = triage(["radicular_pain"])
    assert result["urgency"] == "none" and "stable_radiculopathy" in conditions(result)
    assert result["safety_netting"]


@pytest.mark.parametrize(("findings", "age"), [([], 72), (["night_pain_persistent"], 40)])
def test_one_weak_flag_alone_does_not_refer(findings, age):
    result = triage(findings, age=age)
    assert result["urgency"] == "none" and "single_weak_flag" in conditions(result)
    assert result["safety_netting"]


def test_no_findings_means_no_concern_but_still_safety_netting():
    result = triage([])
    assert result["urgency"] == "none" and result["concerns"] == []
    assert result["safety_netting"] and result["reasons"][0]["rule"] == "triage.no_red_flags"


def test_the_highest_urgency_wins_and_no_referral_advice_is_dropped():
    result = triage(["radicular_pain", "bilateral_leg_symptoms", "osteoporosis", "minor_trauma"])
    assert result["urgency"] == "emergency_same_day"
    assert [c["urgency"] for c in result["concerns"]][:2] == ["emergency_same_day", "urgent"]
    assert "stable_radiculopathy" not in conditions(result)


def test_a_questionnaire_score_never_clears_a_red_flag():
    reassuring = {"start_back": {"risk": "low"}, "odi": 4, "nprs": 1}
    with_scores = triage(["saddle_sensory_change_new"], measures=reassuring)
    assert with_scores["urgency"] == "emergency_same_day"
    assert with_scores["concerns"] == triage(["saddle_sensory_change_new"])["concerns"]


def test_an_unknown_finding_is_an_error_naming_the_field_and_allowed_ids():
    with pytest.raises(EngineInputError) as error:
        triage(["fever", "headache"])
    assert error.value.field == "findings.1" and "bladder_dysfunction_new" in error.value.message


def test_age_is_required():
    with pytest.raises(EngineInputError) as error:
        triage_evaluate({"findings": []})
    assert error.value.field == "age"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FINDINGS), unique=True, max_size=10), st.integers(16, 100))
def test_adding_a_finding_never_lowers_the_urgency(findings, age):
    if not findings:
        return
    fewer = triage(findings[:-1], age=age)["urgency"]
    more = triage(findings, age=age)["urgency"]
    assert URGENCY_ORDER.index(more) >= URGENCY_ORDER.index(fewer)
