"""Trigger-point source ranking (docs/clinical-rules.md, referral ranking) and its evaluation
set."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.referral_eval import evaluate, load_cases
from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb
from myomap.clinical.referral import mirror_region, sources_rank

KB = get_kb()
REGION_IDS = sorted(KB.regions)
MUSCLE_IDS = sorted(KB.muscles)
drawings = st.lists(st.sampled_from(REGION_IDS), min_size=1, max_size=8, unique=True)


def _rank(candidates: list[dict], muscle: str, side: str) -> int | None:
    """Position of the (muscle, side) candidate; a `bilateral` row stands for both sides."""
    sides = (side, "bilateral")
    found = (i for i, c in enumerate(candidates) if c["muscle"] == muscle and c["side"] in sides)
    return next(found, None)


def test_ql_pattern_puts_quadratus_lumborum_right_first():
    result = sources_rank(["si_joint_r", "buttock_lower_r", "greater_trochanter_r"])
    top = result["candidates"][0]
    assert (top["muscle"], top["side"]) == ("quadratus_lumborum", "right")
    assert top["essential"] == ["si_joint_r", "buttock_lower_r", "greater_trochanter_r"]
    assert top["unexplained"] == [] and top["palpation"]["method"] == "flat"


def test_horizontal_low_back_band_is_explained_by_rectus_abdominis_on_both_sides():
    regions = ["lumbar_paraspinal_lower_l", "lumbar_paraspinal_lower_r", "si_joint_l", "si_joint_r"]
    top = sources_rank(regions)["candidates"][0]
    assert (top["muscle"], top["side"]) == ("rectus_abdominis_lower", "bilateral")


def test_midline_only_pain_asks_to_palpate_both_sides():
    candidates = sources_rank(["lumbar_midline"])["candidates"]
    multifidus = [c for c in candidates if c["muscle"] == "multifidus_rotatores_lumbar"]
    assert len(multifidus) == 1 and multifidus[0]["side"] == "bilateral"


def test_pain_a_muscle_cannot_explain_is_listed_and_lowers_its_score():
    alone = sources_rank(["heel_r"])["candidates"][0]
    with_back = sources_rank(["heel_r", "scapula_inferior_r"])
    soleus = next(c for c in with_back["candidates"] if c["muscle"] == "soleus")
    assert soleus["unexplained"] == ["scapula_inferior_r"] and soleus["score"] < alone["score"]


def test_intensity_gives_a_region_more_weight():
    plain = sources_rank(["posterior_knee_r", "heel_r"])["candidates"]
    rated = sources_rank(["posterior_knee_r", "heel_r"], {"heel_r": 10, "posterior_knee_r": 1})
    assert rated["candidates"][0]["muscle"] == "soleus"
    assert plain != rated["candidates"]


def test_ranking_is_deterministic():
    regions = ["si_joint_r", "buttock_mid_r", "buttock_lateral_r"]
    assert sources_rank(regions) == sources_rank(list(regions))


def test_an_unknown_region_names_the_field_and_the_allowed_ids():
    with pytest.raises(EngineInputError) as error:
        sources_rank(["si_joint_r", "lower_back"])
    assert error.value.field == "regions.1" and "si_joint_l" in error.value.message


def test_intensity_for_a_region_not_drawn_is_rejected():
    with pytest.raises(EngineInputError) as error:
        sources_rank(["sacrum"], {"coccyx": 4})
    assert error.value.field == "intensity.coccyx"


def test_intensity_of_11_is_rejected():
    with pytest.raises(EngineInputError) as error:
        sources_rank(["sacrum"], {"sacrum": 11})
    assert error.value.field == "intensity.sacrum"


def test_evaluation_set_reaches_90_percent_top5_recall():
    cases = load_cases()
    assert len(cases) >= 25
    result = evaluate(cases)
    assert result["top5_recall"] >= 0.9, result["misses"]
    assert result["intruders"] == []


def test_every_evaluation_case_uses_known_ids_and_states_its_basis():
    for case in load_cases():
        assert case["basis"] and set(case["regions"]) <= set(REGION_IDS)
        named = [m["muscle"] for m in case["must_include"]] + case["must_not_rank_high"]
        assert set(named) <= set(MUSCLE_IDS), case["id"]


@settings(max_examples=150, deadline=None)
@given(drawings)
def test_mirroring_a_pain_map_mirrors_the_candidates(regions):
    original = sources_rank(regions)["candidates"]
    mirrored = sources_rank([mirror_region(r) for r in regions])["candidates"]
    flip = {"left": "right", "right": "left", "bilateral": "bilateral"}
    expected = {(c["muscle"], flip[c["side"]]): c["score"] for c in original}
    assert {(c["muscle"], c["side"]): c["score"] for c in mirrored} == expected
    # Ranks match up to ties: the score sequence is identical.
    assert [c["score"] for c in original] == [c["score"] for c in mirrored]


@settings(max_examples=200, deadline=None)
@given(drawings, st.sampled_from(MUSCLE_IDS), st.sampled_from(["left", "right"]), st.data())
def test_adding_a_region_in_a_muscles_essential_zone_never_lowers_its_rank(
    regions, muscle, side, data
):
    essential, _ = KB.muscle_zones(muscle, side)
    region = data.draw(st.sampled_from(essential))
    if region in regions:
        return
    before = _rank(sources_rank(regions)["candidates"], muscle, side)
    after = _rank(sources_rank([*regions, region])["candidates"], muscle, side)
    assert after is not None
    if before is not None:
        assert after <= before


@settings(max_examples=100, deadline=None)
@given(drawings, st.data())
def test_sources_never_raises_on_valid_input(regions, data):
    ratings = {r: data.draw(st.integers(0, 10)) for r in regions if data.draw(st.booleans())}
    result = sources_rank(regions, ratings)
    assert result["kb_version"] == KB.version
    for candidate in result["candidates"]:
        drawn = candidate["essential"] + candidate["spillover"] + candidate["unexplained"]
        assert sorted(drawn) == sorted(regions)


def test_candidate_cards_carry_the_palpation_safety_cautions():
    from myomap.clinical.referral import sources_rank

    result = sources_rank(["buttock_mid_r", "posterior_thigh_upper_r"])
    piriformis = next(c for c in result["candidates"] if c["muscle"] == "piriformis")
    assert any("Sciatic nerve" in s["text"] for s in piriformis["palpation"]["safety"])
