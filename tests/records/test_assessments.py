"""Assessment services: scoped to the clinic, clinical roles only, audited, atomic; each section
validated by the engine; the red-flag hard stop lifts only when the action is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from myomap.accounts.models import AuditEvent
from myomap.clinical.assessment import assessment_parse
from myomap.errors import Forbidden, NotFound, ValidationFailed
from myomap.records.assessments.actions import red_flag_action_record
from myomap.records.assessments.document import assessment_document_build, assessment_plan_blocker
from myomap.records.assessments.findings import (
    muscle_finding_add,
    muscle_finding_delete,
    muscle_finding_update,
)
from myomap.records.assessments.measures import assessment_measure_changes, assessment_measure_save
from myomap.records.assessments.selectors import (
    assessment_get_for_user,
    assessment_list_for_episode,
)
from myomap.records.assessments.services import (
    assessment_create,
    assessment_posture_save,
    assessment_red_flags_save,
    assessment_severity_save,
)
from myomap.records.models import EpisodeStatus

CAUDA_EQUINA = ["bladder_dysfunction_new", "saddle_sensory_change_new"]


@pytest.fixture
def assessment(owner, episode):
    return assessment_create(actor=owner, episode_id=episode.pk)


def test_first_assessment_is_initial_and_later_ones_are_reassessments(owner, episode):
    first = assessment_create(actor=owner, episode_id=episode.pk)
    second = assessment_create(actor=owner, episode_id=episode.pk)
    assert (first.kind, first.number) == ("initial", 1)
    assert (second.kind, second.number) == ("reassessment", 2)
    assert [a.pk for a in assessment_list_for_episode(actor=owner, episode=episode)] == [
        first.pk,
        second.pk,
    ]


def test_colleague_sees_and_outsider_gets_not_found(people, actor_of, assessment):
    assert assessment_get_for_user(actor=actor_of(people.colleague), assessment_id=assessment.pk)
    with pytest.raises(NotFound):
        assessment_get_for_user(actor=actor_of(people.outsider), assessment_id=assessment.pk)
    with pytest.raises(NotFound):
        assessment_red_flags_save(
            actor=actor_of(people.outsider), assessment_id=assessment.pk, data={"findings": []}
        )


def test_front_desk_is_refused_every_read_and_write(people, actor_of, assessment, episode):
    desk = actor_of(people.front_desk)
    with pytest.raises(Forbidden):
        assessment_get_for_user(actor=desk, assessment_id=assessment.pk)
    with pytest.raises(Forbidden):
        assessment_create(actor=desk, episode_id=episode.pk)
    with pytest.raises(Forbidden):
        assessment_measure_save(
            actor=desk, assessment_id=assessment.pk, instrument="nprs", answers=3
        )


def test_reads_and_writes_are_audited(owner, assessment):
    assessment_get_for_user(actor=owner, assessment_id=assessment.pk)
    assessment_measure_save(actor=owner, assessment_id=assessment.pk, instrument="nprs", answers=6)
    events = AuditEvent.objects.filter(object_type="assessment", object_id=str(assessment.pk))
    assert {e.action for e in events} >= {"create", "read", "update"}
    assert events.filter(detail__section="measures.nprs").exists()


@pytest.mark.parametrize(
    "instrument, answers, field",
    [
        ("nprs", 11, "nprs.value"),
        ("odi", [6, 0, 0, 0, 0, 0, 0, 0, 0, 0], "odi.answers.0"),
        ("psfs", [{"activity": "Gardening", "rating": 4}], "psfs.ratings"),
        ("fabq", [7] + [0] * 15, "fabq.answers.0"),
    ],
)
def test_out_of_range_answers_are_refused_naming_the_field(
    owner, assessment, instrument, answers, field
):
    assessment_measure_save(actor=owner, assessment_id=assessment.pk, instrument="nprs", answers=4)
    with pytest.raises(ValidationFailed) as refused:
        assessment_measure_save(
            actor=owner, assessment_id=assessment.pk, instrument=instrument, answers=answers
        )
    assert refused.value.field == field
    assessment.refresh_from_db()
    assert assessment.measures_input == {"nprs": 4}  # nothing else lost, nothing half-saved


def test_scores_keep_their_kb_version_and_feed_severity(owner, assessment):
    assessment_severity_save(
        actor=owner, assessment_id=assessment.pk, data={"pain_pattern": "occasional"}
    )
    assessment_measure_save(
        actor=owner, assessment_id=assessment.pk, instrument="odi", answers=[3] * 10
    )
    assessment.refresh_from_db()
    assert assessment.scores["odi"]["score"] == 60.0
    assert assessment.scores["odi"]["kb_version"]
    # ODI 60 with "occasional" pain is a contradiction the severity engine reports.
    assert assessment.severity_result["contradictions"]


def test_negative_millimetres_are_refused(owner, assessment):
    with pytest.raises(ValidationFailed) as refused:
        assessment_posture_save(
            actor=owner,
            assessment_id=assessment.pk,
            data={"block_test": {"mm": -4, "short_side": "left"}},
        )
    assert refused.value.field.startswith("posture.block_test")
    assessment.refresh_from_db()
    assert assessment.posture_input == {} and assessment.leg_length_result is None


def test_functional_leg_length_is_interpreted_without_a_lift(owner, assessment):
    data = {
        "pelvic_torsion": True,
        "true_length_mm": {"left": 880, "right": 880},
        "apparent_length_mm": {"left": 921, "right": 912},
    }
    assessment_posture_save(actor=owner, assessment_id=assessment.pk, data=data)
    assessment.refresh_from_db()
    assert assessment.leg_length_result["kind"] == "functional"
    assert assessment.leg_length_result["lift"] is None


def test_tenderness_four_is_refused_and_findings_are_rows(owner, assessment):
    with pytest.raises(ValidationFailed) as refused:
        muscle_finding_add(
            actor=owner,
            assessment_id=assessment.pk,
            data={"muscle": "quadratus_lumborum", "side": "right", "tenderness": "4"},
        )
    assert refused.value.field == "tenderness"
    assert assessment.muscle_findings.count() == 0
    finding = muscle_finding_add(
        actor=owner,
        assessment_id=assessment.pk,
        data={"muscle": "quadratus_lumborum", "side": "right", "trigger_point": "active",
              "referral_reproduced": "on", "spasm": "on", "tenderness": "2"},
    )  # fmt: skip
    muscle_finding_update(
        actor=owner,
        assessment_id=assessment.pk,
        finding_id=finding.pk,
        data={"trigger_point": "latent", "tenderness": "3"},
    )
    finding.refresh_from_db()
    assert (finding.trigger_point, finding.tenderness, finding.spasm) == ("latent", 3, False)
    muscle_finding_delete(actor=owner, assessment_id=assessment.pk, finding_id=finding.pk)
    assert assessment.muscle_findings.count() == 0


def test_unknown_muscle_is_refused(owner, assessment):
    with pytest.raises(ValidationFailed) as refused:
        muscle_finding_add(
            actor=owner, assessment_id=assessment.pk, data={"muscle": "biceps", "side": "left"}
        )
    assert refused.value.field == "muscle"


def test_document_is_one_the_engine_accepts(owner, assessment):
    assessment_red_flags_save(actor=owner, assessment_id=assessment.pk, data={"findings": []})
    assessment_measure_save(
        actor=owner,
        assessment_id=assessment.pk,
        instrument="psfs",
        answers=[{"activity": "Sitting at work", "rating": 4}] * 3,
    )
    muscle_finding_add(
        actor=owner,
        assessment_id=assessment.pk,
        data={"muscle": "gluteus_medius", "side": "left", "trigger_point": "latent"},
    )
    fresh = assessment_get_for_user(actor=owner, assessment_id=assessment.pk)
    document = assessment_document_build(fresh)
    parsed = assessment_parse(document)
    assert parsed.measures.psfs == [4, 4, 4]
    assert parsed.muscles[0].muscle == "gluteus_medius"
    assert fresh.reasoning_result["kb_version"]


def test_red_flag_hard_stop_lifts_only_when_the_referral_is_recorded(owner, assessment, episode):
    assessment_red_flags_save(
        actor=owner, assessment_id=assessment.pk, data={"findings": CAUDA_EQUINA}
    )
    fresh = assessment_get_for_user(actor=owner, assessment_id=assessment.pk)
    assert fresh.urgency == "emergency_same_day"
    assert assessment_plan_blocker(fresh)
    with pytest.raises(ValidationFailed) as refused:
        red_flag_action_record(actor=owner, assessment_id=assessment.pk, data={"referred_to": ""})
    assert refused.value.field == "referred_to"
    red_flag_action_record(
        actor=owner,
        assessment_id=assessment.pk,
        data={"referred_to": "Emergency department", "referred_on": date.today().isoformat()},
    )
    fresh = assessment_get_for_user(actor=owner, assessment_id=assessment.pk)
    assert assessment_plan_blocker(fresh) is None
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.REFERRED
    assert AuditEvent.objects.filter(object_type="red_flag_action").exists()


def test_no_referral_can_be_recorded_without_a_blocking_result(owner, assessment):
    assessment_red_flags_save(actor=owner, assessment_id=assessment.pk, data={"findings": []})
    with pytest.raises(ValidationFailed):
        red_flag_action_record(
            actor=owner,
            assessment_id=assessment.pk,
            data={"referred_to": "GP", "referred_on": date.today().isoformat()},
        )
    assert (
        assessment_plan_blocker(assessment_get_for_user(actor=owner, assessment_id=assessment.pk))
        is None
    )


def test_unknown_red_flag_finding_is_refused(owner, assessment):
    with pytest.raises(ValidationFailed) as refused:
        assessment_red_flags_save(
            actor=owner, assessment_id=assessment.pk, data={"findings": ["headache"]}
        )
    assert refused.value.field == "red_flags.findings.0"


def test_reassessment_reports_change_against_the_initial_assessment(owner, episode):
    initial = assessment_create(actor=owner, episode_id=episode.pk)
    later = assessment_create(actor=owner, episode_id=episode.pk)
    assessment_measure_save(actor=owner, assessment_id=initial.pk, instrument="nprs", answers=7)
    assessment_measure_save(actor=owner, assessment_id=later.pk, instrument="nprs", answers=3)
    later.refresh_from_db()
    change = assessment_measure_changes(later)["nprs"]
    assert change["result"]["improvement"] == 4
    assert change["result"]["important_absolute"] is True


@pytest.mark.parametrize("save", [assessment_severity_save, assessment_posture_save])
@pytest.mark.parametrize("value", ["occasional", None, ""])
def test_an_unknown_section_key_is_refused_naming_the_allowed_ones(owner, assessment, save, value):
    # An empty value is dropped before storing; its misspelt key must still be refused, not
    # silently lost with it.
    section = "severity" if save is assessment_severity_save else "posture"
    valid = {"severity": {"pain_pattern": "persistent"}, "posture": {"pelvic_torsion": True}}
    save(actor=owner, assessment_id=assessment.pk, data=valid[section])
    with pytest.raises(ValidationFailed) as refused:
        save(actor=owner, assessment_id=assessment.pk, data={"pain_patern": value})
    assert refused.value.field == f"{section}.pain_patern"
    message = refused.value.errors[refused.value.field][0]
    assert "allowed fields:" in message
    assert ("pain_pattern, pain_at_rest" if section == "severity" else "pelvic_torsion") in message
    assessment.refresh_from_db()
    assert (assessment.severity_input or assessment.posture_input) == valid[section]


def test_an_unknown_nested_posture_key_names_the_keys_of_its_object(owner, assessment):
    with pytest.raises(ValidationFailed) as refused:
        assessment_posture_save(
            actor=owner,
            assessment_id=assessment.pk,
            data={"block_test": {"mm": 3, "short_side": "left", "side": "left"}},
        )
    assert refused.value.field == "posture.block_test.side"
    assert "allowed fields: mm, short_side" in refused.value.errors[refused.value.field][0]
    assessment.refresh_from_db()
    assert assessment.posture_input == {} and assessment.leg_length_result is None
