import pytest

from myomap.clinical.assessment import assessment_parse
from myomap.clinical.explain import EngineInputError
from tests.clinical.plan_cases import example, minimal, muscle


def _error(document: dict) -> EngineInputError:
    with pytest.raises(EngineInputError) as caught:
        assessment_parse(document)
    return caught.value


def test_the_design_example_shape_parses():
    parsed = assessment_parse(example("desk_worker"))
    assert parsed.client.occupation == "desk"
    assert parsed.muscles[0].confirmed_trigger_point


def test_only_the_client_age_is_required():
    assert assessment_parse({"client": {"age": 30}}).muscles == []
    assert _error({}).field == "client"
    assert _error({"client": {}}).field == "client.age"


def test_unknown_keys_are_rejected_with_their_path():
    error = _error(minimal(posture={"pelvic_twist": True}))
    assert error.field == "posture.pelvic_twist"
    assert "allowed fields: pelvic_torsion, sij_provocation_positive" in error.message


def test_an_unknown_key_in_a_list_item_names_the_keys_of_that_item():
    error = _error(minimal(muscles=[{**muscle("quadratus_lumborum", "left"), "tender": 2}]))
    assert error.field == "muscles.0.tender"
    assert "allowed fields: muscle, side, trigger_point" in error.message


def test_an_nprs_of_eleven_names_the_field_and_range():
    error = _error(minimal(measures={"nprs": 11}))
    assert error.field == "measures.nprs"
    assert "10" in error.message


def test_occupation_error_lists_the_allowed_values():
    error = _error({"client": {"age": 30, "occupation": "pilot"}})
    assert error.field == "client.occupation"
    for allowed in ("desk", "manual", "athlete", "other"):
        assert allowed in error.message


def test_unknown_region_and_muscle_ids_are_errors():
    assert _error(minimal(pain_map=[{"region": "elbow_r"}])).field == "pain_map.0.region"
    error = _error(minimal(muscles=[muscle("deltoid")]))
    assert error.field == "muscles.0.muscle"
    assert "quadratus_lumborum" in error.message


def test_trigger_point_and_side_are_enumerations():
    assert _error(minimal(muscles=[muscle("piriformis", "middle")])).field == "muscles.0.side"
    error = _error(minimal(muscles=[muscle("piriformis", trigger_point="hot")]))
    assert error.field == "muscles.0.trigger_point"


def test_an_override_needs_a_reason():
    error = _error(minimal(overrides=[{"action": "skip", "item": "heat_therapy"}]))
    assert error.field == "overrides.0.reason"
