"""Pain map: replace-all atomic save of the body chart, KB region ids only, intensity 0–10 and a
known sensation, refused with the field named; scoped, clinical only and audited."""

from __future__ import annotations

import pytest

from myomap.accounts.models import AuditEvent
from myomap.errors import Forbidden, NotFound, ValidationFailed
from myomap.records.assessments.document import assessment_document_build
from myomap.records.models import PainMapEntry
from myomap.records.painmap import (
    assessment_pain_map_save,
    pain_entries_from_form,
    pain_map_candidates,
    pain_map_marked,
)
from tests.factories import make_assessment, make_episode


@pytest.fixture
def assessment(owner, client_record):
    return make_assessment(owner, make_episode(owner, client_record, days_since_onset=30))


DRAWING = [
    {"region": "si_joint_r", "intensity": 6, "quality": "ache"},
    {"region": "buttock_lower_r", "intensity": "4", "quality": ""},
    {"region": "sacrum", "intensity": None, "quality": "sharp"},
]


def test_saving_a_drawing_stores_one_row_per_region(people, actor_of, assessment):
    assessment_pain_map_save(
        actor=actor_of(people.colleague), assessment_id=assessment.pk, entries=DRAWING
    )
    marked = pain_map_marked(assessment)
    assert marked == {
        "buttock_lower_r": {"intensity": 4, "quality": ""},
        "sacrum": {"intensity": None, "quality": "sharp"},
        "si_joint_r": {"intensity": 6, "quality": "ache"},
    }


def test_saving_again_replaces_the_whole_drawing(people, actor_of, assessment):
    actor = actor_of(people.owner)
    assessment_pain_map_save(actor=actor, assessment_id=assessment.pk, entries=DRAWING)
    assessment_pain_map_save(
        actor=actor, assessment_id=assessment.pk, entries=[{"region": "flank_l", "intensity": 2}]
    )
    assert list(PainMapEntry.objects.values_list("region", flat=True)) == ["flank_l"]


def test_the_assessment_document_carries_the_pain_map(people, actor_of, assessment):
    assessment_pain_map_save(
        actor=actor_of(people.owner), assessment_id=assessment.pk, entries=DRAWING
    )
    pain_map = assessment_document_build(assessment)["pain_map"]
    assert {"region": "si_joint_r", "intensity": 6, "quality": "ache"} in pain_map
    assert {"region": "sacrum", "quality": "sharp"} in pain_map


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"region": "elbow_r"}, "region"),
        ({"region": "si_joint_r", "intensity": 11}, "intensity_si_joint_r"),
        ({"region": "si_joint_r", "intensity": -1}, "intensity_si_joint_r"),
        ({"region": "si_joint_r", "intensity": "7.5"}, "intensity_si_joint_r"),
        ({"region": "si_joint_r", "quality": "throbbing"}, "quality_si_joint_r"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    people, actor_of, assessment, entry, field
):
    actor = actor_of(people.owner)
    assessment_pain_map_save(actor=actor, assessment_id=assessment.pk, entries=DRAWING)
    with pytest.raises(ValidationFailed) as refused:
        assessment_pain_map_save(
            actor=actor,
            assessment_id=assessment.pk,
            entries=[DRAWING[0] | {"region": "flank_l"}, entry],
        )
    assert refused.value.field == field
    assert PainMapEntry.objects.count() == 3


def test_a_region_marked_twice_is_refused(people, actor_of, assessment):
    with pytest.raises(ValidationFailed, match="twice"):
        assessment_pain_map_save(
            actor=actor_of(people.owner),
            assessment_id=assessment.pk,
            entries=[{"region": "sacrum"}, {"region": "sacrum"}],
        )


def test_front_desk_may_not_save_and_another_clinic_cannot_find_it(people, actor_of, assessment):
    with pytest.raises(Forbidden):
        assessment_pain_map_save(
            actor=actor_of(people.front_desk), assessment_id=assessment.pk, entries=DRAWING
        )
    with pytest.raises(NotFound):
        assessment_pain_map_save(
            actor=actor_of(people.outsider), assessment_id=assessment.pk, entries=DRAWING
        )
    assert PainMapEntry.objects.count() == 0


def test_saving_is_audited_as_an_update_of_the_assessment(people, actor_of, assessment):
    assessment_pain_map_save(
        actor=actor_of(people.owner), assessment_id=assessment.pk, entries=DRAWING
    )
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.detail) == (
        "update",
        str(assessment.pk),
        {"section": "pain_map"},
    )


def test_the_form_reading_takes_ticked_regions_with_their_inputs():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("regions", ["sacrum", "si_joint_l"])
    data.update(
        {"intensity_sacrum": "3", "quality_si_joint_l": "burning", "intensity_flank_l": "9"}
    )
    assert pain_entries_from_form(data) == [
        {"region": "sacrum", "intensity": "3", "quality": ""},
        {"region": "si_joint_l", "intensity": "", "quality": "burning"},
    ]


def test_candidates_come_from_the_engine_and_explain_themselves():
    ranked = pain_map_candidates(
        {"si_joint_r": {"intensity": 7}, "buttock_lower_r": {"intensity": None}}
    )
    first = ranked["candidates"][0]
    assert first["side"] in ("right", "bilateral")
    assert first["essential"] and first["palpation"]["method"]
    assert ranked["kb_version"]
    assert pain_map_candidates({}) is None
