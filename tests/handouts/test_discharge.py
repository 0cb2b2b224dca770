"""Discharge letter view model: change and both MCIDs per measure, stages, honest outcome."""

from __future__ import annotations

import json

import pytest

from myomap.handouts.discharge import DOSE_BY_THERAPIST, discharge_summary_build

from .conftest import measure


def rows_by_measure(model: dict) -> dict[str, dict]:
    return {row["measure"]: row for row in model["measures"]}


def test_pain_change_shows_points_percent_and_both_thresholds(discharge_args):
    model = discharge_summary_build(**discharge_args)
    change = rows_by_measure(model)["nprs"]["change"]
    assert change["improvement"] == 4
    assert change["improvement_percent"] == pytest.approx(57.1)
    assert change["important_absolute"] and change["important_relative"]
    assert (change["mcid_absolute"], change["mcid_relative_percent"]) == (2, 30)
    assert rows_by_measure(model)["nprs"]["sentence"] == (
        "Pain (NPRS) improved by 4 points (57 %), a clinically important change."
    )


def test_a_change_below_both_thresholds_is_called_so(discharge_args):
    model = discharge_summary_build(**discharge_args)
    odi = rows_by_measure(model)["odi"]
    assert odi["change"]["improvement"] == 8
    assert not odi["change"]["important_absolute"] and not odi["change"]["important_relative"]
    assert "less than a clinically important change (10 points or 30 %)" in odi["sentence"]


def test_one_threshold_met_names_which_one(discharge_args):
    args = {**discharge_args, "measures": [measure("odi", 20, 13)]}
    odi = rows_by_measure(discharge_summary_build(**args))["odi"]
    assert odi["change"]["important_relative"] and not odi["change"]["important_absolute"]
    assert "by the relative threshold (30 %), though not by the absolute one" in odi["sentence"]


def test_psfs_is_higher_is_better_and_counts_a_rise_as_improvement(discharge_args):
    args = {**discharge_args, "measures": [measure("psfs", 3, 6.5)]}
    psfs = rows_by_measure(discharge_summary_build(**args))["psfs"]
    assert psfs["better"] == "higher"
    assert psfs["change"]["improvement"] == 3.5
    assert psfs["change"]["important"]


def test_a_worse_score_is_reported_as_worse(discharge_args):
    args = {**discharge_args, "measures": [measure("nprs", 4, 6)]}
    nprs = rows_by_measure(discharge_summary_build(**args))["nprs"]
    assert nprs["sentence"] == "Pain (NPRS) worsened by 2 points (50 %)."


def test_a_measure_taken_once_says_not_re_measured(discharge_args):
    model = discharge_summary_build(**discharge_args)
    psfs = rows_by_measure(model)["psfs"]
    assert psfs["re_measured"] is False and psfs["change"] is None
    assert "not re-measured" in psfs["sentence"]
    assert psfs["sentence"] in model["outcome"]["sentences"]
    assert model["not_measured"] == ["Disability (RMDQ)"]


def test_without_an_nprs_row_the_progress_reviews_pain_figures_are_used(discharge_args):
    model = discharge_summary_build(**{**discharge_args, "measures": []})
    nprs = rows_by_measure(model)["nprs"]
    assert (nprs["first"]["value"], nprs["last"]["value"]) == (6, 2)
    assert nprs["change"]["important"]


def test_an_unknown_measure_or_out_of_range_value_is_refused_by_field(discharge_args):
    with pytest.raises(ValueError, match="measures.0.measure"):
        discharge_summary_build(**{**discharge_args, "measures": [measure("sf36", 1, 2)]})
    with pytest.raises(ValueError, match="measures.0"):
        discharge_summary_build(**{**discharge_args, "measures": [measure("nprs", 11, 2)]})


def test_completed_stages_and_sessions_are_listed_with_their_session(discharge_args):
    model = discharge_summary_build(
        **{**discharge_args, "stage_labels": {"build_strength": "Get strong"}}
    )
    completed = model["stages"]["completed"]
    assert [(s["id"], s["at_session"]) for s in completed][:2] == [
        ("relieve_spasm", 1),
        ("restore_flexibility", 2),
    ]
    assert completed[0]["name"] == "Relieve muscular spasm"
    assert completed[3]["name"] == "Get strong"
    assert model["stages"]["current"] is None  # the last stage is done, not "in progress"
    assert model["sessions"]["text"] == (
        "5 treatment sessions, from 25 November 2026 to 9 January 2027."
    )


def test_maintenance_uses_the_review_text_and_the_last_stages_exercises(discharge_args):
    model = discharge_summary_build(**discharge_args)
    maintenance = model["maintenance"]
    assert maintenance["proposed"] is True
    assert maintenance["text"] == discharge_args["progress"]["discharge"]["text"]
    # Stage 5 now always carries exercises (endurance doses, movement breaks, walking), so the
    # maintenance list comes from it, each with the KB's stage-5 dose in the client's words.
    assert maintenance["stage_id"] == "build_endurance"
    assert [e["id"] for e in maintenance["exercises"]] == [
        "side_lying_hip_abduction",
        "front_plank",
        "movement_breaks",
        "walking_programme",
    ]
    assert maintenance["exercises"][0]["dose"].startswith("10-25 repetitions")
    assert all(e["dose"] != DOSE_BY_THERAPIST for e in maintenance["exercises"])


def test_no_progress_review_says_stages_were_not_recorded(discharge_args):
    model = discharge_summary_build(**{**discharge_args, "progress": None, "plan_output": None})
    assert model["stages"] == {"recorded": False, "completed": [], "current": None}
    assert model["maintenance"]["exercises"] == []
    json.dumps(model)  # JSON-ready


def test_the_summary_sentence_is_built_from_the_record(discharge_args):
    model = discharge_summary_build(**discharge_args)
    assert model["summary"] == (
        "Alex Morgan, aged 42, attended 5 treatment sessions from 25 November 2026 to "
        "9 January 2027 for right-sided low back pain (onset 1 September 2026)."
    )
    assert model["client"]["date_of_birth_text"] == "2 March 1984"
    assert "OSTELO-2008" in model["sources"]


def test_values_show_at_most_one_decimal_but_change_is_judged_exactly(discharge_args):
    args = {**discharge_args, "measures": [measure("odi", 37.7778, 27.7778)]}
    odi = rows_by_measure(discharge_summary_build(**args))["odi"]
    assert (odi["first"]["value_text"], odi["last"]["value_text"]) == ("37.8 %", "27.8 %")
    assert odi["change"]["improvement_text"] == "10 points"
    assert odi["change"]["important_absolute"]  # exactly 10, the threshold


def test_an_interim_letter_is_titled_as_a_progress_report(discharge_args):
    model = discharge_summary_build(**{**discharge_args, "interim": True})
    assert (model["title"], model["interim"]) == ("Interim progress report", True)
    assert discharge_summary_build(**discharge_args)["title"] == "Discharge summary"
