"""Outcome measures: worked examples from the measures' sources (docs/clinical-rules.md,
measures)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myomap.clinical.explain import EngineInputError
from myomap.clinical.measures import (
    change_evaluate,
    fabq_score,
    nprs_score,
    odi_score,
    psfs_score,
    rmdq_score,
    score_instrument,
    start_back_score,
)

full_odi = st.lists(st.integers(0, 5), min_size=10, max_size=10)
# At least 8 answered: draw 10 answers, then blank up to two of them.
scorable_odi = st.tuples(
    st.lists(st.integers(0, 5), min_size=10, max_size=10),
    st.sets(st.integers(0, 9), max_size=2),
).map(lambda drawn: [None if i in drawn[1] else a for i, a in enumerate(drawn[0])])


def test_odi_sixteen_of_fifty_is_thirty_two_percent_moderate():
    result = odi_score([2, 1, 3, 1, 3, 2, 1, 1, 1, 1])
    assert result["score"] == 32.0 and result["band"] == "moderate" and result["scored"]


def test_odi_with_one_section_missed_rounds_half_up_to_35_6():
    result = odi_score([2, 1, 3, 1, 3, 2, 1, None, 2, 1])
    assert result["score"] == 35.6
    assert result["answered"] == 9
    assert result["score_exact"] == pytest.approx(35.5555, abs=1e-3)


def test_odi_with_seven_sections_is_insufficient_data():
    result = odi_score([1, 1, 1, 1, 1, 1, 1, None, None, None])
    assert result["scored"] is False and result["score"] is None and result["band"] is None
    assert result["reasons"][0]["rule"] == "odi.insufficient_data"


def test_odi_with_eight_sections_is_scored():
    assert odi_score([1, 1, 1, 1, 1, 1, 1, 1, None, None])["scored"] is True


@pytest.mark.parametrize(
    ("total", "band"),
    [(10, "minimal"), (11, "moderate"), (20, "moderate"), (21, "severe"), (30, "severe"),
     (31, "crippled"), (40, "crippled"), (41, "bed_bound_or_exaggerating")],
)  # fmt: skip
def test_odi_bands_are_inclusive_upper_bounds(total, band):
    answers = [5] * (total // 5) + [total % 5] + [0] * (9 - total // 5)
    assert odi_score(answers[:10])["band"] == band


def test_odi_band_is_read_from_the_unrounded_percent():
    # Nine answered sections summing 9 give exactly 20.0 (minimal); summing 10 gives 22.2.
    assert odi_score([1] * 9 + [None])["band"] == "minimal"
    assert odi_score([2] + [1] * 8 + [None])["band"] == "moderate"


def test_odi_section_of_six_names_the_field():
    with pytest.raises(EngineInputError) as error:
        odi_score([0, 0, 0, 0, 0, 6, 0, 0, 0, 0])
    assert error.value.field == "answers.5" and "0 to 5" in error.value.message


@given(scorable_odi)
def test_odi_is_always_between_0_and_100(answers):
    assert 0 <= odi_score(answers)["score"] <= 100


@given(full_odi, st.integers(0, 9))
def test_odi_is_monotone_in_each_section(answers, index):
    if answers[index] == 5:
        return
    raised = answers.copy()
    raised[index] += 1
    assert odi_score(raised)["score_exact"] > odi_score(answers)["score_exact"]


def test_rmdq_counts_ticked_statements_either_way():
    assert rmdq_score(ticked=[1, 5, 24])["score"] == 3
    assert rmdq_score(answers=[True] * 7 + [False] * 17)["score"] == 7


def test_rmdq_rejects_item_25():
    with pytest.raises(EngineInputError) as error:
        rmdq_score(ticked=[25])
    assert error.value.field == "ticked.0"


def test_start_back_item9_counts_only_very_much_or_extremely():
    base = [0, 0, 0, 0, 0, 0, 0, 0]
    assert start_back_score(base, "moderately")["overall"] == 0
    assert start_back_score(base, "very_much")["overall"] == 1
    assert start_back_score(base, "extremely")["psychosocial"] == 1


def test_start_back_psychosocial_four_is_high_risk():
    result = start_back_score([0, 0, 0, 0, 1, 1, 1, 0], "very_much")
    assert (result["overall"], result["psychosocial"], result["risk"]) == (4, 4, "high")


def test_start_back_overall_four_with_low_psychosocial_is_medium():
    result = start_back_score([1, 1, 1, 1, 0, 0, 0, 0], "slightly")
    assert result["risk"] == "medium"


@given(st.lists(st.integers(0, 1), min_size=8, max_size=8), st.sampled_from(
    ["not_at_all", "slightly", "moderately", "very_much", "extremely"]))  # fmt: skip
def test_start_back_risk_follows_the_keele_rule(items, item9):
    result = start_back_score(items, item9)
    point = 1 if item9 in ("very_much", "extremely") else 0
    assert result["overall"] == sum(items) + point
    assert result["psychosocial"] == sum(items[4:]) + point
    if result["psychosocial"] >= 4:
        assert result["risk"] == "high"
    elif result["overall"] <= 3:
        assert result["risk"] == "low"
    else:
        assert result["risk"] == "medium"


def test_nprs_11_is_rejected_with_the_allowed_range():
    with pytest.raises(EngineInputError) as error:
        nprs_score(11)
    assert error.value.field == "value" and "0 to 10" in error.value.message


def test_psfs_is_the_mean_of_the_activity_ratings():
    assert psfs_score([4, 5, 3])["score"] == 4.0
    assert psfs_score([4, 5, 3, 7])["score"] == 4.8


def test_psfs_needs_three_to_five_activities():
    with pytest.raises(EngineInputError):
        psfs_score([4, 5])


def test_fabq_subscales_use_their_published_items():
    answers = list(range(1, 17))
    answers = [a % 7 for a in answers]
    result = fabq_score(answers)
    assert result["physical_activity"] == sum(answers[i - 1] for i in (2, 3, 4, 5))
    assert result["work"] == sum(answers[i - 1] for i in (6, 7, 9, 10, 11, 12, 15))


def test_score_dispatches_and_rejects_unknown_instruments():
    assert score_instrument({"instrument": "nprs", "value": 3})["score"] == 3
    with pytest.raises(EngineInputError) as error:
        score_instrument({"instrument": "sf36"})
    assert error.value.field == "instrument" and "odi" in error.value.message


def test_nrs_drop_of_two_is_important_on_both_rules():
    result = change_evaluate("nrs", 6, 4)
    assert result["improvement"] == 2 and result["important_absolute"]
    assert result["improvement_percent"] == 33.3 and result["important_relative"]


def test_thresholds_are_inclusive_at_exactly_30_percent():
    result = change_evaluate("odi", 30, 21)
    assert result["important_relative"] is True and result["important_absolute"] is False


def test_relative_change_is_null_when_baseline_is_zero():
    result = change_evaluate("nrs", 0, 0)
    assert result["improvement_percent"] is None and result["important_relative"] is False


def test_psfs_improvement_is_follow_up_minus_baseline():
    result = change_evaluate("psfs", 3, 5)
    assert result["improvement"] == 2 and result["important_absolute"]


@pytest.mark.parametrize(("measure", "mcid"), [("odi", 10), ("rmdq", 5), ("nrs", 2)])
def test_absolute_mcids_are_the_ostelo_values(measure, mcid):
    assert change_evaluate(measure, 10, 10 - mcid)["important_absolute"] is True
    assert change_evaluate(measure, 10, 10 - mcid + 1)["important_absolute"] is False


@given(st.sampled_from(["nrs", "odi", "rmdq", "psfs"]), st.integers(0, 10), st.integers(0, 10))
def test_change_is_symmetric(measure, a, b):
    forward = change_evaluate(measure, a, b)["improvement"]
    backward = change_evaluate(measure, b, a)["improvement"]
    assert forward == -backward


def test_every_measure_result_carries_reasons_and_kb_version():
    for result in (odi_score([0] * 10), nprs_score(0), change_evaluate("rmdq", 10, 4)):
        assert result["reasons"] and result["kb_version"]
        assert all(set(r) == {"rule", "text", "source"} for r in result["reasons"])


def test_the_engine_reads_the_published_bands_and_thresholds_from_the_knowledge_base():
    from myomap.clinical import measures

    assert measures.odi_bands() == (
        (20, "minimal"),
        (40, "moderate"),
        (60, "severe"),
        (80, "crippled"),
        (100, "bed_bound_or_exaggerating"),
    )
    assert measures.change_measures() == {
        "odi": "odi",
        "rmdq": "rmdq",
        "nprs": "nrs",
        "psfs": "psfs",
    }
    published = {"nrs": (0, 10, 2, False), "odi": (0, 100, 10, False),
                 "rmdq": (0, 24, 5, False), "psfs": (0, 10, 2, True)}  # fmt: skip
    for measure, (low, high, mcid, better) in published.items():
        rule = measures.change_rule(measure)
        assert (rule.low, rule.high, rule.mcid_absolute, rule.higher_is_better) == (
            low, high, mcid, better)  # fmt: skip
        assert rule.relative_percent == 30
