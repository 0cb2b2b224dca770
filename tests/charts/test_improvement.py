"""The line of clinically important improvement sits exactly where the engine's verdict turns:
a follow-up on the line or beyond it is important, one short of it is not (docs/clinical-rules.md,
measures)."""

from __future__ import annotations

import pytest

from myomap.charts import important_improvement_level
from myomap.charts.improvement import higher_is_better, measure_range
from myomap.clinical.measures import change_evaluate, change_measures


def _engine_says_important(measure: str, baseline: float, follow_up: float) -> bool:
    verdict = change_evaluate(measure, baseline, follow_up)
    return verdict["important_absolute"] or verdict["important_relative"]


def _chart_says_important(measure: str, baseline: float, follow_up: float) -> bool:
    level = important_improvement_level(measure, baseline)
    if level is None:
        return False
    return follow_up >= level if higher_is_better(measure) else follow_up <= level


def test_from_an_nprs_baseline_of_7_the_absolute_rule_is_easier_so_the_line_is_at_5():
    # 7 − 2 = 5 against 7 × 0.7 = 4.9: reaching 5 already satisfies the absolute rule.
    assert important_improvement_level("nprs", 7) == 5


def test_from_an_nprs_baseline_of_4_the_relative_rule_is_easier_so_the_line_is_at_2_8():
    # 4 − 2 = 2 against 4 × 0.7 = 2.8: on a whole-number scale the client reaches it at 2.
    assert important_improvement_level("nprs", 4) == pytest.approx(2.8)
    assert _engine_says_important("nrs", 4, 2) and not _engine_says_important("nrs", 4, 3)


def test_the_level_is_exact_where_floating_point_would_round_it_off():
    assert important_improvement_level("nrs", 3) == 2.1  # 3 × 0.7 in floats is 2.0999…


@pytest.mark.parametrize("measure", sorted(change_measures().values()))
def test_the_line_agrees_with_the_engine_for_every_whole_baseline_and_follow_up(measure):
    low, high = (int(bound) for bound in measure_range(measure))
    disagreements = [
        (baseline, follow_up)
        for baseline in range(low, high + 1)
        for follow_up in range(low, high + 1)
        if _chart_says_important(measure, baseline, follow_up)
        != _engine_says_important(measure, baseline, follow_up)
    ]
    assert disagreements == []


def test_the_psfs_line_agrees_with_the_engine_for_means_in_tenths():
    tenths = [value / 10 for value in range(0, 101)]
    disagreements = [
        (baseline, follow_up)
        for baseline in tenths[::7]
        for follow_up in tenths
        if _chart_says_important("psfs", baseline, follow_up)
        != _engine_says_important("psfs", baseline, follow_up)
    ]
    assert disagreements == []


@pytest.mark.parametrize(
    ("measure", "baseline"), [("nrs", 0), ("odi", 0), ("psfs", 9), ("psfs", 10)]
)
def test_there_is_no_line_when_no_value_on_the_scale_would_be_an_important_improvement(
    measure, baseline
):
    assert important_improvement_level(measure, baseline) is None


def test_the_relative_rule_does_not_apply_to_a_baseline_of_zero():
    # Without that exception 0 × 1.3 = 0 would call "no change" important.
    assert important_improvement_level("psfs", 0) == 2
