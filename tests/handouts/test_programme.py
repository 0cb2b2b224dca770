"""Home programme view model: KB words only, the right dose, aftercare and safety-netting."""

from __future__ import annotations

import json

import pytest

from myomap.clinical.kb import get_kb
from myomap.handouts.cards import DOSE_SET_WITH_THERAPIST
from myomap.handouts.programme import home_programme_build
from tests.factories import FIVE_EXERCISES


def test_plan_stage_exercises_carry_kb_instructions_and_the_plan_dose(programme_args):
    model = home_programme_build(**{**programme_args, "stage_id": "restore_flexibility"})
    cards = model["exercises"]["items"]
    # Active Isolated Stretching is done in the clinic; the home stretch is a static one.
    assert [c["id"] for c in cards] == ["ql_side_lying_stretch", "hip_flexor_stretch"]
    side_bend = cards[0]
    kb = get_kb().exercises["ql_side_lying_stretch"]
    assert side_bend["name"] == kb.name
    assert side_bend["steps"] == kb.instructions
    assert side_bend["dose"].startswith("2-4 repetitions; hold 10-30 seconds")
    assert "days a week" in side_bend["dose"] and "confidence" not in side_bend["dose"]
    assert side_bend["dose_from"] == "knowledge_base"
    assert side_bend["kind_label"] == "Stretch"
    assert side_bend["side"] == "Right side"
    assert model["stage"] == {
        "id": "restore_flexibility",
        "name": "Restore flexibility",
        "number": 2,
    }


def test_an_exercise_the_kb_does_not_dose_says_the_therapist_sets_it(programme_args):
    prescribed = [{"exercise": "prone_press_up", "dose": ""}]
    model = home_programme_build(**{**programme_args, "prescribed": prescribed})
    card = model["exercises"]["items"][0]
    assert card["dose"] == DOSE_SET_WITH_THERAPIST and card["dose_from"] == "not_set"
    # The KB's note ("…the clinical notes give no dose") is for clinicians, not the fridge door.
    assert "clinical notes" not in json.dumps(model["exercises"])


def test_cards_carry_stop_if_and_easier_and_never_clinician_notes(programme_args):
    model = home_programme_build(**{**programme_args, "stage_id": "build_strength"})
    cards = model["exercises"]["items"]
    kb = get_kb().exercises
    text = json.dumps(model["exercises"])
    assert cards
    for card in cards:
        assert card["stop_if"] == kb[card["id"]].stop_if
        assert card["easier"] == [kb[r].name for r in kb[card["id"]].regression]
        for note in kb[card["id"]].clinician_notes:
            assert note not in text
        assert "confidence" not in card["dose"] and "derived" not in card["dose"]


def test_the_same_exercise_planned_twice_in_a_stage_appears_once(programme_args):
    stage = {"id": "build_strength", "exercises": [
        {"exercise": "clamshell", "dose": "", "side": "left"},
        {"exercise": "clamshell", "dose": "", "side": "right"},
    ]}  # fmt: skip
    plan = {**programme_args["plan_output"], "stages": [stage]}
    model = home_programme_build(**{**programme_args, "plan_output": plan, "stage_id": stage["id"]})
    assert [(c["id"], c["side"]) for c in model["exercises"]["items"]] == [
        ("clamshell", "Both sides")
    ]


def test_the_clinicians_written_dose_wins_and_a_blank_one_falls_back(programme_args):
    model = home_programme_build(**{**programme_args, "prescribed": FIVE_EXERCISES})
    cards = {c["id"]: c for c in model["exercises"]["items"]}
    assert cards["figure_four_stretch"]["dose"] == "Hold 30 s, 3 times each side, twice a day"
    assert cards["figure_four_stretch"]["dose_from"] == "clinician"
    assert cards["prone_press_up"]["dose"] == DOSE_SET_WITH_THERAPIST
    assert cards["ql_side_lying_stretch"]["dose_from"] == "knowledge_base"
    assert len(cards) == 5


def test_cautions_become_take_care_and_feel_comes_from_the_instructions(programme_args):
    model = home_programme_build(**{**programme_args, "prescribed": FIVE_EXERCISES})
    cards = {c["id"]: c for c in model["exercises"]["items"]}
    kb = get_kb().exercises
    assert cards["kettlebell_swing"]["take_care"] == kb["kettlebell_swing"].cautions
    assert cards["kettlebell_swing"]["easier"] == [kb["romanian_deadlift"].name]
    assert cards["ql_side_lying_stretch"]["feel"] == ["the stretch along your side waist"]
    assert any(
        cards["ql_side_lying_stretch"]["feel"][0] in s
        for s in cards["ql_side_lying_stretch"]["steps"]
    )
    assert cards["dead_bug"]["feel"] == []


def test_an_unknown_exercise_id_is_refused_by_name(programme_args):
    with pytest.raises(ValueError, match="'toe_curls'"):
        home_programme_build(**{**programme_args, "prescribed": [{"exercise": "toe_curls"}]})


def test_an_unknown_stage_id_is_refused_by_name(programme_args):
    with pytest.raises(ValueError, match="'stage_nine'"):
        home_programme_build(**{**programme_args, "stage_id": "stage_nine"})


def test_no_stage_and_no_prescription_is_refused(programme_args):
    with pytest.raises(ValueError, match="stage_id"):
        home_programme_build(**programme_args)


def test_aftercare_is_the_plans_advice_plus_the_kb_soreness_note(programme_args):
    model = home_programme_build(**{**programme_args, "stage_id": "restore_flexibility"})
    advice = [item["advice"] for item in model["aftercare"]["items"]]
    plan_advice = [item["advice"] for item in programme_args["plan_output"]["aftercare"]]
    assert advice[:3] == plan_advice
    sequence = get_kb().techniques["ischemic_compression"].sequence
    assert advice[3] == "Deep pressure can leave soreness for a day or two."
    assert any(s.startswith("Deep pressure can leave soreness for a day or two") for s in sequence)
    assert model["aftercare"]["items"][3]["source"] == "kb:techniques.ischemic_compression.sequence"
    assert "SEED-002" in model["aftercare"]["sources"]


@pytest.mark.parametrize("stage_id", [None, "relieve_spasm", "build_endurance"])
def test_safety_netting_is_always_present(programme_args, stage_id):
    prescribed = [] if stage_id is None else None
    model = home_programme_build(
        **{**programme_args, "stage_id": stage_id, "prescribed": prescribed}
    )
    assert model["safety_netting"]["items"] == get_kb().red_flags.safety_netting
    assert model["safety_netting"]["items"]
    assert model["safety_netting"]["sources"]


def test_every_section_cites_its_sources_and_the_model_is_json_ready(programme_args):
    model = home_programme_build(**{**programme_args, "prescribed": FIVE_EXERCISES, "note": " x "})
    for section in ("exercises", "aftercare", "safety_netting"):
        assert model[section]["sources"]
        assert set(model[section]["sources"]) <= set(model["sources"])
    assert set(model["sources"]) <= set(get_kb().sources)
    assert json.loads(json.dumps(model))["issued_on"] == "2026-11-21"
    assert model["issued_on_text"] == "21 November 2026"
    assert model["note"] == "x"


def test_a_prescribed_exercise_shows_the_sides_the_plan_gives_it(programme_args):
    prescribed = [{"exercise": "dead_bug", "dose": "", "sides": ["left", "right"]}]
    card = home_programme_build(**{**programme_args, "prescribed": prescribed})["exercises"]
    assert card["items"][0]["side"] == "Both sides"
    with pytest.raises(ValueError, match="prescribed.0.sides"):
        home_programme_build(**{**programme_args, "prescribed": [{**prescribed[0], "sides": 1}]})
