from myomap.clinical.assessment import assessment_parse
from myomap.clinical.planning import plan_build
from myomap.clinical.reasoning import reasoning_summarise
from tests.clinical.plan_cases import example, minimal

CHAIN = [
    "pelvic_torsion",
    "muscular_compensation",
    "ischaemia",
    "trigger_points",
    "local_and_referred_pain",
]
ELEMENTS = [
    "ischaemia",
    "trigger_points",
    "nerve_compression",
    "postural_distortion",
    "biomechanical_dysfunction",
]


def _by_id(statements: list[dict]) -> dict[str, dict]:
    return {s["id"]: s for s in statements}


def test_the_chain_and_the_five_elements_are_all_present_in_order():
    summary = reasoning_summarise(assessment_parse(example("desk_worker")))
    assert [s["id"] for s in summary["causal_chain"]] == CHAIN
    assert [s["id"] for s in summary["five_elements"]] == ELEMENTS


def test_missing_data_is_reported_as_not_assessed():
    summary = reasoning_summarise(assessment_parse({"client": {"age": 30}}))
    assert {s["status"] for s in summary["causal_chain"]} == {"not_assessed"}
    assert {s["status"] for s in summary["five_elements"]} == {"not_assessed"}


def test_each_present_statement_cites_the_findings_behind_it():
    chain = _by_id(reasoning_summarise(assessment_parse(example("desk_worker")))["causal_chain"])
    assert "posture.pelvic_torsion: present" in chain["pelvic_torsion"]["findings"]
    assert "quadratus_lumborum (right): spasm" in chain["muscular_compensation"]["findings"]
    assert chain["ischaemia"]["status"] == "inferred"
    referred = chain["local_and_referred_pain"]["findings"]
    assert any("si_joint_r" in f and "quadratus_lumborum" in f for f in referred)


def test_tingling_makes_nerve_compression_possible():
    elements = _by_id(
        reasoning_summarise(assessment_parse(example("athlete_piriformis")))["five_elements"]
    )
    assert elements["nerve_compression"]["status"] == "possible"


def test_no_torsion_found_is_not_the_same_as_not_assessed():
    summary = reasoning_summarise(assessment_parse(minimal(posture={"pelvic_torsion": False})))
    assert _by_id(summary["causal_chain"])["pelvic_torsion"]["status"] == "not_found"


def test_the_plan_carries_the_reasoning_summary():
    assert [
        s["id"] for s in plan_build(example("desk_worker"))["reasoning"]["causal_chain"]
    ] == CHAIN
