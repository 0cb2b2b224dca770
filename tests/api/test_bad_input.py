"""The API's assessment sections refuse a key their section does not have, whatever its value,
naming the field and the allowed keys, and store nothing (the same service as the pages)."""

from __future__ import annotations

import pytest

from myomap.records.models import Assessment

SECTIONS = {
    "severity": ("severity_input", "pain_pattern"),
    "posture": ("posture_input", "pelvic_torsion"),
}


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("value", ["persistent", None, ""])
def test_an_unknown_section_key_is_refused_and_nothing_is_saved(
    section, value, people, api_as, world
):
    stored, allowed = SECTIONS[section]
    before = getattr(Assessment.objects.get(pk=world["assessment_id"]), stored)
    response = api_as(people.owner).put(
        f"/assessments/{world['assessment_id']}/{section}", {"pain_patern": value}
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == f"{section}.pain_patern"
    assert "allowed fields:" in error["message"] and allowed in error["message"]
    assert getattr(Assessment.objects.get(pk=world["assessment_id"]), stored) == before


def test_a_known_section_key_with_an_empty_value_is_still_accepted(people, api_as, world):
    response = api_as(people.owner).put(
        f"/assessments/{world['assessment_id']}/severity",
        {"pain_pattern": "persistent", "weakness": None, "daily_impact": ""},
    )
    assert response.status_code == 200, response.content
    stored = Assessment.objects.get(pk=world["assessment_id"]).severity_input
    assert stored == {"pain_pattern": "persistent"}
