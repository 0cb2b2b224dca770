"""Non-responder on the trend, and the red-flag re-screen with the care elapsed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from myomap.clinical.explain import EngineInputError
from myomap.clinical.planning import plan_build
from myomap.clinical.progress import progress_evaluate
from tests.clinical.plan_cases import minimal


def plan_for(age: int = 40, findings: list[str] | None = None) -> dict:
    return plan_build(minimal(client={"age": age}, triage={"findings": findings or []}))  # NPRS 6


def visits(pains: list[int], weekly: bool = True, **extra) -> list[dict]:
    start = date(2026, 10, 1)
    out = []
    for n, pain in enumerate(pains, start=1):
        session = {"number": n, "nprs_before": pain, **extra}
        if weekly:
            session["date"] = (start + timedelta(days=7 * (n - 1))).isoformat()
        out.append(session)
    return out


def test_one_bad_day_after_steady_improvement_is_not_a_non_responder():
    result = progress_evaluate({"plan": plan_for(), "sessions": visits([3, 3, 3, 3, 5])})
    assert result["non_responder"] is False
    assert result["response"]["sustained_improvement"] is True


def test_one_good_day_after_no_change_does_not_make_a_responder():
    result = progress_evaluate({"plan": plan_for(), "sessions": visits([6, 6, 6, 6, 4])})
    assert result["non_responder"] is True
    assert result["mcid_reached"] is True  # the latest visit alone, shown as such
    assert result["response"]["improved_visits"] == [5]


def test_the_trend_is_judged_on_visits_even_without_dates():
    result = progress_evaluate(
        {"plan": plan_for(), "sessions": visits([6, 6, 6, 6, 4], weekly=False)}
    )
    assert result["non_responder"] is True


def test_progress_always_returns_the_triage_re_screen():
    result = progress_evaluate({"plan": plan_for(), "sessions": visits([6, 4])})
    assert result["triage"]["urgency"] == "none" and "concerns" in result["triage"]


def test_over_fifty_with_no_improvement_after_four_weeks_of_care_is_urgent():
    result = progress_evaluate({"plan": plan_for(age=56), "sessions": visits([6, 6, 5, 6, 6, 6])})
    triage = result["triage"]
    assert triage["urgency"] == "urgent"
    assert "failure_to_improve_4_weeks" in triage["added_findings"]
    assert [c["rule"] for c in triage["concerns"]] == ["possible_malignancy"]
    assert triage["care_days"] == 35


def test_under_fifty_the_same_course_is_not_urgent_but_is_re_screened():
    result = progress_evaluate({"plan": plan_for(age=40), "sessions": visits([6, 6, 5, 6, 6, 6])})
    assert result["triage"]["urgency"] == "none"
    assert "failure_to_improve_4_weeks" in result["triage"]["added_findings"]


def test_improvement_sustained_over_four_weeks_adds_no_failure_to_improve():
    result = progress_evaluate({"plan": plan_for(age=56), "sessions": visits([6, 4, 4, 3, 3])})
    assert result["triage"]["urgency"] == "none" and result["triage"]["added_findings"] == []


def test_without_session_dates_the_four_week_rule_is_reported_as_not_assessed():
    result = progress_evaluate(
        {"plan": plan_for(age=56), "sessions": visits([6, 6, 6, 6, 6], weekly=False)}
    )
    assert result["triage"]["urgency"] == "none"
    assert any("session dates" in n for n in result["triage"]["not_assessed"])


def test_a_worsening_neurological_finding_at_a_visit_escalates_to_the_kb_urgency():
    sessions = visits([6, 5])
    sessions[-1]["new_findings"] = ["progressive_neuro_deficit"]
    result = progress_evaluate(
        {"plan": plan_for(findings=["radicular_pain"]), "sessions": sessions}
    )
    assert result["triage"]["urgency"] == "emergency_same_day"


def test_an_unknown_new_finding_is_refused_naming_the_field():
    sessions = visits([6])
    sessions[0]["new_findings"] = ["foot_drop"]
    with pytest.raises(EngineInputError) as error:
        progress_evaluate({"plan": plan_for(), "sessions": sessions})
    assert error.value.field == "sessions.0.new_findings"
