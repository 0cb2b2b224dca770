import pytest

from myomap.clinical.explain import EngineInputError
from myomap.clinical.planning import plan_build
from myomap.clinical.progress import progress_evaluate
from tests.clinical.plan_cases import example

CLEAR = {
    "muscles_in_spasm": [],
    "confirmed_trigger_points": [],
    "muscles_shortened": [],
    "muscles_weak": [],
    "pelvis_level": True,
}


@pytest.fixture(scope="module")
def plan():
    return plan_build(example("desk_worker"))  # baseline NPRS 6


def session(number: int, nprs: int, **findings) -> dict:
    return {"number": number, "nprs_before": nprs, "nprs_after": max(nprs - 2, 0), **findings}


def test_no_important_nprs_change_by_session_five_flags_a_non_responder(plan):
    sessions = [session(n, 6 if n < 5 else 5) for n in range(1, 6)]
    result = progress_evaluate({"plan": plan, "sessions": sessions})
    assert result["non_responder"] is True and result["mcid_reached"] is False
    assert any("consider referral" in r["text"] for r in result["reasons"])


def test_before_session_five_nobody_is_a_non_responder(plan):
    sessions = [session(n, 6) for n in range(1, 5)]
    assert progress_evaluate({"plan": plan, "sessions": sessions})["non_responder"] is False


def test_a_two_point_drop_reaches_the_mcid(plan):
    sessions = [session(1, 6), session(2, 5), session(3, 4)]
    result = progress_evaluate({"plan": plan, "sessions": sessions})
    assert result["mcid_reached"] is True and result["reassess_due"] is True


def test_stage_one_exit_criteria_met_proposes_advancement(plan):
    sessions = [session(1, 6), session(2, 4, muscles_in_spasm=[], confirmed_trigger_points=[])]
    result = progress_evaluate({"plan": plan, "sessions": sessions})
    assert result["current_stage"] == "relieve_spasm"
    assert result["advance"] is True and result["advance_to"] == "restore_flexibility"


def test_a_declined_advancement_keeps_the_client_in_the_stage(plan):
    met = {"muscles_in_spasm": [], "confirmed_trigger_points": []}
    sessions = [session(1, 6), session(2, 4, **met), session(3, 4)]
    moved_on = progress_evaluate({"plan": plan, "sessions": sessions})
    assert moved_on["current_stage"] == "restore_flexibility"
    sessions[1] = {**sessions[1], "advance_declined": True}
    held = progress_evaluate({"plan": plan, "sessions": sessions})
    assert held["current_stage"] == "relieve_spasm" and held["completed_stages"] == []


def test_a_muscle_still_in_spasm_holds_the_client_in_stage_one(plan):
    spasm = [{"muscle": "quadratus_lumborum", "side": "right"}]
    sessions = [session(1, 6, muscles_in_spasm=spasm, confirmed_trigger_points=[])]
    result = progress_evaluate({"plan": plan, "sessions": sessions})
    assert result["advance"] is False
    assert any("spasm" in reason for reason in result["advance_reasons"])


def test_unexamined_findings_never_count_as_met(plan):
    result = progress_evaluate({"plan": plan, "sessions": [session(1, 4)]})
    assert result["advance"] is False


def test_the_last_stage_exit_criteria_met_proposes_discharge_to_maintenance(plan):
    ticks = ["movement_control_restored", "return_to_activity"]
    sessions = [session(n, 6 - n, criteria_met=ticks, **CLEAR) for n in range(1, 6)]
    result = progress_evaluate({"plan": plan, "sessions": sessions})
    assert [c["stage"] for c in result["completed_stages"]] == [s["id"] for s in plan["stages"]]
    assert result["discharge"]["proposed"] is True
    assert result["discharge"]["to"] == "maintenance"
    assert "trigger-point checks" in result["discharge"]["text"]


def test_a_stage_started_early_by_the_clinician_is_the_current_stage():
    override = {
        "action": "start_stage_early",
        "stage": "restore_biomechanics",
        "reason": "Spasm and length already resolved at a previous clinic.",
    }
    plan = plan_build({**example("desk_worker"), "overrides": [override]})
    result = progress_evaluate({"plan": plan, "sessions": [session(1, 5)]})
    assert result["current_stage"] == "restore_biomechanics"


def test_unknown_criterion_ids_are_rejected(plan):
    with pytest.raises(EngineInputError) as caught:
        progress_evaluate({"plan": plan, "sessions": [session(1, 5, criteria_met=["happy"])]})
    assert caught.value.field == "sessions.0.criteria_met.0"


def test_an_nprs_of_eleven_in_a_session_is_rejected(plan):
    with pytest.raises(EngineInputError) as caught:
        progress_evaluate({"plan": plan, "sessions": [session(1, 11)]})
    assert caught.value.field == "sessions.0.nprs_before"
