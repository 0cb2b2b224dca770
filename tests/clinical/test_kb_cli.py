"""`myomap kb` commands, run through typer's test runner."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from myomap.cli import app
from myomap.clinical.kb import get_kb

runner = CliRunner()


def test_validate_reports_the_counts():
    result = runner.invoke(app, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert "90 regions" in result.output and "23 muscles" in result.output
    assert "red-flag rules" in result.output and "stages" in result.output


def test_list_shows_every_muscle():
    result = runner.invoke(app, ["kb", "list", "muscles"])
    assert result.exit_code == 0
    assert all(muscle_id in result.output for muscle_id in get_kb().muscles)


def test_list_of_an_unknown_kind_fails_clearly():
    result = runner.invoke(app, ["kb", "list", "potions"])
    assert result.exit_code != 0 and "Unknown kind" in result.output


@pytest.mark.parametrize(
    "entry_id",
    [
        "quadratus_lumborum",
        "si_joint_r",
        "sacrum",
        "ischemic_compression",
        "hip_flexor_stretch",
        "kettlebell_swing",
        "odi",
        "TS2",
        "relieve_spasm",
        "cauda_equina",
    ],
)
def test_show_prints_a_card_for_any_kind_of_id(entry_id):
    result = runner.invoke(app, ["kb", "show", entry_id])
    assert result.exit_code == 0, result.output
    assert entry_id in result.output


def test_show_works_for_every_muscle_technique_and_exercise():
    kb = get_kb()
    for entry_id in [*kb.muscles, *kb.techniques, *kb.exercises]:
        assert runner.invoke(app, ["kb", "show", entry_id]).exit_code == 0, entry_id


def test_show_of_an_unknown_id_fails_clearly():
    result = runner.invoke(app, ["kb", "show", "unicorn_muscle"])
    assert result.exit_code != 0 and "unicorn_muscle" in result.output


def test_refers_to_lists_essential_referrers_first():
    result = runner.invoke(app, ["kb", "refers-to", "si_joint_r"])
    assert result.exit_code == 0
    lines = [line.split()[0] for line in result.output.splitlines()[1:]]
    assert lines == sorted(lines) and "quadratus_lumborum" in result.output


def test_refers_to_an_unknown_region_fails_clearly():
    result = runner.invoke(app, ["kb", "refers-to", "moon"])
    assert result.exit_code != 0 and "Unknown region" in result.output
