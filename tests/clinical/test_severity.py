"""Severity level and episode duration class (docs/clinical-rules.md)."""

from __future__ import annotations

import pytest

from myomap.clinical.explain import EngineInputError
from myomap.clinical.severity import duration_classify, severity_classify


def test_constant_pain_with_significant_imbalance_is_severe():
    result = severity_classify({"pain_pattern": "constant", "postural_imbalance": "significant"})
    assert result["level"] == "severe"
    assert "constant pain" in result["criteria"]
    assert "significant postural imbalance" in result["criteria"]


def test_pain_at_rest_with_odi_above_40_is_severe():
    result = severity_classify({"pain_pattern": "occasional", "pain_at_rest": True, "odi": 42})
    assert result["level"] == "severe"


def test_constant_pain_alone_is_moderate_not_severe():
    assert severity_classify({"pain_pattern": "constant"})["level"] == "moderate"


def test_any_listed_difficulty_makes_it_moderate():
    result = severity_classify({"pain_pattern": "occasional", "difficulties": ["lifting"]})
    assert result["level"] == "moderate"
    assert result["criteria"] == ["difficulty with lifting"]


def test_weakness_or_odi_above_20_makes_it_moderate():
    assert severity_classify({"weakness": True})["level"] == "moderate"
    assert severity_classify({"odi": 22})["level"] == "moderate"
    assert severity_classify({"odi": 20})["level"] == "mild"


def test_an_odi_band_can_stand_in_for_the_percent():
    assert severity_classify({"pain_at_rest": True, "odi_band": "severe"})["level"] == "severe"


def test_occasional_pain_without_other_criteria_is_mild():
    result = severity_classify({"pain_pattern": "occasional", "daily_impact": "minimal"})
    assert result["level"] == "mild" and result["contradictions"] == []


def test_occasional_pain_with_odi_50_is_flagged_as_a_contradiction():
    result = severity_classify({"pain_pattern": "occasional", "odi": 50})
    assert any("occasional" in c for c in result["contradictions"])


def test_an_unknown_difficulty_names_the_field_and_the_allowed_values():
    with pytest.raises(EngineInputError) as error:
        severity_classify({"difficulties": ["lifting", "running"]})
    assert error.value.field == "difficulties.1" and "prolonged_sitting" in error.value.message


@pytest.mark.parametrize(
    ("onset", "on", "days", "kind"),
    [("2026-11-01", "2026-11-21", 20, "acute"), ("2026-10-10", "2026-11-21", 42, "subacute"),
     ("2026-08-29", "2026-11-21", 84, "chronic"), ("2026-08-30", "2026-11-21", 83, "subacute")],
)  # fmt: skip
def test_duration_classes_follow_the_42_and_84_day_boundaries(onset, on, days, kind):
    result = duration_classify(onset, on)
    assert (result["days"], result["class"]) == (days, kind)


def test_a_recurrent_episode_is_recorded_as_such():
    result = duration_classify("2026-11-01", "2026-11-21", recurrent=True)
    assert result["recurrent"] is True
    assert any(r["rule"] == "duration.recurrent" for r in result["reasons"])


@pytest.mark.parametrize("bad", ["2026-13-01", "21/11/2026", "2026-02-30", 20261121, ""])
def test_a_malformed_onset_date_names_the_field(bad):
    with pytest.raises(EngineInputError) as error:
        duration_classify(bad, "2026-11-21")
    assert error.value.field == "onset" and "YYYY-MM-DD" in error.value.message


def test_onset_after_the_visit_is_rejected():
    with pytest.raises(EngineInputError):
        duration_classify("2026-12-01", "2026-11-21")
